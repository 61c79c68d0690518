"""Dates: when the report was published, against its deadline, today and its period, and the
years the prose names against the report year.

The publication date is `meta.published`, else the first date line the pack's patterns find
in the prose (e.g. "发布日期：2025-01-20", or a signature date on a line of its own). Deadlines
per organ kind are pack data. "Today" is the `today` param when given (tests), else the
system date: the only input a check takes from outside the report.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.checks._prose import scoped_texts
from reportlint.findings import Hit
from reportlint.labels import Label
from reportlint.model import Report, Span
from reportlint.patterns import compiled
from reportlint.records import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_DATE_PATTERNS = {"type": "array", "items": {"type": "string", "format": "regex"}, "description":
                  "Regexes with named groups y, m, d for a publication date in the prose."}

OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {"date_patterns": _DATE_PATTERNS,
                   "today": {"type": "string", "format": "date", "description":
                             "Fixed 'today' (YYYY-MM-DD); default the system date."}},
}

DEADLINE_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["fields", "deadlines"],
    "properties": {
        "date_patterns": _DATE_PATTERNS,
        "fields": {"type": "array", "minItems": 1, "items": {"type": "string"}, "description":
                   "Metadata fields naming the organ kind; the first one present decides."},
        "deadlines": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": False, "required": ["date", "label"],
            "properties": {
                "date": {"type": "string", "pattern": "^[0-9]{2}-[0-9]{2}$",
                         "description": "MM-DD in the year after the report year."},
                "until": {"type": "string", "pattern": "^[0-9]{2}-[0-9]{2}$", "description":
                          "Only report dates up to this MM-DD (a later rule takes over)."},
                "label": {"type": "string"}, "en": {"type": "string"}}}},
        "infer": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["kind", "pattern"],
            "properties": {"kind": {"type": "string"}, "pattern": {"type": "string", "format": "regex"}}},
            "description": "Without those fields: the first kind whose regex matches the organ "
                           "name (meta.organ, else the title)."},
    },
}

PROSE_YEAR_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["patterns"],
    "properties": {
        "patterns": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "regex"},
                     "description": "Regexes with a named group `year` for phrases that speak "
                                    "of the report year (\"2024年，我镇…\")."},
        "scope": {"type": "array", "items": {"type": "string"}},
    },
}


@record(frozen=True)
class Published:
    date: datetime.date
    span: Span
    path: str
    text: str


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def published(report: Report, params: Mapping[str, Any]) -> Published | None:
    meta = report.meta.get("published")
    if meta is not None:
        date = _as_date(meta.value)
        return Published(date, meta.span, meta.path, str(meta.value)) if date else None
    for text in report.prose():
        for pattern in params.get("date_patterns", ()):
            match = compiled(pattern).search(text.value)
            if match is None:
                continue
            try:
                date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            return Published(date, text.locate(*match.span()), text.path, match.group(0))
    return None


def _year(report: Report) -> int | None:
    """The report year, when a calendar can hold it and the year after (22024 is RL203's)."""
    year = report.meta.get("year")
    if year is None or not isinstance(year.value, int):
        return None
    # The data's schema bounds the year; a reader or a pack pattern may still yield one no
    # calendar holds (date(10000, 1, 1) raises): such a year is the reader's finding, not ours.
    return year.value if datetime.MINYEAR < year.value < datetime.MAXYEAR else None


def _deadline_rule(report: Report, params: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for field in params["fields"]:
        kind = report.meta.get(field)
        if kind is not None:
            return params["deadlines"].get(kind.value)
    organ = report.meta.get("organ") or report.meta.get("title")
    name = str(organ.value) if organ is not None else ""
    for rule in params.get("infer", ()):
        if name and compiled(rule["pattern"]).search(name):
            return params["deadlines"].get(rule["kind"])
    return None


def _day(year: int, month_day: str) -> datetime.date:
    month, day = (int(x) for x in month_day.split("-"))
    return datetime.date(year, month, day)


@check("publication-deadline", DEADLINE_OPTIONS)
def publication_deadline(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    found, year, rule = published(report, params), _year(report), _deadline_rule(report, params)
    if found is None or year is None or rule is None:
        return
    deadline = _day(year + 1, rule["date"])
    if found.date <= deadline or ("until" in rule and found.date > _day(year + 1, rule["until"])):
        return
    yield Hit(found.span, found.path,
              {"published": found.date.isoformat(), "deadline": deadline.isoformat(),
               "kind": Label(rule["label"], rule.get("en", "")),
               "days": (found.date - deadline).days},
              expected=f"<= {deadline.isoformat()}", actual=found.date.isoformat())


@check("publication-future", OPTIONS)
def publication_future(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    found = published(report, params)
    today = _as_date(params.get("today")) or datetime.date.today()
    if found is not None and found.date > today:
        yield Hit(found.span, found.path,
                  {"published": found.date.isoformat(), "today": today.isoformat()},
                  expected=f"<= {today.isoformat()}", actual=found.date.isoformat())


@check("publication-before-period-end", OPTIONS)
def publication_before_period_end(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    found, year = published(report, params), _year(report)
    if found is not None and year is not None and found.date.year <= year:
        end = datetime.date(year, 12, 31)
        yield Hit(found.span, found.path,
                  {"published": found.date.isoformat(), "end": end.isoformat(), "year": year},
                  expected=f"> {end.isoformat()}", actual=found.date.isoformat())


@check("prose-year", PROSE_YEAR_OPTIONS)
def prose_year(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    year = _year(report)
    if year is None:
        return
    for text in scoped_texts(report, params.get("scope")):
        for pattern in params["patterns"]:
            for match in compiled(pattern).finditer(text.value):
                stated = int(match.group("year"))
                if stated != year:
                    yield Hit(text.locate(*match.span("year")), text.path,
                              {"stated": stated, "year": year, "text": match.group(0)},
                              expected=year, actual=stated)
