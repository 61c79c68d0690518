"""PDF files -> blocks, through PDFium (pypdfium2): the text layer with every glyph's place,
and the ruling lines that draw the tables.

Why PDFium and not pdfminer.six (pdfplumber): on the same Chromium-printed reports it reads
the text 10-20× faster, and it maps CJK glyphs to the characters the text is made of where
pdfminer returns Kangxi radicals (⼯ for 工, ⺠ for 民) for fonts whose ToUnicode map says so;
it also tells which glyphs have no Unicode mapping at all. It never runs a PDF's JavaScript
(the binding is built without V8 and no form environment is opened) and never fetches a URL.

Positions: a PDF has pages, not lines. `Span.line` is the page (1-based), `Span.column` the
line on that page (1-based, counted from the top, a table's rows included: every run of text
at its own height is a line), so text output reads `report.pdf:3:12` for page 3, line 12.
`Span.anchor` names the place for machine formats: `p3:l12` for a line of prose,
`p3:table1:r5:c2` for a table cell (the document's 1st table, row 5 of it as printed on page
3, grid column 2; a table continued over a page break keeps its number, and its rows are
counted afresh on each page, a repeated header included). Values recognised by OCR carry the
suffix `:ocr` (`p1:table2:r4:c3:ocr`).

What the page layout does (headers, footers, watermarks, tables split by page breaks) is in
`readers/pdflayout.py`; reading scanned pages by OCR is in `readers/ocr.py`.
"""

from __future__ import annotations

import ctypes
import math
import time
import zlib
from collections import Counter
from collections.abc import Iterator

import regex

from reportlint.codes import PDF_OCR_LAYER, PDF_TEXT_UNMAPPED, PDF_UNREADABLE, READ_BY_OCR, SCANNED_PDF
from reportlint.findings import Hit
from reportlint.model import FILE_START, Span
from reportlint.readers.blocks import Block
from reportlint.readers.pdfpage import Glyph, PageContent, Ruling
from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_PAGES = 300  # an annual report has 5-30 pages
MAX_SECONDS = 30.0  # reading one file; checked between pages and within them
MAX_GLYPHS = 20_000  # per page; a dense page of small print has ~3 000
MAX_OBJECTS = 20_000  # page objects per page, forms included
MAX_FORM_DEPTH = 6
MAX_UNPACKED_STREAM = 32 * 2**20  # one compressed stream; a report's largest, a font, is ~5 MiB
MAX_UNPACKED = 256 * 2**20  # all of them
_MAGIC = b"%PDF-"
_INVISIBLE = 3  # text render mode: neither filled nor stroked (a scanner's OCR layer)


@record
class Document:
    """The pages of a PDF as plain data, and what reading them found."""

    pages: list[PageContent] = field(default_factory=list)
    problem: str = ""  # set when the file could not be read at all


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.end


def looks_like_pdf(data: bytes) -> bool:
    return _MAGIC in data[:1024]


def read_document(data: bytes, seconds: float = MAX_SECONDS) -> Document:
    """Every page's glyphs, rulings and images; `problem` says why nothing could be read."""
    if not looks_like_pdf(data):
        return Document(problem="not a PDF file (no %PDF- header)")
    bomb = _unpacks_too_far(data)
    if bomb:
        return Document(problem=bomb)
    import pypdfium2 as pdfium  # lazy: only a PDF pays for PDFium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        detail = str(error).split(":")[-1].strip() or "damaged"
        if "password" in detail.lower():
            return Document(problem="the PDF is protected by a password")
        return Document(problem=f"the PDF cannot be opened ({detail})")
    deadline = _Deadline(seconds)
    try:
        count = len(document)
        if count > MAX_PAGES:
            return Document(problem=f"{count} pages (limit {MAX_PAGES}); an annual report has far fewer")
        if count == 0:
            return Document(problem="the PDF has no pages")
        result = Document()
        for index in range(count):
            if deadline.passed():
                return Document(problem=f"reading took more than {seconds:g} s "
                                        f"(stopped at page {index + 1} of {count})")
            page = document[index]
            try:
                content = _read_page(page, index + 1, deadline)
            finally:
                page.close()
            if isinstance(content, str):
                return Document(problem=content)
            result.pages.append(content)
        return result
    finally:
        document.close()


_STREAM = regex.compile(rb"stream\r?\n")
_SAMPLE = 4096  # compressed bytes of each stream tried first
_BOMB_RATIO = 100  # text, fonts and images deflate 2-10 fold; zeros and spaces ~1000 fold


def _unpacks_too_far(data: bytes) -> str:
    """A compressed stream that unpacks past MAX_UNPACKED_STREAM, or all of them past
    MAX_UNPACKED: a PDF bomb, which PDFium would unpack whole before any limit of ours
    applies. Each stream's first 4 KiB tell: only one that unpacks more than 100-fold there
    is unpacked further (by zlib, stopping at the limit), so a real report costs little."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        try:
            sample = zlib.decompressobj().decompress(data[start:start + _SAMPLE],
                                                     _SAMPLE * _BOMB_RATIO)
        except zlib.error:
            continue  # not deflated (an image, or plain content)
        if len(sample) < _SAMPLE * _BOMB_RATIO:
            continue
        end = data.find(b"endstream", start)
        try:
            size = len(zlib.decompressobj().decompress(data[start:end if end >= 0 else len(data)],
                                                       MAX_UNPACKED_STREAM + 1))
        except zlib.error:
            size = MAX_UNPACKED_STREAM + 1  # broken past its start: PDFium would try anyway
        if size > MAX_UNPACKED_STREAM:
            return f"a compressed stream unpacks to more than {MAX_UNPACKED_STREAM // 2**20} MiB (a PDF bomb)"
        total += size
        if total > MAX_UNPACKED:
            return f"its compressed streams unpack to more than {MAX_UNPACKED // 2**20} MiB (a PDF bomb)"
    return ""


def render_page(data: bytes, number: int, dpi: int) -> Any:
    """Page `number` (1-based) as a PIL image, for OCR."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        page = document[number - 1]
        return page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


# --- one page ---------------------------------------------------------------------------------


class _Orientation:
    """Maps page space (y up, possibly rotated text) to reading space (x along the text,
    y down the page), for the quarter turn the page's text is written in."""

    def __init__(self, quarter: int, box: tuple[float, float, float, float]) -> None:
        self.quarter = quarter
        self.left, self.bottom, self.right, self.top = box

    def point(self, x: float, y: float) -> tuple[float, float]:
        q = self.quarter
        if q == 0:
            return x - self.left, self.top - y
        if q == 1:
            return y - self.bottom, x - self.left
        if q == 2:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x

    def box(self, left: float, bottom: float, right: float, top: float
            ) -> tuple[float, float, float, float]:
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    @property
    def size(self) -> tuple[float, float]:
        width, height = self.right - self.left, self.top - self.bottom
        return (width, height) if self.quarter % 2 == 0 else (height, width)


def _read_page(page: Any, number: int, deadline: _Deadline) -> PageContent | str:
    import pypdfium2.raw as raw

    box = tuple(page.get_mediabox())
    objects = _PageObjects(deadline)
    problem = objects.walk(page)
    if problem:
        return f"page {number}: {problem}"
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        if count > MAX_GLYPHS:
            return f"page {number} has {count} characters (limit {MAX_GLYPHS})"
        chars = list(_chars(handle, count, objects.invisible_text, deadline))
    finally:
        textpage.close()
    if deadline.passed():
        return f"page {number}: reading took too long"
    visible = [c for c in chars if not c.invisible]
    if any(not c.text.isspace() for c in visible):
        chars = visible  # an invisible layer under visible text repeats it: read it once
    quarters = Counter(c.quarter for c in chars if not c.text.isspace() and c.quarter >= 0)
    quarter = quarters.most_common(1)[0][0] if quarters else 0
    orientation = _Orientation(quarter, box)  # type: ignore[arg-type]
    width, height = orientation.size
    content = PageContent(number, width, height)
    for char in chars:
        if char.quarter != quarter:
            continue  # a watermark or stamp written at an angle to the text
        content.garbled += char.unmapped
        content.invisible += char.invisible
        content.glyphs.append(Glyph(char.text, *orientation.box(*char.box)))
    # text only a scanner's OCR put there: read it, but as OCR readings
    content.ocr = content.invisible > 0
    for x0, y0, x1, y1 in objects.segments:
        ax, ay = orientation.point(x0, y0)
        bx, by = orientation.point(x1, y1)
        content.rulings.append(Ruling(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    area = (box[2] - box[0]) * (box[3] - box[1])
    content.image_cover = min(1.0, objects.image_area / area) if area > 0 else 0.0
    return content


@record(slots=True)
class _Char:
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top in page space
    quarter: int
    unmapped: bool
    invisible: bool


def _chars(handle: Any, count: int, check_invisible: bool, deadline: _Deadline
           ) -> Iterator[_Char]:
    import pypdfium2.raw as raw

    text = _text(handle, count)
    rect = raw.FS_RECTF()
    unmapped = False
    for index in range(count):
        if index % 2048 == 2047 and deadline.passed():
            return
        char = text[index] if text is not None else chr(raw.FPDFText_GetUnicode(handle, index))
        if char in "\r\n\x00\ufffe\uffff":
            continue  # line breaks PDFium inferred; the layout finds its own lines
        if not raw.FPDFText_GetLooseCharBox(handle, index, rect):
            continue
        angle = raw.FPDFText_GetCharAngle(handle, index)
        invisible = False
        if check_invisible:
            obj = raw.FPDFText_GetTextObject(handle, index)
            invisible = bool(obj) and raw.FPDFTextObj_GetTextRenderMode(obj) == _INVISIBLE
        if index % _SAMPLED == 0:  # a font's mapping holds for all its glyphs: a sample tells
            unmapped = bool(raw.FPDFText_HasUnicodeMapError(handle, index))
        yield _Char(char, (rect.left, rect.bottom, rect.right, rect.top),
                    _quarter(angle) if angle >= 0 else 0, unmapped, invisible)


_SAMPLED = 4


def _text(handle: Any, count: int) -> str | None:
    """All characters of a text page in one call, or None where they do not line up with
    the character indices (characters beyond the BMP take two UTF-16 units)."""
    import pypdfium2.raw as raw

    if not count:
        return ""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[:max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def _quarter(angle: float) -> int:
    """0-3 for text written at a quarter turn (within 2°); -1 for text at a slant (a
    watermark across the page, a stamp), which is not read."""
    turns = angle / (math.pi / 2)
    return -round(turns) % 4 if abs(turns - round(turns)) < 0.022 else -1  # PDFium: clockwise


class _PageObjects:
    """Ruling-line segments, image area and invisible text of a page's objects."""

    def __init__(self, deadline: _Deadline) -> None:
        self.deadline = deadline
        self.segments: list[tuple[float, float, float, float]] = []
        self.image_area = 0.0
        self.invisible_text = False
        self.seen = 0

    def walk(self, page: Any) -> str:
        import pypdfium2.raw as raw

        count = raw.FPDFPage_CountObjects(page.raw)
        return self._objects((raw.FPDFPage_GetObject(page.raw, i) for i in range(count)),
                             _IDENTITY, 0)

    def _objects(self, objects: Iterator[Any], matrix: tuple[float, ...], depth: int) -> str:
        import pypdfium2.raw as raw

        for obj in objects:
            self.seen += 1
            if self.seen > MAX_OBJECTS:
                return f"more than {MAX_OBJECTS} drawing objects"
            if self.seen % 1024 == 0 and self.deadline.passed():
                return "reading took too long"
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                if raw.FPDFTextObj_GetTextRenderMode(obj) == _INVISIBLE:
                    self.invisible_text = True
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                self._path(obj, matrix)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                own = _compose(_matrix(obj), matrix)
                corners = [_apply(own, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                self.image_area += (max(xs) - min(xs)) * (max(ys) - min(ys))
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                if depth >= MAX_FORM_DEPTH:
                    return f"drawing objects nested more than {MAX_FORM_DEPTH} deep"
                inner = raw.FPDFFormObj_CountObjects(obj)
                problem = self._objects((raw.FPDFFormObj_GetObject(obj, i) for i in range(inner)),
                                        _compose(_matrix(obj), matrix), depth + 1)
                if problem:
                    return problem
        return ""

    def _path(self, obj: Any, outer: tuple[float, ...]) -> None:
        import pypdfium2.raw as raw

        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if not raw.FPDFPath_GetDrawMode(obj, fill, stroke) or (not fill.value and not stroke.value):
            return  # drawn neither filled nor stroked: not a visible line
        if not stroke.value and _white_fill(obj):
            return  # a white background box
        count = raw.FPDFPath_CountSegments(obj)
        if count in (2, 5) and self._by_bounds(obj, outer, count == 5):
            return
        x, y = ctypes.c_float(), ctypes.c_float()
        matrix = _compose(_matrix(obj), outer)
        start = current = None
        for index in range(count):
            segment = raw.FPDFPath_GetPathSegment(obj, index)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = _apply(matrix, x.value, y.value)
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = current = point
                continue
            if kind == raw.FPDF_SEGMENT_LINETO and current is not None:
                self._segment(current, point)
            current = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                self._segment(current, start)
                current = start

    def _by_bounds(self, obj: Any, outer: tuple[float, ...], box: bool) -> bool:
        """A line (two segments) or a box (`re`: five) from its bounds, in two calls instead
        of a dozen: most of a table's drawing is these. False: walk the path instead."""
        import pypdfium2.raw as raw

        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return False
        corners = [_apply(outer, x, y) for x, y in ((left.value, bottom.value), (right.value, top.value))]
        x0, x1 = sorted(c[0] for c in corners)
        y0, y1 = sorted(c[1] for c in corners)
        if x1 - x0 <= 2.5 or y1 - y0 <= 2.5:  # a rule, stroked or a thin filled box
            middle_x, middle_y = (x0 + x1) / 2, (y0 + y1) / 2
            if y1 - y0 <= 2.5:
                self._segment((x0, middle_y), (x1, middle_y))
            else:
                self._segment((middle_x, y0), (middle_x, y1))
            return True
        if not box:
            return False  # a slanted line
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
            self._segment(a, b)
        return True

    def _segment(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        (ax, ay), (bx, by) = a, b
        if abs(ax - bx) < 0.5 and abs(ay - by) >= 2:
            self.segments.append((ax, min(ay, by), ax, max(ay, by)))
        elif abs(ay - by) < 0.5 and abs(ax - bx) >= 2:
            self.segments.append((min(ax, bx), ay, max(ax, bx), ay))


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(obj: Any) -> tuple[float, ...]:
    import pypdfium2.raw as raw

    found = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, found):
        return _IDENTITY
    return (found.a, found.b, found.c, found.d, found.e, found.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _white_fill(obj: Any) -> bool:
    import pypdfium2.raw as raw

    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 250


# --- the file ---------------------------------------------------------------------------------


# More than this share of a page's glyphs without a Unicode mapping: its text is garbage.
GARBLED_SHARE = 0.3
# A page without text but with images over this share of it is a scanned page.
SCANNED_COVER = 0.25


@record
class Reading:
    """The pages that can be read, and what the others are."""

    pages: list[PageContent] = field(default_factory=list)
    scanned: list[int] = field(default_factory=list)  # pages with images and no text
    garbled: list[int] = field(default_factory=list)  # pages whose text has no Unicode mapping
    layered: list[int] = field(default_factory=list)  # scans with an invisible OCR layer
    recognised: list[int] = field(default_factory=list)  # pages read by OCR here (--ocr)
    problem: str = ""
    count: int = 0  # pages in the file


def classify(document: Document) -> Reading:
    reading = Reading(problem=document.problem, count=len(document.pages))
    for page in document.pages:
        visible = sum(1 for g in page.glyphs if not g.text.isspace())
        if visible and page.ocr:  # a scanner's invisible layer: its readings, marked as such
            reading.pages.append(page)
            reading.layered.append(page.number)
        elif visible and page.garbled > visible * GARBLED_SHARE:
            reading.garbled.append(page.number)
        elif visible:
            reading.pages.append(page)
        elif page.image_cover > SCANNED_COVER:
            reading.scanned.append(page.number)
    return reading


def read(data: bytes, ocr: bool = False) -> Reading:
    """The file's readable pages; with `ocr`, scanned and garbled pages read by OCR."""
    reading = classify(read_document(data))
    if ocr and (reading.scanned or reading.garbled):
        from reportlint.readers import ocr as recogniser

        for number in sorted(reading.scanned + reading.garbled):
            # the page rendered here, recognised there: ocr.py never imports this module
            image = render_page(data, number, recogniser.DPI)
            reading.pages.append(recogniser.read_image(image, number))
            reading.recognised.append(number)
        reading.pages.sort(key=lambda p: p.number)
    return reading


def _pages(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers)


def read_blocks(data: bytes, ocr: bool = False) -> tuple[list[Block] | None, list[Hit]]:
    """(blocks, problems); blocks is None when the file cannot be read whole: then one
    finding says why (not a PDF, scanned pages, unmapped fonts), and nothing else."""
    from reportlint.readers.pdflayout import blocks_of

    reading = read(data, ocr)
    if reading.problem:
        return None, [Hit(FILE_START, code=PDF_UNREADABLE, args={"problem": reading.problem})]
    problems = []
    unread_scans = [n for n in reading.scanned if n not in reading.recognised]
    unread_garbled = [n for n in reading.garbled if n not in reading.recognised]
    if reading.scanned:
        problems.append(Hit(_page_start(reading.scanned[0]), code=SCANNED_PDF,
                            args={"pages": _pages(reading.scanned)}))
    if unread_garbled:
        problems.append(Hit(_page_start(unread_garbled[0]), code=PDF_TEXT_UNMAPPED,
                            args={"pages": _pages(unread_garbled)}))
    if reading.layered:
        problems.append(Hit(_page_start(reading.layered[0]), code=PDF_OCR_LAYER,
                            args={"pages": _pages(reading.layered)}))
    if reading.recognised:
        problems.append(Hit(_page_start(reading.recognised[0]), code=READ_BY_OCR,
                            args={"pages": _pages(reading.recognised)}))
    if unread_scans or unread_garbled:
        # the report is not all there: whatever else seems missing or wrong follows from that
        return None, [hit for hit in problems if hit.code in PAGES_UNREAD]
    if not reading.pages:
        return None, [Hit(FILE_START, code=PDF_UNREADABLE, args={"problem": NO_TEXT})]
    return blocks_of(reading.pages), problems


def _page_start(page: int) -> Span:
    return Span(page, 1, anchor=f"p{page}")


NO_TEXT = "the PDF has no text: its pages are blank, or the text is drawn as shapes"
# Findings about pages that were not read: a file with such pages gives nothing else.
PAGES_UNREAD = frozenset({SCANNED_PDF, PDF_TEXT_UNMAPPED})
