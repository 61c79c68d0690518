"""JSON Schema validation whose errors carry the source position of the offending node."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import islice

from reportlint import yamlsource
from reportlint.findings import shortened
from reportlint.labels import Label, did_you_mean
from reportlint.model import Span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_validators: dict[str, Any] = {}


def _validator(schema: dict[str, Any]) -> Any:
    import json  # only when something is invalid (a valid report never gets here)

    key = json.dumps(schema, sort_keys=True)
    validator = _validators.get(key)
    if validator is None:
        import jsonschema  # imported on first use: it costs ~100 ms

        cls = jsonschema.validators.validator_for(schema)
        validator = cls(schema, format_checker=_format_checker())
        _validators[key] = validator
    return validator


def _format_checker() -> Any:
    """`format: regex` compiled by the regex module the checks use (so a bad pattern in a pack
    or a config is an error at load time, with its position), and `format: date`."""
    import jsonschema

    from reportlint.patterns import problem

    checker = jsonschema.FormatChecker(formats=("date",))

    @checker.checks("regex", raises=ValueError)
    def is_regex(instance: object) -> bool:
        if isinstance(instance, str) and (why := problem(instance)) is not None:
            raise ValueError(why)
        return True

    return checker


def _path_text(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


_MAX_NAMED = 10  # unknown keys named in one message
# Violations listed for one file. A report has a few dozen places that can be wrong; a 5 MiB
# list of a million wrong items would otherwise be a million findings (5 GB, minutes).
MAX_VIOLATIONS = 100


def _describe(error: Any) -> str:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return _unknown_keys(error).en
    if error.validator == "format" and error.cause is not None:
        return f"{shortened(error.message)}: {error.cause}"
    return shortened(error.message)


def _located(schema: dict[str, Any], data: Any, root: yamlsource.Node | None
             ) -> Iterator[tuple[Span, Any | None, list[Any]]]:
    """(position, error, data path) for the first MAX_VIOLATIONS violations, in document
    order; past them one more, with error None, at the first one not listed."""
    found = list(islice(_validator(schema).iter_errors(data), MAX_VIOLATIONS + 1))
    listed = sorted(found[:MAX_VIOLATIONS], key=lambda e: [
        (0, part) if isinstance(part, int) else (1, str(part)) for part in e.absolute_path])
    for error in listed:
        yield _place(error, root)
    if len(found) > MAX_VIOLATIONS:
        span, _, path = _place(found[MAX_VIOLATIONS], root)
        yield span, None, path


def _place(error: Any, root: yamlsource.Node | None) -> tuple[Span, Any, list[Any]]:
    """(position, error, data path) of one violation: the best of its alternatives, at its
    node (an unknown key: at the key)."""
    import jsonschema

    if error.context:
        error = jsonschema.exceptions.best_match(error.context)
    path = list(error.absolute_path)
    node = yamlsource.node_at(root, path)
    span = node.span if node is not None else Span(1, 1)
    if error.validator == "additionalProperties" and isinstance(node, yamlsource.Mapping):
        allowed = error.schema.get("properties", {})
        extra = next((k for k in node.entries if k not in allowed), None)
        if extra is not None:
            span = node.key_span(extra)
    return span, error, path


def schema_errors(schema: dict[str, Any], data: Any, root: yamlsource.Node | None
                  ) -> Iterator[tuple[Span, str]]:
    """(position, message) for every violation, in document order."""
    for span, error, path in _located(schema, data, root):
        yield span, (_more_than_listed().en if error is None
                     else f"{_path_text(path)}: {_describe(error)}")


def schema_problems(schema: dict[str, Any], data: Any, root: yamlsource.Node | None,
                    forms: Mapping[str, Label] | None = None) -> Iterator[tuple[Span, Label]]:
    """As `schema_errors`, each said in Chinese and English with the form expected: `forms`
    maps a data path pattern (`meta.year`, `sections[].title`, `tables.*.*`) to how its value
    is written, e.g. 整数年份，如 2024."""
    for span, error, path in _located(schema, data, root):
        yield span, (_more_than_listed() if error is None
                     else describe_plainly(error, path, forms or {}))


def _more_than_listed() -> Label:
    return Label(f"还有更多不符合之处（共超过 {MAX_VIOLATIONS} 处），只列出前 {MAX_VIOLATIONS} 处",
                 f"more violations follow (over {MAX_VIOLATIONS} in all); only the first "
                 f"{MAX_VIOLATIONS} are listed")


_TYPES = {"integer": ("整数", "a whole number"), "number": ("数字", "a number"),
          "string": ("文字", "text"), "array": ("列表", "a list"),
          "object": ("映射（键: 值）", "a mapping (key: value)"), "null": ("空值", "empty (null)"),
          "boolean": ("true 或 false", "true or false")}


def _shown(value: Any) -> Label:
    if isinstance(value, dict):
        return Label("一个映射", "a mapping")
    if isinstance(value, list):
        return Label("一个列表", "a list")
    if value is None:
        return Label("空值", "empty")
    if isinstance(value, bool):
        return Label("true" if value else "false")
    text = str(value)
    text = text if len(text) <= 40 else text[:39] + "…"
    return Label(f"「{text}」", repr(text) if isinstance(value, str) else text)


def _pattern_of(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _form(forms: Mapping[str, Label], path: list[Any]) -> Label | None:
    import fnmatch

    pattern = _pattern_of(path)
    return next((label for key, label in forms.items() if fnmatch.fnmatchcase(pattern, key)), None)


def _should_be(where: str, form: str) -> str:
    """`meta.year 应为整数年份`, with a space before a form that starts in Latin letters."""
    return f"{where} 应为{' ' if form[:1].isascii() else ''}{form}"


def describe_plainly(error: Any, path: list[Any], forms: Mapping[str, Label]) -> Label:
    """One violation in both languages: where, what is expected (the form, with an example
    where one is known), and what was found."""
    where = _path_text(path)
    where_zh = "（整个文件）" if where == "(document)" else where
    found = _shown(error.instance)
    form = _form(forms, path)
    kind = error.validator
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = [_TYPES.get(t, (t, t)) for t in expected if t != "null"] or [_TYPES["null"]]
        zh = form.zh if form else "或".join(n[0] for n in names)
        en = form.en if form and form.en else " or ".join(n[1] for n in names)
        return Label(f"{_should_be(where_zh, zh)}，现为{found.zh}", f"{where}: expected {en}, found {found.en}")
    if kind == "enum":
        values = [str(v) for v in error.validator_value]
        zh = form.zh if form else "、".join(values)
        return Label(f"{_should_be(where_zh, '以下之一：')}{zh}，现为{found.zh}",
                     f"{where}: expected one of {', '.join(values)}, found {found.en}")
    if kind == "const":
        return Label(f"{_should_be(where_zh, str(error.validator_value))}，现为{found.zh}",
                     f"{where}: expected {error.validator_value}, found {found.en}")
    if kind == "required":
        missing = next((k for k in error.validator_value if k not in (error.instance or {})), "")
        form = _form(forms, [*path, missing])
        how = f"（{form.zh}）" if form else ""
        how_en = f" ({form.en})" if form and form.en else ""
        zh_where = "" if where == "(document)" else f"{where} "
        return Label(f"{zh_where}缺少必填的「{missing}」{how}",
                     f"{where}: '{missing}' is required{how_en}")
    if kind == "pattern":
        zh = form.zh if form else f"符合格式 {error.validator_value} 的文字"
        en = form.en if form and form.en else f"text matching {error.validator_value}"
        return Label(f"{_should_be(where_zh, zh)}，现为{found.zh}", f"{where}: expected {en}, found {found.en}")
    if kind in ("minimum", "maximum"):
        bound = error.validator_value
        zh, en = ("不小于", "at least") if kind == "minimum" else ("不大于", "at most")
        how = f"（{form.zh}）" if form else ""
        how_en = f" ({form.en})" if form and form.en else ""
        return Label(f"{where_zh} 应{zh} {bound}{how}，现为{found.zh}",
                     f"{where}: expected {en} {bound}{how_en}, found {found.en}")
    if kind == "minLength":
        return Label(f"{where_zh} 不能为空", f"{where}: must not be empty")
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        keys = _unknown_keys(error)
        return Label(("" if where == "(document)" else f"{where_zh}：") + keys.zh, f"{where}: {keys.en}")
    return Label(f"{where_zh} 不符合报告数据格式（{error.message}）", f"{where}: {_describe(error)}")


def _unknown_keys(error: Any) -> Label:
    allowed = list(error.schema.get("properties", {}))
    extras = [k for k in error.instance if k not in allowed]
    zh, en = [], []
    for extra in extras[:_MAX_NAMED]:
        hint = did_you_mean(extra, allowed)
        zh.append(f"未知的键「{extra}」{hint.zh}")
        en.append(f"unknown key {extra!r}{hint.en}")
    if len(extras) > _MAX_NAMED:  # a generated file with 200 000 keys: one readable line
        zh.append(f"……另有 {len(extras) - _MAX_NAMED} 个未知的键")
        en.append(f"… {len(extras) - _MAX_NAMED} more unknown keys")
    return Label("；".join(zh) + f"；可用的键：{'、'.join(allowed)}",
                 "; ".join(en) + f"; allowed: {', '.join(allowed)}")


describe_error = _describe  # for other schemas' validators (config) that locate errors themselves
