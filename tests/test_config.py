"""Configuration: discovery, extends, validation, overrides, file selection, --fail-on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, own_pack, position_of, run_cli

PENALTY = "    penalty: [75]                    # 行政处罚"
NOT_NUMBER = "    penalty: [x75]"  # RL310, error
PLACEHOLDER = '    penalty: ["/"]'  # RL311, warning


def report(path: Path, line: str = NOT_NUMBER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    path.write_text(text.replace(PENALTY, line), encoding="utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(project: Path) -> Path:
    return project


def concise_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line]


def test_no_config_reports_the_mutation(repo, capsys):
    path = report(repo / "a.yaml")
    code, out, _ = run_cli(capsys, "check", "--format", "concise", "a.yaml")
    line, column = position_of(path.read_text(encoding="utf-8"), "x75")
    assert code == 1
    assert concise_lines(out) == [f"a.yaml:{line}:{column}: RL310 " + out.split(" RL310 ")[1].strip()]


def test_upward_search_and_closest_config_wins(repo, capsys):
    write(repo / ".reportlint.yaml", "ignore: [RL310]\n")
    report(repo / "reports" / "a.yaml")
    inner = report(repo / "reports" / "county" / "b.yaml")
    write(repo / "reports" / "county" / ".reportlint.yaml", "fail-on: never\n")
    code, out, _ = run_cli(capsys, "check", "--format", "concise", "reports")
    line, column = position_of(inner.read_text(encoding="utf-8"), "x75")
    # The inner config does not inherit the outer `ignore` (no extends), and its fail-on holds
    # for its files only; the outer file's RL310 is ignored.
    assert [x.split(" ")[:2] for x in concise_lines(out)] == [
        [f"reports/county/b.yaml:{line}:{column}:", "RL310"]]
    assert code == 0


def test_pyproject_table_is_found_and_dot_file_preferred(repo, capsys):
    report(repo / "a.yaml")
    write(repo / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.reportlint]\nignore = ['RL310']\n")
    assert run_cli(capsys, "check", "a.yaml")[0] == 0
    write(repo / ".reportlint.yaml", "select: [RL3]\n")
    assert run_cli(capsys, "check", "a.yaml")[0] == 1


def test_pyproject_without_the_table_is_not_a_config(repo, capsys):
    report(repo / "sub" / "a.yaml")
    write(repo / ".reportlint.yaml", "ignore: [RL310]\n")
    write(repo / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert run_cli(capsys, "check", "sub/a.yaml")[0] == 0


def test_extends_inherits_and_merges(repo, capsys):
    write(repo / "base.yaml", "ignore: [RL310]\nfail-on: warning\n")
    write(repo / "reports" / ".reportlint.yaml", "extends: ../base.yaml\nignore: [RL311]\n")
    report(repo / "reports" / "a.yaml")
    report(repo / "reports" / "b.yaml", PLACEHOLDER)
    code, out, _ = run_cli(capsys, "check", "reports")
    assert code == 0 and "RL31" not in out
    code, out, _ = run_cli(capsys, "config", "--show", "reports/a.yaml")
    assert '"RL310", "RL311"' in out
    assert f"{repo / 'base.yaml'}:1 + {repo / 'reports' / '.reportlint.yaml'}:2" in out
    assert f"{repo / 'base.yaml'}:2" in out  # fail-on comes from the parent


def test_extends_may_not_leave_the_repository_by_dot_dot(tmp_path, monkeypatch, capsys):
    write(tmp_path / "outside.yaml", "ignore: [RL310]\n")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    monkeypatch.chdir(project)
    write(project / ".reportlint.yaml", "fail-on: error\nextends: ../outside.yaml\n")
    report(project / "a.yaml")
    code, _, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2
    assert f"{project / '.reportlint.yaml'}:2:1: extends:" in err
    assert "outside the repository" in err
    write(project / ".reportlint.yaml", f"extends: {tmp_path / 'outside.yaml'}\n")
    assert run_cli(capsys, "check", "a.yaml")[0] == 0  # an absolute path is explicit


def test_extends_cycle_is_an_error(repo, capsys):
    write(repo / ".reportlint.yaml", "extends: other.yaml\n")
    write(repo / "other.yaml", "extends: .reportlint.yaml\n")
    report(repo / "a.yaml")
    code, _, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2 and "cycle" in err


def test_unknown_key_error_with_did_you_mean_and_line(repo, capsys):
    write(repo / ".reportlint.yaml", "select: [ALL]\n\nfail_on: warning\n")
    report(repo / "a.yaml")
    code, out, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2 and out == ""
    assert err.startswith(f"{repo / '.reportlint.yaml'}:3:1: ")
    assert "unknown key 'fail_on' (did you mean 'fail-on'?)" in err


def test_unknown_key_in_pyproject_has_its_line(repo, capsys):
    write(repo / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.reportlint]\nselct = ['RL3']\n")
    report(repo / "a.yaml")
    code, _, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2
    assert f"{repo / 'pyproject.toml'}:5:1: " in err and "did you mean 'select'?" in err


def test_bad_value_is_located(repo, capsys):
    write(repo / ".reportlint.yaml", "severity:\n  RL310: fatal\n")
    report(repo / "a.yaml")
    code, _, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2 and f"{repo / '.reportlint.yaml'}:2:3: severity.RL310" in err


def test_severity_override_and_fail_on(repo, capsys):
    report(repo / "a.yaml")
    write(repo / ".reportlint.yaml", "severity: {RL310: warning}\n")
    code, out, _ = run_cli(capsys, "check", "a.yaml")
    assert code == 0 and "RL310 warning" in out
    assert run_cli(capsys, "check", "--fail-on", "warning", "a.yaml")[0] == 1


def test_unknown_code_in_severity_suggests_one(repo, capsys):
    report(repo / "a.yaml")
    write(repo / ".reportlint.yaml", "fail-on: error\nseverity:\n  RL3100: warning\n")
    code, _, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2 and f"{repo / '.reportlint.yaml'}:3:" in err
    assert "did you mean 'RL310'?" in err


def test_options_override_params_and_is_validated(repo, capsys):
    report(repo / "a.yaml")
    write(repo / ".reportlint.yaml", "options:\n  RL310: {tables: [table3]}\n")
    assert run_cli(capsys, "check", "a.yaml")[0] == 0  # RL310 now looks at table3 only
    write(repo / ".reportlint.yaml", "options:\n  RL310: {tabels: [table3]}\n")
    code, _, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2 and f"{repo / '.reportlint.yaml'}:2:" in err
    assert "did you mean 'tables'?" in err


def test_fail_on_is_separate_from_display(repo, capsys):
    report(repo / "a.yaml", PLACEHOLDER)
    code, out, _ = run_cli(capsys, "check", "a.yaml")
    assert code == 0 and "RL311 warning" in out  # shown, but not failing
    assert run_cli(capsys, "check", "--fail-on", "warning", "a.yaml")[0] == 1
    assert run_cli(capsys, "check", "--fail-on", "info", "a.yaml")[0] == 1
    write(repo / ".reportlint.yaml", "fail-on: warning\n")
    assert run_cli(capsys, "check", "a.yaml")[0] == 1
    code, out, _ = run_cli(capsys, "check", "--fail-on", "never", "a.yaml")
    assert code == 0 and "RL311" in out  # the command line wins over the config


def test_command_line_overrides_config(repo, capsys):
    report(repo / "a.yaml")
    write(repo / ".reportlint.yaml", "format: json\nlang: en\nselect: [RL2]\n")
    assert run_cli(capsys, "check", "a.yaml")[1].startswith('{\n  "schema_version"')
    code, out, _ = run_cli(capsys, "check", "--format", "concise", "--select", "RL3", "a.yaml")
    assert code == 1 and out.startswith("a.yaml:") and "expected a number" in out


def test_per_file_ignores(repo, capsys):
    report(repo / "reports" / "2024" / "a.yaml")
    report(repo / "reports" / "2025" / "b.yaml")
    write(repo / ".reportlint.yaml", "per-file-ignores:\n  reports/2024/*.yaml: [RL310]\n")
    code, out, _ = run_cli(capsys, "check", "--format", "concise", ".")
    assert code == 1
    assert [x.split(":")[0] for x in concise_lines(out)] == ["reports/2025/b.yaml"]


def test_include_and_exclude_when_walking(repo, capsys):
    report(repo / "reports" / "a.yaml")
    report(repo / "drafts" / "b.yaml")
    report(repo / "reports" / "old" / "c.yaml")
    write(repo / "mkdocs.yml", "site_name: x\n")
    write(repo / ".reportlint.yaml", "include: ['reports/**/*.yaml']\nexclude: [old, drafts]\n")
    code, out, _ = run_cli(capsys, "config", "--show")
    assert code == 0
    assert out.split("# files to lint (1):\n")[1].split() == ["reports/a.yaml"]


def test_force_exclude_for_explicit_paths(repo, capsys):
    report(repo / "drafts" / "b.yaml")
    write(repo / ".reportlint.yaml", "exclude: [drafts]\n")
    write(repo / ".pre-commit-config.yaml", "repos: []\n")
    # Named explicitly, an excluded file is linted, unless --force-exclude (pre-commit).
    assert run_cli(capsys, "check", "drafts/b.yaml")[0] == 1
    assert run_cli(capsys, "check", "--force-exclude", "drafts/b.yaml", ".pre-commit-config.yaml"
               )[0] == 0
    write(repo / ".reportlint.yaml", "exclude: [drafts]\nforce-exclude: true\n")
    assert run_cli(capsys, "check", "drafts/b.yaml")[0] == 0


def test_extra_rule_folder_from_config(repo, capsys):
    own_pack(repo / "packs", "province-2021", "RL310", "info")
    report(repo / "a.yaml")
    write(repo / ".reportlint.yaml", "rules: [packs]\n")
    code, out, _ = run_cli(capsys, "check", "--show-info", "a.yaml")
    assert code == 0 and "RL310 info" in out
    files = run_cli(capsys, "config", "--show")[1].split("# files to lint")[1]
    assert files.split()[1:] == ["a.yaml"]  # the pack's YAML files are not reports
    write(repo / ".reportlint.yaml", "rules: [packs]\npacks: [annual-2021]\n")
    code, out, _ = run_cli(capsys, "check", "a.yaml")
    assert code == 1 and "RL310 error" in out


def test_config_show_lists_sources(repo, capsys):
    write(repo / ".reportlint.yaml", "fail-on: warning\n")
    report(repo / "a.yaml")
    code, out, _ = run_cli(capsys, "config", "--show", "a.yaml")
    assert code == 0
    assert f'fail-on:          "warning"  # {repo / ".reportlint.yaml"}:1' in out
    assert 'format:           "text"  # default' in out
    assert out.rstrip().endswith("a.yaml")


def test_git_is_not_required_for_configs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    report(tmp_path / "a.yaml")
    write(tmp_path / ".reportlint.yaml", "ignore: [RL310]\n")
    assert run_cli(capsys, "check", "a.yaml")[0] == 0


def test_selector_matching_no_rule_is_an_error(repo, capsys):
    report(repo / "a.yaml")
    write(repo / ".reportlint.yaml", "fail-on: error\nignore: [RL3100]\n")
    code, _, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2
    assert f"{repo / '.reportlint.yaml'}:2:1: ignore: 'RL3100' matches no rule (did you mean 'RL310'?)" in err
    code, _, err = run_cli(capsys, "check", "--isolated", "--select", "RL9", "a.yaml")
    assert code == 2 and "command line:1:1: select: 'RL9' matches no rule" in err


def test_broken_pyproject_table_is_an_error_not_ignored(repo, capsys):
    write(repo / "pyproject.toml", "[project]\nname = 'x'\n[tool.reportlint\nignore = ['RL310']\n")
    report(repo / "a.yaml")
    code, _, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2 and f"{repo / 'pyproject.toml'}:3:17: invalid TOML" in err


def test_the_fast_config_validator_is_never_more_lenient_than_the_schema():
    """A config the generated validator accepts is never checked by jsonschema (config._validate):
    every value it accepts under any key must be one the schema accepts."""
    import itertools
    import json

    import jsonschema

    from reportlint.schemas._config_validator import validate as fast_validate

    schema = json.loads((Path(__file__).parent.parent / "src" / "reportlint" / "schemas"
                         / "config.schema.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator(schema)
    values = [None, True, False, 0, 1, -1, 1.0, 1e6, 2**41, "", "x", "ALL", "RL101", "RL", "rl101",
              "RL101\n", "error", "never", "zh", "township", [], [""], ["x"], ["ALL"], ["RL1"],
              ["RL101", 1], [None], [True], {}, {"RL101": "error"}, {"RL101": "loud"},
              {"rl101": "error"}, {"RL101": {}}, {"RL101": []}, {"*.yaml": ["RL1"]},
              {"*.yaml": "RL1"}, {"RL101": {"labels": ["x"]}}]
    accepted = 0
    for key, value in itertools.product([*schema["properties"], "unknown"], values):
        config = {key: value}
        try:
            fast_validate(config)
        except Exception:  # noqa: BLE001 - jsonschema decides these
            continue
        accepted += 1
        assert checker.is_valid(config), config
    assert accepted > 40
    fast_validate({"select": ["ALL"], "ignore": ["RL9"], "severity": {"RL311": "warning"},
                   "per-file-ignores": {"old/*.yaml": ["RL5"]}, "format": ["text", "sarif:out.sarif"],
                   "lang": "en", "max-bytes": 1_000_000})
