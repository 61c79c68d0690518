"""YAML (and JSON) to a tree of positioned nodes, safely.

libyaml's C composer builds the node tree, with start and end marks; one walk over it builds
our nodes, so that:
- every node keeps its start and end position;
- a duplicate key is reported, not silently overwritten (the composer keeps every pair);
- aliases are refused (report data has no use for them, and they are how "billion laughs"
  bombs work), nesting depth is bounded (libyaml stops at 1000 levels, the walk at 64);
- tags are never resolved to Python objects: the composer's resolver is switched off and
  scalars are typed by a small YAML 1.2 core resolver, so `yes` stays a string and `010` is
  not octal.
A refused document is scanned once more as events, to say exactly where the first refused
construct stands. A file that does not parse reports its syntax error alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode

from reportlint import i18n
from reportlint.codes import DUPLICATE_KEY, SYNTAX_ERROR, TOO_MANY_PARTS, UNSAFE_YAML
from reportlint.errors import SourceError, read_source
from reportlint.findings import Hit
from reportlint.model import LazySpan, Span, Text
from reportlint.records import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

try:
    from yaml.cyaml import CParser as _Base
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.loader import SafeLoader as _Base

MAX_DEPTH = 64

MAX_INT_DIGITS = 300
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOATS = {
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {None, "!", _STR_TAG, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
               "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:map",
               "tag:yaml.org,2002:seq"}


class _Composer(_Base):  # type: ignore[misc,valid-type]
    """libyaml's composer with PyYAML's tag resolution off: an untagged (or `!`) node gets
    tag None, an explicit tag stays as written, so the walk can tell `!!str 12` from `12`."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> None:
        return None

    # The composer calls these two around every node, for path-based resolvers we do not have:
    # built-ins that take the same arguments and do nothing cost a fraction of a Python
    # function's call (`{}.get(parent, index)` looks the parent up in an empty dict; `tuple()`
    # is the empty tuple). Neither is a descriptor, so neither is bound to the loader.
    descend_resolver = {}.get
    ascend_resolver = tuple


class Node:
    """A node and where it stands; the span is built when asked for (most never are)."""

    __slots__ = ("_end", "_span", "_start")

    def __init__(self, start: Any, end: Any) -> None:
        self._start, self._end, self._span = start, end, None

    @property
    def span(self) -> Span:
        if self._span is None:
            start, end = self._start, self._end
            self._span = Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        return self._span

    def lazy_span(self) -> Span:
        """The span, worked out only when read: for the many values (table cells) whose
        place only a finding would read (model.LazySpan)."""
        return self._span or LazySpan(_span, self._start, self._end)


class Scalar(Node):
    __slots__ = ("_lines", "raw", "style", "value")

    def __init__(self, start: Any, end: Any, value: Any, raw: str, style: str | None,
                 lines: _Lines) -> None:
        self._start, self._end, self._span = start, end, None
        self.value, self.raw, self.style, self._lines = value, raw, style, lines

    @property
    def anchors(self) -> tuple[tuple[int, int, int], ...]:
        """(offset in the value, line, column) wherever the value continues on a new line."""
        if not isinstance(self.value, str):
            return ()
        return _anchors(self._start, self._end, self.style, self.raw, self._lines)

    def text(self, path: str) -> Text:
        return Text(self.raw, self.span, path, self.anchors)


class Mapping(Node):
    """`entries` by key, and `data`: the same as plain data, made by the walk (`to_data`)."""

    __slots__ = ("data", "entries")

    def __init__(self, start: Any, end: Any, entries: dict[str, tuple[Scalar, Node]],
                 data: dict[str, Any]) -> None:
        self._start, self._end, self._span = start, end, None
        self.entries, self.data = entries, data

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None

    def key_span(self, key: str) -> Span:
        entry = self.entries.get(key)
        return entry[0].span if entry else self.span


class Sequence(Node):
    __slots__ = ("data", "items")

    def __init__(self, start: Any, end: Any, items: list[Node], data: list[Any]) -> None:
        self._start, self._end, self._span = start, end, None
        self.items, self.data = items, data


class _Lines:
    """The source's lines, split only when a multi-line scalar needs them."""

    __slots__ = ("_lines", "_text")

    def __init__(self, text: str) -> None:
        self._text, self._lines = text, None

    def get(self) -> list[str]:
        if self._lines is None:
            self._lines = self._text.split("\n")
        return self._lines


def _anchors(start: Any, end: Any, style: str | None, value: str, lines: _Lines
             ) -> tuple[tuple[int, int, int], ...]:
    quote = 1 if style in ("'", '"') else 0
    if start.line == end.line or ("\n" not in value and style not in ("|", ">")):
        return ((0, start.line + 1, start.column + 1 + quote),)
    source = lines.get()
    anchors: list[tuple[int, int, int]] = []
    offset = 0
    first = start.line + 1 if style in ("|", ">") else start.line
    for number in range(first, min(end.line + 1, len(source))):
        line = source[number].rstrip("\r")
        if number == start.line:
            line = line[start.column + quote :]
            indent = start.column + quote
        else:
            stripped = line.lstrip(" \t")
            indent = len(line) - len(stripped)
            line = stripped
        if not line:
            continue
        found = value.find(line[: min(len(line), 12)], offset)
        if found < 0:
            continue
        anchors.append((found, number + 1, indent + 1))
        offset = found + 1
    return tuple(anchors) or ((0, start.line + 1, start.column + 1),)


@record(slots=True)
class Composed:
    root: Node | None
    problems: list[Hit]


def _span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


# A plain scalar that starts with none of these is a string (most keys and words).
_NOT_ALWAYS_STR = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(raw: str) -> Any:
    if raw in _NULLS:
        return None
    if raw in _BOOLS:
        return _BOOLS[raw]
    if _INT.match(raw):
        # int() refuses over 4300 digits (ValueError); no count, year or limit is that long,
        # so such a run of digits stays the text it is (RL310 in a cell, a schema error else)
        return int(raw) if len(raw) <= MAX_INT_DIGITS + 1 else raw
    if _FLOAT.match(raw) and any(ch.isdigit() for ch in raw):
        return float(raw)
    if raw in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[raw]
    return raw


class _Refused(Exception):
    """A construct the walk does not accept; `_first_refusal` says where it stands."""


class _Walk:
    """One pass over the composer's node tree, in document order."""

    def __init__(self, text: str, max_depth: int) -> None:
        self.lines = _Lines(text)
        self.max_depth = max_depth
        self.problems: list[Hit] = []
        # Only a document with an anchor (&) can hold an alias: a node met twice.
        self.seen: set[int] | None = set() if "&" in text else None

    def node(self, source: Any, depth: int) -> Node:
        if self.seen is not None:
            if id(source) in self.seen:
                raise _Refused
            self.seen.add(id(source))
        tag = source.tag
        if tag is not None and tag not in _PLAIN_TAGS:
            raise _Refused
        kind = type(source)
        if kind is ScalarNode:
            return _scalar(source, tag, self.lines)
        if depth >= self.max_depth:
            raise _Refused
        depth += 1
        # An untagged scalar in a document without anchors (nearly every value: a report's
        # cells) needs none of the checks of `node` and `key`: it is made here directly.
        plain = self.seen is None
        lines = self.lines
        # The plain data (for the schema) is made in the same pass: a value's, or the data of
        # the collection below it.
        if kind is MappingNode:
            entries: dict[str, tuple[Scalar, Node]] = {}
            data: dict[str, Any] = {}
            for key_source, value_source in source.value:
                key = _key_scalar(key_source, lines) if plain and key_source.tag is None \
                    and type(key_source) is ScalarNode else self.key(key_source)
                value = _scalar(value_source, None, lines) if plain and value_source.tag is None \
                    and type(value_source) is ScalarNode else self.node(value_source, depth)
                name = key.raw
                if name in entries:
                    self.problems.append(Hit(key.span, code=DUPLICATE_KEY, args={
                        "key": name, "first_line": entries[name][0].span.line}))
                    continue
                entries[name] = (key, value)
                data[name] = value.value if type(value) is Scalar else value.data  # type: ignore[union-attr]
            return Mapping(source.start_mark, source.end_mark, entries, data)
        items: list[Node] = []
        values: list[Any] = []
        for child in source.value:
            if plain and child.tag is None and type(child) is ScalarNode:
                item = _scalar(child, None, lines)
                values.append(item.value)
            else:
                item = self.node(child, depth)
                values.append(item.value if type(item) is Scalar else item.data)  # type: ignore[union-attr]
            items.append(item)
        return Sequence(source.start_mark, source.end_mark, items, values)

    def key(self, source: Any) -> Scalar:
        """A mapping key: a scalar, named by its text as written (`2023:` is the key "2023"),
        so its value is never resolved; refused as `node` refuses it, and when a collection.
        The alias and tag checks are `node`'s, written out: both run once per node."""
        if self.seen is not None:
            if id(source) in self.seen:
                raise _Refused
            self.seen.add(id(source))
        tag = source.tag
        if type(source) is not ScalarNode or (tag is not None and tag not in _PLAIN_TAGS):
            raise _Refused
        return _key_scalar(source, self.lines)


def _scalar(source: Any, tag: str | None, lines: _Lines) -> Scalar:
    """A value's scalar: resolved (`12` is a number) unless quoted or tagged a string."""
    raw, style = source.value, source.style
    if style or tag == _STR_TAG or (raw[:1] not in _NOT_ALWAYS_STR and raw):
        value = raw  # quoted, tagged a string, or a plain word (most keys and texts)
    elif raw.isascii() and raw.isdigit() and len(raw) <= MAX_INT_DIGITS:  # most values: a count
        value = int(raw)
    else:
        value = resolve_plain(raw)
    return Scalar(source.start_mark, source.end_mark, value, raw, style, lines)


def _key_scalar(source: Any, lines: _Lines) -> Scalar:
    """A key's scalar: named by its text as written, never resolved."""
    raw = source.value
    return Scalar(source.start_mark, source.end_mark, raw, raw, source.style, lines)


def _first_refusal(text: str, max_depth: int) -> Hit | None:
    """The first construct refused in document order, at the span of its event: an alias, a
    foreign tag, a collection deeper than `max_depth`, a collection as a mapping key, or a
    second document. None when there is none before the end or a syntax error."""
    loader = _Base(text)
    open_: list[list[Any]] = []  # per open collection: [is a mapping, children done, start mark]
    documents = 0
    try:
        while (event := loader.get_event()) is not None:
            kind = type(event)
            span = _span(event.start_mark, event.end_mark)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return Hit(span, code=SYNTAX_ERROR, args={"problem": i18n.MORE_THAN_ONE_DOCUMENT})
            elif kind is yaml.AliasEvent:
                return Hit(span, code=UNSAFE_YAML, args={"problem": i18n.ALIASES})
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                start = open_.pop()[2]
                if open_ and open_[-1][0] and open_[-1][1] % 2 == 0:
                    return Hit(_span(start, event.end_mark), code=SYNTAX_ERROR,
                               args={"problem": i18n.KEY_NOT_PLAIN})
                if open_:
                    open_[-1][1] += 1
            elif kind in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if event.tag not in _PLAIN_TAGS:
                    return Hit(span, code=UNSAFE_YAML,
                               args={"problem": i18n.tag_not_allowed(str(event.tag))})
                if kind is yaml.ScalarEvent:
                    if open_:
                        open_[-1][1] += 1
                elif len(open_) >= max_depth:
                    return Hit(span, code=UNSAFE_YAML, args={"problem": i18n.too_deep(max_depth)})
                else:
                    open_.append([kind is yaml.MappingStartEvent, 0, event.start_mark])
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _char_at(text: str, mark: Any) -> str | None:
    """The character a parser error points at (a tab, an @), to name it in the message."""
    index = getattr(mark, "index", None)
    if isinstance(index, int) and 0 <= index < len(text):
        return text[index]
    return None


def _syntax_error(text: str, error: yaml.YAMLError, max_depth: int) -> Hit:
    if not isinstance(error, yaml.MarkedYAMLError):
        return Hit(Span(1, 1), code=SYNTAX_ERROR, args={"problem": i18n.yaml_problem(str(error))})
    mark = error.problem_mark or error.context_mark
    span = Span(mark.line + 1, mark.column + 1) if mark else Span(1, 1)
    problem = error.problem or str(error)
    if "nesting depth" in problem:
        return Hit(span, code=UNSAFE_YAML, args={"problem": i18n.too_deep(max_depth)})
    if "duplicate anchor" in (error.context or ""):  # libyaml's composer refuses it
        first = error.context_mark.line + 1 if error.context_mark else None
        return Hit(span, code=SYNTAX_ERROR, args={"problem": i18n.anchor_twice(first)})
    at = _char_at(text, mark) if error.problem_mark else None
    return Hit(span, code=SYNTAX_ERROR, args={"problem": i18n.yaml_problem(problem, error.context, at)})


# Values (scalars and collections) in one document: a report holds about a thousand, the
# largest shipped rule pack a few thousand. libyaml alone takes 10 s and 800 MB to compose the
# 2.6 million values of a 5 MiB `[1,1,1,…]`, so they are counted before anything is built.
MAX_VALUES = 100_000


def _value_past(text: str, limit: int) -> Hit | None:
    """RL034 at the first value past `limit`, or None. Every value takes at least two
    characters (`1,`, `- `), so a shorter text is not even counted."""
    if len(text) <= 2 * limit:
        return None
    loader = _Base(text)
    count = 0
    try:
        while (event := loader.get_event()) is not None:
            if type(event) in _VALUE_EVENTS:
                count += 1
                if count > limit:
                    return Hit(_span(event.start_mark, event.end_mark), code=TOO_MANY_PARTS,
                               args={"what": i18n.DATA_VALUES, "limit": limit})
    except yaml.YAMLError:
        return None  # the composer says what is wrong, and where
    finally:
        loader.dispose()
    return None


_VALUE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
                 yaml.AliasEvent)


def compose(text: str, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES) -> Composed:
    """Parse one YAML (or JSON) document into positioned nodes, with problems as RL0xx hits."""
    if (too_many := _value_past(text, max_values)) is not None:
        return Composed(None, [too_many])
    loader = _Composer(text)
    try:
        source = loader.get_node() if loader.check_node() else None
        more = source is not None and loader.check_node()
    except yaml.YAMLError as error:
        return Composed(None, [_first_refusal(text, max_depth) or _syntax_error(text, error, max_depth)])
    finally:
        loader.dispose()
    walk = _Walk(text, max_depth)
    try:
        root = walk.node(source, 0) if source is not None else None
    except _Refused:
        refusal = _first_refusal(text, max_depth)
        assert refusal is not None
        return Composed(None, [*walk.problems, refusal])
    if more:  # the first document is kept; the second is refused
        second = _first_refusal(text, max_depth)
        assert second is not None
        walk.problems.append(second)
    return Composed(root, walk.problems)


def to_data(node: Node | None) -> Any:
    """Plain Python data of a node tree (for JSON Schema validation, a config, a pack), as the
    walk made it: shared with the tree, not a copy."""
    if node is None:
        return None
    return node.value if isinstance(node, Scalar) else node.data  # type: ignore[attr-defined]


def node_at(root: Node | None, path: list[Any]) -> Node | None:
    """The deepest node along a JSON-pointer-like path (what a schema error points at)."""
    node = root
    for part in path:
        if isinstance(node, Mapping) and isinstance(part, str) and part in node.entries:
            node = node.entries[part][1]
        elif isinstance(node, Sequence) and isinstance(part, int) and part < len(node.items):
            node = node.items[part]
        else:
            break
    return node


# --- files reportlint needs: rule packs, configs ---------------------------------------------


def load_source(path: Path, what: str, error: type[SourceError] = SourceError,
                text: str | None = None) -> Node | None:
    """A YAML file reportlint needs, as positioned nodes (None when it is empty); its first
    syntax problem (a duplicate key, an alias, a tag…) is an `error` at its line and column."""
    composed = compose(read_source(path, what, error) if text is None else text)
    if composed.problems:
        first = composed.problems[0]
        detail = first.args.get("problem") or (
            f"more than {first.args['limit']} values" if first.code == TOO_MANY_PARTS
            else f"duplicate key {first.args.get('key')!r}")
        detail = getattr(detail, "en", detail)  # config and pack errors are in English for now
        raise error(f"invalid YAML: {detail}", path, first.span.line, first.span.column)
    return composed.root
