"""How long the auditor's page (`check --format html` on a folder) takes to open in headless
Chromium, for N generated reports.

    .venv/bin/python bench/html_page.py --reports 2000

Generates the corpus (bench/generate.py, seeded) unless it is there, writes the page with
`reportlint check --format html:FILE`, then opens it in the system's Chromium (Playwright
pointed at it; nothing is downloaded) `--runs` times and prints, per run, the time from
navigation start to the load event and to the first contentful paint, the page size, and
the medians. "Opens" is the load event: the page is parsed, laid out and painted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def page_for(reports: int, seed: int, out: Path) -> Path:
    corpus = out / f"corpus-{reports}-{seed}"
    if not corpus.is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(corpus), "--reports",
                        str(reports), "--seed", str(seed)], check=True)
    page = out / f"page-{reports}-{seed}.html"
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "reportlint", "check", "--fail-on", "never",
                    "--format", f"html:{page}", str(corpus)], check=True)
    print(f"reportlint check --format html: {time.monotonic() - started:.1f} s wall "
          f"(lint and write)")
    return page


def open_times(page: Path, runs: int) -> list[tuple[float, float]]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (Debian: apt-get install -y chromium)")
    times = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.goto(page.as_uri(), wait_until="load", timeout=600_000)
            load, paint = tab.evaluate("""() => {
                const nav = performance.getEntriesByType("navigation")[0];
                const fcp = performance.getEntriesByName("first-contentful-paint")[0];
                return [nav.loadEventEnd, fcp ? fcp.startTime : -1];
            }""")
            times.append((load / 1000, paint / 1000))
            tab.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--page", type=Path, help="open this page instead of making one")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    page = args.page or page_for(args.reports, args.seed, args.out)
    size = sum(p.stat().st_size for p in [page, *page.with_suffix("").glob("**/*.html")])
    times = open_times(page, args.runs)
    for index, (load, paint) in enumerate(times, 1):
        print(f"run {index}: load event {load:.2f} s, first contentful paint {paint:.2f} s")
    print(f"page {page.name}: {size / 1e6:.1f} MB; median load {statistics.median(t[0] for t in times):.2f} s, "
          f"median first paint {statistics.median(t[1] for t in times):.2f} s")


if __name__ == "__main__":
    main()
