"""Issue 12 (items 1, 2, 10, 14): where a run's output may go. A config cannot send it out of
the repository; a symbolic link, a device or a FIFO named as a target is written through, never
replaced by a regular file; a folder, a full disk, a closed or broken standard output and an
`import -o` that cannot be written are a message and exit code 2 (a broken pipe keeps the
run's own exit code), never a traceback or a leftover temporary file."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, run_cli

# A report that does not parse (RL002, an error): a failing run.
FAILING = "meta: {year: 2024\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _cli(*argv: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    if "stdout" not in kwargs:
        kwargs.update(capture_output=True, text=True)
    return subprocess.run([sys.executable, "-m", "reportlint", *argv], cwd=cwd, timeout=120,
                          **kwargs)


@pytest.fixture
def failing(project: Path) -> Path:
    path = project / "broken.yaml"
    path.write_text(FAILING, encoding="utf-8")
    return path


# --- item 1: a config cannot write outside the repository ----------------------------------

@pytest.mark.parametrize("target", ["../outside.txt", "ABSOLUTE", "link/out.txt"])
def test_a_config_cannot_send_the_output_outside_the_repository(project, failing, capsys,
                                                                target):
    outside = project.parent / f"{project.name}-outside"
    outside.mkdir()
    (project / "link").symlink_to(outside)
    if target == "ABSOLUTE":
        target = str(outside / "out.txt")
    (project / ".reportlint.yaml").write_text(f'format: "text:{target}"\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "check", failing.name)
    assert code == 2, err
    assert ".reportlint.yaml:1:1: format:" in err and "outside the repository" in err, err
    assert "Traceback" not in err
    assert list(outside.iterdir()) == [] and not (project.parent / "outside.txt").exists()


def test_a_config_output_file_inside_the_repository_is_written_beside_the_config(
        project, failing, capsys, monkeypatch):
    (project / ".reportlint.yaml").write_text('format: "json:out/result.json"\n',
                                              encoding="utf-8")
    (project / "out").mkdir()
    (project / "sub").mkdir()
    moved = project / "sub" / failing.name
    failing.rename(moved)
    monkeypatch.chdir(project / "sub")
    code, out, err = run_cli(capsys, "check", moved.name)
    assert code == 1 and out == "", err
    # relative to the config, as `baseline`, not to the working folder
    assert '"RL002"' in (project / "out" / "result.json").read_text(encoding="utf-8")


# --- item 2: links, devices and FIFOs are written through ----------------------------------

def test_an_output_through_a_symbolic_link_writes_its_target_and_keeps_the_link(
        project, failing, capsys):
    target = project / "real.json"
    target.write_text("old", encoding="utf-8")
    (project / "link.json").symlink_to(target.name)
    code, out, err = run_cli(capsys, "check", failing.name, "--format", "json:link.json")
    assert code == 1, err
    assert (project / "link.json").is_symlink()
    assert '"RL002"' in target.read_text(encoding="utf-8")
    assert _leftovers(project) == []


def test_an_output_onto_a_fifo_is_written_through_to_its_reader(project, failing):
    fifo = project / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:  # blocks until reportlint opens it for writing
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    done = _cli("check", failing.name, "--format", "json:pipe", cwd=project)
    reader.join(timeout=60)
    if reader.is_alive():  # the output never reached the FIFO: unblock the reader
        with open(fifo, "wb"):
            pass
        reader.join(timeout=10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert done.returncode == 1, done.stderr
    assert b'"RL002"' in received[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_an_output_onto_a_character_device_is_written_through(project, failing):
    device = project / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # as /dev/null
    done = _cli("check", failing.name, "--format", "sarif:null", cwd=project)
    assert done.returncode == 1, done.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode), "the device was replaced by a file"
    assert _leftovers(project) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_an_output_onto_a_full_device_is_a_message_and_exit_2(project, failing):
    device = project / "full"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # as /dev/full
    done = _cli("check", failing.name, "--format", "sarif:full", cwd=project)
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode)


# --- item 10: output errors ---------------------------------------------------------------

def test_an_output_onto_a_folder_is_a_message_and_leaves_nothing(project, failing, capsys):
    (project / "out").mkdir()
    code, out, err = run_cli(capsys, "check", failing.name, "--format", "json:out")
    assert code == 2
    assert "reportlint: cannot write out: it is a folder" in err, err
    assert _leftovers(project) == [] and list((project / "out").iterdir()) == []


def test_a_full_disk_is_a_message_and_leaves_no_temporary_file(project, failing, capsys,
                                                              monkeypatch):
    import reportlint.atomic

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(reportlint.atomic.os, "replace", full)
    code, out, err = run_cli(capsys, "check", failing.name, "--format", "json:out.json")
    assert code == 2
    assert "cannot write out.json: No space left on device" in err, err
    assert _leftovers(project) == [] and not (project / "out.json").exists()


def test_standard_output_on_a_full_device_is_a_message_and_exit_2(project, failing):
    with open(os.devnull if not Path("/dev/full").exists() else "/dev/full", "w") as full:
        done = _cli("check", failing.name, cwd=project, stdout=full, stderr=subprocess.PIPE,
                    text=True)
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr


def test_a_closed_standard_output_is_a_message_and_exit_2(project, failing):
    done = subprocess.run([sys.executable, "-c",
                           "import os, sys; os.close(1); from reportlint.cli import main; "
                           "sys.exit(main(sys.argv[1:]))", "check", failing.name],
                          cwd=project, capture_output=False, stderr=subprocess.PIPE,
                          text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "standard output" in done.stderr and "Traceback" not in done.stderr


def test_a_broken_pipe_keeps_the_exit_code_of_a_failing_run(project, failing):
    reading, writing = os.pipe()
    os.close(reading)  # as `| head -1` once it has its line: every write is EPIPE
    try:
        done = _cli("check", failing.name, cwd=project, stdout=writing,
                    stderr=subprocess.PIPE, text=True)
    finally:
        os.close(writing)
    assert done.returncode == 1, done.stderr  # findings: failing, as without the pipe
    assert done.stderr == "", done.stderr  # no traceback, no "Exception ignored"


@pytest.mark.parametrize("where", ["missing/x.yaml", "folder", "read-only/x.yaml"])
def test_import_onto_a_path_that_cannot_be_written_is_a_message_and_exit_2(project, capsys,
                                                                           where):
    (project / "folder").mkdir()
    (project / "read-only").mkdir()
    (project / "read-only").chmod(0o555)
    if where.startswith("read-only") and os.access(project / "read-only", os.W_OK):
        pytest.skip("a read-only folder is writable here (root)")
    source = project / "report.yaml"
    source.write_bytes(EXAMPLE.read_bytes())
    code, out, err = run_cli(capsys, "import", source.name, "-o", where)
    assert code == 2, err
    assert f"reportlint: cannot write {where}" in err, err
    assert _leftovers(project) == [] and _leftovers(project / "folder") == []


# --- item 14: the step summary is an output like the others ------------------------------

def test_the_step_summary_may_not_name_a_linted_file(project, failing, capsys, monkeypatch):
    before = failing.read_bytes()
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(failing))
    code, out, err = run_cli(capsys, "check", failing.name, "--format", "github")
    assert code == 2, err
    assert "GITHUB_STEP_SUMMARY" in err
    assert failing.read_bytes() == before
