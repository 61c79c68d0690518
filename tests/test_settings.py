"""Settings without the command line: the command line over the config over the defaults, each
value with its source; per-file ignores; the files a run collects."""

from __future__ import annotations

import shutil

from reportlint.settings import Overrides, Resolver, collect
from tests.helpers import EXAMPLE


def test_command_line_over_config_over_defaults_each_with_its_source(project) -> None:
    (project / ".reportlint.yaml").write_text("lang: en\nignore: [RL105]\nfail-on: warning\n",
                                              encoding="utf-8")
    config = str(project / ".reportlint.yaml")
    settings = Resolver(Overrides(ignore=["RL4"], fail_on="info")).for_path(project / "r.yaml")
    assert (settings["lang"], settings.sources["lang"]) == ("en", f"{config}:1")
    assert (settings["ignore"], settings.sources["ignore"]) == (["RL105", "RL4"], "command line")
    assert (settings["fail-on"], settings.sources["fail-on"]) == ("info", "command line")
    assert (settings["select"], settings.sources["select"]) == (["ALL"], "default")
    assert settings.linter().selection.ignore == ["RL105", "RL4"]


def test_per_file_ignores_add_to_the_ignored_codes_of_that_file_only(project) -> None:
    (project / ".reportlint.yaml").write_text('per-file-ignores: {"drafts/*.yaml": [RL1]}\n',
                                              encoding="utf-8")
    settings = Resolver(Overrides()).for_path(project)
    assert not settings.linter_for(str(project / "drafts" / "a.yaml")).selection.wants("RL105")
    assert settings.linter_for(str(project / "final" / "a.yaml")).selection.wants("RL105")


def test_collect_walks_folders_and_counts_named_files_force_exclude_drops(project) -> None:
    for name in ("a.yaml", "b.txt", "notes.md", ".hidden.yaml"):
        shutil.copy(EXAMPLE, project / name)
    (project / ".reportlint.yaml").write_text("exclude: [b.txt]\n", encoding="utf-8")
    resolver = Resolver(Overrides())
    files, dropped = collect([str(project)], resolver)
    assert ([path for path, _ in files], dropped) == ([str(project / "a.yaml")], 0)
    named = ["b.txt", "notes.md"]
    assert [p for p, _ in collect(named, resolver)[0]] == named  # named files are linted
    forced = Resolver(Overrides(force_exclude=True))
    assert collect(named, forced) == ([], 2)
