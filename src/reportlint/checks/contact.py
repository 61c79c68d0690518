"""Contact information: the portal address is given, and what is given is well-formed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.findings import Hit
from reportlint.model import FILE_START, Report, Text
from reportlint.patterns import compiled

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

REQUIRED_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["fields"],
    "properties": {
        "fields": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "labels": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "Chinese name of each field, for the message."},
    },
}


@check("contact-required", REQUIRED_OPTIONS)
def contact_required(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    labels = params.get("labels", {})
    for field in params["fields"]:
        value = report.contact.get(field)
        if value is not None and str(value.value or "").strip():
            continue
        span = value.span if value is not None else _fallback_span(report)
        yield Hit(span, f"contact.{field}", {"field": labels.get(field, field)})


def _fallback_span(report: Report) -> Any:
    other = report.section("other")
    if other is not None:
        return other.title.span
    return report.sections[-1].span if report.sections else FILE_START


FORMAT_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["patterns"],
    "properties": {
        "patterns": {"type": "object", "additionalProperties": {"type": "string", "format": "regex"},
                     "description": "Field -> regex the whole value must match."},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "examples": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


@check("contact-format", FORMAT_OPTIONS)
def contact_format(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    labels, examples = params.get("labels", {}), params.get("examples", {})
    for field, pattern in params["patterns"].items():
        value = report.contact.get(field)
        if value is None or value.value is None:
            continue
        text = (value.raw or str(value.value)).strip()
        if not text or compiled(pattern).fullmatch(text):
            continue
        yield Hit(value.span, value.path,
                  {"field": labels.get(field, field), "value": text,
                   "example": examples.get(field, "")}, actual=text)


PLACEHOLDER_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["pattern"],
    "properties": {"pattern": {"type": "string", "format": "regex",
                               "description": "Regex of a contact phrase left with nothing in it."}},
}


@check("empty-placeholder", PLACEHOLDER_OPTIONS)
def empty_placeholder(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    pattern = compiled(params["pattern"])
    texts: list[Text] = report.prose()
    for text in texts:
        for match in pattern.finditer(text.value):
            yield Hit(text.locate(*match.span()), text.path, {"text": match.group(0)})
