"""Reading scanned pages by OCR (the optional `reportlint[ocr]` extra, used with `--ocr`).

Tesseract with its Simplified Chinese data (Debian/Ubuntu: `apt install tesseract-ocr
tesseract-ocr-chi-sim`; Windows/macOS: the Tesseract installer with chi_sim) reads the words,
through pytesseract; nothing is downloaded at run time. The page is rendered by PDFium; its
ruling lines are found in the image (long dark runs), drawn out before the words are read (a
table's lines confuse the recogniser), and given to the same layout as a text page's lines,
so a scanned table is read as a table.

Every glyph of such a page is an OCR reading: the page is marked `ocr`, and every position on
it carries the anchor suffix `:ocr`, so findings resting on its numbers say so.
"""

from __future__ import annotations

from bisect import bisect_right

from reportlint.readers.pdfpage import Glyph, PageContent, Ruling

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DPI = 300
LANGUAGE = "chi_sim"
DIGITS = "-c tessedit_char_whitelist=0123456789.,%-"  # with the eng model: digits only
_STEP = 16  # pixels averaged along a line when looking for rulings
_DARK = 110  # mean grey below which a run of pixels is ink
_MIN_RULE = 0.06  # share of the page width (or height) a ruling line spans at least
INSTALL = ("OCR needs the optional extra and Tesseract with Simplified Chinese: "
           "pip install 'reportlint[ocr]', and apt install tesseract-ocr tesseract-ocr-chi-sim "
           "(or the Tesseract installer with the chi_sim language)")


def problem() -> str:
    """Why OCR cannot run here ('' when it can)."""
    try:
        import pytesseract
    except ImportError:
        return f"pytesseract is not installed. {INSTALL}"
    try:
        languages = pytesseract.get_languages(config="")
    except Exception:  # the binary is missing or broken: pytesseract raises several kinds
        return f"the tesseract program is not found. {INSTALL}"
    if LANGUAGE not in languages:
        return f"Tesseract has no {LANGUAGE} (Simplified Chinese) data. {INSTALL}"
    return ""


def read_image(image: Any, number: int, dpi: int = DPI) -> PageContent:
    """The words and ruling lines of a greyscale page image, in points.

    Two passes of the recogniser: the page without its tables, for the prose; then every
    table cell cut out and stacked in one strip, one cell under the other, so that a lone
    digit in a narrow cell is read as a line of its own (read in place, most are missed).
    """
    from PIL import ImageDraw

    from reportlint.readers.pdflayout import find_grids

    scale = 72 / dpi
    width, height = image.size
    lines = find_rulings(image)
    rulings = [Ruling(x0 * scale, y0 * scale, x1 * scale, y1 * scale) for x0, y0, x1, y1 in lines]
    clean = image.copy()
    draw = ImageDraw.Draw(clean)
    for x0, y0, x1, y1 in lines:
        draw.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), fill=255)
    boxes = [tuple(round(v / scale) for v in cell.box)
             for grid in find_grids(rulings) for cell in grid.cells]
    prose = clean.copy()
    draw = ImageDraw.Draw(prose)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle((x0, y0, x1, y1), fill=255)
    content = PageContent(number, width * scale, height * scale, ocr=True, rulings=rulings)
    content.glyphs.extend(_words(prose, scale))
    if boxes:
        content.glyphs.extend(_cells(clean, boxes, scale))
    return content


def _cells(image: Any, boxes: list[tuple[int, ...]], scale: float) -> list[Glyph]:
    """The table cells' words: the cells stacked in one strip, read twice, as Chinese text
    and as digits only; a cell that holds no Chinese character takes the digits reading
    (the Chinese model reads a lone 0 as O)."""
    from PIL import Image

    gap = 24
    strip = Image.new("L", (max(b[2] - b[0] for b in boxes) + 2 * gap,
                            sum(b[3] - b[1] + gap for b in boxes) + gap), 255)
    tops = []
    top = gap
    for x0, y0, x1, y1 in boxes:
        strip.paste(image.crop((x0 + 3, y0 + 3, x1 - 3, y1 - 3)), (gap, top))
        tops.append(top)
        top += y1 - y0 + gap

    def cell_of(glyph: Glyph) -> int:
        return max(0, bisect_right(tops, glyph.middle / scale) - 1)

    def back(index: int, glyph: Glyph) -> Glyph:
        x0, y0, _, _ = boxes[index]
        dx, dy = (x0 + 3 - gap) * scale, (y0 + 3 - tops[index]) * scale
        return Glyph(glyph.text, glyph.x0 + dx, glyph.y0 + dy, glyph.x1 + dx, glyph.y1 + dy)

    chinese: dict[int, list[Glyph]] = {}
    for glyph in _words(strip, scale):
        chinese.setdefault(cell_of(glyph), []).append(glyph)
    digits: dict[int, list[Glyph]] = {}
    for glyph in _words(strip, scale, DIGITS):
        digits.setdefault(cell_of(glyph), []).append(glyph)
    found = []
    for index in range(len(boxes)):
        words = chinese.get(index, [])
        if not any(_is_cjk(char) for glyph in words for char in glyph.text) and index in digits:
            words = digits[index]
        found.extend(back(index, glyph) for glyph in words)
    return found


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _words(image: Any, scale: float, config: str = "") -> list[Glyph]:
    import pytesseract

    language = "eng" if config else LANGUAGE
    words = pytesseract.image_to_data(image, lang=language, config=f"--psm 6 {config}".strip(),
                                      output_type=pytesseract.Output.DICT)
    glyphs = []
    for index, text in enumerate(words["text"]):
        text = text.strip()
        if not text:
            continue
        x0, y0 = words["left"][index], words["top"][index]
        x1, y1 = x0 + words["width"][index], y0 + words["height"][index]
        glyphs.append(Glyph(text, x0 * scale, y0 * scale, x1 * scale, y1 * scale))
    return glyphs


def find_rulings(image: Any) -> list[tuple[int, int, int, int]]:
    """Horizontal and vertical lines of a greyscale page image, in pixels: runs of ink far
    longer than any stroke of a character. Averaging `_STEP` pixels along the direction first
    keeps this a few hundred thousand comparisons a page."""
    width, height = image.size
    found: list[tuple[int, int, int, int]] = []
    across = image.reduce((_STEP, 1))  # each pixel: the mean of _STEP pixels of a row
    columns = across.size[0]
    pixels = across.tobytes()
    shortest = max(3, int(width * _MIN_RULE / _STEP))
    for y in range(height):
        row = pixels[y * columns:(y + 1) * columns]
        for start, end in _runs(row, shortest):
            found.append((start * _STEP, y, end * _STEP, y))
    down = image.reduce((1, _STEP))
    rows = down.size[1]
    pixels = down.transpose(method=_transpose()).tobytes()  # columns become rows
    shortest = max(3, int(height * _MIN_RULE / _STEP))
    for x in range(width):
        column = pixels[x * rows:(x + 1) * rows]
        for start, end in _runs(column, shortest):
            found.append((x, start * _STEP, x, end * _STEP))
    return found


def _runs(values: bytes, shortest: int) -> list[tuple[int, int]]:
    runs = []
    start = -1
    for index, value in enumerate(values):
        if value < _DARK:
            if start < 0:
                start = index
        elif start >= 0:
            if index - start >= shortest:
                runs.append((start, index))
            start = -1
    if start >= 0 and len(values) - start >= shortest:
        runs.append((start, len(values)))
    return runs


def _transpose() -> Any:
    from PIL import Image

    return Image.Transpose.TRANSPOSE
