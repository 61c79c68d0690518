"""Structure: the template's sections present, in order, with standard titles."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from reportlint.checks._base import check
from reportlint.findings import Hit, Label
from reportlint.labels import chinese_number, normalize, split_heading
from reportlint.model import FILE_START, Report
from reportlint.patterns import compiled
from reportlint.template import SectionDef

OPTIONS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}


def _expected_title(numeral: str, title: str) -> str:
    return f"{numeral}、{title}"


def _heading(definition: SectionDef) -> Label:
    """`一、总体情况`, and in English with its meaning: `一、总体情况 (general situation)`."""
    zh = _expected_title(definition.numeral, definition.title.zh)
    return Label(zh, f"{zh} ({definition.title.en})" if definition.title.en else zh)


@check("sections-present", OPTIONS)
def sections_present(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    found = {s.id for s in report.sections if s.id}
    unrecognised = {split_heading(s.title.value)[0] for s in report.sections if not s.id}
    order = [d.id for d in report.template.sections]
    for index, definition in enumerate(report.template.sections):
        if definition.id in found or definition.numeral in unrecognised:
            continue
        following = [s for s in report.sections if s.id in order[index + 1:]]
        span = following[0].title.span if following else (
            report.sections[-1].span if report.sections else FILE_START)
        yield Hit(span, f"sections[{definition.id}]",
                  {"numeral": definition.numeral, "title": definition.title,
                   "expected": _heading(definition)},
                  expected=definition.title.zh)


@check("sections-in-order", OPTIONS)
def sections_in_order(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    order = {d.id: i for i, d in enumerate(report.template.sections)}
    highest = -1
    previous = None
    for section in report.sections:
        if section.id is None:
            continue
        index = order[section.id]
        if index <= highest and previous is not None:
            yield Hit(section.title.span, section.path,
                      {"title": section.title.value, "previous": previous.title.value})
        else:
            highest, previous = index, section


@check("section-titles", OPTIONS)
def section_titles(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    definitions = report.template.sections
    by_numeral = {d.numeral: d for d in definitions}
    by_id = {d.id: d for d in definitions}
    for section in report.sections:
        numeral, _ = split_heading(section.title.value)
        definition = by_id.get(section.id) if section.id else by_numeral.get(numeral or "")
        if definition is None:
            yield Hit(section.title.span, section.path,
                      {"title": section.title.value, "expected": Label(
                          "、".join(_heading(d).zh for d in definitions),
                          "; ".join(_heading(d).en for d in definitions))})
            continue
        if section.id and numeral == definition.numeral:
            continue
        yield Hit(section.title.span, section.path,
                  {"title": section.title.value,
                   "expected": _heading(definition)},
                  expected=_expected_title(definition.numeral, definition.title.zh),
                  actual=section.title.value)


PART_COUNT_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["pattern"],
    "properties": {
        "pattern": {"type": "string", "format": "regex", "description":
                    "Regex on the intro with a named group `count` (the N of N部分) and an "
                    "optional group `list` (the parts it enumerates)."},
        "separators": {"type": "string", "format": "regex", "description": "Regex that splits the `list` group."},
    },
}


@check("intro-part-count", PART_COUNT_OPTIONS)
def intro_part_count(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    intro = report.intro
    if intro is None:
        return
    match = compiled(params["pattern"]).search(intro.value)
    if match is None:
        return
    raw = match.group("count")
    claimed = int(raw) if raw.isdigit() else chinese_number(raw)
    if claimed is None:
        return
    headings = len(report.sections)
    listed = None
    if "list" in match.groupdict() and match.group("list"):
        parts = compiled(params.get("separators", "[、，,；;]")).split(match.group("list"))
        listed = len([p for p in parts if p.strip()])
    if claimed != headings or (listed is not None and listed != claimed):
        start, end = match.span("count")
        yield Hit(intro.locate(start, end), f"{intro.path}",
                  {"claimed": raw, "headings": headings,
                   "listed": listed if listed is not None else "-"},
                  expected=headings, actual=claimed)


MENTIONS_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["section", "patterns"],
    "properties": {
        "section": {"type": "string"},
        "patterns": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "regex"}},
        "topic": {"type": "string", "description": "What the section should state, for the message."},
    },
}


@check("section-mentions", MENTIONS_OPTIONS)
def section_mentions(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    section = report.section(params["section"])
    if section is None:
        return
    text = normalize(section.body.value) if section.body else ""
    if any(compiled(p).search(text) for p in params["patterns"]):
        return
    yield Hit(section.title.span, section.path,
              {"title": section.title.value, "topic": params.get("topic", "")})


TITLE_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["pattern"],
    "properties": {"pattern": {"type": "string", "format": "regex"}},
}


@check("title-pattern", TITLE_OPTIONS)
def title_pattern(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    title = report.meta.get("title")
    if title is None or not isinstance(title.value, str):
        return
    if compiled(params["pattern"]).search(normalize(title.value)):
        return
    yield Hit(title.span, title.path, {"title": title.value})

