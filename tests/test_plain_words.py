"""What libraries and the system say in English reaches the user in plain Chinese, with the form
expected: YAML/JSON syntax errors, JSON Schema errors, OS errors. `--lang en` keeps English."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportlint.engine import Linter
from reportlint.packs.pack import PackSet
from tests.helpers import codes, lint_bytes, lint_file, lint_text, replace_once
from tests.robustness import hostile_files

# Phrases of PyYAML/libyaml, jsonschema and strerror that must not reach a Chinese reader.
ENGLISH = ("did not find", "expected", "found", "not allowed", "no such file", "is not of type",
           "is not one of", "required property", "unknown key", "binary file", "cannot",
           "while parsing", "while scanning", "mapping values", "permission denied", "not a ")


@pytest.fixture(scope="module")
def english(packs: PackSet) -> Linter:
    return Linter(packs, lang="en")


def _one(findings, code: str) -> str:
    assert codes(findings) == [code], [(f.code, f.message) for f in findings]
    return findings[0].message


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("meta:\n  title: [unclosed\n  year: 2024\n",
     "方括号列表 [ … ] 没有正确结束：各值之间应以英文逗号「,」分隔，最后以「]」结束",
     "a [ … ] list is not closed properly"),
    ("meta:\n\ttitle: x\n", "制表符（Tab）不能用于缩进，请改用空格", "a tab cannot indent YAML"),
    ("meta:\n  title: \"unclosed\n", "引号没有闭合", "a quote is not closed"),
    ("meta:\n  title: a: b\n", "此处不能再出现「: 」", "a ': ' is not allowed here"),
    ("meta:\n  title: x\n  - y\n", "此处应为「键: 值」", "'key: value'"),
    ("meta:\n  title: @x\n", "「@」不能作为值的开头", "'@' cannot start a value"),
    ('{"meta": {"title": "x" "year": 2024}}', "花括号映射 { … } 没有正确结束", "a { … } mapping is not closed"),
    ('{"meta": {"title": "x",', "此处缺少值", "a value is missing here"),
])
def test_yaml_and_json_syntax_errors_in_plain_words(linter, english, text, zh, en):
    name = "report.json" if text.startswith("{") else "report.yaml"
    message = _one(lint_text(linter, text, name), "RL002")
    assert zh in message
    assert not any(phrase in message.lower() for phrase in ENGLISH), message
    assert en in _one(lint_text(english, text, name), "RL002")


@pytest.mark.parametrize(("old", "new", "zh", "en"), [
    ("  year: 2024", "  year: 2024年", "meta.year 应为整数年份，如 2024，现为「2024年」",
     "meta.year: expected a whole year, e.g. 2024, found '2024年'"),
    ("  published: 2025-01-20", "  published: 2025年1月20日",
     "meta.published 应为 YYYY-MM-DD 格式的日期，如 2025-01-20，现为「2025年1月20日」",
     "meta.published: expected a date YYYY-MM-DD"),
    ("  organ_kind: township", "  organ_kind: town",
     "meta.organ_kind 应为以下之一：department（县级以上人民政府部门）", "expected one of department, "),
    ("  year: 2024\n", "", "meta 缺少必填的「year」（整数年份，如 2024）", "'year' is required (a whole year"),
    ("  organ_kind: township", "  organ_knd: township",
     "未知的键「organ_knd」（是否应为「organ_kind」？）", "unknown key 'organ_knd' (did you mean 'organ_kind'?)"),
    ("  title: 云溪县石桥镇2024年政府信息公开工作年度报告", "  title: \"\"", "meta.title 不能为空",
     "must not be empty"),
])
def test_schema_errors_say_the_form_expected(linter, english, example_text, old, new, zh, en):
    text = replace_once(example_text, old, new)
    message = _one(lint_text(linter, text), "RL004")
    assert zh in message
    assert not any(phrase in message.lower() for phrase in ENGLISH), message
    assert en in _one(lint_text(english, text), "RL004")


def test_os_errors_in_plain_words(linter, english, tmp_path: Path):
    missing = str(tmp_path / "gone-2024.yaml")
    assert "文件不存在" in _one(lint_file(linter, missing), "RL001")
    assert "No such file" in _one(lint_file(english, missing), "RL001")
    loop = tmp_path / "loop.yaml"
    os.symlink(loop, loop)
    assert "符号链接形成了循环" in _one(lint_file(linter, str(loop)), "RL001")
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        assert "不是普通文件" in _one(lint_file(linter, str(fifo)), "RL001")


def test_no_library_english_in_any_hostile_file_finding(linter):
    """Every broken, binary or malicious input of docs/hostile-input.md, read in Chinese."""
    for name, (data, _) in hostile_files.files().items():
        for finding in lint_bytes(linter, name, data):
            lowered = finding.message.lower()
            assert not any(phrase in lowered for phrase in ENGLISH), (name, finding.message)
