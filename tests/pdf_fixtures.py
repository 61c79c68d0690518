"""PDFs made the way offices make them, at test time: the HTML form of a report (built by
`published_fixtures`) printed to PDF by headless Chromium with a CJK font, on A4 pages with a
running header and a `第 N 页 共 M 页` footer, so tables cross page breaks where the layout
puts them; and scans of such PDFs, rasterised by pdftoppm and wrapped back into a PDF of
images, as a scanner's software does.

Printing is slow (~1.5 s a file), so each distinct page is printed once per test session.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)
PDFTOPPM = shutil.which("pdftoppm")
# fonts-wqy-zenhei draws CJK as a TrueType CID font (as Word's SimSun does); Noto CJK (an
# OpenType/CFF collection) comes out of Chromium as Type 3 glyphs.
FONTS = {"wqy": '"WenQuanYi Zen Hei"', "noto": '"Noto Sans CJK SC"'}

PRINT_CSS = """
@page { size: A4; margin: 2.5cm 2cm;
  @top-center { content: "%(header)s"; font-size: 9pt; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; } }
body { font-family: %(font)s, sans-serif; font-size: 12pt; line-height: 1.6; }
table { border-collapse: collapse; font-size: 10.5pt; }
td { border: 0.75pt solid #000; padding: 2pt 4pt; }
%(extra)s
"""



def _has_font(family: str) -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False)
    return family in listed.stdout


needs_chromium = pytest.mark.skipif(CHROMIUM is None or not _has_font("WenQuanYi Zen Hei"),
                                    reason="headless Chromium or fonts-wqy-zenhei is not installed")
needs_pdftoppm = pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")


def styled(page: bytes, header: str = "政府信息公开工作年度报告", font: str = "wqy",
           extra: str = "") -> bytes:
    """An HTML page with the print style sheet put in its head."""
    css = PRINT_CSS % {"header": header, "font": FONTS[font], "extra": extra}
    return page.replace(b"</head>", f"<style>{css}</style></head>".encode(), 1)


class Printer:
    """Prints HTML pages to PDF with headless Chromium, once per distinct page."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.printed: dict[str, bytes] = {}

    def pdf(self, page: bytes) -> bytes:
        digest = hashlib.sha256(page).hexdigest()[:20]
        if digest not in self.printed:
            source = self.folder / f"{digest}.html"
            target = self.folder / f"{digest}.pdf"
            source.write_bytes(page)
            assert CHROMIUM is not None
            subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                            "--disable-quic", "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={self.folder / 'profile'}",
                            "--no-pdf-header-footer", f"--print-to-pdf={target}",
                            source.as_uri()],
                           check=True, capture_output=True, timeout=120)
            self.printed[digest] = target.read_bytes()
        return self.printed[digest]


def scan(pdf: bytes, folder: Path, dpi: int = 150) -> bytes:
    """The PDF as a scanner gives it back: every page a greyscale JPEG image, no text."""
    from PIL import Image

    assert PDFTOPPM is not None
    source = folder / f"{hashlib.sha256(pdf).hexdigest()[:20]}-scan.pdf"
    source.write_bytes(pdf)
    prefix = source.with_suffix("")
    subprocess.run([PDFTOPPM, "-r", str(dpi), "-gray", "-jpeg", str(source), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    images = [Image.open(path) for path in sorted(folder.glob(f"{prefix.name}-*.jpg"))]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of the given objects (object 1 is the catalog), with a correct xref table:
    for hand-made hostile files that no layout engine would write."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    import zlib

    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"
