"""The HTML reader's tokenizer gives the events html.parser gives, at the same positions.

`readers/html._tokenize` reads text, character references and plain tags itself and leaves
the rest of the markup to html.parser's own methods; the stdlib parser fed the whole page is
the reference. Pages: the fixture page, the HTML writer's page, pieces of the markup that take
each branch of the loop, random mutations of the pages and random tag soup.
"""

from __future__ import annotations

import random
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportlint.readers import html
from reportlint.writers import render
from tests.helpers import EXAMPLE
from tests.published_fixtures import document, structured_report, to_html

_HANDLERS = ("handle_starttag", "handle_startendtag", "handle_endtag", "handle_data",
             "handle_entityref", "handle_charref")


class _Reference(HTMLParser):
    """The stdlib parser, recording its events and where each stands."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple] = []
        for name in _HANDLERS:
            setattr(self, name, self._recorder(name))

    def _recorder(self, name):
        return lambda *args: self.events.append((name, args, self.getpos()))


class _Recorded(html._BlockParser):
    """The block parser's event interface, recording instead of building."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.events: list[tuple] = []
        for name in _HANDLERS:
            setattr(self, name, self._recorder(name))

    def _recorder(self, name):
        return lambda *args: self.events.append((name, args, self.getpos()))

    def needs_attributes(self, tag: str, attributes: str) -> bool:
        return True  # every tag's, to compare them with html.parser's


class _EveryAttribute(html._BlockParser):
    """The block parser, given every start tag's attributes."""

    def needs_attributes(self, tag: str, attributes: str) -> bool:
        return True


def _blocks(text: str, parser: type[html._BlockParser]) -> list:
    text = html._defuse(text)
    blocks = parser(text)
    html._tokenize(text, blocks)
    return blocks.finish()


def events(text: str) -> tuple[list[tuple], list[tuple]]:
    """(the tokenizer's events, html.parser's events) of a page as the reader parses it."""
    text = html._defuse(text)
    reference = _Reference()
    reference.feed(text)
    reference.close()
    recorded = _Recorded(text)
    html._tokenize(text, recorded)
    return recorded.events, reference.events


# Markup that takes each branch of html.parser's loop, and the tags the fast path must leave
# to it (Unicode white space, `/` after a bare value, `>` in a quoted value, raw-text elements).
PIECES = [
    "<p>甲</p>", "<TD ROWSPAN=2 colspan='3'>1</TD>", "<td rowspan=9>", '<p style="text-indent:2em">',
    '<td hidden>', "<br>", "<br/>", "<br />", "<img src=a.png />", "<a href=foo/>x</a>",
    '<a title="a>b">t</a>', "<p\xa0class=x>", "<td width=5\xa0>", "<p class=x\u3000id=y>",
    '<a x="1"y="2">', "<a / b>", "<a b=>", "<a b==c>", '<a "b">', "<a b='c'd>", "<x-y>", "<o:p></o:p>",
    "</ p>", "</p >", "</P\n>", "</>", "</1>", "</a b>", "</\xa0p>", "<!DOCTYPE html>", "<!doctype x>",
    "<!-- 注释 -->", "<!-- a -- >", "<!---->", "<?xml version='1.0'?>", "<![if !supportLists]>",
    "<![endif]>", "<![CDATA[x]]>", "<!x>", "<script>var a = '<td>1</td>';</script>",
    "<script>a</ script>b</script>", "<style>td{}</style>", "<title>题</title>",
    "<textarea><p>x</p></textarea>", "&nbsp;", "&nbsp", "&amp;x", "&#12;", "&#x4e00;", "&#12",
    "&#x;", "&#;", "& ", "&1", "a&b;c", "&lt", "<", "a < b", "1<2", "\n", "\r\n", "  ",
]


def _pages(packs) -> list[str]:
    report = structured_report(EXAMPLE, packs)
    return [to_html(document(report))[0].decode(), render(report, "html").decode()]


@pytest.fixture(scope="module")
def pages(packs) -> list[str]:
    return _pages(packs)


def test_the_fixture_and_written_pages_give_html_parsers_events(pages):
    for page in pages:
        mine, reference = events(page)
        assert len(mine) > 1000
        assert mine == reference


@pytest.mark.parametrize("piece", PIECES)
def test_each_piece_of_markup_gives_html_parsers_events(piece):
    for text in (piece, f"<body><td>前{piece}后</td>", f"{piece}\n{piece}", f"x{piece}"):
        mine, reference = events(text)
        assert mine == reference, text


@pytest.mark.parametrize("ending", ["&x", "&ab", "&#", "&#1", "&#x", "&", "<", "<a", "</", "<!--"])
def test_a_page_cut_short_gives_html_parsers_events(ending):
    for text in (ending, f"<p>甲{ending}", f"<p>甲&#;{ending}", f"<p>&#x;乙</p>{ending}"):
        mine, reference = events(text)
        assert mine == reference, text


def test_mutated_pages_give_html_parsers_events(pages):
    rng = random.Random(29)
    inserts = [*PIECES, *"<>&;\"'/=!-?[] \n\t", "<td", "</td>", "<p ", "&#x", "\xa0"]
    for _ in range(150):
        text = rng.choice(pages)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.25:
                text = text[:at] + text[at + rng.randint(1, 20):]
            else:
                text = text[:at] + rng.choice(inserts) + text[at:]
        mine, reference = events(text)
        assert mine == reference


_NAMES = ["td", "TD", "p", "br", "table", "tr", "span", "script", "style", "title", "h1", "x-y",
          "o:p"]
_ATTRIBUTES = ["colspan", "ROWSPAN", "style", "hidden", "data-x", "a:b", "_x", "x.y"]
_VALUES = ['"2"', "'3'", "4", "5/", '"display:none"', '""', "x>y", '"a>b"', "&amp;", "2\xa0",
           "a=b", "/", "`x`", '"a"b', "2'"]
_SEPARATORS = [" ", "\n", "\t", "\xa0", "\u3000", "/", " / ", "\f", "\v", ""]


@st.composite
def _tag(draw) -> str:
    tag = "<" + draw(st.sampled_from(["", "/"])) + draw(st.sampled_from(_NAMES))
    for _ in range(draw(st.integers(0, 3))):
        tag += draw(st.sampled_from(_SEPARATORS)) + draw(st.sampled_from(_ATTRIBUTES))
        if draw(st.booleans()):
            tag += draw(st.sampled_from(["=", " = ", "==", "=\n"])) + draw(st.sampled_from(_VALUES))
    return tag + draw(st.sampled_from(["", " ", "/", " /", "\xa0", "\n"])) + ">"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_tag(), st.sampled_from(PIECES), st.text(max_size=4)), max_size=25))
def test_tag_soup_gives_html_parsers_events(pieces):
    mine, reference = events("".join(pieces))
    assert mine == reference


# Attributes that hide, or may seem to: as names, in styles, with character references, with
# letters that match ASCII ones case-insensitively (ſ for s, İ for i, K for k).
_HIDING = ["hidden", "HIDDEN", "Hidden=x", 'style="display:none"', "style='DISPLAY : NONE'",
           'style="di\u017fplay:none"', 'style="d\u0130splay:none"', 'style="&#100;isplay:none"',
           'style="display&#58;none"', 'style="color:red"', 'class="hidden-xs"', 'align="center"',
           'data-display="none"', 'title="&amp;"', "colspan=2", 'style="x" hidden']


@pytest.mark.parametrize("text, shown", [
    ("<span hidden>a<span>b</span>c</span>d", ["d"]),
    ("<SPAN HIDDEN>a<span/>b<span>c</span>d</span>e", ["e"]),
    ('<div style="display:none"><div>x</div>y</div>z', ["z"]),
    ("<p><span hidden>1<b>2</b>3</span>4</p>", ["4"]),
    ("<table><tr><td hidden>1<td>2<span>3</span></table>", ["23"]),
    ("<li hidden>a<li>b<span>c</span>", ["bc"]),
])
def test_a_tag_inside_a_hidden_element_nests_in_it(text, shown):
    """While an element is skipped, a tag of its name nests in it, whatever its attributes:
    the element ends at its own end tag, not at the inner one's."""
    blocks = _blocks(text, html._BlockParser)
    assert blocks == _blocks(text, _EveryAttribute)
    assert [block.text for block in blocks] == shown


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_tag(), st.sampled_from(PIECES), st.text(max_size=4),
                          st.builds(lambda n, a, t: f"<{n} {a}>{t}", st.sampled_from(_NAMES),
                                    st.sampled_from(_HIDING), st.sampled_from(["甲", "1", ""]))),
                max_size=25))
def test_the_attributes_not_read_never_change_the_blocks(pieces):
    """`_tokenize` reads a plain tag's attributes only when the block parser says they may
    matter (`needs_attributes`): the blocks are those it makes from every tag's attributes."""
    text = "".join(pieces)
    assert _blocks(text, html._BlockParser) == _blocks(text, _EveryAttribute)


def test_what_may_hide_is_never_less_than_what_hides():
    """`_MAY_HIDE` (the standard library, case-insensitive) takes every character that the
    regex module's case-insensitive `_DISPLAY_NONE` takes for a letter of its words."""
    import re

    import regex

    any_letter = regex.compile("[hidenspaly]", regex.I)
    taken = [chr(code) for code in range(0x110000) if any_letter.fullmatch(chr(code))]
    assert len(taken) > 20  # the ASCII letters in both cases, and ſ, İ
    for char in taken:
        for letter in set("hiddendisplay"):
            if regex.fullmatch(letter, char, regex.I):
                assert re.fullmatch(letter, char, re.I), (hex(ord(char)), letter)
    assert html._MAY_HIDE.search('style="d\u0130splay:none"')
    assert html._DISPLAY_NONE.search('d\u0130splay:none') and html._hidden([("style", "di\u017fplay:none")])
    assert not html._MAY_HIDE.search('align="center" style="text-indent:2em"')
