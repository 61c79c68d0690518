"""The numbers Word prints in front of automatically numbered paragraphs.

Section headings (一、总体情况) and sub-items ((一)主动公开情况, 1.属于国家秘密) are often Word
list numbering: the numeral is drawn by Word and is not in the paragraph's text, so without it
the headings could not be recognised. This renders a paragraph's number the way Word does for
the formats reports use; bullets and formats not known here give no text.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = _W + "val"
_DIGITS = "零一二三四五六七八九"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens <= 1 else _DIGITS[tens]) + ("十" if tens else "")
    return text + (_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    values = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    text = ""
    for value, letters in values:
        while n >= value:
            text, n = text + letters, n - value
    return text


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(48, 58)}),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": _chinese,
    "ideographTraditional": lambda n: _HEAVENLY_STEMS[n - 1] if 0 < n <= 10 else str(n),
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 0 < n <= 20 else str(n),
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


class Numbering:
    """Counts numbered paragraphs in document order and renders their numbers."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> level
        self.styles: dict[str, Any] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            self._read(numbering)
        for style in document.styles.element.findall(_W + "style"):
            self.styles[style.get(_W + "styleId", "")] = style

    def _read(self, numbering: Any) -> None:
        abstract = {}
        for element in numbering.findall(_W + "abstractNum"):
            abstract[element.get(_W + "abstractNumId")] = _levels(element)
        for num in numbering.findall(_W + "num"):
            base = num.find(_W + "abstractNumId")
            levels = dict(abstract.get(base.get(_VAL) if base is not None else None, {}))
            for override in num.findall(_W + "lvlOverride"):
                level = int(override.get(_W + "ilvl", "0"))
                start = override.find(_W + "startOverride")
                if level in levels and start is not None:
                    _, fmt, text = levels[level]
                    levels[level] = (int(start.get(_VAL, "1")), fmt, text)
            self.levels[num.get(_W + "numId", "")] = levels

    def label(self, paragraph: Any) -> str:
        """The number Word prints before this paragraph ("" when it is not numbered)."""
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, level = found
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][0] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = levels[level][2]
        for shown in range(level, -1, -1):
            if f"%{shown + 1}" in text and shown in levels:
                start, fmt, _ = levels[shown]
                render = FORMATS.get(fmt)
                value = counters.get(shown, start)
                text = text.replace(f"%{shown + 1}", render(value) if render else "")
        return text if levels[level][1] in FORMATS else ""

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        ppr = paragraph.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        style = ppr.find(_W + "pStyle") if ppr is not None else None
        seen: set[str] = set()
        while num_pr is None and style is not None and style.get(_VAL) not in seen:
            seen.add(style.get(_VAL))
            definition = self.styles.get(style.get(_VAL))
            if definition is None:
                return None
            ppr = definition.find(_W + "pPr")
            num_pr = ppr.find(_W + "numPr") if ppr is not None else None
            style = definition.find(_W + "basedOn")
        if num_pr is None:
            return None
        num_id = num_pr.find(_W + "numId")
        level = num_pr.find(_W + "ilvl")
        if num_id is None or num_id.get(_VAL) in (None, "0"):
            return None
        return num_id.get(_VAL), int(level.get(_VAL, "0")) if level is not None else 0


def _levels(abstract: Any) -> dict[int, tuple[int, str, str]]:
    levels = {}
    for lvl in abstract.findall(_W + "lvl"):
        start = lvl.find(_W + "start")
        fmt = lvl.find(_W + "numFmt")
        text = lvl.find(_W + "lvlText")
        levels[int(lvl.get(_W + "ilvl", "0"))] = (
            int(start.get(_VAL, "1")) if start is not None else 1,
            fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
            text.get(_VAL, "") if text is not None else "")
    return levels
