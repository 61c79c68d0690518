"""Chinese for the people who read it: rule names and docs in both languages, `rules` and
`explain` in the output language, and no bare Chinese label in English output."""

from __future__ import annotations

import regex

from reportlint.packs.pack import PackSet
from tests.helpers import run_cli

HAN = regex.compile(r"\p{Han}")


def test_every_builtin_rule_has_a_name_and_docs_in_both_languages(packs: PackSet):
    for rule in packs.all_rules():
        assert rule.title is not None and rule.title.zh and rule.title.en, rule.code
        assert HAN.search(rule.title.zh), rule.code
        for key in ("what", "why", "fix"):
            assert HAN.search(rule.doc.get("zh", {}).get(key, "")), (rule.code, key)
        for kind in ("fail", "pass"):
            for example in rule.examples.get(kind, ()):
                if "note" in example:
                    assert set(example["note"]) == {"zh", "en"}, (rule.code, example["note"])
                    assert HAN.search(example["note"]["zh"]), rule.code


def test_rules_lists_chinese_names_and_what_each_checks(capsys):
    code, out, _ = run_cli(capsys, "rules")
    assert code == 0
    lines = out.splitlines()
    at = lines.index("RL301  错误    表三各列勾稽关系（table3-balance）")
    assert lines[at + 1].strip().startswith("表三每一列：一、本年新收 + 二、上年结转")
    assert "RL311  警告    单元格为空或占位符（cell-blank）" in lines
    code, out, _ = run_cli(capsys, "rules", "--lang", "en")
    assert "RL301  error    table 3 column balance (table3-balance)" in out.splitlines()


def test_explain_examples_are_in_the_output_language(capsys):
    _, zh, _ = run_cli(capsys, "explain", "RL301")
    assert "不合格示例：" in zh and "自然人：新收 2 + 上年结转 0，但办结 2 + 结转下年度 1。" in zh
    assert "设置 tables.table3.carried_forward[0] = 1" in zh
    assert "set tables" not in zh and "carried forward." not in zh
    _, en, _ = run_cli(capsys, "explain", "RL701", "--lang", "en")
    assert "last year's report:" in en and "set meta.year = 2023" in en
    assert "Last year carried one request forward" in en and "上年结转下年度 1 件" not in en


def test_english_messages_name_nothing_in_chinese_alone(packs: PackSet):
    """Chinese in an English message is quoted text the report must contain, or glossed:
    `rules (规章)`, `(e.g. 统计期限自…)`; never a bare label."""
    for rule in packs.all_rules():
        bare = regex.sub(r"'[^']*'|\"[^\"]*\"|\([^()]*\)", "", rule.message["en"])
        assert not HAN.search(bare), (rule.code, rule.message["en"])


def test_a_missing_section_is_named_in_english_with_its_meaning(capsys):
    _, out, _ = run_cli(capsys, "explain", "RL101", "--lang", "en")
    assert "→ RL101 section 六 is missing: 六、其他需要报告的事项 (Other matters to report)" in out
