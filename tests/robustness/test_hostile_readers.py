"""Issue 12 (item 15): what a reader meets is said, never silently skipped or converted: a
folder that cannot be listed, digits of another script, UTF-32, a charset that is not the
page's. (The report cases are also in the hostile folder: hostile_files.py.)"""

from __future__ import annotations

import codecs
import os

import pytest

from reportlint.readers.encoding import decode
from reportlint.readers.html import read_blocks
from tests.helpers import EXAMPLE, replace_once, run_cli


def test_a_folder_that_cannot_be_listed_is_a_finding_not_a_silent_pass(project, capsys,
                                                                       monkeypatch):
    (project / "reports" / "locked").mkdir(parents=True)
    (project / "reports" / "good.yaml").write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    locked = str(project / "reports" / "locked")
    real = os.scandir

    def scandir(path="."):  # root reads any folder: make one unreadable as a user meets it
        if os.path.abspath(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run_cli(capsys, "check", "reports", "--jobs", "1", "--no-cache",
                             "--lang", "en")
    assert code == 1 and "Traceback" not in err
    assert "locked:1:1: RL001" in out and "cannot be listed (Permission denied)" in out, out
    assert "2 file(s)" in out


@pytest.mark.parametrize("digits", ["٧٥", "𝟕𝟓", "⑦⑤", "۷۵"])
def test_digits_of_another_script_are_a_finding_not_a_conversion(project, capsys, digits):
    text = replace_once(EXAMPLE.read_text("utf-8"), "penalty: [75]", f'penalty: ["{digits}"]')
    (project / "report.yaml").write_text(text, encoding="utf-8")
    code, out, _err = run_cli(capsys, "check", "report.yaml", "--no-cache", "--lang", "en")
    assert code == 1 and "RL310" in out and digits in out, out


def test_full_width_digits_stay_the_number_printed(project, capsys):
    text = replace_once(EXAMPLE.read_text("utf-8"), "penalty: [75]", 'penalty: ["７５"]')
    (project / "report.yaml").write_text(text, encoding="utf-8")
    code, out, _err = run_cli(capsys, "check", "report.yaml", "--no-cache", "--lang", "en")
    assert code == 0, out


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF32_LE, "utf-32-le"),
                                        (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_utf32_is_named_utf32(bom, codec):
    text, used, problems = decode(bom + "年度报告".encode(codec))
    assert text == "年度报告" and used == "utf-32"
    assert [(p.code, p.args["encoding"]) for p in problems] == [("RL008", "UTF-32")]


@pytest.mark.parametrize("charset", ["cp037", "koi8-r", "mac-roman", "cp500"])
def test_a_declared_charset_that_garbles_a_gbk_page_is_rl031(charset):
    page = (f'<html><head><meta charset="{charset}"></head><body>'
            "<p>石桥镇2024年政府信息公开工作年度报告</p></body></html>").encode("gbk")
    blocks, problems = read_blocks(page)
    assert [p.code for p in problems] == ["RL031"]
    assert problems[0].args["declared"] == charset
    assert any("石桥镇2024年" in getattr(block, "text", "") for block in blocks or []), blocks


def test_a_big5_page_that_says_so_is_read_as_big5():
    page = ('<html><head><meta charset="big5"></head><body><p>政府資訊公開年度報告</p>'
            "</body></html>").encode("big5")
    blocks, problems = read_blocks(page)
    assert problems == []
    assert any("政府資訊公開" in getattr(block, "text", "") for block in blocks or [])
