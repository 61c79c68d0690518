"""YAML (and JSON) to a tree of positioned nodes, safely.

Built from libyaml's event stream rather than PyYAML's constructor, so that:
- every node keeps its start and end position;
- a duplicate key is reported, not silently overwritten;
- aliases are refused (report data has no use for them, and they are how "billion laughs"
  bombs work), nesting depth is bounded, and the walk is iterative (no RecursionError);
- tags are never resolved to Python objects: scalars are typed by a small YAML 1.2 core
  resolver, so `yes` stays a string and `010` is not octal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from reportlint import i18n
from reportlint.findings import Hit
from reportlint.model import Span, Text

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_DEPTH = 64

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


@dataclass(slots=True)
class Node:
    span: Span


@dataclass(slots=True)
class Scalar(Node):
    value: Any
    raw: str
    style: str | None
    anchors: tuple[tuple[int, int, int], ...] = ()

    def text(self, path: str) -> Text:
        return Text(self.raw, self.span, path, self.anchors)


@dataclass(slots=True)
class Mapping(Node):
    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None

    def key_span(self, key: str) -> Span:
        entry = self.entries.get(key)
        return entry[0].span if entry else self.span


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Composed:
    root: Node | None
    problems: list[Hit]


def _span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def resolve_plain(raw: str) -> Any:
    if raw in _NULLS:
        return None
    if raw in _BOOLS:
        return _BOOLS[raw]
    if _INT.match(raw):
        return int(raw)
    if _FLOAT.match(raw) and any(ch.isdigit() for ch in raw):
        return float(raw)
    if raw in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[raw]
    return raw


class _Lines:
    """Source lines, split only when a multi-line scalar needs them."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None

    def get(self) -> list[str]:
        if self._lines is None:
            self._lines = self._text.split("\n")
        return self._lines


def _anchors(event: Any, value: str, lines: _Lines) -> tuple[tuple[int, int, int], ...]:
    start, end = event.start_mark, event.end_mark
    quote = 1 if event.style in ("'", '"') else 0
    if start.line == end.line or ("\n" not in value and event.style not in ("|", ">")):
        return ((0, start.line + 1, start.column + 1 + quote),)
    source = lines.get()
    anchors: list[tuple[int, int, int]] = []
    offset = 0
    first = start.line + 1 if event.style in ("|", ">") else start.line
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


def _char_at(text: str, mark: Any) -> str | None:
    """The character a parser error points at (a tab, an @), to name it in the message."""
    index = getattr(mark, "index", None)
    if isinstance(index, int) and 0 <= index < len(text):
        return text[index]
    return None


def compose(text: str, max_depth: int = MAX_DEPTH) -> Composed:
    """Parse one YAML (or JSON) document into positioned nodes, with problems as RL0xx hits."""
    problems: list[Hit] = []
    lines = _Lines(text)
    loader = _Loader(text)
    stack: list[Mapping | Sequence] = []
    pending_key: list[Scalar | None] = []
    root: Node | None = None
    documents = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(Hit(_span(event.start_mark, event.end_mark), code="RL002",
                                        args={"problem": i18n.MORE_THAN_ONE_DOCUMENT}))
                    break
                continue
            if kind is yaml.AliasEvent:
                problems.append(Hit(_span(event.start_mark, event.end_mark), code="RL005",
                                    args={"problem": i18n.ALIASES}))
                return Composed(None, problems)
            if kind in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                tag = getattr(event, "tag", None)
                if tag not in _PLAIN_TAGS:
                    problems.append(Hit(_span(event.start_mark, event.end_mark), code="RL005",
                                        args={"problem": i18n.tag_not_allowed(str(tag))}))
                    return Composed(None, problems)
            if kind is yaml.ScalarEvent:
                raw = event.value
                plain = event.style is None or event.style == ""
                value = resolve_plain(raw) if plain and tag != _STR_TAG else raw
                anchors = _anchors(event, raw, lines) if isinstance(value, str) else ()
                node: Node = Scalar(_span(event.start_mark, event.end_mark), value, raw,
                                    event.style, anchors)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= max_depth:
                    problems.append(Hit(_span(event.start_mark, event.end_mark), code="RL005",
                                        args={"problem": i18n.too_deep(max_depth)}))
                    return Composed(None, problems)
                span = _span(event.start_mark, event.end_mark)
                container: Mapping | Sequence = (Mapping(span) if kind is yaml.MappingStartEvent
                                                 else Sequence(span))
                stack.append(container)
                pending_key.append(None)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = stack.pop()
                pending_key.pop()
                start = node.span
                node.span = Span(start.line, start.column, event.end_mark.line + 1,
                                 event.end_mark.column + 1)
            else:
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if isinstance(parent, Sequence):
                parent.items.append(node)
                continue
            key = pending_key[-1]
            if key is None:
                if not isinstance(node, Scalar):
                    problems.append(Hit(node.span, code="RL002",
                                        args={"problem": i18n.KEY_NOT_PLAIN}))
                    return Composed(None, problems)
                pending_key[-1] = node
                continue
            pending_key[-1] = None
            name = key.raw
            if name in parent.entries:
                first = parent.entries[name][0].span
                problems.append(Hit(key.span, code="RL003",
                                    args={"key": name, "first_line": first.line}))
                continue
            parent.entries[name] = (key, node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        span = Span(mark.line + 1, mark.column + 1) if mark else Span(1, 1)
        problem = error.problem or str(error)
        if "nesting depth" in problem:
            problems.append(Hit(span, code="RL005", args={"problem": i18n.too_deep(max_depth)}))
            return Composed(None, problems)
        at = _char_at(text, mark) if error.problem_mark else None
        problems.append(Hit(span, code="RL002",
                            args={"problem": i18n.yaml_problem(problem, error.context, at)}))
        return Composed(None, problems)
    except yaml.YAMLError as error:
        problems.append(Hit(Span(1, 1), code="RL002", args={"problem": i18n.yaml_problem(str(error))}))
        return Composed(None, problems)
    finally:
        loader.dispose()
    return Composed(root, problems)


def to_data(node: Node | None) -> Any:
    """Plain Python data of a node tree (for JSON Schema validation)."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    # Iterative so that depth never costs Python stack.
    root_holder: list[Any] = [None]
    work: list[tuple[Node, Any, Any]] = [(node, root_holder, 0)]
    while work:
        current, target, slot = work.pop()
        if isinstance(current, Scalar):
            target[slot] = current.value
        elif isinstance(current, Mapping):
            out: dict[str, Any] = {}
            target[slot] = out
            for name, (_, child) in current.entries.items():
                out[name] = None
                work.append((child, out, name))
        else:
            items: list[Any] = [None] * len(current.items)  # type: ignore[union-attr]
            target[slot] = items
            for index, child in enumerate(current.items):  # type: ignore[union-attr]
                work.append((child, items, index))
    return root_holder[0]


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
