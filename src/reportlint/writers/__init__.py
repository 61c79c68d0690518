"""Writers: the report printed from its data, one module per published form.

`render(report, form)` lays the report out once (`document.py`: the title, intro, sections
with their tables by the pack's layout, the closing) and prints it as a web page (`html`), a
Word document (`docx`) or GitHub-flavoured Markdown (`md`). Every form reads back, with
`reportlint import` or `check`, to the same tables, sections, period and contact.
"""

from __future__ import annotations

import datetime

from reportlint.model import Report

FORMS = ("html", "docx", "md")
SUFFIXES = {"html": ".html", "docx": ".docx", "md": ".md"}


def render(report: Report, form: str) -> bytes:
    from reportlint.writers.document import build

    if form == "html":
        from reportlint.writers import html

        return html.write(build(report))
    if form == "docx":
        from reportlint.writers import docx

        return docx.write(build(report), _package_date(report))
    if form == "md":
        from reportlint.writers import markdown

        return markdown.write(build(report, compact=True))
    raise ValueError(f"unknown form {form!r} (known: {', '.join(FORMS)})")


def _package_date(report: Report) -> datetime.date | None:
    """The date a Word package carries: the report's year end (never the clock)."""
    year = report.meta.get("year")
    if year is not None and isinstance(year.value, int) and 1900 < year.value < 3000:
        return datetime.date(year.value, 12, 31)
    return None
