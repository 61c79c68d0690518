"""The statistical period: stated, readable, and exactly the calendar year of the report."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from reportlint.checks._base import check
from reportlint.findings import Hit
from reportlint.model import FILE_START, Report, Text
from reportlint.patterns import compiled

OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["cue", "patterns"],
    "properties": {
        "cue": {"type": "string", "format": "regex", "description": "Regex of the words that announce the period."},
        "patterns": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "regex"},
                     "description": "Regexes for the period itself, with named groups y1 m1 d1 (start) and "
                     "y2 m2 d2 (end); a missing y2 means the start year."},
        "window": {"type": "integer", "minimum": 1,
                   "description": "How many characters after the cue the period may start."},
        "scope": {"enum": ["intro", "all"],
                  "description": "Where to look: the intro only, or all prose (default)."},
    },
}


@dataclass(frozen=True)
class _Found:
    text: Text
    cue: regex.Match[str] | None
    period: regex.Match[str] | None


def _texts(report: Report, params: Mapping[str, Any]) -> list[Text]:
    if params.get("scope") == "intro":
        return [report.intro] if report.intro else []
    return report.prose()


def _find(report: Report, params: Mapping[str, Any]) -> _Found | None:
    window = params.get("window", 40)
    first_cue: _Found | None = None
    for text in _texts(report, params):
        for cue in compiled(params["cue"]).finditer(text.value):
            tail = text.value[cue.end(): cue.end() + window + 40]
            for pattern in params["patterns"]:
                match = compiled(pattern).search(text.value, cue.end(),
                                                      cue.end() + len(tail))
                if match and match.start() - cue.end() <= window:
                    return _Found(text, cue, match)
            if first_cue is None:
                first_cue = _Found(text, cue, None)
    if first_cue is not None:
        return first_cue
    for text in _texts(report, params):
        for pattern in params["patterns"]:
            match = compiled(pattern).search(text.value)
            if match:
                return _Found(text, None, match)
    return None


@check("period-stated", OPTIONS)
def period_stated(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    if _find(report, params) is None:
        span = report.intro.span if report.intro else (
            report.meta["title"].span if "title" in report.meta else FILE_START)
        yield Hit(span, "intro")


@check("period-parses", OPTIONS)
def period_parses(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    found = _find(report, params)
    if found is None or found.period is not None or found.cue is None:
        return
    start = found.cue.start()
    end = min(len(found.text.value), found.cue.end() + params.get("window", 40))
    excerpt = found.text.value[start:end].split("。")[0]
    yield Hit(found.text.locate(start, start + len(excerpt)), found.text.path, {"text": excerpt})


def _int(match: regex.Match[str], group: str) -> int | None:
    value = match.groupdict().get(group)
    return int(value) if value else None


@check("period-matches-year", OPTIONS)
def period_matches_year(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    found = _find(report, params)
    year_value = report.meta.get("year")
    if found is None or found.period is None or year_value is None:
        return
    year = year_value.value
    match = found.period
    y1, m1, d1 = _int(match, "y1"), _int(match, "m1"), _int(match, "d1")
    y2, m2, d2 = _int(match, "y2"), _int(match, "m2"), _int(match, "d2")
    if y2 is None:
        y2 = y1
    start_ok = m1 is None or (y1 == year and m1 == 1 and d1 == 1)
    end_ok = m2 is None or (y2 == year and m2 == 12 and d2 == 31)
    if start_ok and end_ok:
        return
    yield Hit(found.text.locate(*match.span()), found.text.path,
              {"text": match.group(0), "year": year},
              expected=f"{year}-01-01..{year}-12-31", actual=match.group(0))


TITLE_YEAR_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["pattern"],
    "properties": {"pattern": {"type": "string", "format": "regex",
                               "description": "Regex on the title with a named group `year`."}},
}


@check("title-year", TITLE_YEAR_OPTIONS)
def title_year(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    title, year = report.meta.get("title"), report.meta.get("year")
    if title is None or year is None or not isinstance(title.value, str):
        return
    match = compiled(params["pattern"]).search(title.value)
    if match is None:
        return
    stated = int(match.group("year"))
    if stated != year.value:
        span = title.locate(*match.span("year")) if isinstance(title, Text) else title.span
        yield Hit(span, title.path, {"title_year": stated, "year": year.value},
                  expected=year.value, actual=stated)
