"""JSON Schema validation whose errors carry the source position of the offending node."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from reportlint import yamlsource
from reportlint.model import Span

_validators: dict[str, Any] = {}


def _validator(schema: dict[str, Any]) -> Any:
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


def _describe(error: Any) -> str:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        hints = []
        for extra in extras[:_MAX_NAMED]:
            import difflib  # only an invalid file gets here

            close = difflib.get_close_matches(extra, allowed, n=1)
            hints.append(f"unknown key {extra!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        if len(extras) > _MAX_NAMED:  # a generated file with 200 000 keys: one readable line
            hints.append(f"… {len(extras) - _MAX_NAMED} more unknown keys")
        return "; ".join(hints) + f"; allowed: {', '.join(allowed)}"
    if error.validator == "format" and error.cause is not None:
        return f"{error.message}: {error.cause}"
    return error.message


def schema_errors(schema: dict[str, Any], data: Any, root: yamlsource.Node | None
                  ) -> Iterator[tuple[Span, str]]:
    """(position, message) for every violation, in document order."""
    import jsonschema

    validator = _validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
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
        yield span, f"{_path_text(path)}: {_describe(error)}"


describe_error = _describe  # for other schemas' validators (config) that locate errors themselves
