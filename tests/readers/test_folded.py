"""The stream's normal form (readers/stream.py `Folded`) against the plain definition: each
stream character folded on its own, and every folded character mapped back to the character it
came from; whatever documents the process read before (the folds are kept process-wide)."""

from __future__ import annotations

import pytest

from reportlint.model import Span
from reportlint.readers import stream as stream_module
from reportlint.readers.blocks import Paragraph
from reportlint.readers.stream import Folded, Stream

DOCUMENTS = [
    "（一）主动公开情况。全年新收申请13件，其中：自然人12件。",
    "２０２３年度　ＡＢＣ：面积１２０㎡，第Ⅳ部分",  # full-width, ㎡ and Ⅳ fold to several
    "\t  ……（二）依申请公开情况\t",  # starts and ends with characters that fold to nothing
    "。，、；",  # nothing but such characters
    "",
    "Résumé İstanbul ß ﬁ ½ ①②",  # case, ligatures, fractions, circled digits
    "规章 | 0 | 1 | 2",
    "，甲。乙、，丙；",  # breaks of several characters at both ends and between one-character runs
    "甲",  # no break at all
    "甲、",  # a break only at the end
]


def _stream(text: str) -> Stream:
    return Stream.of([Paragraph(text, Span(1, 1))])


def _expected(source: str) -> tuple[str, list[int]]:
    """The folded text and the stream offset each of its characters comes from."""
    folded, origins = [], []
    for offset, char in enumerate(source):
        fold = stream_module._fold(char)
        folded.append(fold)
        origins += [offset] * len(fold)
    return "".join(folded), origins


def _check(text: str) -> None:
    stream = _stream(text)
    folded = Folded.of(stream)
    expected_text, origins = _expected(stream.text)
    assert folded.text == expected_text
    assert [folded.origin(i) for i in range(len(expected_text))] == origins
    for offset in range(len(stream.text) + 1):
        first = next((i for i, origin in enumerate(origins) if origin >= offset), len(origins))
        assert folded.at(offset) == first, (text, offset)
    for end in range(1, len(expected_text) + 1):
        assert folded.stream_end(end) == origins[end - 1] + 1


@pytest.mark.parametrize("order", [DOCUMENTS, DOCUMENTS[::-1]])
def test_each_document_folds_as_its_characters_do_whatever_came_before(order):
    for text in order:
        _check(text)


def test_a_process_past_its_bound_of_known_characters_starts_again(monkeypatch):
    folds = stream_module._Folds()
    monkeypatch.setattr(stream_module, "_FOLDS", folds)
    monkeypatch.setattr(folds, "MAX_KNOWN", 12)
    for text in DOCUMENTS:
        _check(text)
        assert len(folds.folded) <= max(12, len(set(_stream(text).text)))
