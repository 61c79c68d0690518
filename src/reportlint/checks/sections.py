"""Structure: the template's sections present, in order, with standard titles."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.findings import Hit
from reportlint.labels import Label, chinese_number, normalize_text, split_heading, title_key
from reportlint.model import FILE_START, Report
from reportlint.patterns import compiled
from reportlint.template import SectionDef

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
        # one cause, one finding: the section's tables, not found either, are not reported again
        tables = tuple(f"tables.{t.id}" for t in report.template.tables.values()
                       if t.section == definition.id and t.id not in report.tables)
        yield Hit(span, f"sections[{definition.id}]",
                  {"numeral": definition.numeral, "title": definition.title,
                   "expected": _heading(definition)},
                  expected=definition.title.zh, explains=tables)


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
    "type": "object", "additionalProperties": False,
    "properties": {
        "patterns": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "regex"}, "description":
                     "Regexes on the intro, tried in order, for the claim: a group `count` (the "
                     "N of N部分) and/or a group `list` (the parts it enumerates)."},
        "pattern": {"type": "string", "format": "regex", "description": "One such regex (older packs)."},
        "separators": {"type": "string", "format": "regex", "description": "Regex that splits the `list` group."},
    },
}


@check("intro-part-count", PART_COUNT_OPTIONS)
def intro_part_count(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    """The intro's claim (\"全文包括……等六部分\", \"由……等六部分组成\", \"分为以下六个方面\"):
    its count against the parts it lists, then against the template's sections, unless the
    report's own headings agree with it: a section missing from the body is RL101's finding. Without the claim in
    the intro, the first section's text is read (some reports open 一、总体情况 with it)."""
    # the claim stands in the intro, or at the start of 一、总体情况
    texts = [t for t in (report.intro, report.sections[0].body if report.sections else None)
             if t is not None]
    found = next(((t, m) for t in texts for p in params.get("patterns") or [params["pattern"]]
                  if (m := compiled(p).search(t.value)) is not None), None)
    if found is None:
        return
    intro, match = found
    raw = match.groupdict().get("count") or ""
    claimed = int(raw) if raw.isdigit() else chinese_number(raw)
    listed = None
    if match.groupdict().get("list"):
        listed = len(_parts(report, match.group("list"), params.get("separators", "[、，,；;]")))
    expected = len(report.template.sections)
    count = claimed if claimed is not None else listed
    if claimed is not None and listed is not None and listed != claimed:
        detail = Label(f"列出的是 {listed} 项", f"it lists {listed}")
    elif count is not None and count not in (expected, len(report.sections)):
        # a claim the body agrees with leaves a missing or extra section to RL101 / RL016
        detail = Label(f"年度报告格式规定为 {expected} 个部分", f"the report format has {expected}")
    else:
        return
    claim = Label(f"共「{raw}」部分", f"has {raw} parts") if claimed is not None else \
        Label(f"包括 {listed} 个部分", f"has {listed} parts")
    group = "count" if claimed is not None else "list"
    yield Hit(intro.locate(*match.span(group)), intro.path,
              {"claim": claim, "detail": detail, "claimed": raw or listed,
               "listed": listed if listed is not None else "-", "expected": expected},
              expected=expected, actual=claimed if claimed is not None else listed)


def _parts(report: Report, listed: str, separators: str) -> list[str]:
    """The parts a list names: split at the separators, but a part whose title holds one
    (政府信息公开行政复议、行政诉讼情况) is one part, by the template's titles and aliases."""
    keys = {key.replace("的", "") for section in report.template.sections for key in section.keys}
    pieces = [p.strip(" “”\"'《》") for p in compiled(separators).split(listed)]
    pieces = [p for p in pieces if p]
    parts: list[str] = []
    for piece in pieces:
        if parts and title_key(parts[-1] + piece).replace("的", "") in keys:
            parts[-1] += "、" + piece
        else:
            parts.append(piece)
    return parts


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
    text = normalize_text(section.body.value) if section.body else ""
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
    if compiled(params["pattern"]).search(normalize_text(title.value)):
        return
    yield Hit(title.span, title.path, {"title": title.value})

