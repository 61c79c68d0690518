"""The statistical period: stated, readable, and exactly the calendar year of the report."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import regex

from reportlint.checks._base import check, for_last_report
from reportlint.findings import Hit
from reportlint.model import FILE_START, Report, Text
from reportlint.patterns import compiled
from reportlint.records import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# The rules' params, each optional: by default the template's recognition.period (pack data),
# so the three period rules read the wordings from one place.
OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "cue": {"type": "string", "format": "regex", "description": "Regex of the words that announce the period "
                "(统计期限, 所列数据, 涵盖 …); a bare 截至 is no cue (\"截至…，全年…\" is prose)."},
        "patterns": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "regex"}, "description":
                     "Regexes for the period itself, with named groups y1 m1 d1 (start) and "
                     "y2 m2 d2 (end); a missing y2 means the start year. Without a cue before "
                     "it, a match counts only when it gives the start (y1)."},
        "garbled": {"type": "string", "format": "regex", "description":
                    "Regex of a period clearly stated but unreadable (年 or 月 lost: "
                    "自20231月1日至202312 月31日止): stated, so RL202, never RL201."},
        "window": {"type": "integer", "minimum": 1,
                   "description": "How many characters after the cue the period may start."},
        "scope": {"enum": ["intro", "all"],
                  "description": "Where to look: the intro only, or all prose (default)."},
    },
}


@record(frozen=True)
class _Found:
    text: Text
    stated: regex.Match[str] | None  # the cue, or the garbled period, that states it
    period: regex.Match[str] | None


def _spec(report: Report, params: Mapping[str, Any]) -> Mapping[str, Any]:
    return {**report.template.recognition.get("period", {}), **params}


def _texts(report: Report, spec: Mapping[str, Any]) -> list[Text]:
    if spec.get("scope") == "intro":
        return [report.intro] if report.intro else []
    return report.prose()


@for_last_report  # the three period rules of a pack look for the same statement
def _find(report: Report, params: Mapping[str, Any]) -> _Found | None:
    spec = _spec(report, params)
    if not spec.get("patterns"):
        return None
    window = spec.get("window", 40)
    texts = _texts(report, spec)
    first_cue: _Found | None = None
    for text in texts:
        for cue in compiled(spec["cue"]).finditer(text.value) if spec.get("cue") else ():
            for pattern in spec["patterns"]:
                match = compiled(pattern).search(text.value, cue.end(), cue.end() + window + 40)
                if match and match.start() - cue.end() <= window:
                    return _Found(text, cue, match)
            if first_cue is None:
                first_cue = _Found(text, cue, None)
    for text in texts:  # a period without its cue: it must give its start
        for pattern in spec["patterns"]:
            for match in compiled(pattern).finditer(text.value):
                if match.groupdict().get("y1"):
                    return _Found(text, None, match)
    if first_cue is not None:
        return first_cue
    for text in texts:
        garbled = compiled(spec["garbled"]).search(text.value) if spec.get("garbled") else None
        if garbled is not None:
            return _Found(text, garbled, None)
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
    if found is None or found.period is not None or found.stated is None:
        return
    start = found.stated.start()
    end = max(found.stated.end(),
              min(len(found.text.value), start + _spec(report, params).get("window", 40)))
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
