"""Benchmark: reportlint against the plain cost of parsing the same files, and against peers.

    python bench/run.py --reports 2000            # after the README's install
    pip install -r bench/requirements.txt          # for the yamllint / check-jsonschema columns

Builds the generated corpus (bench/generate.py, deterministic) under bench/out/, then runs each
contender as its own process on the same files and prints wall time, peak memory (RSS) and the
ratio to the parse floor. Machines are noisy: read the ratios, and run it twice.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

FLOOR_YAML = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, 'rb') as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""
FLOOR_HTML = """
import sys
from html.parser import HTMLParser
for name in sys.argv[1:]:
    with open(name, 'rb') as handle:
        parser = HTMLParser()
        parser.feed(handle.read().decode('utf-8', 'replace'))
        parser.close()
"""

# The chosen library's own plain text extraction: what reading a PDF costs at the least.
FLOOR_PDFIUM = """
import sys
import pypdfium2 as pdfium
for name in sys.argv[1:]:
    document = pdfium.PdfDocument(name)
    text = [document[i].get_textpage().get_text_range() for i in range(len(document))]
"""
# The library the PDF issue named first, for comparison (bench/requirements.txt).
FLOOR_PDFPLUMBER = """
import logging, sys
logging.disable(logging.WARNING)
import pdfplumber
for name in sys.argv[1:]:
    with pdfplumber.open(name) as pdf:
        text = [page.extract_text() for page in pdf.pages]
"""


# Reading, decoding and one regex pass: the least a text reader does.
FLOOR_TEXT = """
import re, sys
NUMBER = re.compile(r"[0-9]+")
for name in sys.argv[1:]:
    with open(name, 'rb') as handle:
        NUMBER.findall(handle.read().decode('utf-8'))
"""
# python-docx's plain open-and-iterate: every paragraph's and every table cell's text.
FLOOR_DOCX = """
import sys
import docx
for name in sys.argv[1:]:
    document = docx.Document(name)
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
"""
# The first reports written in their published forms by reportlint's own writers.
RENDER = """
import sys
from pathlib import Path
from reportlint.engine import Linter
from reportlint.packs.load import load_packs
from reportlint.writers import render
linter = Linter(load_packs())
out = Path(sys.argv[1])
for name in sys.argv[2:]:
    source = Path(name)
    report = linter.read(name, source.read_bytes()).result.report
    for form in ("md", "docx"):
        (out / form).mkdir(exist_ok=True)
        (out / form / source.with_suffix("." + form).name).write_bytes(render(report, form))
"""


# As on a user's machine: bytecode caches may be written (some CI images forbid it, which
# makes every process compile its imports again and would time that instead).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Result:
    name: str
    seconds: float
    peak_mib: float
    returncode: int
    note: str = ""
    cpu: float = float("nan")  # user + system seconds of the process and its children


NATIONAL = 100_000  # reports published in China in a year, the order of magnitude


def measure(name: str, command: list[str], env: dict[str, str] | None = None, repeat: int = 1) -> Result:
    """Best wall time and CPU time of `repeat` runs; peak RSS of the child (Linux ru_maxrss is
    KiB). The CPU time of a forked worker is counted when the worker was waited for.

    Linux counts a child's peak from the copy of this process it was forked as, up to its exec:
    this process imports nothing heavy (corpora, renders and PDFs are made by children), or
    every child would show at least its size (it did: 47.5 MiB for every contender once the
    PDF printer was imported here)."""
    best = float("inf")
    best_cpu = float("inf")
    peak = 0.0
    code = 0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env={**_ENV, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        best_cpu = min(best_cpu, usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if process.stderr is not None:
            process.stderr.close()
    return Result(name, best, peak, code, cpu=best_cpu)


def _tool(name: str) -> str | None:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    return found


def _reportlint() -> list[str]:
    return [sys.executable, "-m", "reportlint"]


# Web pages printed to PDF as the tests print them, in a process of its own (see `measure`).
PRINT_PDFS = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.pdf_fixtures import CHROMIUM, Printer, styled
if CHROMIUM is None:
    sys.exit(3)
folder = Path(sys.argv[2])
printer = Printer(folder)
for name in sys.argv[3:]:
    page = Path(name)
    target = folder / page.with_suffix(".pdf").name
    if not target.exists():
        target.write_bytes(printer.pdf(styled(page.read_bytes())))
"""
NO_CHROMIUM = 3


def _pdfs(corpus: Path, count: int) -> list[str]:
    """The first `count` web pages of the corpus printed to PDF by headless Chromium, as the
    tests print them (A4, CJK font, header and page-number footer); kept under corpus/pdf.
    An empty list without Chromium (the group is then left out)."""
    if not count:
        return []
    folder = corpus / "pdf"
    pages = sorted((corpus / "html").glob("*.html"))[:count]
    folder.mkdir(exist_ok=True)
    printed = subprocess.run([sys.executable, "-c", PRINT_PDFS, str(HERE.parent), str(folder),
                              *map(str, pages)])
    if printed.returncode == NO_CHROMIUM:
        return []
    printed.check_returncode()
    return [str(folder / page.with_suffix(".pdf").name) for page in pages]


def run(reports: int, seed: int, jobs: int | None, out: Path, pdfs: int = 40
        ) -> list[tuple[str, list[Result]]]:
    corpus = out / f"corpus-{reports}-{seed}"
    clean = out / f"clean-{reports}-{seed}"  # the same kind of reports without a defect
    if not (corpus / "html").is_dir():
        # In a process of its own: a child's peak RSS counts the parent it was forked from.
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(corpus), "--reports",
                        str(reports), "--seed", str(seed), "--html"], check=True)
    if not (clean / "truth.jsonl").is_file():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(clean), "--reports",
                        str(reports), "--seed", str(seed), "--defect-rate", "0"], check=True)
    yaml_files = sorted(str(p) for p in corpus.glob("*.yaml"))
    one = yaml_files[0]
    check = [*_reportlint(), "check", "--fail-on", "never", "--format", "concise"]
    if jobs is not None:
        check += ["--jobs", str(jobs)]
    groups: list[tuple[str, list[Result]]] = []

    rows = [measure("parse floor (PyYAML C loader)", [sys.executable, "-c", FLOOR_YAML, *yaml_files])]
    with tempfile.TemporaryDirectory() as cache:
        env = {"REPORTLINT_CACHE_DIR": cache}
        rows.append(measure("reportlint check (cold cache)", [*check, str(corpus)], env))
        rows.append(measure("reportlint check (warm cache)", [*check, str(corpus)], env))
    rows.append(measure("reportlint check --no-cache", [*check, "--no-cache", str(corpus)]))
    serial = [*check, "--no-cache", "--jobs", "1"] if jobs is None else [*check, "--no-cache"]
    rows.append(measure("reportlint check --no-cache --jobs 1" if jobs is None else
                        "reportlint check --no-cache (again)", [*serial, str(corpus)]))
    yamllint = _tool("yamllint")
    if yamllint:
        rows.append(measure("yamllint", [yamllint, "-d", "relaxed", "-f", "parsable", *yaml_files]))
    else:
        rows.append(Result("yamllint", float("nan"), float("nan"), -1, "not installed"))
    jsonschema_cli = _tool("check-jsonschema")
    if jsonschema_cli:
        schema = HERE.parent / "src" / "reportlint" / "schemas" / "report.schema.json"
        rows.append(measure("check-jsonschema (report schema)",
                            [jsonschema_cli, "--schemafile", str(schema), *yaml_files]))
    else:
        rows.append(Result("check-jsonschema", float("nan"), float("nan"), -1, "not installed"))
    groups.append((f"{len(yaml_files)} YAML reports (40 % with one defect)", rows))
    clean_files = sorted(str(p) for p in clean.glob("*.yaml"))
    groups.append((f"{len(clean_files)} YAML reports without a defect", [
        measure("parse floor (PyYAML C loader)", [sys.executable, "-c", FLOOR_YAML, *clean_files]),
        measure("reportlint check --no-cache --jobs 1", [*serial, str(clean)])]))

    html_files = sorted(str(p) for p in (corpus / "html").glob("*.html"))
    html_rows = [measure("parse floor (stdlib html.parser)", [sys.executable, "-c", FLOOR_HTML, *html_files]),
                 measure("reportlint check --no-cache", [*check, "--no-cache", *html_files]),
                 measure("reportlint check --no-cache --jobs 1", [*serial, *html_files])]
    groups.append((f"{len(html_files)} HTML pages", html_rows))

    forms = clean / "forms"
    if not (forms / "docx").is_dir():  # clean reports: every one has a published form
        forms.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-c", RENDER, str(forms),
                        *sorted(str(p) for p in clean.glob("*.yaml"))[:80]], check=True)
    for form, floor, name in (("md", FLOOR_TEXT, "reading + decoding + one regex pass"),
                              ("docx", FLOOR_DOCX, "python-docx open and iterate")):
        files = sorted(str(p) for p in (forms / form).glob(f"*.{form}"))
        groups.append((f"{len(files)} {'Markdown (text)' if form == 'md' else 'Word'} reports", [
            measure(f"parse floor ({name})", [sys.executable, "-c", floor, *files]),
            measure("reportlint check --no-cache --jobs 1", [*serial, *files])]))

    pdf_files = _pdfs(corpus, pdfs)
    if pdf_files:
        pdf_rows = [measure("parse floor (pypdfium2 plain text)", [sys.executable, "-c", FLOOR_PDFIUM, *pdf_files]),
                    measure("reportlint check --no-cache", [*check, "--no-cache", *pdf_files])]
        if importlib.util.find_spec("pdfplumber") is not None:  # not imported here (`measure`)
            pdf_rows.append(measure("pdfplumber plain text", [sys.executable, "-c", FLOOR_PDFPLUMBER, *pdf_files]))
        else:
            pdf_rows.append(Result("pdfplumber plain text", float("nan"), float("nan"), -1, "not installed"))
        groups.append((f"{len(pdf_files)} PDF reports (printed by Chromium)", pdf_rows))

    with tempfile.TemporaryDirectory() as cache:  # pre-commit runs with the cache: rules validated once
        single = [measure("reportlint check one.yaml", [*_reportlint(), "check", one],
                          {"REPORTLINT_CACHE_DIR": cache}, repeat=5)]
    # cold, as a fresh clone or CI job runs it: nothing cached, the packs ship validated
    single.append(measure("reportlint check --no-cache one.yaml",
                          [*_reportlint(), "check", "--no-cache", one], repeat=5))
    if yamllint:
        single.append(measure("yamllint one.yaml", [yamllint, "-d", "relaxed", one], repeat=5))
    single.append(measure("python -c pass (interpreter start)", [sys.executable, "-c", "pass"], repeat=5))
    groups.append(("one file, as pre-commit calls it", single))
    return groups


def memory(reports: int, scale: int, seed: int, out: Path) -> list[tuple[str, list[Result]]]:
    """Peak RSS of `check --no-cache` over `reports` and over `scale` generated files, in one
    process and with two workers (the largest process: the parent or a worker): what a run
    keeps of each file shows as the difference (issue 17: within 10 %)."""
    corpora = []
    for count in (reports, scale):
        corpus = out / f"yaml-{count}-{seed}"
        if not (corpus / "truth.jsonl").is_file():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(corpus), "--reports",
                            str(count), "--seed", str(seed)], check=True)
        corpora.append((count, corpus))
    groups = []
    for jobs in ("1", "2"):
        rows = [measure(f"{count:,} files, --no-cache --jobs {jobs}",
                        [*_reportlint(), "check", "--fail-on", "never", "--format", "concise",
                         "--no-cache", "--jobs", jobs, str(corpus)]) for count, corpus in corpora]
        groups.append((f"peak memory, {reports:,} and {scale:,} YAML reports, --jobs {jobs}", rows))
    return groups


def print_memory(title: str, rows: list[Result]) -> None:
    print(f"\n{title}")
    print(f"  {'contender':<38} {'cpu s':>8} {'peak MiB':>9} {'x peak':>7}")
    for row in rows:
        print(f"  {row.name:<38} {row.cpu:>8.3f} {row.peak_mib:>9.1f} "
              f"{row.peak_mib / rows[0].peak_mib:>7.2f}")


def print_table(groups: list[tuple[str, list[Result]]]) -> None:
    for title, rows in groups:
        base, base_cpu = rows[0].seconds, rows[0].cpu
        print(f"\n{title}")
        print(f"  {'contender':<38} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'x wall':>7} {'x cpu':>7}")
        for row in rows:
            if row.note:
                print(f"  {row.name:<38} {'-':>8} {'-':>8} {'-':>9} {'-':>7} {'-':>7}  ({row.note})")
                continue
            ratio = row.seconds / base if base else float("nan")
            cpu_ratio = row.cpu / base_cpu if base_cpu else float("nan")
            flag = "" if row.returncode in (0, 1) else f"  (exit {row.returncode})"
            print(f"  {row.name:<38} {row.seconds:>8.3f} {row.cpu:>8.3f} {row.peak_mib:>9.1f} "
                  f"{ratio:>7.2f} {cpu_ratio:>7.2f}{flag}")


def projection(groups: list[tuple[str, list[Result]]]) -> str:
    """The time 100,000 reports would take on this machine, from the measured cost per report
    of the first group (the defect mix; start-up included): uncached in one process, with the
    default --jobs, and with a warm cache."""
    title, rows = groups[0]
    count = int(title.split()[0])
    by_name = {row.name: row for row in rows}
    serial = next(row for row in rows if row.name.startswith("reportlint check --no-cache "))
    parallel = by_name["reportlint check --no-cache"]
    warm = by_name["reportlint check (warm cache)"]
    per_report = serial.cpu / count
    lines = [f"\n{NATIONAL:,} reports (a year of China's reports, in order of magnitude), projected "
             f"from {count} on this machine:",
             f"  uncached, one process: {per_report * 1000:.1f} ms CPU a report, "
             f"{per_report * NATIONAL / 60:.1f} min",
             f"  uncached, default --jobs ({os.cpu_count()} cores): "
             f"{parallel.seconds / count * NATIONAL / 60:.1f} min wall",
             f"  warm cache, default --jobs: {warm.seconds / count * NATIONAL / 60:.1f} min wall"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None, help="passed to reportlint check")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--pdfs", type=int, default=40,
                        help="how many reports to print to PDF for the PDF group (Chromium, ~1.5 s each)")
    parser.add_argument("--scale", type=int, default=20_000,
                        help="the larger run of the peak-memory pair, against --reports "
                             "(0: skip; 20,000 takes ~2 min to generate and ~90 s to lint)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    groups = run(args.reports, args.seed, args.jobs, args.out, args.pdfs)
    print_table(groups)
    if args.scale:
        for title, rows in memory(args.reports, args.scale, args.seed, args.out):
            print_memory(title, rows)
    print(projection(groups))


if __name__ == "__main__":
    main()
