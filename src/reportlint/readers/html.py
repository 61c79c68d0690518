"""Published web pages (.html/.htm) -> blocks (paragraphs and tables in document order).

Pages are read as the stdlib `html.parser` reads them: it tolerates the tag soup government
sites publish (unclosed `<p>`/`<td>`, stray end tags), gives the line and column of every tag
and text run, never fetches or resolves anything external, and adds no dependency. Its main loop
is `_tokenize`'s, which reads text and plain tags (nearly all of a page) in one regex match each
and leaves the rest of the markup to html.parser's own methods: the same events, in 40 % of
html.parser's time (bench/README.md).

- A table is given as rows of cells, each at the position of its `<td>`/`<th>` tag, merged cells
  once with their rowspan/colspan. `<br>` and `<p>` inside a cell become line breaks.
- A table used for page layout (one that holds another table, or has a single cell) is not a
  data table: its content joins the document flow, so the real tables inside it come out in
  order between the paragraphs around them.
- Prose: every block element and `<br>` ends a paragraph; white space (and `&nbsp;`) collapses
  to one space. A paragraph is placed at its block tag; offsets inside it map back to the exact
  source line and column (`Paragraph.anchors`), also across entities and line breaks.
- Scripts, styles, comments, `<title>` and other non-content elements are ignored.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from html.parser import HTMLParser

import regex

from reportlint.codes import CHARSET_MISMATCH, FILE_UNREADABLE, NOT_UTF8, TOO_MANY_PARTS
from reportlint.findings import Hit
from reportlint.i18n import HTML_TAGS, WORDS
from reportlint.model import FILE_START, Span
from reportlint.patterns import compile_pattern
from reportlint.readers.blocks import MAX_WORDS, Block, CellText, Paragraph, TableBlock
from reportlint.readers.encoding import decode
from reportlint.records import field, record

# Elements whose whole content is not part of the published text.
_SKIPPED = frozenset({"script", "style", "noscript", "template", "title", "textarea", "select",
                      "iframe", "object", "svg", "math"})
# Elements that start and end a paragraph of prose.
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
                     "dd", "section", "article", "header", "footer", "nav", "aside", "main",
                     "blockquote", "pre", "hr", "center", "address", "figure", "figcaption",
                     "form", "fieldset", "body", "html", "caption", "br", "legend", "details",
                     "summary"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr",
                   "source", "embed", "param", "track"})
_CELLS = frozenset({"td", "th"})
# Elements pages often leave unclosed, with the tags that end them implicitly (a start tag
# here, or an end tag in _ENDED_BY_PARENT): hiding one must not hide the rest of the page.
_ENDED_BY_SIBLING = {"td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "tr": {"tr"},
                     "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}}
_ENDED_BY_PARENT = {"td": {"tr", "table"}, "th": {"tr", "table"}, "tr": {"table"},
                    "li": {"ul", "ol"}, "dt": {"dl"}, "dd": {"dl"}}

_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a `<meta>` tag declares in the first 4 KiB, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


# Bounds of one page (docs/hostile-input.md): a long report page, CMS chrome included, has a
# few thousand tags. A million `<td>` took 28 s and 1.1 GB. Words are bounded as in every
# published form (readers/blocks.py), counted here while parsing: 2.6 million words in one
# `<p>` took 13 s and 1.3 GB before the assembler ever saw them.
MAX_TAGS = 100_000


class _TooMany(Exception):
    """The page holds more than a bound allows; `hit` says which and where."""

    def __init__(self, hit: Hit) -> None:
        super().__init__(hit.code)
        self.hit = hit


def read_blocks(data: bytes) -> tuple[list[Block] | None, list[Hit]]:
    """(blocks, problems); blocks is None when the bytes cannot be read as text."""
    text, problems = _decode(data, declared_charset(data))
    if text is None:
        return None, problems
    try:
        return parse(text), problems
    except _TooMany as too_many:
        return None, [*problems, too_many.hit]
    except (AssertionError, ValueError) as error:  # html.parser's own failures, if any remain
        from reportlint.i18n import unreadable_html

        return None, [*problems, Hit(FILE_START, code=FILE_UNREADABLE, args={
            "problem": unreadable_html(str(error))})]


def _decode(data: bytes, declared: str | None) -> tuple[str | None, list[Hit]]:
    """Valid UTF-8 is UTF-8 whatever the page declares (GBK text is practically never valid
    UTF-8, while UTF-8 bytes often decode as GB18030 into garbage); otherwise the declared
    charset, then GB18030."""
    text, used, problems = decode(data)
    codec = _python_codec(declared)
    if text is None or declared is None:
        return text, problems
    # A Western single-byte charset decodes any bytes; on a Chinese report that is not
    # UTF-8 it is a server default, not the page's encoding (RL031 says so).
    if used == "gb18030" and codec in _OTHER_CJK:
        try:
            return data.decode(codec), []
        except (UnicodeError, ValueError):  # not in the declared charset after all
            pass
    problems = [p for p in problems if p.code != NOT_UTF8]  # the page says what it is in
    bom = data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
    if codec != _python_codec(used) and not bom and not data.isascii():
        problems.append(Hit(FILE_START, code=CHARSET_MISMATCH, args={"declared": declared, "used": used}))
    return text, problems


_WESTERN = ("iso8859-1", "cp1252", "iso8859-15", "ascii")
# The other multi-byte charsets a Chinese page may really be in. Any other declared charset
# (EBCDIC cp037, KOI8, Mac Roman…) decodes GBK bytes into garbage without an error, so it is
# not trusted: the bytes are read as GB18030 and RL031 names the declaration.
_OTHER_CJK = ("big5", "big5hkscs", "cp950")


def _python_codec(declared: str | None) -> str | None:
    """The codec to decode a declared charset with (None: not a charset Python knows); GBK
    and GB2312 are read as GB18030, their superset, because pages labelled GB2312 routinely
    hold GBK characters."""
    if not declared:
        return None
    import codecs

    try:
        info = codecs.lookup(declared)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # rot13, base64 and the like are no charsets
    if info.name in ("gbk", "gb2312", "gb18030"):
        return "gb18030"
    if info.name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # what browsers do with a UTF-16 declaration in a <meta> (HTML spec)
    return info.name


def parse(text: str) -> list[Block]:
    """The page's blocks; `_TooMany` past MAX_TAGS tags or MAX_WORDS words."""
    text = _defuse(text, MAX_TAGS)
    blocks = _BlockParser(text)
    _tokenize(text, blocks)
    return blocks.finish()


def _too_many_tags(text: str, at: int, limit: int) -> _TooMany:
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    return _TooMany(Hit(Span(line, column), code=TOO_MANY_PARTS,
                        args={"what": HTML_TAGS, "limit": limit}))


# A `<` that opens no complete piece of markup stands for itself. It is swapped for this
# private-use character before parsing (and back in the text), so positions do not move.
_PLAIN_LT = "\ue000"
_TAG = compile_pattern(r"<(?:[A-Za-z/?][^<>]*|!(?!\[)[^<>]*|!\[(?:if|else|endif)\b[^<>]*)>",
                       regex.I)
_RAW_OPEN = compile_pattern(r"<(script|style)\b[^<>]*>", regex.I)
# Text and whole ordinary tags up to the first `<` that needs a look of its own (a comment,
# CDATA, a script or style element, or a `<` that opens no tag): the loop below in one match.
# Stdlib re runs it in a third of regex's time (a twentieth of reading a page). Python 3.10's re
# has no possessive quantifiers, and none is needed: each repeated class excludes what follows
# it, so a failed tag gives back only its own characters, and the match is the same
# (tests/readers/test_html.py holds it to the possessive pattern). re keeps a backtracking entry
# for every repetition, so one match reads at most _RUN_CHUNK characters: a page of 400,000
# tags then needs a few MB, not a hundred.
_ORDINARY_RUN = re.compile(
    r"(?:[^<]*<(?!(?:script|style)\b|!--|!\[CDATA\[)"
    r"(?:[A-Za-z/?][^<>]*|!(?!\[)[^<>]*|!\[(?:if|else|endif)\b[^<>]*)>)*[^<]*", re.I)
_RUN_CHUNK = 1 << 16
_ENDS = {"-->": compile_pattern(r"-->"), "]]>": compile_pattern(r"\]\]>"),
         "script": compile_pattern(r"</script\s*>", regex.I),
         "style": compile_pattern(r"</style\s*>", regex.I)}


def _defuse(text: str, limit: int = MAX_TAGS) -> str:
    """Leave only complete markup for html.parser: on an unterminated tag, comment or script
    the stdlib parser rescans to the end of the page once per `<` (quadratic time: a hostile
    page of `<a<a<a…` hangs it), and on some malformed `<![` sections it raises. In linear
    time, every `<` that does not open a whole tag, comment, CDATA section or script/style
    element is made plain text. `_TooMany` at the piece of markup past `limit` (a comment or
    a whole script counts once, whatever it holds)."""
    found: dict[str, int] = {}  # end marker -> where it was last found (-1: nowhere after)

    def end_of(marker: str, start: int) -> int | None:
        at = found.get(marker)
        if at is None or (at != -1 and at < start):
            match = _ENDS[marker].search(text, start)
            at = found[marker] = match.end() if match else -1
        return None if at == -1 else at

    out: list[str] = []
    position = 0
    pieces = 0
    while True:
        run = _ORDINARY_RUN.match(text, position, position + _RUN_CHUNK)  # most of a page
        if run is not None and run.end() > position:
            tags = text.count("<", position, run.end())
            if pieces + tags > limit:
                at = position
                for _ in range(limit - pieces + 1):
                    at = text.index("<", at) + 1
                raise _too_many_tags(text, at - 1, limit)
            pieces += tags
            out.append(text[position:run.end()])
            position = run.end()
        at = text.find("<", position)
        if at < 0:
            break
        end: int | None
        if text.startswith("<!--", at):
            end = end_of("-->", at + 4)
        elif text[at:at + 9].upper() == "<![CDATA[":
            end = end_of("]]>", at + 9)
        elif raw := _RAW_OPEN.match(text, at):
            end = end_of(raw.group(1).lower(), raw.end())
        else:
            tag = _TAG.match(text, at)
            end = tag.end() if tag else None
        if end is None:
            out += [text[position:at], _PLAIN_LT]
            position = at + 1
        else:
            pieces += 1
            if pieces > limit:
                raise _too_many_tags(text, at, limit)
            out.append(text[position:end])
            position = end
    out.append(text[position:])
    return "".join(out)


class _Flow:
    """Where content goes: the document, or one table cell. Builds paragraphs a run of
    characters at a time (a word, a run of white space), so that every character keeps its
    source position without a step per character. A builder made for every cell of a page,
    so a plain class."""

    __slots__ = ("anchors", "blocks", "next_point", "pending_space", "pieces", "size", "start")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.size = 0  # characters in `pieces`
        self.anchors: list[tuple[int, int, int]] = []
        self.start: Span | None = None  # the block tag that opened the paragraph being built
        self.pending_space = ""  # the white space run since the last character
        self.next_point = (0, 0)  # where the next char would be if it follows on

    def add(self, text: str, line: int, column: int, budget: int = MAX_WORDS) -> int:
        """Add text that starts at (line, column); the number of words it held. `_TooMany` at
        the first word past `budget`."""
        words = 0
        for piece in _RUNS.findall(text):  # the runs themselves: no match object for each
            if piece[0].isspace():
                self.space(piece)
                breaks = piece.count("\n")
                if breaks:
                    line, column = line + breaks, len(piece) - piece.rindex("\n")
                else:
                    column += len(piece)
                continue
            if self.pending_space and not _segment_break(self.pending_space,
                                                         self.pieces[-1][-1], piece[0]):
                self.pieces.append(" ")
                self.size += 1
            self.pending_space = ""
            if not self.pieces and self.start is None:
                self.start = Span(line, column)
            if (line, column) != self.next_point or not self.anchors:
                self.anchors.append((self.size, line, column))
            self.pieces.append(piece)
            self.size += len(piece)
            column += len(piece)
            self.next_point = (line, column)
            words += 1
            if words > budget:
                raise _TooMany(Hit(Span(line, column - len(piece)), code=TOO_MANY_PARTS,
                                   args={"what": WORDS, "limit": MAX_WORDS}))
        return words

    def space(self, text: str) -> None:
        """White space: a space between words if a word follows, nothing before the first."""
        if self.pieces:
            self.pending_space += text

    def mark(self, span: Span) -> None:
        """A block tag opens here: the next paragraph starts at it."""
        self.flush()
        self.start = span

    def flush(self) -> None:
        if not self.pieces:  # nothing since the last flush (anchors and space come with pieces)
            self.start = None
            return
        text = "".join(self.pieces)
        anchors = tuple(self.anchors)
        start = self.start or Span(anchors[0][1], anchors[0][2])
        if len(anchors) == 1 and (anchors[0][1], anchors[0][2]) == (start.line, start.column):
            anchors = ()
        self.blocks.append(Paragraph(text, start, anchors))
        self.pieces, self.anchors, self.start, self.pending_space = [], [], None, ""
        self.size = 0

    def close(self) -> list[Block]:
        self.flush()
        return self.blocks


class _Cell:
    __slots__ = ("colspan", "flow", "rowspan", "span")

    def __init__(self, span: Span, colspan: int, rowspan: int) -> None:
        self.span, self.colspan, self.rowspan = span, colspan, rowspan
        self.flow = _Flow()


@record
class _Table:
    span: Span
    parent: _Flow
    rows: list[list[_Cell]] = field(default_factory=list)
    cell: _Cell | None = None

    def close_cell(self) -> None:
        self.cell = None

    def is_layout(self) -> bool:
        cells = [cell for row in self.rows for cell in row]
        if len(cells) == 1:
            return True
        return any(isinstance(b, TableBlock) for cell in cells for b in cell.flow.blocks)

    def finish(self) -> list[Block]:
        cells = [cell for row in self.rows for cell in row]
        for cell in cells:
            cell.flow.flush()
        if self.is_layout():
            return [block for cell in cells for block in cell.flow.blocks]
        rows = tuple(tuple(CellText("\n".join(b.text for b in cell.flow.blocks
                                              if isinstance(b, Paragraph)),
                                    cell.span, cell.colspan, cell.rowspan) for cell in row)
                     for row in self.rows)
        return [TableBlock(rows, self.span)] if any(rows) else []


class _BlockParser:
    """Blocks from the events of `_tokenize`: html.parser's handler methods, each called with
    `index` at the start of its piece of markup or text in `text`."""

    def __init__(self, text: str) -> None:
        self.document = _Flow()
        self.tables: list[_Table] = []
        self.current = self.document  # `flow()`, kept as the tables and cells change
        self.skipping: list[str] = []
        self.words = 0  # words of text so far, for MAX_WORDS
        self.index = 0
        self._breaks = [found.start() for found in _NEWLINE.finditer(text)]

    def getpos(self) -> tuple[int, int]:
        """(1-based line, 0-based column) of `index`, as html.parser's `getpos` gives it;
        worked out only when a handler asks (for about half of the events)."""
        line = bisect_left(self._breaks, self.index)
        return line + 1, self.index - (self._breaks[line - 1] + 1 if line else 0)

    # -- where things go --------------------------------------------------------------------
    def flow(self) -> _Flow:
        """Where text goes now: the open cell of the innermost table, or the flow around it."""
        if not self.tables:
            return self.document
        table = self.tables[-1]
        return table.cell.flow if table.cell else table.parent

    def here(self) -> Span:
        line, offset = self.getpos()
        return Span(line, offset + 1)

    # -- parser callbacks -------------------------------------------------------------------
    def needs_attributes(self, tag: str, attributes: str) -> bool:
        """Whether a plain start tag's attributes (as written) can change the blocks: a cell's
        spans, or what may hide the element (`hidden`, a style with display:none, whose value
        may hold character references). `_tokenize` does not read the others' (the `style`
        and `align` of most of a page's tags), and gives them as none."""
        return tag in _CELLS or _MAY_HIDE.search(attributes) is not None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping and self._ended(tag, _ENDED_BY_SIBLING):
            self.skipping.clear()
        if self.skipping:
            if tag == self.skipping[-1] and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED or (attrs and _hidden(attrs)):
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag == "table":
            self.current.flush()
            self.tables.append(_Table(self.here(), self.current))  # no cell yet: text stays
        elif tag == "tr" and self.tables:
            table = self.tables[-1]
            table.close_cell()
            table.rows.append([])
            self.current = table.parent
        elif tag in _CELLS and self.tables:
            table = self.tables[-1]
            if not table.rows:
                table.rows.append([])
            table.cell = _Cell(self.here(), _span_attr(attrs, "colspan") if attrs else 1,
                               _span_attr(attrs, "rowspan") if attrs else 1)
            table.rows[-1].append(table.cell)
            self.current = table.cell.flow
        elif tag == "br":
            self.current.flush()
        elif tag in _BLOCKS:
            self.current.mark(self.here())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def _ended(self, tag: str, rules: dict[str, set[str]]) -> bool:
        """Whether `tag` implicitly ends the one hidden element being skipped."""
        ending = _BLOCKS | {"table"} if self.skipping[0] == "p" else rules.get(self.skipping[0])
        return len(self.skipping) == 1 and tag in (ending or ())

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self._ended(tag, _ENDED_BY_PARENT):
            self.skipping.clear()
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "table":
            if self.tables:
                table = self.tables.pop()
                self.current = self.flow()
                table.parent.flush()
                table.parent.blocks.extend(table.finish())
        elif (tag in _CELLS or tag == "tr") and self.tables:
            self.tables[-1].close_cell()
            self.current = self.tables[-1].parent
        elif tag in _BLOCKS:
            self.current.flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if data.isspace():  # white space alone needs no position
            self.current.space(data)
            return
        data = data.replace(_PLAIN_LT, "<")
        line, offset = self.getpos()
        self.words += self.current.add(data, line, offset + 1, MAX_WORDS - self.words)

    def handle_entityref(self, name: str) -> None:
        self._entity(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._entity(html.unescape(f"&#{name};"))

    def _entity(self, text: str) -> None:
        if self.skipping:
            return
        line, offset = self.getpos()
        # an entity is one character of text standing at the `&`
        flow = self.current
        self.words += flow.add(text, line, offset + 1, MAX_WORDS - self.words)
        flow.next_point = (-1, -1)

    # comments, doctype, processing instructions: ignored (the default handlers do nothing)

    def finish(self) -> list[Block]:
        self.skipping.clear()  # an element left open at the end (a <script>) ends with the page
        while self.tables:  # tables left open at the end of the page
            self.handle_endtag("table")
        return self.document.close()


class _Markup(HTMLParser):
    """The stdlib parser, for the markup `_tokenize` does not read itself: it is given the
    whole page once, and each such piece is read by the stdlib method for it (`parse_starttag`,
    `parse_endtag`, `parse_comment`…), whose events go to the block parser."""

    def __init__(self, text: str, blocks: _BlockParser) -> None:
        super().__init__(convert_charrefs=False)
        self.rawdata = text
        self.handle_starttag = blocks.handle_starttag  # type: ignore[method-assign]
        self.handle_startendtag = blocks.handle_startendtag  # type: ignore[method-assign]
        self.handle_endtag = blocks.handle_endtag  # type: ignore[method-assign]
        self.handle_data = blocks.handle_data  # type: ignore[method-assign]
        self.handle_entityref = blocks.handle_entityref  # type: ignore[method-assign]
        self.handle_charref = blocks.handle_charref  # type: ignore[method-assign]


# The pieces `_tokenize` reads itself, in html.parser's own terms (CPython 3.11 html/parser.py).
_INTERESTING = re.compile("[&<]")
_NEWLINE = re.compile("\n")
_CHARREF = re.compile("&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]")
_ENTITYREF = re.compile("&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]")
_INCOMPLETE = re.compile("&[a-zA-Z#]")
# A start tag whose every part html.parser reads one way only: an ASCII name, attributes
# separated by ASCII white space, values quoted without < or > in them or bare and followed by
# white space or the end. Any other start tag is read by html.parser itself.
_ATTRIBUTE = (r"[ \t\n\r\f]+({name}[a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:[ \t\n\r\f]*=[ \t\n\r\f]*"
              r"({name}\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'=<>`/]+(?![^ \t\n\r\f>])))?")
# Text up to the next "&" or "<" (group 1), then such a start tag (name, attributes, "/") or
# an end tag of an ASCII name (group 5) there, if one is.
_PIECE = re.compile(
    rf"([^&<]*)(?:<([a-zA-Z][a-zA-Z0-9]*)((?:{_ATTRIBUTE.format(name='?:')})*)[ \t\n\r\f]*(/?)>"
    r"|</([a-zA-Z][a-zA-Z0-9]*)[ \t\n\r\f]*>)?")
_ATTRIBUTES = re.compile(_ATTRIBUTE.format(name=""))
# Elements whose content html.parser reads as raw text (and, in newer versions, RCDATA): their
# start tags are left to it, so that it reads their content as it does.
_RAW_CONTENT = frozenset(HTMLParser.CDATA_CONTENT_ELEMENTS) | frozenset(
    getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ()))


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """A fast start tag's attributes, as html.parser gives them: names in lower case, values
    unquoted and unescaped, None for an attribute without a value."""
    attrs: list[tuple[str, str | None]] = []
    at = 0
    while (found := _ATTRIBUTES.match(text, at)) is not None:  # one after the other, anchored
        name, value = found.groups()
        at = found.end()
        if not value:
            attrs.append((name.lower(), None))
            continue
        if value[0] in "\"'":
            value = value[1:-1]
        attrs.append((name.lower(), html.unescape(value) if value else value))
    return attrs


# Long: html.parser's main loop (`goahead`), one branch for each of its branches and a `break`
# of the stdlib loop at each place it breaks, so that the two can be read side by side.
def _tokenize(text: str, blocks: _BlockParser) -> None:
    """html.parser's `feed(text)` then `close()` with `convert_charrefs=False`: the same events
    at the same positions, in 40 % of the time. Text, character references and the plain
    start and end tags that make up nearly all of a page are read here; the rest of the markup
    (comments, declarations, script and style elements, unusual tags) by html.parser's own
    methods. Its main loop is followed step for step, `end` standing for `close()`: where
    `feed` would stop and wait for more text, the rest is read as `close` reads it.
    (tests/readers/test_html_tokens.py compares the two on the tests' pages, on pieces of
    markup that take each branch, on pages cut short and mutated, and on random tag soup.)"""
    markup = _Markup(text, blocks)
    size = len(text)
    i = 0
    end = False
    plain = _PIECE.match
    data, start_tag, end_tag = blocks.handle_data, blocks.handle_starttag, blocks.handle_endtag
    needs = blocks.needs_attributes
    while i < size:
        if not markup.cdata_elem:  # the text up to the next "&" or "<", and a plain tag there
            piece = plain(text, i)
            j = piece.end(1)
            if i < j:
                blocks.index = i
                data(text[i:j])
            if piece.lastindex > 1:  # group 1 always takes part, if only empty
                _, name, attributes, closed, ending = piece.groups()
                blocks.index = j
                if name is None:
                    end_tag(ending.lower())
                    i = piece.end()
                    continue
                if (name := name.lower()) not in _RAW_CONTENT:
                    attrs = _attributes(attributes) if attributes and needs(name, attributes) \
                        else []
                    if closed:
                        blocks.handle_startendtag(name, attrs)
                    else:
                        start_tag(name, attrs)
                    i = piece.end()
                    continue
            i = j
        if markup.cdata_elem:
            found = markup.interesting.search(text, i)
            if found is None:
                if end:
                    break
                end = True
                continue
            j = found.start()
        else:
            found = _INTERESTING.search(text, i)
            j = found.start() if found else size
        if i < j:
            blocks.index = i
            blocks.handle_data(text[i:j])
            i = j
        if i == size:
            break
        blocks.index = i
        if text[i] == "<":
            if i + 1 < size and text[i + 1].isascii() and text[i + 1].isalpha():
                k = markup.parse_starttag(i)
            elif text.startswith("</", i):
                k = markup.parse_endtag(i)
            elif text.startswith("<!--", i):
                k = markup.parse_comment(i)
            elif text.startswith("<?", i):
                k = markup.parse_pi(i)
            elif text.startswith("<!", i):
                k = markup.parse_html_declaration(i)
            elif i + 1 < size:
                blocks.handle_data("<")
                k = i + 1
            elif end:
                break
            else:
                end = True
                continue
            if k < 0:
                if not end:
                    end = True
                    continue
                k = text.find(">", i + 1)
                if k < 0:
                    k = text.find("<", i + 1)
                    k = i + 1 if k < 0 else k
                else:
                    k += 1
                blocks.handle_data(text[i:k])
            i = k
        elif text.startswith("&#", i):
            found = _CHARREF.match(text, i)
            if found:
                blocks.handle_charref(found.group()[2:-1])
                k = found.end() if text[found.end() - 1] == ";" else found.end() - 1
                i = k
                continue
            if text.find(";", i) >= 0:  # html.parser consumes the "&#" and stops
                blocks.handle_data(text[i:i + 2])
                i += 2
            if end:
                break
            end = True
        else:  # "&"
            found = _ENTITYREF.match(text, i)
            if found:
                blocks.handle_entityref(found.group(1))
                k = found.end() if text[found.end() - 1] == ";" else found.end() - 1
                i = k
            elif _INCOMPLETE.match(text, i):
                if end and size - i == 2:
                    i += 1
                if end:
                    break
                end = True
            elif i + 1 < size:
                blocks.handle_data("&")
                i += 1
            elif end:
                break
            else:
                end = True
    if end and i < size and not markup.cdata_elem:
        blocks.index = i
        blocks.handle_data(text[i:size])


# A word or a run of white space (white space as str.isspace() has it, like the stdlib re).
_RUNS = re.compile(r"\s+|\S+")


def _segment_break(space: str, before: str, after: str) -> bool:
    """A source line break between two Chinese characters is no space (as browsers render it,
    CSS Text 3 segment breaks): `2024年1月<newline>1日` reads as one phrase."""
    return ("\n" in space and not space.strip(" \t\r\n")
            and _wide(before) and _wide(after))


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


_DIGITS = compile_pattern(r"\A\s*+(\d+)")  # a colspan: its leading digits
_DISPLAY_NONE = compile_pattern(r"display\s*:\s*none", regex.I)
# Attributes as written that may hide their element: the fast tokenizer's names are ASCII, and a
# value is written as it reads unless it holds a character reference. The standard library's
# case-insensitive match takes every letter regex's does for these words, and more (ı for i):
# never less than `_hidden` (tests/readers/test_html_tokens.py).
_MAY_HIDE = re.compile("hidden|display|&", re.I)


def _span_attr(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value:
            digits = _DIGITS.match(value)
            if digits:
                return max(1, min(int(digits.group(1)), 1000))
    return 1


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for key, value in attrs:
        if key == "hidden":
            return True
        if key == "style" and value and _DISPLAY_NONE.search(value):
            return True
    return False
