"""What a report's round trip through a published form must keep, and how it is compared.

`essence` is the part of a report a published form carries: the title, year and publication
date, the intro and sections (titles, template ids, paragraphs), the statistical period as the
period rule finds it, every table cell (kind and number, or kind and text), and the contact
details. `keyed` is what a lint run says, without positions: (code, data path) pairs.
"""

from __future__ import annotations

import datetime

from reportlint.checks.period import _find as find_period
from reportlint.model import NUMBER, Report, Text
from reportlint.readers import read_report
from reportlint.writers import render

FORMS = ("html", "docx", "md")
# Notes about the file itself, which differ between forms of the same report by design.
FORM_NOTES = {"RL008", "RL031", "RL032", "RL033"}


def _lines(text: Text | None) -> list[str]:
    if text is None:
        return []
    return [" ".join(line.split()) for line in text.value.split("\n") if line.strip()]


def _date(value: object) -> str | None:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value) if value is not None else None


def essence(report: Report, period_params: dict) -> dict:
    meta = report.meta
    found = find_period(report, period_params)
    return {
        "title": str(meta["title"].value).strip() if "title" in meta and meta["title"].value
        else None,
        "year": meta["year"].value if "year" in meta else None,
        "published": _date(meta["published"].value) if "published" in meta else None,
        "intro": _lines(report.intro),
        "sections": [(" ".join(s.title.value.split()), s.id, _lines(s.body))
                     for s in report.sections],
        "period": (found.text.path, found.period.group(0) if found.period else None)
        if found is not None else None,
        "tables": {t: {r: {c: (cell.kind, cell.value) if cell.kind == NUMBER
                           else (cell.kind, cell.raw.strip())
                           for c, cell in cells.items()}
                       for r, cells in table.rows.items()}
                   for t, table in report.tables.items()},
        "contact": {k: str(v.value).strip() for k, v in report.contact.items()
                    if v.value is not None and str(v.value).strip()},
    }


def keyed(findings) -> list[tuple[str, str]]:
    return sorted((f.code, f.data_path) for f in findings if f.code not in FORM_NOTES)


def period_params(packs) -> dict:
    rule = next(r for r in packs.all_rules() if r.code == "RL201")
    return rule.params


def read_back(packs, form: str, data: bytes) -> Report:
    result = read_report(f"report.{form}", data, packs)
    assert result.report is not None, result.problems
    return result.report


def forms_of(report: Report) -> dict[str, bytes]:
    return {form: render(report, form) for form in FORMS}
