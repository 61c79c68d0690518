"""The common shape of a published document, before the template is applied.

Readers of published forms (web text, HTML, DOCX) turn their input into a list of blocks —
paragraphs and tables, in document order, each with source positions — and hand it to the
assembler (`readers/assemble.py`), which finds the title, sections, tables (by the rule
pack's labels), period and contact details. So recognition is written once, for every form.
"""

from __future__ import annotations


from reportlint.model import Span, Text

# Words (runs without white space) of one published document, whatever its form: a long report
# has a few thousand (Chinese prose is one word per sentence, as white space splits it). Past
# this the file is RL034, unread: 2.6 million numbers on one line took 4 s and 570 MB
# (docs/hostile-input.md). The assembler counts them in every form; the HTML reader while it
# parses, before the words are held.
MAX_WORDS = 200_000
from reportlint.records import record


@record(frozen=True, slots=True)
class Paragraph:
    """A line or paragraph of prose (or a heading) as published."""

    text: str
    span: Span
    # (offset, line, column) wherever the text continues on another source line; see Text.
    anchors: tuple[tuple[int, int, int], ...] = ()

    def as_text(self, path: str) -> Text:
        return Text(self.text, self.span, path, self.anchors)


@record(frozen=True, slots=True)
class CellText:
    """One table cell as published: its text (possibly empty) and where it stands."""

    text: str
    span: Span
    colspan: int = 1
    rowspan: int = 1


@record(frozen=True, slots=True)
class TableBlock:
    """A table as rows of cells. Merged cells are given once, with their spans."""

    rows: tuple[tuple[CellText, ...], ...]
    span: Span


Block = Paragraph | TableBlock
