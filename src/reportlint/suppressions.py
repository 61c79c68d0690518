"""Suppressions: `# reportlint: ...` comments in the source and the `reportlint.ignore` key.

Forms (docs/suppressions.md):
    # reportlint: ignore[RL301] -- reason        this line's node (trailing), or the next one
    # reportlint: disable[RL3] -- reason         from here ...
    # reportlint: enable[RL3]                    ... to here (or to the end of the file)
    # reportlint: ignore-file[RL401] -- reason   the whole file
    {"reportlint": {"ignore": [{"code": "RL301", "path": "tables.table3", "reason": "..."}]}}

Comments are found by a scanner that knows YAML quoting and block scalars, on the text the
reader already decoded; the YAML is not parsed a second time. The engine applies
suppressions after the checks; a suppression without a reason suppresses nothing and is
reported (RL090), as are unused ones (RL091), malformed ones (RL092) and unknown codes (RL093).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reportlint import yamlsource
from reportlint.codes import (
    INVALID_SUPPRESSION,
    SUPPRESSION_WITHOUT_REASON,
    UNKNOWN_CODE_IN_SUPPRESSION,
    UNUSED_SUPPRESSION,
)
from reportlint.findings import Finding, Hit
from reportlint.labels import Label
from reportlint.model import Span
from reportlint.patterns import compile_pattern
from reportlint.records import field, record

MISSING_REASON, UNUSED, INVALID, UNKNOWN_CODE = (
    SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION, INVALID_SUPPRESSION, UNKNOWN_CODE_IN_SUPPRESSION)
OWN_CODES = frozenset({MISSING_REASON, UNUSED, INVALID, UNKNOWN_CODE})

# Possessive quantifiers and no lazy body before `\s*\Z`: a comment of a reportlint directive
# followed by thousands of spaces was quadratic (tests/robustness/test_hostile_regex.py).
_DIRECTIVE = compile_pattern(r"(?:\A|\s)#\s*+reportlint\s*+:\s*+(?P<body>.*)\Z")
_FORM = compile_pattern(r"(?P<kind>ignore-file|ignore|disable|enable)\s*+\[(?P<codes>[^\]]*+)\]"
                        r"\s*+(?:--(?P<reason>.*))?\Z")
_CODE = compile_pattern(r"ALL|[A-Z]+[0-9]*")
_CODE_ITEM = compile_pattern(r"[^,\s]+")
_BLOCK_START = compile_pattern(r"(?:^|[:-]\s)\s*+[|>][1-9+-]{0,2}\s*+\Z")
_DASHES = compile_pattern(r"(?:-\s++)++")


@record(frozen=True)
class Comment:
    line: int
    column: int  # of the `#`
    text: str
    trailing: bool  # after code on the same line


@record
class Directive:
    kind: str  # ignore, disable, ignore-file, or data (the in-data key)
    codes: list[tuple[str, Span]]  # each selector with its own position
    reason: str
    span: Span
    first: int = 0  # lines covered (0 and 0 for the whole file)
    last: int = 0
    data_path: str = ""
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        if self.kind == "data":
            path = finding.data_path
            return not self.data_path or path == self.data_path or path.startswith(
                (self.data_path + ".", self.data_path + "["))
        if self.kind == "ignore-file":
            return True
        return self.first <= finding.span.line <= self.last


# --- the comment scanner -------------------------------------------------------------------


def scan_comments(text: str) -> tuple[list[Comment], list[bool]]:
    """Every comment, and for each line whether it holds data (not blank, not only a comment).

    Knows single- and double-quoted scalars (also across lines) and block scalars (`|`, `>`),
    whose `#` are text, not comments."""
    lines = text.split("\n")
    comments: list[Comment] = []
    has_data = [False] * (len(lines) + 1)
    quote = ""
    block_parent: int | None = None
    for number, line in enumerate(lines, 1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_parent is not None:
            if not stripped.strip() or indent > block_parent:
                has_data[number] = bool(stripped.strip())
                continue
            block_parent = None
        index, code_end = indent if not quote else 0, len(line)
        while index < len(line):
            char = line[index]
            if quote == '"':
                if char == "\\":
                    index += 2
                    continue
                if char == '"':
                    quote = ""
            elif quote == "'":
                if char == "'":
                    if line[index + 1:index + 2] == "'":
                        index += 2
                        continue
                    quote = ""
            elif char == "#" and (index == 0 or line[index - 1] in " \t"):
                code_end = index
                comments.append(Comment(number, index + 1, line[index:].rstrip("\r"),
                                        bool(line[:index].strip())))
                break
            elif char in "\"'" and _opens_quote(line, index):
                quote = char
            index += 1
        code = line[:code_end]
        has_data[number] = bool(code.strip())
        if not quote and _BLOCK_START.search(code.rstrip()):
            dashes = _DASHES.match(stripped)
            rest = stripped[dashes.end():] if dashes else stripped
            keyed = not rest.lstrip().startswith(("|", ">"))
            block_parent = indent + (dashes.end() if dashes and keyed else 0)
    return comments, has_data


def _opens_quote(line: str, index: int) -> bool:
    before = line[:index].rstrip()
    return (index == 0 or line[index - 1] in " \t[{,") and (
        not before or before[-1] in ":-[{,?")


def _node_end(lines: list[str], has_data: list[bool], start: int) -> int:
    """Last line of the node starting on line `start`: the lines below indented deeper."""
    def indent(text: str) -> int:
        return len(text) - len(text.lstrip(" "))

    base, end = indent(lines[start - 1]), start
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            continue
        if indent(text) <= base:
            break
        if has_data[number]:
            end = number
    return end


# --- parsing directives --------------------------------------------------------------------


def from_comments(text: str) -> tuple[list[Directive], list[Hit]]:
    """Directives in the source's comments, and hits for the malformed ones."""
    if "reportlint" not in text:
        return [], []
    comments, has_data = scan_comments(text)
    lines = text.split("\n")
    directives: list[Directive] = []
    problems: list[Hit] = []
    open_ranges: dict[str, Directive] = {}
    for comment in comments:
        match = _DIRECTIVE.search(comment.text)  # also after another comment: `# x  # reportlint:`
        if match is None:
            continue
        start = comment.column + comment.text.index("#", match.start())
        span = Span(comment.line, start, comment.line, comment.column + len(comment.text))
        form = _FORM.match(match["body"])
        if form is None:
            problems.append(Hit(span, code=INVALID, args={"problem": comment.text}))
            continue
        body_start = comment.column + match.start("body")
        codes_start = body_start + form.start("codes")
        codes = []
        for code in _CODE_ITEM.finditer(form["codes"]):
            column = codes_start + code.start()
            code_span = Span(comment.line, column, comment.line, column + len(code[0]))
            if not _CODE.fullmatch(code[0]):
                problems.append(Hit(code_span, code=INVALID,
                                    args={"problem": Label(f"「{code[0]}」不是规则代码（如 RL301）",
                                                          f"{code[0]!r} is not a rule code")}))
            else:
                codes.append((code[0], code_span))
        if not codes:
            if form["codes"].strip() == "":
                problems.append(Hit(span, code=INVALID,
                                    args={"problem": Label(
                                        f"{form['kind']}[] 中没有写规则代码（如 {form['kind']}[RL301]）",
                                        f"{form['kind']}[] names no rule code")}))
            continue
        kind, reason = form["kind"], (form["reason"] or "").strip()
        if kind == "enable":
            for code, code_span in codes:
                opened = open_ranges.pop(code, None)
                if opened is None:
                    problems.append(Hit(code_span, code=INVALID, args={
                        "problem": Label(f"enable[{code}] 之前没有对应的 disable[{code}]",
                                    f"enable[{code}] without an earlier disable[{code}]")}))
                else:
                    opened.last = comment.line
            continue
        directive = Directive(kind, codes, reason, span)
        if kind == "ignore":
            target = comment.line if comment.trailing else next(
                (n for n in range(comment.line + 1, len(has_data)) if has_data[n]), 0)
            directive.first = target
            directive.last = _node_end(lines, has_data, target) if target else 0
        elif kind == "disable":
            directive.first, directive.last = comment.line, len(lines)
            for code, _ in codes:
                open_ranges[code] = directive
        directives.append(directive)
    return directives, problems


def from_data(root: yamlsource.Node | None) -> list[Directive]:
    """The `reportlint: {ignore: [...]}` key of report data (already schema-validated)."""
    if not isinstance(root, yamlsource.Mapping):
        return []
    block = root.get("reportlint")
    ignore = block.get("ignore") if isinstance(block, yamlsource.Mapping) else None
    if not isinstance(ignore, yamlsource.Sequence):
        return []
    directives = []
    for item in ignore.items:
        if not isinstance(item, yamlsource.Mapping):
            continue
        values = {k: v.value for k, (_, v) in item.entries.items()
                  if isinstance(v, yamlsource.Scalar)}
        code_node = item.get("code")
        span = code_node.span if code_node is not None else item.span
        directives.append(Directive("data", [(str(values.get("code", "")), span)],
                                    str(values.get("reason") or "").strip(), item.span,
                                    data_path=str(values.get("path") or "")))
    return directives


# --- applying them -------------------------------------------------------------------------


def apply(findings: Iterable[Finding], directives: list[Directive],
          matches: Callable[[str, str], bool], selected: Iterable[str], known: Iterable[str],
          ) -> tuple[list[Finding], list[Hit]]:
    """Findings left after the suppressions, and hits about the suppressions themselves.

    `matches(code, selector)` says whether a selector (code, prefix or ALL) covers a code;
    `selected` are the codes this run can report, `known` every code of the loaded packs."""
    selected, known = list(selected), list(known)
    problems: list[Hit] = []
    active = []
    for directive in directives:
        if not directive.reason:
            problems.append(Hit(directive.span, directive.data_path, code=MISSING_REASON,
                                args={"codes": ", ".join(c for c, _ in directive.codes)}))
            continue
        active.append(directive)
    kept = []
    for finding in findings:
        hiding = None
        if finding.code not in OWN_CODES:
            for directive in active:
                code = next((c for c, _ in directive.codes if matches(finding.code, c)), None)
                if code is not None and directive.covers(finding):
                    directive.used.add(code)
                    hiding = directive
        if hiding is None:
            kept.append(finding)
    for directive in active:
        for code, span in directive.codes:
            if not any(matches(k, code) for k in known):
                problems.append(Hit(span, directive.data_path, code=UNKNOWN_CODE,
                                    args={"code": code}))
            elif code not in directive.used and any(matches(s, code) for s in selected):
                problems.append(Hit(span, directive.data_path, code=UNUSED,
                                    args={"code": code}))
    return kept, problems

