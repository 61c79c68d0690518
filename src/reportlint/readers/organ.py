"""The organ's kind (township, county government, department…), which the deadline rules need.

A report in data states it (`meta.organ_kind`, or `meta.level`); a config may state it for
every report under it (`organ-kind`, applied by the engine). Otherwise it is read from the
organ's name — the title's organ, else the title — by the template's
`recognition.organ_kind` patterns (…镇人民政府, …街道办事处, 苏木 a township; …局, …委员会 a
department; …县人民政府 a government). The deadline findings name the kind they assumed, and
`reportlint import` says the kind was read from the name, so a wrong guess is seen.

A kind read from the name keeps the data path of the name it was read from (`meta.organ` or
`meta.title`), never `meta.organ_kind`: that is how the engine and the importer tell it from a
stated one.
"""

from __future__ import annotations

from reportlint.model import Text, Value
from reportlint.patterns import compiled
from reportlint.template import Template

STATED = "meta.organ_kind"


def infer(meta: dict[str, Value | Text], template: Template) -> Value | None:
    """meta.organ_kind read from the organ's name; None when the data states the kind (or
    the level) or no pattern knows the name."""
    if "organ_kind" in meta or "level" in meta:
        return None
    source = meta.get("organ") or meta.get("title")
    name = str(source.value).strip() if source is not None else ""
    if not name:
        return None
    for rule in template.recognition.get("organ_kind", ()):
        if compiled(rule["pattern"]).search(name):
            return Value(rule["kind"], source.span, source.path, name)
    return None


def inferred(meta: dict[str, Value | Text]) -> bool:
    """Whether the report's organ kind was read from its name, not stated."""
    kind = meta.get("organ_kind")
    return kind is not None and kind.path != STATED
