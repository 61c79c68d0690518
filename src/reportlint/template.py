"""The template a report is written in: its sections and tables, with their labels.

Plain frozen types, loaded from a pack's `template.yaml` (reportlint.packs.load) and read by
readers, checks and formats. The template is data: code knows tables, rows and columns in
general, never a particular one.
"""

from __future__ import annotations

from functools import cached_property

from reportlint.labels import Label, split_heading, title_key
from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from reportlint.layout import RenderSpec


@record(frozen=True)
class SectionDef:
    id: str
    numeral: str
    title: Label
    aliases: tuple[str, ...] = ()
    keys: frozenset[str] = frozenset()


@record(frozen=True)
class ColumnDef:
    id: str
    label: Label
    aliases: tuple[str, ...] = ()
    group: Label | None = None
    kind: str = "count"

    @property
    def full_label(self) -> Label:
        if self.group is None:
            return self.label
        return Label(f"{self.group.zh} {self.label.zh}",
                     f"{self.group.en} {self.label.en}".strip())


@record(frozen=True)
class RowDef:
    id: str
    label: Label
    columns: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    optional: bool = False
    block: str = ""


@record(frozen=True)
class IdentityDef:
    """A table identity: the total equals the sum of the parts. `across: columns` relates rows
    and holds in every column; `across: rows` relates columns and holds in every row. Several
    identities may share a name: forms of one identity (the older single (六)其他处理 row in
    place of its three items), each checked where its cells are published."""

    name: str
    across: str  # columns or rows
    total: tuple[str, ...]
    parts: tuple[str, ...]


@record(frozen=True)
class TableDef:
    id: str
    section: str
    title: Label
    columns: tuple[ColumnDef, ...]
    rows: tuple[RowDef, ...]
    note: str = ""
    # the table's identities (template.yaml `identities`): the balance rules check them, and
    # the readers split glued digits by those that hold within a row
    identities: tuple[IdentityDef, ...] = ()

    @cached_property
    def _columns_by_id(self) -> dict[str, ColumnDef]:
        return {c.id: c for c in self.columns}

    @cached_property
    def _rows_by_id(self) -> dict[str, RowDef]:
        return {r.id: r for r in self.rows}

    def column(self, column_id: str) -> ColumnDef | None:
        return self._columns_by_id.get(column_id)

    def row(self, row_id: str) -> RowDef | None:
        return self._rows_by_id.get(row_id)

    def identity(self, name: str) -> tuple[IdentityDef, ...]:
        """Every form of the named identity."""
        return tuple(i for i in self.identities if i.name == name)

    @cached_property
    def row_identities(self) -> tuple[IdentityDef, ...]:
        """The identities that hold within one row (across its columns)."""
        return tuple(i for i in self.identities if i.across == "rows")


@record(frozen=True)
class Template:
    id: str
    name: Label
    sections: tuple[SectionDef, ...]
    tables: dict[str, TableDef]
    # Labels of other templates that identify a report written in them (e.g. trial format).
    foreign_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Patterns for importing published forms: title, publication date, contact details.
    recognition: dict[str, Any] = field(default_factory=dict)
    # How `reportlint render` prints the report and `reportlint new` starts one: the template's
    # `render` data, read into `render` (layout.py) when first asked for. A lint never asks, so
    # it does not import the layout types; the loader reads a user's layout at once (PackError).
    render_data: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def render(self) -> RenderSpec:
        from reportlint.layout import read_spec

        return read_spec(self.render_data, self.tables)

    def match_section(self, title: str) -> SectionDef | None:
        """The section a heading names, by its normalised words (the numeral is not trusted)."""
        _, words = split_heading(title)
        key = title_key(words)
        for section in self.sections:
            if key in section.keys:
                return section
        return None

    def label(self, table: str, row: str | None = None, column: str | None = None) -> Label:
        definition = self.tables[table]
        if row is not None:
            row_def = definition.row(row)
            return row_def.label if row_def else Label(row)
        if column is not None:
            column_def = definition.column(column)
            return column_def.full_label if column_def else Label(column)
        return definition.title
