"""A person in a browser: headless Chromium (Debian's, driven by Playwright; nothing is
downloaded) uploads the bundled report and a defective fictional one to `reportlint serve` on
loopback, and sees the wrong cells highlighted with their findings. A screenshot of the
result is kept under pytest's tmp dir (its path is printed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .serving import BROKEN_CELLS, EXAMPLE, LiveServer, broken_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = playwright.expect
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                "(Debian: apt-get install -y chromium)")

# an error's cell (red, solid outline) or a warning's (yellow, dotted)
MARKED = """() => Array.from(document.querySelectorAll("table.report-table td[data-path]"))
  .filter(td => { const s = getComputedStyle(td);
                  return (s.backgroundColor === "rgb(255, 179, 179)" && s.outlineStyle === "solid")
                    || (s.backgroundColor === "rgb(255, 240, 194)" && s.outlineStyle === "dotted"); })
  .map(td => td.closest("section").dataset.file + "#" + td.dataset.path)"""


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = LiveServer(tmp_path_factory.mktemp("browser") / "server")
    yield running
    running.stop()


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "shiqiao-2024.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "yunxi-broken.yaml").write_text(broken_report(), encoding="utf-8")
    return {"seed": tmp_path / "shiqiao-2024.yaml", "broken": tmp_path / "yunxi-broken.yaml"}


def _page(browser, **options):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, **options)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


def test_a_person_checks_reports_in_the_browser(server, browser, reports, tmp_path: Path):
    page, problems = _page(browser)
    page.goto(server.url + "/")
    assert page.locator("h1").inner_text() == "政府信息公开工作年度报告检查"
    assert "不会被保存" in page.locator(".privacy").inner_text()
    # the bundled report: nothing to report
    page.set_input_files("#file", str(reports["seed"]))
    assert "shiqiao-2024.yaml" in page.locator("#chosen").inner_text()
    page.click("#submit")
    page.wait_for_selector("#totals")
    assert "未发现问题" in page.locator("#totals").inner_text()
    assert page.evaluate(MARKED) == []
    # the defective one
    page.click("#again")
    page.set_input_files("#file", str(reports["broken"]))
    page.click("#submit")
    page.wait_for_selector("#totals")
    assert set(page.evaluate(MARKED)) == {f"yunxi-broken.yaml#{p}" for p in BROKEN_CELLS}
    # the row's own notes cell (by structure, not by layout: `:near` depends on fonts and
    # widths). A report's section is drawn only near the viewport (content-visibility: auto,
    # for pages of thousands of reports), so the person scrolls to it, and its drawn text is
    # awaited: innerText of a section not drawn yet is empty.
    row = page.locator('tr:has(td[data-path="tables.table3.new.total"]) > td.notes')
    row.scroll_into_view_if_needed()
    expect(row).to_contain_text("RL303", use_inner_text=True)
    expect(row).to_contain_text("总计应为 2（现为 3）", use_inner_text=True)
    assert page.locator("blockquote mark").count() >= 1  # the sentence, its words marked
    page.locator("#doc-RL303 summary").click()
    assert page.locator("#doc-RL303 dd").last.is_visible()  # how to fix, one click away
    screenshot = tmp_path / "serve-result.png"
    page.screenshot(path=str(screenshot), full_page=True)
    print(f"\nscreenshot of the result page: {screenshot}")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert problems == []  # no script error, nothing refused by the Content-Security-Policy


def test_several_files_give_the_summary_page(server, browser, reports):
    page, problems = _page(browser)
    page.goto(server.url + "/?lang=en")
    page.set_input_files("#file", [str(reports["seed"]), str(reports["broken"])])
    page.click("#submit")
    page.wait_for_selector("#summary")
    assert page.locator("section.report").count() == 2
    assert "云溪县石桥镇人民政府" in page.locator("#by-organ").inner_text()
    heading = page.locator("#by-rule th").nth(2)
    heading.click()
    heading.click()  # by count, descending: the html format's inline script runs (CSP hash)
    assert page.locator("#by-rule tbody tr").first.locator("td").first.inner_text() == "RL311"
    assert "in 2 file" in page.locator("#totals").inner_text()
    page.locator("#by-organ a").first.click()  # the organ leads to its report's findings
    assert page.url.endswith("#report-1")
    assert page.locator("#report-1").bounding_box()["y"] < 100
    assert problems == []


def test_dropped_files_and_pasted_text(server, browser, reports):
    page, problems = _page(browser)
    page.goto(server.url + "/")
    transfer = page.evaluate_handle(
        "text => { const t = new DataTransfer(); t.items.add(new File([text], 'dropped.yaml'));"
        " return t; }", reports["broken"].read_text(encoding="utf-8"))
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    assert "dropped.yaml" in page.locator("#chosen").inner_text()
    page.click("#submit")
    page.wait_for_selector("#totals")
    expect(page.locator("section.report h2")).to_contain_text("dropped.yaml", use_inner_text=True)
    page.goto(server.url + "/")
    page.fill("#text", reports["broken"].read_text(encoding="utf-8"))
    page.click("#submit")
    page.wait_for_selector("#totals")
    assert len(page.evaluate(MARKED)) == len(BROKEN_CELLS)
    assert problems == []


def test_without_javascript_a_single_file_still_works(server, browser, reports):
    page, _ = _page(browser, java_script_enabled=False)
    page.goto(server.url + "/?lang=en")
    page.set_input_files("#file", str(reports["broken"]))
    page.click("#submit")
    page.wait_for_selector("#totals")
    assert set(page.evaluate(MARKED)) == {f"yunxi-broken.yaml#{p}" for p in BROKEN_CELLS}
    assert "How to fix" in page.locator("#fixes h2").inner_text()
