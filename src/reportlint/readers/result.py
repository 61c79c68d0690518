"""What a reader gives: the report it read (None when nothing could be read) and its RL0xx hits.

A module of its own, below every reader, so that readers need not import the package that
chooses among them (readers/__init__.py imports the readers it picks: no import loop).
"""

from __future__ import annotations


from reportlint.findings import Hit
from reportlint.model import Report
from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@record
class ReadResult:
    report: Report | None
    problems: list[Hit] = field(default_factory=list)
    suppressions: list[Any] = field(default_factory=list)  # in-data `reportlint.ignore` entries
