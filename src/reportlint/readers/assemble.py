"""Blocks of a published document -> Report, driven by the rule pack's template.

Every published form (web text, PDF text, HTML, DOCX) is first turned into blocks
(`readers/blocks.py`); this module recognises the report in them, once for all forms:

- the blocks are laid out as one character stream with the source position of every
  character (`readers/stream.py`);
- section headings are found by their numerals and the template's titles and aliases, in
  document order (the same titles the structured reader accepts, so an imported YAML file
  has the same sections);
- the title (one or two lines), organ and year come from the title, the publication date and
  the contact details from the prose, by the patterns of the template's `recognition`;
- each table is read from its section by the template's row labels (`readers/tables.py`;
  glued digit strings: `readers/glued.py`).

Nothing is repaired: a cell keeps its published text and position, a blank is a blank, and
whatever cannot be recognised is an RL0xx hit saying what was expected and where.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from reportlint.codes import (
    HEADING_NOT_RECOGNISED,
    NO_HEADINGS,
    NOT_A_REPORT,
    TITLE_NOT_FOUND,
    TOO_MANY_PARTS,
    YEAR_NOT_FOUND,
    YEAR_NOT_IN_TITLE,
)
from reportlint.findings import Hit
from reportlint.i18n import NUMBERS, WORDS
from reportlint.labels import NUMERALS, Label, chinese_number
from reportlint.model import FILE_START, Report, Section, Table, Text, Value
from reportlint.packs.pack import PackSet
from reportlint.patterns import compile_pattern, compiled
from reportlint.readers import organ
from reportlint.readers.blocks import MAX_WORDS, Block
from reportlint.readers.result import ReadResult
from reportlint.readers.stream import CELL_END, LINE_END, Folded, Stream, key
from reportlint.readers.tables import read_table, row_keys
from reportlint.records import field, record
from reportlint.template import Template

# --- headings and sections --------------------------------------------------------------------

_HEADING = compile_pattern(rf"[{NUMERALS}]{{1,3}}\s*[、.．]")
_PUNCTUATED = compile_pattern(r"[。，,|：:；;]")  # a line of prose, not a title's first line
_WORDS_IN = compile_pattern(r"[^\d\s|./—-]")  # more than page numbers and rules
_JOINERS = str.maketrans("", "", "和及与")


@record
class Heading:
    start: int  # stream offsets
    end: int
    section: str | None  # template section id, None when not recognised
    numeral: str


def _section_keys(template: Template) -> list[tuple[int, str]]:
    keys = []
    for index, section in enumerate(template.sections):
        for title in (section.title.zh, *section.aliases):
            keys.append((index, key(title).translate(_JOINERS)))
    return keys


def _match_title(folded: Folded, at: int, keys: list[tuple[int, str]]) -> tuple[int, int] | None:
    """(section index, folded length consumed) when a section title starts at `at`."""
    window = folded.text[at:at + 48]
    stripped: list[str] = []
    consumed: list[int] = []
    for offset, char in enumerate(window):
        if char in "和及与":
            continue
        stripped.append(char)
        consumed.append(offset + 1)
    plain = "".join(stripped)
    for index, title in keys:
        if title and plain.startswith(title):
            return index, consumed[len(title) - 1]
    return None


def find_headings(stream: Stream, folded: Folded, template: Template,
                  row_keys: set[str]) -> list[Heading]:
    keys = _section_keys(template)
    headings: list[Heading] = []
    highest = -1
    last_number = 0
    text = stream.text
    for match in _HEADING.finditer(text):
        start = match.start()
        at_line_start = not text[text.rfind(LINE_END, 0, start) + 1:start].strip()
        numeral = match.group(0).rstrip("、.． \t")
        if start > 0 and text[start - 1] in NUMERALS:
            continue
        title_at = folded.at(match.end())
        found = _match_title(folded, title_at, keys)
        if found is not None and found[0] > highest:
            index, length = found
            end = folded.stream_end(title_at + length)
            headings.append(Heading(start, end, template.sections[index].id, numeral))
            highest = index
            last_number = chinese_number(numeral) or last_number
            continue
        if not at_line_start:
            continue
        line_end = text.find(LINE_END, start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[start:line_end].strip()
        number = chinese_number(numeral)
        if number is None or number != last_number + 1 or len(line) > 40 or "。" in line \
                or CELL_END in text[start:line_end].rstrip(CELL_END + " "):
            continue
        line_key = key(line)
        if any(k and k in line_key for k in row_keys) or any(line_key in k for k in row_keys):
            continue
        headings.append(Heading(start, line_end, None, numeral))
        last_number = number
    return headings


# --- title and meta ---------------------------------------------------------------------------


_TITLE_LINES = 30  # the title is looked for in the first lines (a page's menu may come first)


def _find_title(stream: Stream, limit: int, template: Template
                ) -> tuple[int, int, regex.Match[str] | None, Text | None]:
    """The title's stream range (it may span two lines) and its pattern match."""
    patterns = [compiled(template.recognition[name])
                for name in ("title", "title_without_year") if template.recognition.get(name)]
    for pattern in patterns:
        found = _find_title_by(stream, limit, pattern)
        if found[3] is not None:
            return found
    return 0, 0, None, None


def _find_title_by(stream: Stream, limit: int, pattern: regex.Pattern[str]
                   ) -> tuple[int, int, regex.Match[str] | None, Text | None]:
    text = stream.text
    lines: list[tuple[int, int]] = []
    offset = 0
    for line in text[:limit].split(LINE_END):
        if line.strip():
            lines.append((offset, offset + len(line)))
        offset += len(line) + 1
        if len(lines) >= _TITLE_LINES:
            break
    for number, (_start, end) in enumerate(lines):
        for first in (number - 1, number) if number else (number,):
            if first < 0:
                continue
            span_start = lines[first][0]
            if first < number:
                previous = text[span_start:lines[first][1]]
                if len(previous.strip()) > 30 or _PUNCTUATED.search(previous):
                    continue
            candidate = stream.text_of(span_start, end, "meta.title", keep_lines=False)
            match = pattern.match(candidate.value.replace(CELL_END, " "))
            if match is None:
                continue
            title = Text(match.group(0).strip(), candidate.span, "meta.title", candidate.anchors)
            end_offset = _stream_offset(stream, span_start, end, len(match.group(0)))
            return span_start, end_offset, match, title
    return 0, 0, None, None


def _stream_offset(stream: Stream, start: int, end: int, count: int) -> int:
    """The stream offset after `count` characters of the newline-free text of [start, end)."""
    seen = 0
    for index in range(start, end):
        if stream.text[index] == LINE_END:
            continue
        seen += 1
        if seen == count:
            return index + 1
    return end


# --- contact and publication date -------------------------------------------------------------


def _contact(texts: list[Text], template: Template) -> dict[str, Value]:
    patterns = template.recognition.get("contact", {})
    found: dict[str, Value] = {}
    taken: list[tuple[int, int, int]] = []  # (text index, start, end) of values already taken
    for field_name, pattern in patterns.items():
        contact = compiled(pattern)
        for number, text in enumerate(texts):
            hit = None
            for match in contact.finditer(text.value):
                start, end = match.span("value")
                if any(n == number and s < end and start < e for n, s, e in taken):
                    continue
                hit = match
                break
            if hit is not None:
                start, end = hit.span("value")
                raw = hit.group("value").strip()
                found[field_name] = Value(raw, text.locate(start, end), f"contact.{field_name}",
                                          raw)
                taken.append((number, start, end))
                break
    return found


def _published(texts: list[Text], template: Template) -> Value | None:
    pattern = template.recognition.get("published")
    if not pattern:
        return None
    date_line = compiled(pattern)
    for text in texts:
        match = date_line.search(text.value)
        if match:
            date = f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d}"
            return Value(date, text.locate(*match.span()), "meta.published", match.group(0))
    return None


_HEAD = 3000  # characters at the start of a document where a publication date may stand


def _published_in_head(stream: Stream, template: Template) -> Value | None:
    """The publication date in the document's first characters (a web page's 发布日期 line):
    the head's text, with the positions of its characters, is made only when the date pattern
    is found in it (it rarely is: most reports date their 落款, read after this)."""
    pattern = template.recognition.get("published")
    end = min(len(stream.text), _HEAD)
    if not pattern or compiled(pattern).search(stream.plain(0, end)) is None:
        return None
    return _published([stream.text_of(0, end, "meta")], template)


# --- the report -------------------------------------------------------------------------------


@record
class _Meta:
    """What the document's head gave: the title and year, where the title ends, what was not."""

    meta: dict[str, Value | Text] = field(default_factory=dict)
    title: Text | None = None
    year: Value | None = None
    end: int = 0  # stream offset after the title
    problems: list[Hit] = field(default_factory=list)


def _read_meta(stream: Stream, template: Template) -> _Meta:
    """Title, organ and year: from the title, else the year from the statistical period."""
    found = _Meta()
    _start, found.end, match, title = _find_title(stream, min(len(stream.text), 2000), template)
    if title is not None and match is not None:
        found.title = found.meta["title"] = title
        if match.groupdict().get("year"):
            found.year = Value(int(match.group("year")), title.locate(*match.span("year")),
                               "meta.year", match.group("year"))
        organ = (match.groupdict().get("organ") or "").strip()
        if organ:
            found.meta["organ"] = Value(organ, title.locate(*match.span("organ")),
                                        "meta.organ", organ)
    else:
        found.problems.append(Hit(FILE_START, "meta.title", code=TITLE_NOT_FOUND, args={}))
    if found.year is None:
        found.year = _year_elsewhere(stream, template)
        if found.year is not None:  # a note: where the year was read
            found.problems.append(Hit(found.year.span, "meta.year", code=YEAR_NOT_IN_TITLE,
                                      args={"year": found.year.value, "text": found.year.raw}))
        else:
            found.problems.append(Hit(FILE_START, "meta.year", code=YEAR_NOT_FOUND, args={}))
    if found.year is not None:
        found.meta["year"] = found.year
    return found


def _year_elsewhere(stream: Stream, template: Template) -> Value | None:
    """The report year from the head of the document when no title states it: the template's
    `recognition.year` patterns in order (a line naming the report, the intro, the period)."""
    recognition = template.recognition
    patterns = [*recognition.get("year", ()), *filter(None, [recognition.get("year_from_period")])]
    head = stream.text[:4000]
    for pattern in patterns:
        match = compiled(pattern).search(head)
        if match is not None:
            text = match.group(0).strip()
            return Value(int(match["year"]), stream.span(*match.span("year")), "meta.year", text)
    return None


def _headings(stream: Stream, folded: Folded, template: Template, after: int
              ) -> tuple[list[Heading], list[Hit]]:
    """The section headings after the title, and a hit for each one the template lacks."""
    keys = {k for t in template.tables.values() for r in t.rows for k in row_keys(r)}
    headings = [h for h in find_headings(stream, folded, template, keys) if h.start >= after]
    problems = [Hit(stream.span(h.start, h.end), f"sections[{index}]", code=HEADING_NOT_RECOGNISED,
                    args={"title": stream.text[h.start:h.end].strip()})
                for index, h in enumerate(headings) if h.section is None]
    if not headings:
        problems.append(Hit(stream.span_after(after), "sections", code=NO_HEADINGS, args={}))
    return headings, problems


@record
class _Tables:
    tables: dict[str, Table] = field(default_factory=dict)
    # heading index -> (start, end, table id) of the tables read in that section
    ranges: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    problems: list[Hit] = field(default_factory=list)


def _read_tables(stream: Stream, folded: Folded, template: Template, headings: list[Heading],
                 after_title: int, document_end: int) -> _Tables:
    """Each table in the section the template puts it in, or where that section would be."""
    found = _Tables()
    by_section = {h.section: i for i, h in enumerate(headings) if h.section}
    order = [s.id for s in template.sections]
    for definition in template.tables.values():
        index = by_section.get(definition.section)
        if index is not None:
            heading = headings[index]
            start = heading.end
            end = headings[index + 1].start if index + 1 < len(headings) else document_end
            section_title = stream.text[heading.start:heading.end]
            where = stream.span(heading.start, heading.end)
        else:
            wanted = order.index(definition.section)
            before = [h for h in headings if h.section and order.index(h.section) < wanted]
            after = [h for h in headings if h.section and order.index(h.section) > wanted]
            start = before[-1].end if before else after_title
            end = after[0].start if after else document_end
            section = next(s for s in template.sections if s.id == definition.section)
            section_title = f"{section.numeral}、{section.title.zh}"
            where = stream.span_after(start)
        result = read_table(stream, folded, definition, template, start, end, section_title, where,
                            own_section=index is not None)
        found.problems.extend(result.problems)
        if result.table is not None:
            found.tables[definition.id] = result.table
            if index is not None:
                found.ranges.setdefault(index, []).append((result.start, result.end,
                                                           definition.id))
    return found


def _sections(stream: Stream, headings: list[Heading],
              table_ranges: dict[int, list[tuple[int, int, str]]], document_end: int
              ) -> list[Section]:
    """Each heading with its body: the prose before or after the tables read in it."""
    sections = []
    for index, heading in enumerate(headings):
        data_path = f"sections[{index}]"
        end = headings[index + 1].start if index + 1 < len(headings) else document_end
        title = stream.text_of(heading.start, heading.end, f"{data_path}.title",
                               keep_lines=False)
        ranges = sorted(table_ranges.get(index, []))
        parts = [(heading.end, end)]
        if ranges:
            table_start = _line_start(stream, min(r[0] for r in ranges), heading.end)
            parts = [(heading.end, table_start), (max(r[1] for r in ranges), end)]
        body = None
        for part_start, part_end in parts:
            candidate = stream.text_of(part_start, part_end, f"{data_path}.text")
            if candidate.value.strip(" |") and _WORDS_IN.search(candidate.value):
                body = candidate
                break
        sections.append(Section(title, body, heading.section, title.span, data_path,
                                tuple(r[2] for r in ranges)))
    return sections


# Numbers of one document, in every published form (words: readers/blocks.py). A long report
# has a few thousand; 370,000 claims `予以公开45件，` took 8 s, each searched for the table row
# it might label (docs/hostile-input.md).
MAX_NUMBERS = 100_000
_WORD_RUN = regex.compile(r"\S+")
_NUMBER_RUN = regex.compile(r"\d+")


def _past(stream: Stream, pattern: regex.Pattern[str], limit: int, what: Label) -> Hit | None:
    """RL034 at the first match of `pattern` past `limit`, or None. Words and numbers are
    separated by at least one character, so a shorter text is not even counted."""
    if len(stream.text) <= 2 * limit:
        return None
    for count, found in enumerate(pattern.finditer(stream.text)):
        if count == limit:
            return Hit(stream.span(found.start()), code=TOO_MANY_PARTS,
                       args={"what": what, "limit": limit})
    return None


def assemble(path: str, form: str, blocks: Sequence[Block], packs: PackSet,
             template_override: str | None = None) -> ReadResult:
    stream = Stream.of(blocks)
    too_many = _past(stream, _WORD_RUN, MAX_WORDS, WORDS) \
        or _past(stream, _NUMBER_RUN, MAX_NUMBERS, NUMBERS)
    if too_many is not None:
        return ReadResult(None, [too_many])
    folded = Folded.of(stream)
    # the title decides the year, the year the pack; the newest pack's template reads the title
    provisional = packs.choose(template_override, None)
    assert provisional.template is not None
    head = _read_meta(stream, provisional.template)
    pack = packs.choose(template_override, head.year.value if head.year else None)
    template = pack.template
    assert template is not None
    headings, heading_problems = _headings(stream, folded, template, head.end)
    # the closing lines (contact, 落款) end the last section
    closing = find_closing(stream, headings[-1].end if headings else head.end, template)
    intro = stream.text_of(head.end, headings[0].start if headings else closing.start, "intro")
    read = _read_tables(stream, folded, template, headings, head.end, closing.start)
    if head.title is None and head.year is None and not headings and not read.tables:
        # nothing of a report: one clear finding, not a finding per missing part (a README.txt)
        missing = Label("无标题、无年度、无编号标题、无表格",
                        "no title, no year, no numbered heading, no table")
        return ReadResult(None, [Hit(FILE_START, code=NOT_A_REPORT,
                                     args={"form": form.upper(), "missing": missing})])
    sections = _sections(stream, headings, read.ranges, closing.start)
    prose = ([intro] if intro.value else []) + [s.body for s in sections if s.body]
    meta = head.meta
    problems = [*head.problems, *heading_problems, *read.problems]
    kind = organ.infer(meta, template)
    if kind is not None:
        meta["organ_kind"] = kind
    published = _published([head.title, *prose] if head.title else prose, template) \
        or _published_in_head(stream, template) or closing.date
    if published is not None:
        meta["published"] = published
    contact = _contact(prose + ([closing.text] if closing.text else []), template)
    report = Report(path=path, form=form, template=template, meta=meta,
                    sections=tuple(sections), tables=read.tables, contact=contact,
                    intro=intro if intro.value else None)
    return ReadResult(report, problems)


@record
class Closing:
    """The lines after the last section that are no section text: contact lines and the 落款."""

    start: int  # stream offset where the closing begins (the end of the stream when none)
    text: Text | None = None
    date: Value | None = None  # the 落款's date: the publication date when none is stated


def find_closing(stream: Stream, floor: int, template: Template) -> Closing:
    """The closing ending the document, by the template's `signature` (an organ line over a
    date, as 公文 are signed) and `closing_line` (contact lines such as 地址：…) patterns, each
    matching whole lines of their own; never inside a table."""
    text = stream.text
    lines: list[tuple[int, int]] = []  # non-empty lines from the end, back to `floor`
    end = len(text)
    while end > floor:
        start = max(text.rfind(LINE_END, floor, end - 1) + 1, floor)
        if text[start:end].strip():
            lines.append((start, end))
        end = start
        if len(lines) > 40:
            break
    signature = template.recognition.get("signature")
    contact = template.recognition.get("closing_line")
    taken = 0
    date: Value | None = None
    if signature:
        pattern = compiled(signature)
        for count in (2, 1):
            if len(lines) < count or any(CELL_END in text[s:e] for s, e in lines[:count]):
                continue
            joined = "\n".join(text[s:e].strip() for s, e in reversed(lines[:count]))
            match = pattern.fullmatch(joined)
            if match is None or (count == 2 and not match.group("organ")):
                continue
            date = _signature_date(stream, lines[0], match)
            taken = count if date is not None else 0
            break
    if contact:
        pattern = compiled(contact)
        while taken < len(lines):
            start, end = lines[taken]
            line = text[start:end]
            if CELL_END in line or not pattern.fullmatch(line.strip()):
                break
            taken += 1
    if not taken:
        return Closing(len(text))
    start = lines[taken - 1][0]
    return Closing(start, stream.text_of(start, len(text), "closing"), date)


def _signature_date(stream: Stream, line: tuple[int, int], match: regex.Match[str]
                    ) -> Value | None:
    import datetime

    try:
        date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    start, end = line
    raw = stream.text[start:end].strip()
    offset = start + stream.text[start:end].index(raw[0])
    return Value(date.isoformat(), stream.span(offset, offset + len(raw)), "meta.published", raw)


def _line_start(stream: Stream, offset: int, floor: int) -> int:
    """Back from a table's first label over the header lines (lines without a full stop);
    in a table given as a grid, its first row."""
    for start, end in stream.grids:
        if start <= offset < end and start >= floor:
            return start
    position = offset
    while position > floor:
        line_start = stream.text.rfind(LINE_END, floor, position - 1)
        line_start = floor if line_start < 0 else line_start + 1
        line = stream.text[line_start:position]
        if "。" in line or line_start == floor:
            return position if "。" in line else floor
        position = line_start
    return floor
