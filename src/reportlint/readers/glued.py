"""Cells glued into one digit string (`640020470` for 64/0/0/2/0/4/70), as web pages flattened
to text publish them.

A glued row is split only where exactly one split keeps the row's identities (the template's
identities across the row, e.g. 总计 = the applicant columns), or where the digits allow only
one cut; the reader reports that reading (RL014). Any other row is unreadable (RL015): a
number is never guessed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence

MAX_SPLITS = 200_000  # give up (unreadable) beyond this many candidate splits


def _splits(digits: str, parts: int) -> Iterator[list[str]]:
    """Every way to cut a digit string into `parts` numbers without leading zeros."""
    if parts == 1:
        if len(digits) == 1 or not digits.startswith("0"):
            yield [digits]
        return
    for cut in range(1, len(digits) - parts + 2):
        head = digits[:cut]
        if len(head) > 1 and head.startswith("0"):
            break
        for rest in _splits(digits[cut:], parts - 1):
            yield [head, *rest]


def _cut_counts(words: list[str], extra: int) -> Iterator[list[int]]:
    """Every way to give `extra` further cuts to the words (a word of n digits takes < n)."""
    if len(words) == 1:
        if extra < len(words[0]):
            yield [extra]
        return
    for here in range(min(extra, len(words[0]) - 1) + 1):
        for rest in _cut_counts(words[1:], extra - here):
            yield [here, *rest]


# (total columns, part columns) of an identity that holds within a row
RowIdentity = tuple[Sequence[str], Sequence[str]]


def _keeps(values: dict[str, int], identities: Sequence[RowIdentity]) -> bool:
    return all(sum(values[c] for c in total) == sum(values[c] for c in parts)
               for total, parts in identities if all(c in values for c in (*total, *parts)))


def split_glued(words: list[str], columns: Sequence[str],
                identities: Sequence[RowIdentity]) -> tuple[list[list[str]], int]:
    """Splits of glued digit strings into len(columns) numbers that keep the row's identities.

    Returns the candidate splits (each a list of the published digit strings per column) and
    how many splits there were before the identities were applied (more than MAX_SPLITS:
    not tried, and no candidate).
    """
    need = len(columns)
    if not words or any(not w.isdigit() for w in words) or sum(len(w) for w in words) < need:
        return [], 0
    plans = list(itertools.islice(_cut_counts(words, need - len(words)), MAX_SPLITS + 1))
    total = sum(math.prod(math.comb(len(w) - 1, c) for w, c in zip(words, plan, strict=True))
                for plan in plans)
    if total > MAX_SPLITS:
        return [], total
    candidates: list[list[str]] = []
    count = 0
    for plan in plans:
        pools = [list(_splits(w, c + 1)) for c, w in zip(plan, words, strict=True)]
        for combo in itertools.product(*pools):
            count += 1
            cells = [part for group in combo for part in group]
            if _keeps(dict(zip(columns, (int(c) for c in cells), strict=True)), identities):
                candidates.append(cells)
    return candidates, count


def glued_positions(starts: Sequence[tuple[int, str]], parts: list[str]) -> list[tuple[int, int]]:
    """Stream ranges of the parts cut from glued words, given as (start, published text)."""
    positions = []
    word, offset = 0, 0
    for part in parts:
        start = starts[word][0] + offset
        positions.append((start, start + len(part)))
        offset += len(part)
        if offset >= len(starts[word][1]):
            word, offset = word + 1, 0
    return positions
