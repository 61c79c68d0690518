"""Issue 7: a config or rule pack cannot reach outside its folder (the repository, for a
config) by `..` steps or symbolic links; an absolute path stays allowed where documented."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reportlint.config import ConfigError, load_config
from reportlint.packs.load import PackError, load_pack
from tests.helpers import EXAMPLE, ROOT

BUILTIN = ROOT / "rules" / "annual-2021"


@pytest.fixture()
def layout(tmp_path):
    """tmp/outside/ (a config, a pack) and tmp/repo/ (a git repository)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shared.yaml").write_text("lang: en\n", encoding="utf-8")
    shutil.copytree(BUILTIN, outside / "pack")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    return repo, outside


def _config(repo: Path, text: str) -> Path:
    path = repo / ".reportlint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("key, value", [
    ("extends", "../outside/shared.yaml"), ("rules", "[../outside/pack]"),
    ("baseline", "../outside/baseline.json"), ("extends", "link/shared.yaml"),
    ("rules", "[link/pack]"), ("baseline", "sub/../../outside/b.json"),
])
def test_a_config_path_cannot_leave_the_repository(layout, key, value):
    repo, outside = layout
    os.symlink(outside, repo / "link")
    path = _config(repo, f"lang: zh\n{key}: {value}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert (raised.value.line, raised.value.column) == (2, 1)
    assert f"{key}:" in raised.value.message and "outside the repository" in raised.value.message


def test_an_absolute_config_path_and_one_inside_are_allowed(layout):
    repo, outside = layout
    (repo / "packs").mkdir()
    config = load_config(_config(repo, f"extends: {outside / 'shared.yaml'}\nrules: [packs]\n"))
    assert config.values["lang"] == "en"
    assert config.values["rules"] == [str(repo / "packs")]


@pytest.mark.parametrize("key, value, problem", [
    ("template", "../../secret/template.yaml", "does not match"),
    ("example", "../../secret/example.yaml", "does not match"),
    ("extends", "[../../secret]", "does not match"),
    ("template", "linked-template.yaml", "outside its pack folder"),
    ("extends", "[linked-pack]", "outside its pack folder"),
    (None, None, "outside its pack folder"),  # a rule file that links out of the pack
])
def test_a_pack_cannot_reach_outside_its_folder(tmp_path, key, value, problem):
    secret = tmp_path / "secret"
    secret.mkdir()
    shutil.copy(BUILTIN / "template.yaml", secret / "template.yaml")
    shutil.copy(BUILTIN / "tables.yaml", secret / "rules.yaml")
    shutil.copy(EXAMPLE, secret / "example.yaml")
    (secret / "pack.yaml").write_text("id: secret\nname: {zh: 外部, en: outside}\n",
                                      encoding="utf-8")
    packs = tmp_path / "packs"
    pack = packs / "mine"
    pack.mkdir(parents=True)
    shutil.copy(BUILTIN / "template.yaml", pack / "template.yaml")
    os.symlink(secret / "template.yaml", pack / "linked-template.yaml")
    os.symlink(secret, packs / "linked-pack")
    lines = {"id": "mine", "name": "{zh: 本地, en: local}", "template": "template.yaml"}
    if key is None:
        os.symlink(secret / "rules.yaml", pack / "linked.yaml")
    else:
        lines[key] = value
    (pack / "pack.yaml").write_text("".join(f"{k}: {v}\n" for k, v in lines.items()),
                                    encoding="utf-8")
    with pytest.raises(PackError) as raised:
        load_pack(pack)
    assert problem in str(raised.value)


def test_the_pack_without_links_out_loads(tmp_path):
    pack = tmp_path / "mine"
    pack.mkdir()
    shutil.copy(BUILTIN / "template.yaml", pack / "template.yaml")
    (pack / "pack.yaml").write_text("id: mine\nname: {zh: 本地, en: local}\n"
                                    "template: template.yaml\n", encoding="utf-8")
    assert load_pack(pack).template is not None


def test_a_template_link_loop_is_a_pack_error_not_a_crash(tmp_path):
    pack = tmp_path / "mine"
    pack.mkdir()
    os.symlink("b.yaml", pack / "a.yaml")
    os.symlink("a.yaml", pack / "b.yaml")
    (pack / "pack.yaml").write_text("id: mine\nname: {zh: 本地, en: local}\ntemplate: a.yaml\n",
                                    encoding="utf-8")
    with pytest.raises(PackError):
        load_pack(pack)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_special_files_as_config_baseline_or_rule_file_are_errors_not_hangs(tmp_path, capsys):
    from reportlint.cli import main

    shutil.copy(EXAMPLE, tmp_path / "r.yaml")
    os.mkfifo(tmp_path / "fifo")
    report = str(tmp_path / "r.yaml")
    assert main(["check", report, "--config", str(tmp_path / "fifo")]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert main(["check", report, "--isolated", "--baseline", str(tmp_path / "fifo")]) == 2
    assert "not a regular file" in capsys.readouterr().err
    pack = tmp_path / "pack"
    shutil.copytree(BUILTIN, pack)
    os.mkfifo(pack / "extra.yaml")
    with pytest.raises(PackError) as raised:
        load_pack(pack)
    assert "not a regular file" in str(raised.value)
