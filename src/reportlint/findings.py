"""Findings: what a check reports (a Hit), what the user sees (a Finding), and what linting
one file gave (a FileResult)."""

from __future__ import annotations

from collections.abc import Mapping

from reportlint.labels import Label
from reportlint.model import Report, Span
from reportlint.patterns import Deferred
from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    import regex

SEVERITIES = ("error", "warning", "info")

# Characters a report value or a file name must not bring into any output as they are: C0 and
# C1 controls (ESC sequences repaint a terminal, CR overwrites a line, a newline forges a
# `path:line:col: CODE` line that CI problem matchers parse, XML 1.0 forbids them), DEL, the
# Unicode line and paragraph separators, and the bidirectional overrides and isolates that
# reorder what a reader sees ("Trojan Source"). Tab is harmless and kept.
_UNSAFE = Deferred(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_JSON_RAW = Deferred(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # json.dumps escapes C0


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON as machine formats write it: UTF-8 text, with the unsafe characters that JSON would
    leave raw (C1 controls, separators, bidi overrides) as `\\u` escapes: the same value for a
    program, nothing that acts on a terminal showing the file."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_RAW().sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible(text: str) -> str:
    """`text` with every unsafe character written as its escape (`\\x1b`, `\\n`, `\\u202e`)."""
    # Every unsafe character is unprintable to str.isprintable (a control, a separator, a
    # format character): a printable text, nearly every path and message, needs no search.
    if text.isprintable() or not _UNSAFE().search(text):
        return text
    return _UNSAFE().sub(lambda m: repr(m.group())[1:-1], text)
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
SEVERITY_NAMES = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
                  "en": {"error": "error", "warning": "warning", "info": "info"}}


def severity_name(severity: str, lang: str) -> str:
    return SEVERITY_NAMES.get(lang, SEVERITY_NAMES["zh"]).get(severity, severity)


@record(frozen=True, slots=True)
class Hit:
    """One problem a check found. The engine turns it into a Finding with the rule's code,
    severity and message; `args` fill the message's `{name}` fields."""

    span: Span
    data_path: str = ""
    args: Mapping[str, Any] = field(default_factory=dict)
    expected: Any = None
    actual: Any = None
    code: str = ""  # set by readers (RL0xx); for checks the engine takes the rule's code
    # Data paths of the other values the finding is about, e.g. the cell a prose claim
    # contradicts (the html format highlights them with the claim).
    related: tuple[str, ...] = ()
    # Data paths of places whose other findings this one explains (one cause, one finding):
    # the engine reports no other finding there (engine.one_per_problem).
    explains: tuple[str, ...] = ()


@record(frozen=True, slots=True)
class Finding:
    path: str
    span: Span
    code: str
    severity: str
    message: str
    rule: str = ""
    data_path: str = ""
    expected: Any = None
    actual: Any = None
    related: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)

    @property
    def location(self) -> str:
        """`path:line:col`, or `path:anchor` where the source has no lines (DOCX)."""
        path = visible(self.path)
        if self.span.anchor and not self.span.line:
            return f"{path}:{self.span.anchor}"
        return f"{path}:{self.span.line}:{self.span.column}"

    def __str__(self) -> str:
        """`path:line:col: CODE severity message`, as the text format prints it."""
        return f"{self.location}: {self.code} {self.severity} {self.message}"

    @property
    def located_message(self) -> str:
        """The message, with the place named where the format's own location cannot say it:
        a DOCX cell has no line (`… [table3:r5:c2]`), a PDF has pages, not text lines
        (`… [p3:table1:r5:c2]`)."""
        if self.span.anchor:
            return f"{self.message} [{self.span.anchor}]"
        return self.message

    def place(self, lang: str) -> str:
        """`path:line:col`, or for a place without lines the place in words a clerk finds it
        by (`path:第2个表格第5行第2列`); machine formats keep the anchor (`location`)."""
        if self.span.anchor and not self.span.line:
            return f"{self.path}:{anchor_words(self.span.anchor, lang)}"
        return self.location

    def placed_message(self, lang: str) -> str:
        """`located_message` with a DOCX place in words (a PDF's anchor is given as it is)."""
        if self.span.anchor and not self.span.line:
            return f"{self.message}（{anchor_words(self.span.anchor, lang)}）" if lang == "zh" \
                else f"{self.message} ({anchor_words(self.span.anchor, lang)})"
        return self.located_message

    @property
    def text_line(self) -> int:
        """The line in a text file, for formats that point editors at lines; 0 for a place
        without one (a DOCX anchor; a PDF, whose `line` is the page)."""
        return 0 if self.span.anchor else self.span.line

    def fingerprint(self) -> str:
        """Stable across edits that move lines: rule, file and data path, not the position."""
        where = self.data_path or f"{self.span.line}:{self.span.column}"
        import hashlib  # here: only outputs that show fingerprints need it

        digest = hashlib.sha256(f"{self.code}\0{self.path}\0{where}".encode(
            "utf-8", "surrogateescape"))  # a path need not be UTF-8
        return digest.hexdigest()[:16]


@record
class FileResult:
    """What linting one file gave: its findings and, when it could be read, the report.

    Formats get these one file at a time; most keep only the findings, so memory stays flat
    however many files are linted. A format that renders the report (html) uses it while it
    has it: no format re-reads a file or re-runs a check.
    """

    path: str
    findings: list[Finding]
    report: Report | None = None


_FIELD = Deferred(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, args: Mapping[str, Any], lang: str) -> str:
    """Fill `{name}` fields. Only plain names: a rule pack is data and gets no attribute or
    index access, unlike str.format."""

    def field_value(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name not in args:
            return match.group(0)
        return format_arg(args[name], lang)

    return visible(_FIELD().sub(field_value, template))


def format_arg(value: Any, lang: str) -> str:
    if isinstance(value, Label):
        return value.text(lang)
    if isinstance(value, float):
        return f"{value:g}" if value == value else "NaN"
    if isinstance(value, (list, tuple)):
        separator = ", " if lang == "en" else "、"
        return separator.join(format_arg(item, lang) for item in value)
    return shortened(str(value))


MAX_SHOWN = 200  # characters of one value in a message


def shortened(text: str) -> str:
    """A value as a message shows it: a 5 000-digit "number" or a 1 MB title is cut, not
    printed whole on every finding that names it."""
    if len(text) <= MAX_SHOWN:
        return text
    return f"{text[:MAX_SHOWN - 40]}…{text[-20:]} ({len(text)} characters)"


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK.get(severity, 0) >= SEVERITY_RANK.get(threshold, 99)


_ANCHOR = Deferred(
    r"table(?P<table>\d+)(?::r(?P<row>\d+):c(?P<column>\d+))?(?::p(?P<inner>\d+))?|p(?P<paragraph>\d+)")


def anchor_words(anchor: str, lang: str) -> str:
    """A DOCX anchor as a clerk counts in the document: `table2:r5:c2` is 第2个表格第5行第2列
    (the document's second table, which may be 表三: the words say which table of the file),
    `p12` 第12段, `table1:r1:c1:p2` a paragraph in a layout table's cell. An anchor of another
    form is given as it is."""
    match = _ANCHOR().fullmatch(anchor)
    if match is None:
        return anchor
    if match["paragraph"]:
        return f"第{match['paragraph']}段" if lang == "zh" else f"paragraph {match['paragraph']}"
    if lang == "zh":
        cell = f"第{match['row']}行第{match['column']}列" if match["row"] else ""
        inner = f"第{match['inner']}段" if match["inner"] else ""
        return f"第{match['table']}个表格{cell}{inner}"
    cell = f", row {match['row']}, column {match['column']}" if match["row"] else ""
    inner = f", paragraph {match['inner']}" if match["inner"] else ""
    return f"table {match['table']}{cell}{inner}"
