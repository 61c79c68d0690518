"""Prose against tables: numbers the text states, compared with the cells they refer to.

Which phrases count what is pack data: a claim has regex patterns (the `regex` library) in
which `{n}` stands for the number (or `{p}` for a percentage) and targets naming table cells
by template ids. The check knows only numbers, sums and spans.

A target is a sum over rows x columns. When a cell of `columns` is blank (e.g. a 总计 column
left empty) the `fallback` columns are summed instead. When blanks remain, the sum of the
published numbers is only a lower bound: the claim is contradicted only if it is below it, since
a blank is never read as 0. Approximate numbers ("300余件", "近百件") are never compared.
Whitespace is ignored when matching (PDF text breaks lines inside phrases), and positions are
mapped back to the published text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache, lru_cache

import regex

from reportlint.checks._base import check
from reportlint.checks._prose import Compact, compact, parse_number, scoped_texts, table_name
from reportlint.findings import Hit
from reportlint.labels import Label
from reportlint.model import NUMBER, Report
from reportlint.patterns import Bounded, compiled
from reportlint.records import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_LABEL = {"oneOf": [{"type": "string"}, {
    "type": "object", "required": ["zh"], "additionalProperties": False,
    "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}}]}
_IDS = {"type": "array", "minItems": 1, "items": {"type": "string"}}
_REGEXES = {"type": "array", "minItems": 1, "items": {"type": "string", "format": "regex"}}
_TARGET = {
    "type": "object", "additionalProperties": False, "required": ["table", "rows", "columns"],
    "properties": {"table": {"type": "string"}, "rows": _IDS, "columns": _IDS,
                   "fallback": {**_IDS, "description": "Columns summed when a `columns` cell "
                                                       "is not a number."}},
}
_SHARED = {
    "number": {"type": "string", "format": "regex", "description": "Regex of one number (arabic or Chinese)."},
    "approximate": {"type": "object", "additionalProperties": False, "properties": {
        "before": {"type": "string", "format": "regex"},
        "after": {"type": "string", "format": "regex"}},
        "description": "Regexes of the words that make a number approximate (近, 余, 多…)."},
    "scope": {"type": "array", "items": {"type": "string"},
              "description": "Where to look: `intro` and/or section ids; default all prose."},
}

OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["number", "claims"],
    "properties": {**_SHARED, "claims": {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False,
        "required": ["what", "patterns", "targets"],
        "properties": {
            "what": _LABEL,
            "patterns": {**_REGEXES, "description": "Regexes with `{n}` where the number stands."},
            "targets": {"type": "array", "minItems": 1, "items": _TARGET,
                        "description": "The claim holds if it agrees with any of them."},
            "op": {"enum": ["==", "<="], "description": "claim op target (default ==)."},
            "scale": {"type": "number", "description": "Multiply the claim first (units)."},
        }}}},
}

ZERO_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["claims"],
    "properties": {**_SHARED, "claims": {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": ["what", "patterns"],
        "properties": {
            "what": _LABEL,
            "patterns": {**_REGEXES, "description": "Regexes of the 'nothing happened' phrase."},
            "cells": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["table"],
                "properties": {"table": {"type": "string"}, "rows": _IDS, "columns": _IDS}},
                "description": "Cells that must then be 0 (all rows/columns if not named)."},
            "conflicts": {**_REGEXES, "description": "Regexes with `{n}`: prose stating a "
                                                  "non-zero amount of the same thing."},
        }}}},
}

PERCENT_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["number", "claims"],
    "properties": {**_SHARED, "claims": {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False,
        "required": ["what", "patterns", "numerator", "denominators"],
        "properties": {
            "what": _LABEL,
            "patterns": {**_REGEXES, "description": "Regexes with `{p}` where the percentage stands."},
            "numerator": _TARGET,
            "denominators": {"type": "array", "minItems": 1, "items": _TARGET},
        }}}},
}

DEFAULT_NUMBER = r"[0-9]+(?:\.[0-9]+)?"  # a number, unless the rule's `number` says otherwise


@cache
def with_number(pattern: str, number: str, after: str) -> Bounded:
    """A claim's pattern, its `{n}` (or `{p}`) the number and the approximate words after it."""
    slot = f"(?P<n>{number})" + (f"(?P<approx_after>{after})?" if after else "")
    return compiled(pattern.replace("{n}", slot).replace("{p}", slot))


def look_back(before: str) -> Bounded:
    """The approximate words before a number (近, 约…), matched back from the number: only as
    far as the words need, not from the start of the text."""
    return compiled(f"(?<=(?:{before}))")


@lru_cache(maxsize=1024)
def _searches(patterns: tuple[str, ...], number: str, before: str, after: str
              ) -> tuple[Bounded | None, tuple[Bounded, ...]]:
    """The look-back of the approximate words, and each pattern with its number: once per
    claim of a pack, not once per claim of every report."""
    return (look_back(before) if before else None,
            tuple(with_number(pattern, number, after) for pattern in patterns))


def flat_texts(report: Report, params: Mapping[str, Any]) -> list[Compact]:
    """The scoped prose, compacted: what every claim of a rule is looked for in."""
    return [compact(text) for text in scoped_texts(report, params.get("scope"))]


def find_numbers(report: Report, params: Mapping[str, Any], patterns: Sequence[str],
                 flats: list[Compact] | None = None
                 ) -> Iterator[tuple[Compact, regex.Match[str], float | int]]:
    """Every exact number the patterns find in the scoped prose (approximate ones skipped);
    `flats` is that prose when the caller has it (`flat_texts`)."""
    approx = params.get("approximate", {})
    before, searches = _searches(tuple(patterns), params.get("number", DEFAULT_NUMBER),
                                 approx.get("before", ""), approx.get("after", ""))
    for flat in flat_texts(report, params) if flats is None else flats:
        value_text = flat.value
        for search in searches:
            for match in search.finditer(value_text):
                if match.groupdict().get("approx_after") or (
                        before and before.match(value_text, match.start("n"))):
                    continue
                value = parse_number(match.group("n"))
                if value is not None:
                    yield flat, match, value


@record(frozen=True)
class Sum:
    value: float
    complete: bool  # False: some cell was blank, so `value` is only a lower bound
    label: Label


def _label(report: Report, target: Mapping[str, Any], columns: Sequence[str]) -> Label:
    template = report.template
    title = table_name(report, target["table"])
    rows = [template.label(target["table"], row=r) for r in target["rows"]]
    definition = template.tables.get(target["table"])
    found = [definition.column(c) if definition else None for c in columns]
    cols = [c.label if c is not None else Label(n) for c, n in zip(found, columns, strict=True)]
    if len({c.zh for c in cols}) < len(cols):  # 总计 of 复议, 直接起诉…: name the groups too
        cols = [c.full_label if c is not None else Label(n)
                for c, n in zip(found, columns, strict=True)]
    zh = "+".join(f"「{r.zh}」" for r in rows) + "（" + "+".join(c.zh for c in cols) + "）"
    en = " + ".join(r.en or r.zh for r in rows) + \
        " (" + " + ".join(c.en or c.zh for c in cols) + ")"
    return Label(f"{title.zh}{zh}", f"{title.en} {en}")


def evaluate(report: Report, target: Mapping[str, Any]) -> Sum | None:
    """The target's sum; None when its table or a row is missing or nothing is a number."""
    table = report.tables.get(target["table"])
    if table is None or any(r not in table.rows for r in target["rows"]):
        return None
    best: Sum | None = None
    for columns in (target["columns"], target.get("fallback")):
        if not columns:
            continue
        cells = [table.cell(r, c) for r in target["rows"] for c in columns]
        numbers = [c.value for c in cells
                   if c is not None and c.kind == NUMBER and c.value is not None]
        if not numbers:
            continue
        found = Sum(float(sum(numbers)), len(numbers) == len(cells),
                    _label(report, target, columns))
        if found.complete:
            return found
        if best is None or found.value > best.value:
            best = found
    return best


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


_OPS = {"==": lambda a, b: abs(a - b) < 1e-9, "<=": lambda a, b: a <= b + 1e-9}


def _agrees(claim: float, found: Sum, op: str) -> bool:
    if found.complete:
        return _OPS[op](claim, found.value)
    # A lower bound: only a claim below it (for ==) is certainly wrong.
    return op == "<=" or claim >= found.value - 1e-9


@check("prose-numbers", OPTIONS)
def prose_numbers(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    claimed: set[tuple[str, int]] = set()
    flats = flat_texts(report, params)
    for claim in params["claims"]:
        op = claim.get("op", "==")
        found: list[Sum] | None = None  # the targets' sums: the same for every match
        for flat, match, value in find_numbers(report, params, claim["patterns"], flats):
            key = (flat.text.path, match.start("n"))
            if key in claimed:
                continue
            claimed.add(key)
            if found is None:
                found = [s for s in (evaluate(report, t) for t in claim["targets"]) if s is not None]
            scaled = value * claim.get("scale", 1)
            if not found or any(_agrees(scaled, s, op) for s in found):
                continue
            first = found[0]
            yield Hit(flat.span(*match.span("n")), flat.text.path,
                      {"what": Label.of(claim["what"]), "claimed": match.group("n"),
                       "cells": first.label,
                       "found": ("" if first.complete else "≥") + _show(first.value),
                       "text": match.group(0), "op": op},
                      expected=first.value, actual=value)


@check("prose-zero", ZERO_OPTIONS)
def prose_zero(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    """A 'nothing happened' phrase (未收到申请, 未发生行政复议…) against non-zero figures."""
    for claim in params["claims"]:
        phrase = _first_phrase(report, params, claim["patterns"])
        contradiction = _contradiction(report, params, claim) if phrase else None
        if phrase is None or contradiction is None:
            continue
        flat, match = phrase
        args, actual = contradiction
        yield Hit(flat.span(*match.span()), flat.text.path,
                  {"what": Label.of(claim["what"]), "text": match.group(0), **args},
                  expected=0, actual=actual)


def _first_phrase(report: Report, params: Mapping[str, Any], patterns: Sequence[str]
                  ) -> tuple[Compact, regex.Match[str]] | None:
    for text in scoped_texts(report, params.get("scope")):
        flat = compact(text)
        for pattern in patterns:
            match = compiled(pattern).search(flat.value)
            if match:
                return flat, match
    return None


def _contradiction(report: Report, params: Mapping[str, Any], claim: Mapping[str, Any]
                   ) -> tuple[dict[str, Any], Any] | None:
    for spec in claim.get("cells", ()):
        table = report.tables.get(spec["table"])
        if table is None:
            continue
        for row_id in spec.get("rows") or list(table.rows):
            for column_id, cell in table.rows.get(row_id, {}).items():
                if spec.get("columns") and column_id not in spec["columns"]:
                    continue
                if cell.kind == NUMBER and cell.value:
                    label = _label(report, {"table": spec["table"], "rows": [row_id]},
                                   [column_id])
                    return {"cells": label, "found": cell.raw}, cell.value
    for flat, match, value in find_numbers(report, params, claim.get("conflicts", ())):
        if value:
            line = flat.span(*match.span("n")).line
            return {"cells": Label(f"「{match.group(0)}」（第{line}行）",
                                   f"'{match.group(0)}' (line {line})"),
                    "found": match.group("n")}, value
    return None


@check("prose-percent", PERCENT_OPTIONS)
def prose_percent(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    flats = flat_texts(report, params)
    for claim in params["claims"]:
        ratio: tuple[Sum | None, list[tuple[float, Sum]]] | None = None  # once per claim
        for flat, match, value in find_numbers(report, params, claim["patterns"], flats):
            if ratio is None:
                ratio = _shares(report, claim)
            numerator, shares = ratio
            if numerator is None or not shares:
                continue
            printed = match.group("n")
            decimals = len(printed.split(".")[1]) if "." in printed else 0
            unit = 10.0 ** -decimals  # rounding or truncation to the printed precision
            if any(abs(share - value) < unit or (not numerator.complete and value > share)
                   for share, _ in shares):
                continue  # a numerator with blanks is a lower bound: only a share below it errs
            share, denominator = shares[0]
            yield Hit(flat.span(*match.span("n")), flat.text.path,
                      {"what": Label.of(claim["what"]), "claimed": printed,
                       "found": ("" if numerator.complete else "≥") + f"{share:.{decimals + 1}f}",
                       "numerator": numerator.label,
                       "numerator_value": ("" if numerator.complete else "≥")
                       + _show(numerator.value),
                       "denominator": denominator.label,
                       "denominator_value": _show(denominator.value), "text": match.group(0)},
                      expected=round(share, decimals + 1), actual=value)


def _shares(report: Report, claim: Mapping[str, Any]) -> tuple[Sum | None, list[tuple[float, Sum]]]:
    """The numerator and its share (%) of each complete, non-zero denominator."""
    numerator = evaluate(report, claim["numerator"])
    if numerator is None:
        return None, []
    shares = []
    for target in claim["denominators"]:
        denominator = evaluate(report, target)
        if denominator is not None and denominator.complete and denominator.value:
            shares.append((100 * numerator.value / denominator.value, denominator))
    return numerator, shares
