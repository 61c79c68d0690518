"""A pattern searched often learns the characters every match of it contains, and skips a text
without one of them (patterns.required_characters, Bounded). The skip must never lose a match:
every character it requires is in every match, on generated patterns and on the packs' own."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from reportlint import patterns
from reportlint.patterns import Bounded, required_characters
from tests.helpers import EXAMPLE, FIXTURES


@pytest.mark.parametrize(("pattern", "required"), [
    ("新(?:收|受理)(?:到)?(?:共|合计)?(?P<n>[0-9]+)件", "件新"),
    ("(?<!新)(?:收到|受理)", ""),           # the look-behind is not consumed; the branches differ
    ("(?:收到|收受)", "收"),                 # a prefix the branches share is required
    ("(?=xyz)q", "q"),
    ("a{2}b{0,3}(?:cd)*(?:ef)+", "aef"),
    ("(?>ab)c", "abc"),
    ("(?i)abc", ""), ("a(?i:b)c", "ac"),     # case-insensitive parts say nothing
    ("(?:abc){e<=1}", ""),                   # regex's fuzzy matching, not a repeat
    (r"\p{Han}+年", ""),                     # syntax the standard library does not read
    ("[[:alpha:]]x", ""), ("[a--b]c", ""),   # a POSIX class, a set operation
    ("(?x) a b", ""),
])
def test_what_a_pattern_requires(pattern, required):
    assert required_characters(pattern) == required


def test_flags_say_nothing():
    assert required_characters("abc", regex.I) == ""
    assert required_characters("abc", regex.M) == ""


_ATOMS = st.sampled_from(["a", "b", "c", "[ab]", ".", "(?<=a)", "(?<!b)", r"\d"])


def _regexes() -> st.SearchStrategy[str]:
    return st.recursive(_ATOMS, lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda pair: f"(?:{pair[0]}|{pair[1]})"),
        inner.map(lambda x: f"(?:{x})?"), inner.map(lambda x: f"(?:{x})*"),
        inner.map(lambda x: f"(?:{x})+"), inner.map(lambda x: f"(?:{x}){{2}}"),
        inner.map(lambda x: f"(?:{x}){{0,2}}"), inner.map(lambda x: f"(?={x})"),
        inner.map(lambda x: f"(?!{x})"), inner.map(lambda x: f"(?>{x})"),
        inner.map(lambda x: f"(?:{x})*+"),
    ), max_leaves=8)


def _learnt(pattern: str, flags: int = 0) -> Bounded:
    bounded = Bounded(pattern, flags)
    bounded._searches = patterns.LEARN_AFTER  # learn at the first search
    return bounded


@settings(max_examples=600, deadline=None)
@given(_regexes(), st.text(alphabet="abc1", max_size=14))
def test_every_required_character_is_in_every_match(pattern, text):
    required = set(required_characters(pattern))
    found = list(regex.finditer(pattern, text))
    for match in found:
        assert required <= set(match.group()), (pattern, text, match)
    # what the pattern finds once it has learnt, against the same Bounded before it learns
    # (Bounded.finditer steps past an empty match, where regex may also match at its end)
    plain = [m.span() for m in Bounded(pattern).finditer(text)]
    assert [m.span() for m in _learnt(pattern).finditer(text)] == plain
    assert (_learnt(pattern).search(text) is None) == (not found)


def _pack_patterns() -> list[tuple[str, int]]:
    """Every pattern a lint of the examples compiles (the shipped table's), with the claims'."""
    return sorted(patterns._shipped())


def _texts(linter) -> list[str]:
    from reportlint.checks._prose import compact, scoped_texts

    texts = []
    for path in (EXAMPLE, FIXTURES / "shiqiao-2023.yaml"):
        report = linter.load(path).result.report
        texts += [report.meta["title"].value, *(compact(t).value for t in scoped_texts(report, None)),
                  *(t.value for t in scoped_texts(report, None))]
    return texts


def test_the_packs_patterns_find_what_they_found_before(linter):
    """On the examples' prose, compacted and as written, each pattern finds the same matches
    once it has learnt what it requires as before, and the required characters are in them."""
    texts = _texts(linter)
    checked = 0
    for pattern, flags in _pack_patterns():
        raw = regex.compile(pattern, flags)
        learnt = _learnt(pattern, flags)
        required = set(required_characters(pattern, flags))
        checked += bool(required)
        for text in texts:
            expected = [m.span() for m in Bounded(pattern, flags).finditer(text)]
            assert [m.span() for m in learnt.finditer(text)] == expected, pattern
            assert all(required <= set(m.group()) for m in raw.finditer(text)), pattern
    assert checked >= 20  # most of the packs' patterns require something
