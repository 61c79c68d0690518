"""Issue 7: nothing lost, nothing executed, nothing fetched (docs/hostile-input.md)."""

from __future__ import annotations

import shutil
import sys

import pytest

from reportlint.cli import main
from tests.helpers import CORPUS, EXAMPLE, lint_bytes, lint_file
from tests.robustness.hostile_files import snapshot


@pytest.fixture()
def workspace(tmp_path, monkeypatch):
    folder = tmp_path / "repo"
    (folder / ".git").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "shiqiao-2024.yaml")
    shutil.copy(CORPUS / "guanzhuang-2024.txt", folder / "guanzhuang-2024.txt")
    (folder / ".reportlint.yaml").write_text("lang: en\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path / "cache"))
    return folder


def test_no_command_changes_an_input_file(workspace, capsys):
    (workspace / "out").mkdir()
    before = snapshot(workspace)
    commands = [
        ["check", "."], ["check", ".", "--format", "json:out/findings.json"],
        ["check", "shiqiao-2024.yaml", "--format", "html:out/report.html"],
        ["baseline", ".", "-o", "out/baseline.json"], ["import", "guanzhuang-2024.txt"],
        ["config", "--show", "shiqiao-2024.yaml"], ["explain", "RL301"], ["rules"],
        ["validate-rules", str(EXAMPLE.parents[1] / "rules")],
    ]
    for command in commands:
        assert main(command) in (0, 1), command
    capsys.readouterr()
    written = {p for p in snapshot(workspace) if "/out/" in p}
    assert {p for p in snapshot(workspace) if p not in written} == set(before)
    assert {k: v for k, v in snapshot(workspace).items() if k in before} == before
    # import -o next to the source writes a new file and leaves the source alone
    assert main(["import", "guanzhuang-2024.txt", "-o", "guanzhuang-2024.yaml"]) in (0, 1)
    assert {k: v for k, v in snapshot(workspace).items() if k in before} == before
    assert (workspace / "guanzhuang-2024.yaml").stat().st_size > 0
    assert not list(workspace.glob(".tmp*")) and not list(workspace.glob("*.tmp"))


def test_import_over_its_own_source_is_refused(workspace, capsys):
    before = snapshot(workspace)
    assert main(["import", "guanzhuang-2024.txt", "-o", "./guanzhuang-2024.txt"]) == 2
    assert "guanzhuang-2024.txt" in capsys.readouterr().err
    assert snapshot(workspace) == before


PAYLOAD = "!!python/object/apply:os.system ['touch {marker}']"


def test_python_tags_are_refused_in_reports_rule_files_and_configs(tmp_path, capsys, linter):
    marker = tmp_path / "pwned"
    payload = PAYLOAD.format(marker=marker)
    (finding,) = lint_bytes(linter, "r.yaml", f"format: 1\nmeta: {payload}\n".encode())
    assert (finding.code, finding.span.line, finding.span.column) == ("RL005", 2, 7)
    pack = tmp_path / "pack"
    shutil.copytree(EXAMPLE.parents[1] / "rules" / "annual-2021", pack)
    (pack / "evil.yaml").write_text(f"rules: {payload}\n", encoding="utf-8")
    assert main(["rules", "--rules", str(pack)]) == 2
    assert "evil.yaml:1" in capsys.readouterr().err
    (tmp_path / ".git").mkdir()
    (tmp_path / ".reportlint.yaml").write_text(f"lang: {payload}\n", encoding="utf-8")
    shutil.copy(EXAMPLE, tmp_path / "r.yaml")
    assert main(["check", str(tmp_path / "r.yaml")]) == 2
    assert ".reportlint.yaml:1" in capsys.readouterr().err
    assert not marker.exists()


def test_linting_html_with_external_references_opens_no_connection(linter, monkeypatch):
    """An audit hook sees every socket connect and DNS lookup; none may happen."""
    import socket

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    seen = []
    hook_on = [True]

    def hook(event, args):
        if hook_on[0] and event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            seen.append(event)

    sys.addaudithook(hook)  # cannot be removed: switched off below
    try:
        page = ("<!DOCTYPE html [<!ENTITY xxe SYSTEM \"http://example.invalid/secret\">]>"
                "<html><head><link rel=stylesheet href='http://example.invalid/a.css'>"
                "<script src='http://example.invalid/a.js'></script></head><body>"
                "<h1>云溪县石桥镇2024年政府信息公开工作年度报告&xxe;</h1>"
                "<img src='http://example.invalid/table.png'>"
                "<iframe src='https://example.invalid/'></iframe><p>一、总体情况</p></body></html>")
        findings = lint_bytes(linter, "page.html", page.encode())
        word = _docx_with_external_entity()
        word_findings = lint_bytes(linter, "doc.docx", word)
    finally:
        hook_on[0] = False
    assert findings and word_findings
    assert seen == [] and attempts == []
    assert "secret" not in " ".join(f.message for f in findings + word_findings)


def _docx_with_external_entity() -> bytes:
    import io
    import zipfile

    from tests.robustness.hostile_files import _docx

    plain = _docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b"?><!DOCTYPE w:document [<!ENTITY e SYSTEM "
                                    b"\"http://example.invalid/e\">]>", 1).replace(b">x<", b">&e;<")
            target.writestr(item, data)
    return out.getvalue()


def test_an_over_limit_file_is_never_read(tmp_path, monkeypatch):
    """A sparse 10 GiB file: RL010 from its size alone; open() is never called on it."""
    import builtins

    from reportlint.engine import Linter
    from reportlint.packs.load import load_packs

    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(10 * 1024 ** 3)
    opened = []
    real_open = builtins.open

    def counting_open(file, *args, **kwargs):
        if str(file) == str(huge):
            opened.append(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    (finding,) = lint_file(Linter(load_packs()), huge)
    assert (finding.code, finding.span.line) == ("RL010", 1)
    assert str(10 * 1024 ** 3) in finding.message and str(5 * 1024 * 1024) in finding.message
    assert opened == []


@pytest.mark.parametrize("command", [
    ["check", "shiqiao-2024.yaml", "--format", "json:shiqiao-2024.yaml"],
    ["check", ".", "--format", "text", "--format", "sarif:./guanzhuang-2024.txt"],
    ["baseline", "shiqiao-2024.yaml", "-o", "./shiqiao-2024.yaml"],
])
def test_no_output_is_written_over_an_input(workspace, capsys, command):
    before = snapshot(workspace)
    assert main(command) == 2
    assert "over the input file" in capsys.readouterr().err
    assert snapshot(workspace) == before


def test_the_size_limit_comes_from_the_config_and_bounds_import_too(workspace, capsys):
    (workspace / ".reportlint.yaml").write_text("lang: en\nmax-bytes: 1000\n", encoding="utf-8")
    assert main(["check", "shiqiao-2024.yaml", "--format", "concise", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "shiqiao-2024.yaml:1:1: RL010" in out and "limit 1000" in out
    huge = workspace / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(10 * 1024 ** 3)  # sparse: importing it must not read 10 GiB
    assert main(["import", "huge.txt", "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert "huge.txt:1:1: RL010" in captured.err and captured.out == ""


@pytest.mark.parametrize("value", ["-5", "0", "lots"])
def test_a_bad_size_limit_is_a_usage_error(workspace, capsys, value):
    with pytest.raises(SystemExit) as raised:
        main(["check", ".", "--max-bytes", value])
    assert raised.value.code == 2
    assert "--max-bytes" in capsys.readouterr().err


def test_external_entities_are_not_resolved_even_from_local_files(tmp_path, linter):
    """XXE: a SYSTEM entity naming a local file must not bring the file's text into the report
    (libxml2 would read it without any Python socket or open call an audit hook could see)."""
    import io
    import zipfile

    from tests.robustness.hostile_files import _docx, _paragraph

    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-云溪", encoding="utf-8")
    entity = f'<!DOCTYPE w:document [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'.encode()
    plain = _docx(_paragraph("云溪县石桥镇2024年政府信息公开工作年度报告")
                  + _paragraph("一、总体情况") + _paragraph("全年&e;公开"))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b"?>" + entity, 1)
            target.writestr(item, data)
    page = (entity.decode().replace("w:document", "html") + "<html><body><h1>云溪县石桥镇2024年"
            "政府信息公开工作年度报告</h1><p>一、总体情况</p><p>全年&e;公开</p></body></html>")
    for name, data in (("doc.docx", out.getvalue()), ("page.html", page.encode())):
        result = linter.lint(linter.read(name, data))
        assert result.report is not None, name
        texts = [s.body.value for s in result.report.sections if s.body]
        assert texts and "TOPSECRET" not in " ".join(texts), (name, texts)
        assert "TOPSECRET" not in " ".join(f.message for f in result.findings)


def test_an_interrupted_run_leaves_the_previous_output_file_whole(workspace, capsys, monkeypatch):
    import reportlint.run

    (workspace / "out").mkdir()
    target = workspace / "out" / "findings.out"
    target.write_text('{"old": true}', encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(reportlint.run._Tally, "finish", interrupted)  # once every file is in
    assert main(["check", ".", "--format", "json:out/findings.out"]) == 130
    assert capsys.readouterr().err.strip().endswith("reportlint: interrupted")
    assert target.read_text(encoding="utf-8") == '{"old": true}'
    assert [p.name for p in (workspace / "out").iterdir()] == ["findings.out"]
