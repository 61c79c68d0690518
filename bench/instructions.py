"""Instructions a file costs: reportlint against the same parse floors as bench/run.py, counted.

    python bench/instructions.py                    # after bench/run.py built bench/out/
    python bench/instructions.py --small 10 --large 40

Wall and CPU time on a shared machine move by ±20 % from one run to the next, which hides the
few per cent one change buys. valgrind's callgrind counts the instructions a process executes,
and that count does not move with the machine's load. Each command runs twice, on the first
`--small` and on the first `--large` files of a set; the difference over the files added is
what one more file costs, start-up left out. The one-file rows are whole processes, start-up
in: what pre-commit pays, cold and with a cache that already holds the file.

An instruction count is not time: code that misses the caches takes longer per instruction
(reportlint builds more objects than PyYAML's C loader does), so a time ratio is higher than
the instruction ratio beside it. Use this to compare two versions of reportlint; quote
bench/run.py's paired times for what a user waits.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import FLOOR_HTML, FLOOR_TEXT, FLOOR_YAML  # noqa: E402 - bench/run.py's own floors

sys.path.pop(0)

_COLLECTED = re.compile(r"^==\d+== Collected : (\d+)$", re.M)


def collected(stderr: str) -> int:
    """The instruction count callgrind prints when the process ends."""
    found = _COLLECTED.search(stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no count:\n{stderr[-2000:]}")
    return int(found.group(1))


def count(command: Sequence[str], env: dict[str, str] | None = None) -> int:
    """Instructions of one whole process, its children not followed."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           *command], capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return collected(done.stderr)


def per_file(command: Callable[[list[str]], list[str]], files: Sequence[str], small: int,
             large: int, counter: Callable[[Sequence[str]], int] = count) -> float:
    """What one more file costs: (count on `large` files - count on `small`) / the files added."""
    if not 0 < small < large <= len(files):
        raise ValueError(f"need 0 < small < large <= {len(files)} files, got {small}, {large}")
    return (counter(command(list(files[:large]))) - counter(command(list(files[:small])))) \
        / (large - small)


def _floor(script: str) -> Callable[[list[str]], list[str]]:
    return lambda files: [sys.executable, "-c", script, *files]


def _check(files: list[str]) -> list[str]:
    return [sys.executable, "-m", "reportlint", "check", "--no-cache", "--jobs", "1",
            "--fail-on", "never", "--format", "concise", *files]


def sets(out: Path, reports: int, seed: int) -> list[tuple[str, list[str], str]]:
    """(name, files, floor) of each set bench/run.py generates and keeps under `out`."""
    corpus, clean = out / f"corpus-{reports}-{seed}", out / f"clean-{reports}-{seed}"
    found = [("YAML, 40 % with one defect", sorted(map(str, corpus.glob("*.yaml"))), FLOOR_YAML),
             ("YAML without a defect", sorted(map(str, clean.glob("*.yaml"))), FLOOR_YAML),
             ("HTML pages", sorted(map(str, (corpus / "html").glob("*.html"))), FLOOR_HTML),
             ("Markdown (text)", sorted(map(str, (clean / "forms" / "md").glob("*.md"))),
              FLOOR_TEXT)]
    return [(name, files, floor) for name, files, floor in found if files]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--reports", type=int, default=1000, help="the set bench/run.py made")
    parser.add_argument("--seed", type=int, default=7)
    # The first files of a run cost more (patterns learn what their matches need, caches fill):
    # the default sizes measure a file of a long run.
    parser.add_argument("--small", type=int, default=30)
    parser.add_argument("--large", type=int, default=90)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    found = sets(args.out, args.reports, args.seed)
    if not found:
        print(f"no generated sets under {args.out}: run bench/run.py first", file=sys.stderr)
        return 2
    print(f"{'instructions a file (millions)':<34}{'reportlint':>12}{'floor':>10}{'ratio':>8}")
    for name, files, floor in found:
        large = min(args.large, len(files))  # 80 Markdown reports
        small = min(args.small, large // 3)
        own = per_file(_check, files, small, large)
        base = per_file(_floor(floor), files, small, large)
        print(f"{name:<34}{own / 1e6:>12.2f}{base / 1e6:>10.2f}{own / base:>7.2f}x")
    one = found[0][1][:1]
    own = count(_check(one))
    yamllint = shutil.which("yamllint", path=str(Path(sys.executable).parent)) \
        or shutil.which("yamllint")
    if yamllint:
        peer = count([yamllint, "-d", "relaxed", "-f", "parsable", *one])
        print(f"{'one file, whole process':<34}{own / 1e6:>12.2f}{peer / 1e6:>10.2f}"
              f"{own / peer:>7.2f}x  (against yamllint)")
    else:
        print(f"{'one file, whole process':<34}{own / 1e6:>12.2f}  (yamllint not installed)")
    # what the pre-commit hook runs on a file it checked before: its findings from the cache
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "REPORTLINT_CACHE_DIR": cache}
        command = [sys.executable, "-m", "reportlint", "check", *one]
        subprocess.run(command, env=env, capture_output=True, check=True)  # fills the cache
        warm = count(command, env)
    row = f"{'one file, from the cache':<34}{warm / 1e6:>12.2f}"
    if yamllint:
        row += f"{peer / 1e6:>10.2f}{warm / peer:>7.2f}x  (against yamllint)"
    print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
