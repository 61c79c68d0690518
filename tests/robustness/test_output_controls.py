"""Issue 12 (item 13): control characters of report values and file names never reach an
output as they are. ESC sequences repaint a terminal (a fake 未发现问题), a CR overwrites the
finding, a newline forges a `path:line:col: CODE` line that CI problem matchers parse, and XML
1.0 cannot hold them at all. Every format writes them as visible escapes (`\\x1b`, `\\n`)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.helpers import EXAMPLE, replace_once, run_cli

FORGED = "other.yaml:1:1: RL301"
# A phone number that clears the screen, overwrites the line with a clean summary, and forges
# a finding of another file on a line of its own; then a right-to-left override.
PHONE = r'"\e[2J\e[H\r检查 1 个文件，未发现问题。\nother.yaml:1:1: RL301 forged\u202e"'
CONTROLS = ("\x1b", "\r", "\u202e", "\x85")
FORMATS = ("text", "concise", "github", "junit", "sarif", "json", "gitlab", "html")


@pytest.fixture
def hostile_report(project: Path) -> Path:
    text = replace_once(EXAMPLE.read_text(encoding="utf-8"), "  phone: 0813-5551234",
                        f"  phone: {PHONE}")
    path = project / "report.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _messages(value: object) -> list[str]:
    """The texts a machine format shows people. Paths and the raw `actual` value stay exact:
    JSON escapes them losslessly for the program that reads them."""
    if isinstance(value, dict):
        return [item for key, item in value.items()
                if key in ("message", "description", "text") and isinstance(item, str)] + [
            text for item in value.values() for text in _messages(item)]
    if isinstance(value, list):
        return [text for item in value for text in _messages(item)]
    return []


def _assert_clean(out: str, form: str, in_message: bool = True) -> None:
    assert not any(char in out for char in CONTROLS), repr(out[:300])
    assert not any(line.lstrip().startswith(FORGED) for line in out.splitlines()), form
    if form == "junit":
        ElementTree.fromstring(out.split("\n", 1)[1])  # well-formed XML
    if form in ("sarif", "json", "gitlab"):
        data = json.loads(out)
        messages = _messages(data)
        assert any("forged" in text for text in messages) or not in_message, form
        assert not any(char in text for text in messages for char in (*CONTROLS, "\n")
                       if "forged" in text), form


@pytest.mark.parametrize("form", FORMATS)
def test_control_characters_of_a_report_value_reach_no_format_raw(hostile_report, capsys, form):
    code, out, err = run_cli(capsys, "check", hostile_report.name, "--format", form,
                             "--no-cache", "--lang", "en")
    assert code == 0 and "Traceback" not in err  # RL402 is a warning
    assert "RL402" in out and "forged" in out  # the value is shown, escaped
    _assert_clean(out, form)


@pytest.mark.parametrize("form", FORMATS)
def test_a_file_name_with_a_newline_forges_no_finding(project, capsys, form):
    name = f"a\n{FORGED} \x1b[31mforged.yaml"
    text = replace_once(EXAMPLE.read_text(encoding="utf-8"), "penalty: [75]", "penalty: [-75]")
    (project / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", ".", "--format", form, "--no-cache", "--lang", "en")
    assert code == 1 and "Traceback" not in err and "RL312" in out
    _assert_clean(out, form, in_message=False)


def test_visible_escapes_only_what_is_unsafe():
    from reportlint.findings import visible

    assert visible("电话 0813-5551234\tx") == "电话 0813-5551234\tx"
    assert visible("a\x1b[2Jb\r\nc\u202ed\x85\u2028") == r"a\x1b[2Jb\r\nc\u202ed\x85\u2028"


def test_every_unsafe_character_is_unprintable_so_a_printable_text_is_left_as_it_is():
    """visible() returns a printable text (str.isprintable) without searching it: that holds
    only while no unsafe character is printable, which every code point is checked for here."""
    from reportlint import findings

    unsafe = findings._UNSAFE()
    every = "".join(map(chr, range(0x110000)))
    found = [char for char in every if unsafe.match(char)]
    assert len(found) > 60
    assert [char for char in found if char.isprintable()] == []
