"""Rule packs are data, validated when they load: a bad pack is one clear error naming file
and line, never a traceback half-way through a run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportlint.cli import main
from reportlint.packs.load import PackError, builtin_rules_dir, load_pack, load_packs
from tests.helpers import EXAMPLE, lint_file


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), target)
    load_pack.cache_clear()
    return target


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_builtin_packs_load_with_every_rule_documented():
    packs = load_packs()
    assert {p.id for p in packs.packs} >= {"annual-2021"}
    for rule in packs.all_rules():
        assert rule.message["zh"] and rule.message["en"]
        assert rule.doc["what"] and rule.doc["why"] and rule.doc["fix"]


def test_identities_are_template_data_named_by_the_rules():
    packs = load_packs()
    table3 = packs.get("annual-2021").template.tables["table3"]
    balance = {r.code: r.params for r in packs.get("annual-2021").rules if r.check == "balance"}
    assert balance["RL301"] == {"table": "table3", "identity": "balance"}
    assert [i.total for i in table3.identity("balance")] == [("outcome_total", "carried_forward")]
    # (七)总计: the 21 outcome rows, or the 18 and the older single (六)其他处理 row
    assert [len(i.parts) for i in table3.identity("outcome_total")] == [21, 19]
    # the trial format inherits RL302 and RL307: its template gives their identities
    trial = packs.get("annual-2019-trial")
    assert trial.rule("RL302").params == balance["RL302"]
    assert [len(i.parts) for i in trial.template.tables["table3"].identity("outcome_total")] == [19]
    assert {i.name for i in table3.row_identities} == {"row_total"}  # what splits glued rows
    for pack in packs.packs:  # every identity a balance rule names, its template has
        for rule in (r for r in pack.rules if r.check == "balance"):
            assert pack.template.tables[rule.params["table"]].identity(rule.params["identity"])


def test_an_identity_naming_an_unknown_row_fails_the_load(pack_copy):
    template = pack_copy / "annual-2021" / "template.yaml"
    line = _edit(template, "parts: [new, carried_over]}", "parts: [new, carried_ovr]}")
    with pytest.raises(PackError) as error:
        load_packs([pack_copy])
    assert line and "identity balance" in error.value.message and "carried_ovr" in error.value.message


def test_unknown_check_names_file_and_line(pack_copy, capsys):
    rule_file = pack_copy / "annual-2021" / "tables.yaml"
    line = _edit(rule_file, "    check: compare\n", "    check: run-python\n")
    with pytest.raises(PackError) as error:
        load_packs([pack_copy])
    assert error.value.path == str(rule_file.resolve())
    assert error.value.line == line
    assert "unknown check 'run-python'" in error.value.message
    load_pack.cache_clear()
    assert main(["check", "--rules", str(pack_copy), str(EXAMPLE)]) == 2
    err = capsys.readouterr().err
    assert f"tables.yaml:{line}:" in err and "Traceback" not in err


def test_bad_check_params_are_caught_at_load(pack_copy):
    rule_file = pack_copy / "annual-2021" / "tables.yaml"
    line = _edit(rule_file, "    params: {table: table3, identity: row_total}",
                 "    params: {table: table3, identity: row_total, across: diagonal}")
    with pytest.raises(PackError) as error:
        load_packs([pack_copy])
    assert error.value.line == line
    assert "RL303" in error.value.message and "across" in error.value.message


def test_rule_without_doc_violates_the_rule_schema(pack_copy):
    rule_file = pack_copy / "annual-2021" / "contact.yaml"
    text = rule_file.read_text(encoding="utf-8")
    start = text.index("    doc:", text.index("RL403"))
    rule_file.write_text(text[:start], encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_packs([pack_copy])
    assert "doc" in error.value.message


def test_invalid_yaml_in_a_rule_file(pack_copy):
    rule_file = pack_copy / "annual-2021" / "period.yaml"
    _edit(rule_file, "  - code: RL204\n", "  - code: [RL204\n")
    with pytest.raises(PackError) as error:
        load_packs([pack_copy])
    assert "invalid YAML" in error.value.message
    assert error.value.path.endswith("period.yaml")


def test_a_code_defined_twice_is_an_error(pack_copy):
    _edit(pack_copy / "annual-2021" / "contact.yaml", "code: RL403", "code: RL401")
    with pytest.raises(PackError) as error:
        load_packs([pack_copy])
    assert "RL401 is defined twice" in error.value.message


def test_a_new_pack_is_a_folder_not_code(pack_copy, tmp_path):
    """A province's pack: the 2021 template with one extra rule, no code change."""
    province = pack_copy / "province-x"
    province.mkdir()
    (province / "pack.yaml").write_text(
        "id: province-x\nname: 某省补充规则\nextends: [annual-2021]\n"
        "applies: {template: [province-x]}\n", encoding="utf-8")
    (province / "phone.yaml").write_text("""rules:
  - code: PX401
    name: phone-required
    severity: error
    check: contact-required
    params: {fields: [email], labels: {email: 电子邮箱}}
    message: {zh: "未提供{field}", en: "no {field} given"}
    doc: {what: 本省要求提供电子邮箱。, why: 省级通知要求。, fix: 在 contact 中填写 email。}
""", encoding="utf-8")
    packs = load_packs([pack_copy])
    report = tmp_path / "r.yaml"
    report.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "template: annual-2021", "template: province-x"), encoding="utf-8")
    from reportlint.engine import Linter

    findings = lint_file(Linter(packs), report)
    assert [f.code for f in findings] == ["PX401"]
