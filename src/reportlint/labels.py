"""Labels: the bilingual labels of the template and of messages, and the normal form that lets
a template label match what real reports print.

Real reports mix full- and half-width punctuation, insert spaces inside words (PDF text),
and use 、/和/及 interchangeably in titles. Matching is done on a normal form; the published
text itself is never changed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from reportlint.patterns import Deferred
from reportlint.records import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@record(frozen=True, slots=True)
class Label:
    """A label in both languages; messages pick the one they are rendered in."""

    zh: str
    en: str = ""

    @classmethod
    def of(cls, data: Any, en: str = "") -> Label:
        """From pack data: `{zh: …, en: …}`, or a plain string (with `en` beside it)."""
        if isinstance(data, dict):
            return cls(str(data.get("zh", "")), str(data.get("en", "")))
        return cls(str(data), en)

    def text(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh

    def __str__(self) -> str:
        return self.zh


def did_you_mean(word: str, choices: Iterable[str]) -> Label:
    """The hint for a mistyped name, naming the closest choice: `（是否应为「X」？）` and
    ` (did you mean 'X'?)`, or empty in both languages when nothing is close."""
    import difflib  # only a mistake gets here

    close = difflib.get_close_matches(word, list(choices), n=1)
    if not close:
        return Label("", "")
    return Label(f"（是否应为「{close[0]}」？）", f" (did you mean {close[0]!r}?)")


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_SPACES = Deferred(r"[\s\u3000\u00a0]+")
_JOINERS = Deferred(r"[、和及与,，]")
NUMERALS = "一二三四五六七八九十"


def normalize_text(text: str) -> str:
    """Full-width forms folded to ASCII (NFKC), quotes unified, all white space removed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACES().sub("", text)


# `normalize_text` remembered, for labels: a run's few hundred recurring ones stay. A text of
# one report (its title, a section's body) is normalised uncached: remembered, 4,096 of them
# made a 5,000-file run hold a megabyte more than a 1,000-file one.
normalize = lru_cache(maxsize=1024)(normalize_text)


@lru_cache(maxsize=1024)
def title_key(text: str) -> str:
    """A looser key for section titles: also ignores 、/和/及/与 and commas."""
    return _JOINERS().sub("", normalize(text))


_HEADING = Deferred(r"^\s*(?:第)?([一二三四五六七八九十]+)\s*(?:[、.．,，]|部分)\s*")


def split_heading(title: str) -> tuple[str | None, str]:
    """("二", "主动公开政府信息情况") from "二、主动公开政府信息情况"."""
    match = _HEADING().match(title)
    if not match:
        return None, title.strip()
    return match.group(1), title[match.end():].strip()


def chinese_number(numeral: str) -> int | None:
    """一 → 1 … 十九 → 19; None when it is not a small Chinese numeral."""
    if not numeral or any(ch not in NUMERALS for ch in numeral):
        return None
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + NUMERALS.index(numeral[1]) + 1
    if len(numeral) == 1:
        return NUMERALS.index(numeral) + 1
    if numeral.endswith("十") and len(numeral) == 2:
        return (NUMERALS.index(numeral[0]) + 1) * 10
    if len(numeral) == 3 and numeral[1] == "十":
        return (NUMERALS.index(numeral[0]) + 1) * 10 + NUMERALS.index(numeral[2]) + 1
    return None
