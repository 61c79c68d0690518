"""The organ's kind (township, county government, department…), which the deadline rules need.

A report in data states it (`meta.organ_kind`, or `meta.level`); a config may state it for
every report under it (`organ-kind`, applied by the engine). Otherwise it is read from the
organ's name — the title's organ, else the title — by the template's
`recognition.organ_kind` patterns (…镇人民政府, …街道办事处, 苏木 a township; …局, …委员会 a
department; …县人民政府 a government), and a note says so (RL023), so a wrong guess is seen and
stated in the data or the config.
"""

from __future__ import annotations

from reportlint.findings import Hit, Label
from reportlint.model import Text, Value
from reportlint.patterns import compiled
from reportlint.rulepack import Template

INFERRED = "RL023"


def infer(meta: dict[str, Value | Text], template: Template) -> tuple[Value, Hit] | None:
    """meta.organ_kind read from the organ's name, and the note saying so; None when the
    data states the kind (or the level) or no pattern knows the name."""
    if "organ_kind" in meta or "level" in meta:
        return None
    source = meta.get("organ") or meta.get("title")
    name = str(source.value).strip() if source is not None else ""
    if not name:
        return None
    for rule in template.recognition.get("organ_kind", ()):
        match = compiled(rule["pattern"]).search(name)
        if match is None:
            continue
        label = rule.get("label", {})
        kind = Label(label.get("zh", rule["kind"]), label.get("en", rule["kind"]))
        value = Value(rule["kind"], source.span, "meta.organ_kind", name)
        note = Hit(source.span, "meta.organ_kind", code=INFERRED,
                   args={"organ": name, "kind": kind, "id": rule["kind"]})
        return value, note
    return None
