"""What a PDF page holds, as plain data: glyphs and ruling lines in reading orientation.

`readers/pdf.py` fills these from the file (PDFium through pypdfium2) or from OCR
(`readers/ocr.py`); `readers/pdflayout.py` turns them into lines and tables. Coordinates are
points in the page's reading orientation: x grows along the text, y grows down the page, so
the layout code never thinks about rotated pages.
"""

from __future__ import annotations


from reportlint.records import field, record


@record(frozen=True, slots=True)
class Glyph:
    """A character (or, from OCR, a word) and its box."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@record(frozen=True, slots=True)
class Ruling:
    """A horizontal (y0 == y1) or vertical (x0 == x1) line drawn on the page."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y1 - self.y0 < self.x1 - self.x0


@record
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    ocr: bool = False  # the text was recognised from an image, not read from the file
    image_cover: float = 0.0  # share of the page covered by images (a scan is ~1.0)
    garbled: int = 0  # glyphs whose font has no Unicode mapping (no ToUnicode)
    invisible: int = 0  # glyphs drawn invisibly (render mode 3: a scanner's OCR layer)
