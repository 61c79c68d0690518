"""Built-in checks. A rule names one of these; nothing else can run.

Each check is a pure function `(report, params) -> iterable of Hit` in a module of its own,
with a JSON Schema for its params (`OPTIONS`) so that a rule with bad params fails when its
pack loads. The registry is explicit: adding a check means adding a line here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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
from reportlint.findings import Hit
from reportlint.model import Report

CheckFunction = Callable[[Report, Mapping[str, Any]], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    function: CheckFunction
    options: dict[str, Any]


def _reader_emitted(report: Report, params: Mapping[str, Any]) -> Iterable[Hit]:
    """Input rules (RL0xx) are reported by the readers, not computed from a report."""
    return ()


INPUT_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {"unread": {"type": "boolean", "description":
                              "The reader's finding says the place its data path names was not "
                              "read (not found, unreadable): no check's finding at or inside "
                              "that place is reported, the reader's says more."}},
}


CHECKS: dict[str, Check] = {
    "input": Check(_reader_emitted, INPUT_OPTIONS),
    "sections-present": Check(sections.sections_present, sections.OPTIONS),
    "sections-in-order": Check(sections.sections_in_order, sections.OPTIONS),
    "section-titles": Check(sections.section_titles, sections.OPTIONS),
    "intro-part-count": Check(sections.intro_part_count, sections.PART_COUNT_OPTIONS),
    "section-mentions": Check(sections.section_mentions, sections.MENTIONS_OPTIONS),
    "title-pattern": Check(sections.title_pattern, sections.TITLE_OPTIONS),
    "tables-present": Check(shape.tables_present, shape.TABLES_OPTIONS),
    "table-shape": Check(shape.table_shape, shape.OPTIONS),
    "cell-values": Check(cells.cell_values, cells.OPTIONS),
    "blank-cells": Check(cells.blank_cells, cells.BLANK_OPTIONS),
    "balance": Check(balance.balance, balance.OPTIONS),
    "compare": Check(compare.compare, compare.OPTIONS),
    "expect-zero": Check(compare.expect_zero, compare.ZERO_OPTIONS),
    "period-stated": Check(period.period_stated, period.OPTIONS),
    "period-parses": Check(period.period_parses, period.OPTIONS),
    "period-matches-year": Check(period.period_matches_year, period.OPTIONS),
    "title-year": Check(period.title_year, period.TITLE_YEAR_OPTIONS),
    "contact-required": Check(contact.contact_required, contact.REQUIRED_OPTIONS),
    "contact-format": Check(contact.contact_format, contact.FORMAT_OPTIONS),
    "empty-placeholder": Check(contact.empty_placeholder, contact.PLACEHOLDER_OPTIONS),
    "prose-numbers": Check(claims.prose_numbers, claims.OPTIONS),
    "prose-zero": Check(claims.prose_zero, claims.ZERO_OPTIONS),
    "prose-percent": Check(claims.prose_percent, claims.PERCENT_OPTIONS),
    "publication-deadline": Check(dates.publication_deadline, dates.DEADLINE_OPTIONS),
    "publication-future": Check(dates.publication_future, dates.OPTIONS),
    "publication-before-period-end": Check(dates.publication_before_period_end, dates.OPTIONS),
    "prose-year": Check(dates.prose_year, dates.PROSE_YEAR_OPTIONS),
    "previous-carry-over": Check(history.carry_over, history.CARRY_OPTIONS),
    "previous-in-force": Check(history.in_force_continues, history.IN_FORCE_OPTIONS),
    "previous-copy": Check(history.copied_sections, history.COPY_OPTIONS),
    "previous-year": Check(history.previous_year, history.YEAR_OPTIONS),
    "template-years": Check(version.template_years, version.YEARS_OPTIONS),
    "foreign-template": Check(version.foreign_template, version.FOREIGN_OPTIONS),
}
