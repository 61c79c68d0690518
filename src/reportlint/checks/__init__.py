"""Built-in checks. A rule names one of these; nothing else can run.

Each check is a pure function `(report, params) -> iterable of Hit`, declared next to it with
the JSON Schema of its params (`@check(name, OPTIONS)`, checks/_base.py), so that a rule with
bad params fails when its pack loads. Modules group the checks of one kind; `_prose.py` and
`_cellindex.py` are helpers they share. The registry is explicit: adding a check means adding
a line here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reportlint.checks import (
    balance,
    cells,
    claims,
    compare,
    contact,
    dates,
    history,
    period,
    sections,
    shape,
    version,
)
from reportlint.checks._base import Check, check, regex_params
from reportlint.findings import Hit
from reportlint.model import Report
from reportlint.patterns import Bounded, compiled

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from reportlint.packs.pack import PackSet

INPUT_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {"unread": {"type": "boolean", "description":
                              "The reader's finding says the place its data path names was not "
                              "read (not found, unreadable): no check's finding at or inside "
                              "that place is reported, the reader's says more."}},
}


@check("input", INPUT_OPTIONS)
def _reader_emitted(report: Report, params: Mapping[str, Any]) -> Iterable[Hit]:
    """Input rules (RL0xx) are reported by the readers, not computed from a report."""
    return ()


CHECKS: dict[str, Check] = {c.name: c for c in (
    _reader_emitted,
    sections.sections_present,
    sections.sections_in_order,
    sections.section_titles,
    sections.intro_part_count,
    sections.section_mentions,
    sections.title_pattern,
    shape.tables_present,
    shape.table_shape,
    cells.cell_values,
    cells.blank_cells,
    balance.balance,
    compare.compare,
    compare.expect_zero,
    period.period_stated,
    period.period_parses,
    period.period_matches_year,
    period.title_year,
    contact.contact_required,
    contact.contact_format,
    contact.empty_placeholder,
    claims.prose_numbers,
    claims.prose_zero,
    claims.prose_percent,
    dates.publication_deadline,
    dates.publication_future,
    dates.publication_before_period_end,
    dates.prose_year,
    history.carry_over,
    history.in_force_continues,
    history.copied_sections,
    history.previous_year,
    version.template_years,
    version.foreign_template,
)}


def pack_patterns(packs: PackSet) -> Iterator[tuple[str, str, Bounded]]:
    """Every regex of the packs' rules and templates, compiled as the checks compile it: where it
    stands, the check that runs it ("recognition" for a template's), and the pattern. A claim's
    `{n}` stands for its number, and the approximate words before it are a look-back of their
    own. scripts/compile_packs.py ships these compiled; tests/robustness/test_hostile_regex.py
    screens them on adversarial text."""
    # each pack's own rules: a code two packs define (a trial-format RL5xx) has two sets of params
    rules = {id(rule): rule for pack in packs.packs for rule in pack.rules}
    for rule in rules.values():
        params = rule.params
        where = f"{rule.code} ({rule.source})"
        approx = params.get("approximate", {})
        if approx.get("before"):
            behind = claims.look_back(approx["before"])
            yield f"{where} look-back {approx['before']}", rule.check, behind
        for pattern in regex_params(CHECKS[rule.check].options, params):
            if "{n}" in pattern or "{p}" in pattern:
                yield f"{where} {pattern}", rule.check, claims.with_number(
                    pattern, params.get("number", claims.DEFAULT_NUMBER), approx.get("after", ""))
            else:
                yield f"{where} {pattern}", rule.check, compiled(pattern)
    for pack in packs.packs:
        recognition = pack.template.recognition if pack.template else {}
        for name, pattern in _strings(recognition):
            yield f"{pack.id} recognition {name}", "recognition", compiled(pattern)


def _strings(value: Any, name: str = "") -> Iterator[tuple[str, str]]:
    """Every string of nested recognition data (contact fields, the period's patterns)."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{name}.{key}" if name else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{name}[{index}]")
