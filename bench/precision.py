"""Precision on the real corpus: the findings of every report, and which error findings changed.

    python bench/precision.py            # the table, and CHANGED for every report whose errors
                                         # differ from bench/precision-expected.json (exit 1)
    python bench/precision.py --update   # accept today's errors as the expectation

It lints `../shared/corpus/` (or $REPORTLINT_SHARED/corpus) as a user would, with the built-in
packs and no config or cache (`reportlint check --isolated --no-cache --format json`), prints
per report the count of findings at each level and the codes, and compares each report's
error findings — code and data path (or position when a finding has no path) — with the
checked-in expectation. A change that adds a false alarm, or loses a real defect, shows as
CHANGED with what was added and what went: read it, then fix the change or `--update`.
`tests/corpus/test_precision.py` runs the same comparison in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "bench" / "precision-expected.json"


def corpus_dir() -> Path:
    shared = Path(os.environ.get("REPORTLINT_SHARED", ROOT.parent / "shared"))
    return shared / "corpus"


def lint(corpus: Path) -> list[dict]:
    """The findings of the whole corpus, as `reportlint check --format json` gives them."""
    done = subprocess.run(
        [sys.executable, "-m", "reportlint", "check", "--isolated", "--no-cache",
         "--fail-on", "never", "--format", "json", str(corpus)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"reportlint failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout)["findings"]


def by_report(findings: list[dict], corpus: Path) -> dict[str, list[dict]]:
    reports: dict[str, list[dict]] = {str(p.relative_to(corpus)): [] for p in
                                      sorted(corpus.rglob("*.txt"))}
    for finding in findings:
        name = str(Path(finding["path"]).resolve().relative_to(corpus.resolve()))
        reports.setdefault(name, []).append(finding)
    return reports


def errors(findings: list[dict]) -> list[str]:
    """A report's error findings as stable keys: code and data path (or position)."""
    return sorted(f"{f['code']} {f['data_path'] or '{}:{}'.format(f['line'], f['column'])}"
                  for f in findings if f["severity"] == "error")


def changes(reports: dict[str, list[dict]], expected: dict[str, list[str]]
            ) -> dict[str, tuple[list[str], list[str]]]:
    """Reports whose errors differ from the expectation: (added, gone)."""
    changed = {}
    for name in sorted(set(reports) | set(expected)):
        now, before = errors(reports.get(name, [])), expected.get(name, [])
        added = sorted((Counter(now) - Counter(before)).elements())
        gone = sorted((Counter(before) - Counter(now)).elements())
        if added or gone:
            changed[name] = (added, gone)
    return changed


def table(reports: dict[str, list[dict]]) -> list[str]:
    lines = [f"{'report':36} {'error':>5} {'warn':>5} {'info':>5}  codes"]
    totals: Counter[str] = Counter()
    for name, findings in reports.items():
        levels = Counter(f["severity"] for f in findings)
        totals.update(levels)
        codes = Counter(f["code"] for f in findings)
        listed = " ".join(f"{code}×{n}" if n > 1 else code for code, n in sorted(codes.items()))
        lines.append(f"{name:36} {levels['error']:>5} {levels['warning']:>5} "
                     f"{levels['info']:>5}  {listed}")
    lines.append(f"{'total':36} {totals['error']:>5} {totals['warning']:>5} {totals['info']:>5}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true",
                        help="write today's error findings as the expectation")
    parser.add_argument("--corpus", type=Path, default=corpus_dir())
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus} (set REPORTLINT_SHARED)", file=sys.stderr)
        return 2
    reports = by_report(lint(args.corpus), args.corpus)
    print("\n".join(table(reports)))
    if args.update:
        EXPECTED.write_text(json.dumps({name: errors(found) for name, found in reports.items()},
                                       ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {EXPECTED.relative_to(ROOT)}")
        return 0
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    changed = changes(reports, expected)
    for name, (added, gone) in changed.items():
        print(f"\nCHANGED {name}: its error findings differ from {EXPECTED.name}")
        print("".join(f"  + {key}\n" for key in added) + "".join(f"  - {key}\n" for key in gone),
              end="")
    if not changed:
        print(f"\nerror findings as expected ({EXPECTED.name})")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
