"""A rule pack as loaded: its rules and template, and the set of packs a run chooses from."""

from __future__ import annotations

from pathlib import Path

from reportlint.labels import Label
from reportlint.records import field, record, replace
from reportlint.template import Template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@record(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    check: str
    params: dict[str, Any]
    message: dict[str, str]
    doc: dict[str, Any]
    source: str
    line: int
    pack: str
    examples: dict[str, Any] = field(default_factory=dict)
    title: Label | None = None  # the name for people; `name` is the stable slug

    def render_message(self, lang: str) -> str:
        return self.message.get(lang) or self.message["zh"]

    def display_name(self, lang: str) -> str:
        """表三各列勾稽关系 (zh), table 3 column balance (en); the slug where a pack gives none."""
        return self.title.text(lang) if self.title is not None else self.name


@record(frozen=True)
class RulePack:
    id: str
    name: Label
    path: Path
    template: Template | None
    rules: tuple[Rule, ...]
    applies: dict[str, Any]
    example: Path | None = None  # the report its rules' examples edit (pack.yaml `example:`)

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)


@record
class PackSet:
    """The packs available to a run, and which one a report is checked against."""

    packs: list[RulePack]

    def get(self, pack_id: str) -> RulePack | None:
        return next((p for p in self.packs if p.id == pack_id), None)

    def choose(self, template: str | None = None, year: int | None = None) -> RulePack:
        """By the template a report names, else by its year, else the newest pack."""
        if template:
            for pack in self.packs:
                if template == pack.id or template in pack.applies.get("template", ()):
                    return pack
        if year is not None:
            for pack in self.packs:
                years = pack.applies.get("years", {})
                if years.get("from", 0) <= year <= years.get("to", 9999):
                    return pack
        return max(self.packs, key=lambda p: p.applies.get("years", {}).get("from", 0))

    def with_params(self, code: str, params: dict[str, Any]) -> PackSet:
        """The same packs with `params` merged into the params of the rule `code`."""
        return PackSet([replace(pack, rules=tuple(
            replace(rule, params={**rule.params, **params}) if rule.code == code else rule
            for rule in pack.rules)) for pack in self.packs])

    def all_rules(self) -> list[Rule]:
        seen: dict[str, Rule] = {}
        # a code two packs define (a trial-format RL302) is listed as the newest pack has it
        newest_first = sorted(self.packs, key=lambda p: -p.applies.get("years", {}).get("from", 0))
        for pack in newest_first:
            for rule in pack.rules:
                seen.setdefault(rule.code, rule)
        return sorted(seen.values(), key=lambda r: r.code)
