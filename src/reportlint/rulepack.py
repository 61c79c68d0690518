"""Rule packs: a template (sections, tables, labels) and rules, all loaded from YAML data.

A pack is a folder under `rules/`:

    rules/<pack>/pack.yaml       id, names, which reports it applies to, `extends` (and
                                 `exclude`: inherited rule codes it drops or redefines)
    rules/<pack>/template.yaml   section titles and table rows/columns with labels and aliases
    rules/<pack>/*.yaml          rule files: `rules: [ {code, name, severity, check, params,
                                 message, doc}, ... ]`

Every file is validated against a JSON Schema in `reportlint/schemas/`, and every rule's
params against the schema its check declares, so a bad pack fails when it loads, naming the
file and line, never half-way through a run. No rule can run code: `check` names a built-in.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from reportlint import yamlsource
from reportlint.atomic import replace_file
from reportlint.findings import Label
from reportlint.labels import normalize, split_heading, title_key
from reportlint.layout import LayoutError, RenderSpec, read_spec


class PackError(Exception):
    """A rule pack, template or rule file that cannot be used; names file and line."""

    def __init__(self, message: str, path: Path | str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def _label(data: Any, en: str = "") -> Label:
    if isinstance(data, dict):
        return Label(str(data.get("zh", "")), str(data.get("en", "")))
    return Label(str(data), en)


@dataclass(frozen=True)
class SectionDef:
    id: str
    numeral: str
    title: Label
    aliases: tuple[str, ...] = ()
    keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class RowDef:
    id: str
    label: Label
    columns: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    optional: bool = False
    block: str = ""


@dataclass(frozen=True)
class TableDef:
    id: str
    section: str
    title: Label
    columns: tuple[ColumnDef, ...]
    rows: tuple[RowDef, ...]
    note: str = ""

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


@dataclass(frozen=True)
class Template:
    id: str
    name: Label
    sections: tuple[SectionDef, ...]
    tables: dict[str, TableDef]
    # Labels of other templates that identify a report written in them (e.g. trial format).
    foreign_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Patterns for importing published forms: title, publication date, contact details.
    recognition: dict[str, Any] = field(default_factory=dict)
    # How `reportlint render` prints the report and `reportlint new` starts one (layout.py).
    render: RenderSpec = field(default_factory=RenderSpec)

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


@dataclass(frozen=True)
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

    def render_message(self, lang: str) -> str:
        return self.message.get(lang) or self.message["zh"]


@dataclass(frozen=True)
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


def builtin_rules_dir() -> Path:
    """`rules/` shipped in the wheel, or the repository's own when run from a checkout."""
    packaged = resources.files("reportlint") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


# --- loading -------------------------------------------------------------------------------


def _schema(name: str) -> dict[str, Any]:
    text = (resources.files("reportlint") / "schemas" / name).read_text(encoding="utf-8")
    return json.loads(text)


def _read_yaml(path: Path) -> tuple[yamlsource.Node, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(f"cannot read rule file: {error}", path) from error
    composed = yamlsource.compose(text)
    if composed.problems:
        first = composed.problems[0]
        detail = first.args.get("problem") or f"duplicate key {first.args.get('key')!r}"
        detail = getattr(detail, "en", detail)  # config and pack errors are in English for now
        raise PackError(f"invalid YAML: {detail}", path, first.span.line, first.span.column)
    if composed.root is None:
        raise PackError("empty file", path)
    return composed.root, yamlsource.to_data(composed.root)


def _validate(path: Path, root: yamlsource.Node, data: Any, schema_name: str) -> None:
    from reportlint.schemacheck import schema_errors

    for location, message in schema_errors(_schema(schema_name), data, root):
        raise PackError(message, path, location.line, location.column)


# Where validated pack files are remembered (JSON, keyed by path, content and version), so a
# run does not parse and schema-check ~30 rule files again; None turns it off (--no-cache).
PACK_CACHE: list[Path | None] = [None]


def _validated(path: Path, schema_name: str, rules: bool = False) -> tuple[Any, list[int]]:
    """A pack file's data, validated against its schema (and, for rule files, check names and
    params), with the line of each rule; from the pack cache when the file is unchanged."""
    if path.exists() and not path.is_file():  # a FIFO or device would never end
        raise PackError("cannot read rule file: not a regular file", path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PackError(f"cannot read rule file: {error}", path) from error
    entry = _pack_cache_entry(path, raw, schema_name)
    if entry is not None:
        try:
            cached = json.loads(entry.read_text(encoding="utf-8"))
            return cached["data"], cached["lines"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    root, data = _read_yaml(path)
    _validate(path, root, data, schema_name)
    lines = _check_rules(path, root, data) if rules else []
    if entry is not None:
        _remember(entry, {"data": data, "lines": lines})
    return data, lines


def _pack_cache_entry(path: Path, raw: bytes, schema_name: str) -> Path | None:
    folder = PACK_CACHE[0]
    if folder is None:
        return None
    from reportlint import __version__

    digest = hashlib.sha256(f"{__version__}\0{path.resolve()}\0{schema_name}\0".encode("utf-8", "surrogateescape"))
    digest.update(raw)
    return folder / "packs" / f"{digest.hexdigest()}.json"


def _remember(entry: Path, value: Any) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        replace_file(entry, lambda stream: json.dump(value, stream, ensure_ascii=False))
    except (OSError, ValueError):
        pass  # a cache that cannot be written costs time, never a result


def _check_inside(base: Path, target: Path, source: Path, line: int) -> Path:
    resolved = Path(os.path.realpath(target))  # a link loop is no crash: "not found" follows
    if not resolved.is_relative_to(os.path.realpath(base)):
        raise PackError(f"{target} is outside its pack folder {base}", source, line)
    return resolved


def load_template(path: Path) -> Template:
    data, _ = _validated(path, "template.schema.json")
    sections = []
    for item in data["sections"]:
        title = _label(item["title"])
        aliases = tuple(item.get("aliases", ()))
        keys = frozenset(title_key(split_heading(t)[1]) for t in (title.zh, *aliases))
        sections.append(SectionDef(item["id"], item["numeral"], title, aliases, keys))
    tables: dict[str, TableDef] = {}
    for item in data["tables"]:
        columns = tuple(
            ColumnDef(c["id"], _label(c["label"], c.get("en", "")), tuple(c.get("aliases", ())),
                      _label(c["group"], c.get("group_en", "")) if c.get("group") else None,
                      c.get("kind", "count"))
            for c in item["columns"]
        )
        all_columns = tuple(c.id for c in columns)
        rows = tuple(
            RowDef(r["id"], _label(r["label"], r.get("en", "")),
                   tuple(r.get("columns", all_columns)), tuple(r.get("aliases", ())),
                   bool(r.get("optional", False)), r.get("block", ""))
            for r in item["rows"]
        )
        for row in rows:
            unknown = set(row.columns) - set(all_columns)
            if unknown:
                raise PackError(f"row {row.id} names unknown columns {sorted(unknown)}", path)
        tables[item["id"]] = TableDef(item["id"], item["section"], _label(item["title"]),
                                      columns, rows, item.get("note", ""))
    foreign = {name: tuple(normalize(x) for x in labels)
               for name, labels in data.get("foreign_labels", {}).items()}
    try:
        render = read_spec(data.get("render"), tables)
    except LayoutError as error:
        raise PackError(str(error), path) from None
    return Template(data["id"], _label(data["name"]), tuple(sections), tables, foreign,
                    data.get("recognition", {}), render)


def _check_rules(path: Path, root: yamlsource.Node, data: Any) -> list[int]:
    """Every rule names a built-in check with valid params; the line of each rule."""
    from reportlint.checks import CHECKS

    rules_node = root.get("rules") if isinstance(root, yamlsource.Mapping) else None
    items = rules_node.items if isinstance(rules_node, yamlsource.Sequence) else []
    lines = []
    for node, item in zip(items, data["rules"], strict=True):
        check = CHECKS.get(item["check"])
        if check is None:
            known = ", ".join(sorted(CHECKS))
            where = node.key_span("check") if isinstance(node, yamlsource.Mapping) else node.span
            raise PackError(f"rule {item['code']}: unknown check {item['check']!r} "
                            f"(known: {known})", path, where.line, where.column)
        if check.options:
            from reportlint.schemacheck import schema_errors

            params_node = node.get("params") if isinstance(node, yamlsource.Mapping) else None
            for location, message in schema_errors(check.options, item.get("params", {}),
                                                   params_node or node):
                raise PackError(f"rule {item['code']} params: {message}", path,
                                location.line, location.column)
        lines.append(node.span.line)
    return lines


def _load_rules(path: Path, pack_id: str) -> list[Rule]:
    data, lines = _validated(path, "rules.schema.json", rules=True)
    return [Rule(item["code"], item["name"], item["severity"], item["check"], item.get("params", {}),
                 item["message"], item.get("doc", {}), str(path), line, pack_id,
                 item.get("examples", {}))
            for line, item in zip(lines, data["rules"], strict=True)]


@cache
def load_pack(directory: Path, _chain: tuple[Path, ...] = ()) -> RulePack:
    directory = directory.resolve()
    if directory in _chain:
        raise PackError("pack extends itself (cycle)", directory / "pack.yaml")
    manifest = directory / "pack.yaml"
    if not manifest.is_file():
        raise PackError("not a rule pack: no pack.yaml", directory)
    data, _ = _validated(manifest, "pack.schema.json")
    rules: list[Rule] = []
    template = None
    example = None
    for parent in data.get("extends", []):
        parent_dir = _check_inside(directory.parent, directory.parent / parent, manifest, 1)
        if not (parent_dir / "pack.yaml").is_file() and (builtin_rules_dir() / parent).is_dir():
            parent_dir = (builtin_rules_dir() / parent).resolve()  # a user's pack on a built-in one
        base = load_pack(parent_dir, (*_chain, directory))
        excluded = set(data.get("exclude", ()))  # inherited rules this pack drops or redefines
        rules.extend(r for r in base.rules if r.code not in excluded)
        template = template or base.template
        example = example or base.example
    if data.get("example"):
        example = _example_path(directory, data["example"], manifest)
    if data.get("template"):
        template_path = _check_inside(directory, directory / data["template"], manifest, 1)
        own = load_template(template_path)
        if template is not None and not own.recognition:
            # how importers find title, date and contact is the same for a derived template
            own = replace(own, recognition=template.recognition)
        template = own
    for rule_file in sorted(directory.glob("*.yaml")):
        if rule_file.name in ("pack.yaml", data.get("template", "template.yaml"),
                              data.get("example")):
            continue
        _check_inside(directory, rule_file, rule_file, 1)  # a link out of the pack is refused
        rules.extend(_load_rules(rule_file, data["id"]))
    seen: dict[str, Rule] = {}
    for rule in rules:
        first = seen.setdefault(rule.code, rule)
        if (first.source, first.line) != (rule.source, rule.line):
            raise PackError(f"rule code {rule.code} is defined twice (also in "
                            f"{first.source}:{first.line})", rule.source, rule.line)
    return RulePack(data["id"], _label(data["name"]), directory, template,
                    tuple(seen.values()),
                    data.get("applies", {}), example)


def _example_path(directory: Path, name: str, manifest: Path) -> Path:
    """The pack's example report: a file in the pack folder. It may be a symbolic link (the
    built-in pack links to examples/), so containment is checked on the path as written."""
    path = Path(os.path.normpath(directory / name))
    if not path.is_relative_to(directory):
        raise PackError(f"example {name} is outside its pack folder {directory}", manifest)
    if not path.is_file():
        raise PackError(f"example report {name} not found", manifest)
    return path


@dataclass
class PackSet:
    """The packs available to a run, and which one a report is checked against."""

    packs: list[RulePack]

    @classmethod
    def load(cls, directories: list[Path] | None = None) -> PackSet:
        roots = directories or [builtin_rules_dir()]
        packs = []
        for root in roots:
            candidates = [root] if (root / "pack.yaml").is_file() else sorted(root.iterdir())
            for candidate in candidates:
                if (candidate / "pack.yaml").is_file():
                    pack = load_pack(candidate.resolve())
                    if pack.template is not None:
                        packs.append(pack)
        if not packs:
            raise PackError("no rule pack with a template found", roots[0])
        return cls(packs)

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
