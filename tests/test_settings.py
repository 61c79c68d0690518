"""Settings without the command line: the command line over the config over the defaults, each
value with its source; per-file ignores; the files a run collects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reportlint.globs import glob_matches
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


def _excluded_as_gitignore_reads_it(patterns: list[str], path: Path, root: Path) -> bool:
    """The meaning of `exclude`, written plainly: a name pattern matches the name of the file
    or of a folder below the root, a pattern with `/` the resolved path of either; the last
    matching pattern decides and `!` takes back."""
    resolved = Path(os.path.realpath(path))
    inside = resolved.is_relative_to(root)
    folders = [p for p in resolved.parents if inside and p.is_relative_to(root) and p != root]
    decided = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        glob = pattern[1:] if negated else pattern
        if "/" in glob:
            texts = [resolved.as_posix(), *(folder.as_posix() for folder in folders)]
        else:
            texts = list(resolved.relative_to(root).parts) if inside else [resolved.name]
        if any(glob_matches(glob, text) for text in texts):
            decided = not negated
    return decided


def test_exclude_worked_out_folder_by_folder_means_what_it_says(project) -> None:
    # Each folder's matches are derived from its parent's (linear in the depth); the answer
    # for every file and folder, asked deepest first, is the plain reading of the patterns.
    (project / ".reportlint.yaml").write_text(
        "exclude: [drafts, '!keep.yaml', 'old/**', 'a/b', '**/tmp/*.yaml', 'x*', '!xkeep',"
        " 'deep/d/d']\n", encoding="utf-8")
    for name in ("drafts/keep.yaml", "drafts/sub/r.yaml", "old/r.yaml", "old/n/r.yaml",
                 "a/b/c/r.yaml", "a/bb/r.yaml", "z/tmp/q.yaml", "z/tmp/q.txt",
                 "xfolder/xkeep/r.yaml", "xfolder/xkeep/keep.yaml", "r.yaml",
                 "deep/d/d/d/r.yaml", "deep/d/r.yaml"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLE, project / name)
    (project / "link").symlink_to(project / "drafts", target_is_directory=True)
    (project / "z" / "old").symlink_to(project / "old", target_is_directory=True)
    settings = Resolver(Overrides()).for_path(project)
    paths = sorted((Path(root, name) for root, dirs, files in os.walk(project)
                    for name in [*dirs, *files]), key=lambda p: -len(p.parts))
    paths += [project, project.parent / "drafts", project / "link" / "sub" / "r.yaml",
              project / "z" / "old" / "r.yaml"]
    answers = {str(p.relative_to(project.parent)): settings.excluded(p) for p in paths}
    expected = {str(p.relative_to(project.parent)): _excluded_as_gitignore_reads_it(
        settings["exclude"], p, settings.root) for p in paths}
    assert answers == expected
    assert sum(answers.values()) >= 15 and sum(not v for v in answers.values()) >= 8
