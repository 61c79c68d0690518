"""The event-stream composer reportlint used before issue 17, kept as the oracle that the
C-composer walk in reportlint.yamlsource must agree with (positions, values, problems)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from reportlint import i18n
from reportlint.findings import Hit
from reportlint.model import Span
from reportlint.yamlsource import _PLAIN_TAGS, _STR_TAG, MAX_DEPTH, Composed, _anchors, _Lines, resolve_plain

_Loader = yaml.CSafeLoader


@dataclass(slots=True)
class Node:
    span: Span


@dataclass(slots=True)
class Scalar(Node):
    value: Any
    raw: str
    style: str | None
    anchors: tuple[tuple[int, int, int], ...] = ()


@dataclass(slots=True)
class Mapping(Node):
    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)




def _span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


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
                anchors = (_anchors(event.start_mark, event.end_mark, event.style, raw, lines)
                           if isinstance(value, str) else ())
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


def dump(composed: Any) -> Any:
    """Everything a composed document holds (old or new nodes), as plain comparable data."""

    def node(item: Any) -> Any:
        kind = type(item).__name__
        if item is None:
            return None
        if kind == "Scalar":
            value = "nan" if isinstance(item.value, float) and item.value != item.value else item.value
            return ["scalar", item.span, type(item.value).__name__, value, item.raw, item.style,
                    item.anchors]
        if kind == "Mapping":
            # a key is its text and place: its value is not resolved (`_Walk.key`), nor read
            return ["mapping", item.span,
                    [[name, ["key", key.span, key.raw, key.style], node(value)]
                     for name, (key, value) in item.entries.items()]]
        assert kind == "Sequence", kind
        return ["sequence", item.span, [node(child) for child in item.items]]

    problems = [(p.code, p.span, sorted(p.args.items())) for p in composed.problems]
    return node(composed.root), problems
