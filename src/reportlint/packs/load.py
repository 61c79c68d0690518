"""Loading rule packs: a template (sections, tables, labels) and rules, all from YAML data.

A pack is a folder under `rules/`:

    rules/<pack>/pack.yaml       id, names, which reports it applies to, `extends` (and
                                 `exclude`: inherited rule codes it drops or redefines)
    rules/<pack>/template.yaml   section titles and table rows/columns with labels and aliases
    rules/<pack>/*.yaml          rule files: `rules: [ {code, name, severity, check, params,
                                 message, doc}, ... ]`

Every file is validated against a JSON Schema in `reportlint/schemas/`, and every rule's
params against the schema its check declares, so a bad pack fails when it loads, naming the
file and line, never half-way through a run. No rule can run code: `check` names a built-in.

Validated files can be remembered in a cache folder (JSON, keyed by path, content and version)
so that a run does not parse and schema-check ~30 rule files again; the caller names the
folder, or None (--no-cache).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlint.atomic import replace_file
from reportlint.errors import SourceError, read_source
from reportlint.labels import Label, normalize, split_heading, title_key
from reportlint.packs import compiled
from reportlint.packs.pack import PackSet, Rule, RulePack
from reportlint.records import replace
from reportlint.template import ColumnDef, IdentityDef, RowDef, SectionDef, TableDef, Template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from reportlint.yamlsource import Node


PACKAGE = Path(__file__).parent.parent  # reportlint/ (importlib.resources costs ~3 ms to ask)


class PackError(SourceError):
    """A rule pack, template or rule file that cannot be used; names file and line."""


@cache
def builtin_rules_dir() -> Path:
    """`rules/` shipped in the wheel, or the repository's own when run from a checkout (once a
    process: every pack file asks)."""
    packaged = PACKAGE / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


# --- loading -------------------------------------------------------------------------------


def _schema(name: str) -> dict[str, Any]:
    import json

    text = (PACKAGE / "schemas" / name).read_text(encoding="utf-8")
    return json.loads(text)


def _validate(path: Path, root: Node, data: Any, schema_name: str) -> None:
    from reportlint.schemacheck import schema_errors

    for location, message in schema_errors(_schema(schema_name), data, root):
        raise PackError(message, path, location.line, location.column)


def _validated(path: Path, schema_name: str, cache_dir: Path | None,
               rules: bool = False) -> tuple[Any, list[int], bool]:
    """A pack file's data, validated against its schema (and, for rule files, check names and
    params), with the line of each rule; from the pack cache when the file is unchanged. The
    last item says whether it is a built-in file as shipped (packs/compiled.json)."""
    text = read_source(path, "rule file", PackError)
    raw = text.encode("utf-8")
    builtin = builtin_rules_dir()
    shipped = compiled.lookup(path, raw, schema_name, builtin)  # validated at build time
    if shipped is not None:
        return (*shipped, True)
    entry = _pack_cache_entry(cache_dir, path, raw, schema_name)
    if entry is not None:
        try:
            from reportlint.sealed import unseal

            cached = unseal(entry.name, entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cached = None
        # sealed with our key over this very name (path, schema and content): else parse and
        # validate again; a cache never decides that a rule does not exist
        lines = cached.get("lines") if isinstance(cached, dict) else None
        if isinstance(lines, list) and all(type(n) is int for n in lines) \
                and isinstance(cached.get("data"), dict):
            return cached["data"], cached["lines"], False
    from reportlint import yamlsource  # the built-in packs ship parsed and validated

    root = yamlsource.load_source(path, "rule file", PackError, text)
    if root is None:
        raise PackError("empty file", path)
    data = yamlsource.to_data(root)
    _validate(path, root, data, schema_name)
    lines = _check_rules(path, root, data) if rules else []
    compiled.record(path, raw, schema_name, builtin, data, lines)
    if entry is not None:
        _remember(entry, {"data": data, "lines": lines})
    return data, lines, False


def _pack_cache_entry(folder: Path | None, path: Path, raw: bytes, schema_name: str) -> Path | None:
    if folder is None:
        return None
    import hashlib

    from reportlint import __version__

    digest = hashlib.sha256(f"{__version__}\0{path.resolve()}\0{schema_name}\0".encode("utf-8", "surrogateescape"))
    digest.update(raw)
    return folder / "packs" / f"{digest.hexdigest()}.json"


def _remember(entry: Path, value: Any) -> None:
    from reportlint.sealed import seal

    text = seal(entry.name, value)
    if text is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        replace_file(entry, lambda stream: stream.write(text))
    except (OSError, ValueError):
        pass  # a cache that cannot be written costs time, never a result


@cache
def _real_folder(base: Path) -> str:
    return os.path.realpath(base)  # a pack folder, asked once for each of its files


def _check_inside(base: Path, target: Path, source: Path, line: int) -> Path:
    resolved = Path(os.path.realpath(target))  # a link loop is no crash: "not found" follows
    if not resolved.is_relative_to(_real_folder(base)):
        raise PackError(f"{target} is outside its pack folder {base}", source, line)
    return resolved


def load_template(path: Path, cache_dir: Path | None = None) -> Template:
    data, _, shipped = _validated(path, "template.schema.json", cache_dir)
    sections = []
    for item in data["sections"]:
        title = Label.of(item["title"])
        aliases = tuple(item.get("aliases", ()))
        keys = frozenset(title_key(split_heading(t)[1]) for t in (title.zh, *aliases))
        sections.append(SectionDef(item["id"], item["numeral"], title, aliases, keys))
    tables: dict[str, TableDef] = {}
    for item in data["tables"]:
        columns = tuple(
            ColumnDef(c["id"], Label.of(c["label"], c.get("en", "")), tuple(c.get("aliases", ())),
                      Label.of(c["group"], c.get("group_en", "")) if c.get("group") else None,
                      c.get("kind", "count"))
            for c in item["columns"]
        )
        all_columns = tuple(c.id for c in columns)
        rows = tuple(
            RowDef(r["id"], Label.of(r["label"], r.get("en", "")),
                   tuple(r.get("columns", all_columns)), tuple(r.get("aliases", ())),
                   bool(r.get("optional", False)), r.get("block", ""))
            for r in item["rows"]
        )
        for row in rows:
            unknown = set(row.columns) - set(all_columns)
            if unknown:
                raise PackError(f"row {row.id} names unknown columns {sorted(unknown)}", path)
        identities = tuple(
            IdentityDef(i["name"], i["across"], tuple(i["total"]), tuple(i["parts"]))
            for i in item.get("identities", ()))
        for identity in identities:
            known = [r.id for r in rows] if identity.across == "columns" else list(all_columns)
            unknown = set(identity.total + identity.parts) - set(known)
            if unknown:
                raise PackError(f"table {item['id']} identity {identity.name}: unknown "
                                f"{'rows' if identity.across == 'columns' else 'columns'} "
                                f"{sorted(unknown)}", path)
        tables[item["id"]] = TableDef(item["id"], item["section"], Label.of(item["title"]),
                                      columns, rows, item.get("note", ""), identities)
    foreign = {name: tuple(normalize(x) for x in labels)
               for name, labels in data.get("foreign_labels", {}).items()}
    template = Template(data["id"], Label.of(data["name"]), tuple(sections), tables, foreign,
                        data.get("recognition", {}), data.get("render") or {})
    if not shipped:  # a built-in layout was read when the package was built (tests/packs)
        from reportlint.layout import LayoutError

        try:
            template.render  # noqa: B018 - read now: a bad layout is an error of the pack
        except LayoutError as error:
            raise PackError(str(error), path) from None
    return template


def _check_rules(path: Path, root: Node, data: Any) -> list[int]:
    """Every rule names a built-in check with valid params; the line of each rule."""
    from reportlint import yamlsource
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


def _load_rules(path: Path, pack_id: str, cache_dir: Path | None) -> list[Rule]:
    data, lines, _ = _validated(path, "rules.schema.json", cache_dir, rules=True)
    return [Rule(item["code"], item["name"], item["severity"], item["check"], item.get("params", {}),
                 item["message"], item.get("doc", {}), str(path), line, pack_id,
                 item.get("examples", {}), Label.of(item["title"]) if "title" in item else None)
            for line, item in zip(lines, data["rules"], strict=True)]


_extending: list[Path] = []  # the packs being loaded, each extending the next (a cycle check)


@cache
def load_pack(directory: Path, cache_dir: Path | None = None) -> RulePack:
    """The pack in `directory`, once a process: a pack that two others extend is one object
    (one set of Rules), and the compiled packs share them too (packs/compiled.py)."""
    directory = directory.resolve()
    shipped = compiled.shipped_pack(directory, builtin_rules_dir())  # built when the package was
    if shipped is not None:
        return shipped
    if directory in _extending:
        raise PackError("pack extends itself (cycle)", directory / "pack.yaml")
    _extending.append(directory)
    try:
        return _load_pack(directory, cache_dir)
    finally:
        _extending.pop()


# Long: a pack's manifest, its parents' rules, its template, its rule files, in that order.
def _load_pack(directory: Path, cache_dir: Path | None) -> RulePack:
    manifest = directory / "pack.yaml"
    if not manifest.is_file():
        raise PackError("not a rule pack: no pack.yaml", directory)
    data, _, _ = _validated(manifest, "pack.schema.json", cache_dir)
    rules: list[Rule] = []
    template = None
    example = None
    for parent in data.get("extends", []):
        parent_dir = _check_inside(directory.parent, directory.parent / parent, manifest, 1)
        if not (parent_dir / "pack.yaml").is_file() and (builtin_rules_dir() / parent).is_dir():
            parent_dir = (builtin_rules_dir() / parent).resolve()  # a user's pack on a built-in one
        base = load_pack(parent_dir, cache_dir)
        excluded = set(data.get("exclude", ()))  # inherited rules this pack drops or redefines
        rules.extend(r for r in base.rules if r.code not in excluded)
        template = template or base.template
        example = example or base.example
    if data.get("example"):
        example = _example_path(directory, data["example"], manifest)
    if data.get("template"):
        template_path = _check_inside(directory, directory / data["template"], manifest, 1)
        own = load_template(template_path, cache_dir)
        if template is not None and not own.recognition:
            # how importers find title, date and contact is the same for a derived template
            own = replace(own, recognition=template.recognition)
        template = own
    elif template is not None:  # its own object: the engine finds a report's pack by its template
        template = replace(template)
    for rule_file in sorted(directory.glob("*.yaml")):
        if rule_file.name in ("pack.yaml", data.get("template", "template.yaml"),
                              data.get("example")):
            continue
        _check_inside(directory, rule_file, rule_file, 1)  # a link out of the pack is refused
        rules.extend(_load_rules(rule_file, data["id"], cache_dir))
    seen: dict[str, Rule] = {}
    for rule in rules:
        first = seen.setdefault(rule.code, rule)
        if (first.source, first.line) != (rule.source, rule.line):
            raise PackError(f"rule code {rule.code} is defined twice (also in "
                            f"{first.source}:{first.line})", rule.source, rule.line)
    return RulePack(data["id"], Label.of(data["name"]), directory, template,
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


def load_packs(directories: list[Path] | None = None, cache_dir: Path | None = None) -> PackSet:
    """The packs with a template in `directories` (each a pack, or a folder of packs), by
    default the built-in ones; packs without a template are bases that others extend."""
    roots = directories or [builtin_rules_dir()]
    packs = []
    for root in roots:
        candidates = [root] if (root / "pack.yaml").is_file() else sorted(root.iterdir())
        for candidate in candidates:
            if (candidate / "pack.yaml").is_file():
                pack = load_pack(candidate.resolve(), cache_dir)
                if pack.template is not None:
                    packs.append(pack)
    if not packs:
        raise PackError("no rule pack with a template found", roots[0])
    return PackSet(packs)


def build_compiled() -> tuple[str, bytes]:
    """The compiled form of the built-in packs, as this loader validates and builds them now:
    packs/compiled.json's text, then packs/compiled.pickle's bytes (the packs as built from that
    JSON). scripts/compile_packs.py writes them, tests/packs/test_compiled.py compares."""
    load_pack.cache_clear()
    try:
        with compiled.recording() as files:
            load_packs()
        with compiled.serving(files):
            builtin = builtin_rules_dir()
            packs = {folder.name: load_pack(folder.resolve())
                     for folder in sorted(builtin.iterdir()) if (folder / "pack.yaml").is_file()}
    finally:
        load_pack.cache_clear()
    return compiled.dump(files), compiled.dump_packs(packs, builtin.resolve())
