"""The built-in packs ship validated (reportlint/packs/compiled.json) and built
(compiled.pickle): the compiled forms are the YAML as the loader validates and builds it today,
a run uses them without parsing, schema-checking or building, and a built-in file edited since
is validated again."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

import pytest

from reportlint.packs import compiled
from reportlint.packs.load import build_compiled, builtin_rules_dir, load_pack, load_packs

BUILTIN = builtin_rules_dir().resolve()


def test_the_compiled_packs_are_the_yaml_validated_now():
    text, packs = build_compiled()
    assert compiled.FILE.read_text(encoding="utf-8") == text, \
        "rules/ changed: run python scripts/compile_packs.py"
    shipped = compiled.read_packs(compiled.PACKS.read_bytes(), BUILTIN)
    built = compiled.read_packs(packs, BUILTIN)
    assert (shipped["folders"], shipped["files"]) == (built["folders"], built["files"]), \
        "rules/ changed: run python scripts/compile_packs.py"
    assert compiled.comparable(shipped["packs"]) == compiled.comparable(built["packs"]), \
        "the loader or the pack types changed: run python scripts/compile_packs.py"


def test_a_run_takes_the_builtin_packs_as_built_from_the_pickle():
    code = ("from reportlint.packs import compiled, load\n"
            "def refuse(*args, **kwargs): raise AssertionError('a built-in pack was built')\n"
            "load._load_pack = refuse\n"
            "compiled._entries = refuse\n"
            "packs = load.load_packs()\n"
            "assert len(packs.all_rules()) > 60\n")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.fixture
def rules_copy(tmp_path):
    """A copy of rules/ that stands for the built-in folder: the pickle's packs placed there."""
    copy = tmp_path / "rules"
    shutil.copytree(BUILTIN, copy)
    compiled._shipped_packs.cache_clear()
    yield copy.resolve()
    compiled._shipped_packs.cache_clear()


def test_the_pickled_packs_are_placed_where_the_package_is(rules_copy):
    pack = compiled.shipped_pack(rules_copy / "annual-2021", rules_copy)
    assert pack is not None and pack.path == rules_copy / "annual-2021"
    assert pack.example == rules_copy / "annual-2021" / "examples" / "shiqiao-2024.yaml"
    assert {rule.source.rpartition(os.sep)[0] for rule in pack.rules} == {
        str(rules_copy / "annual-2021"), str(rules_copy / "core")}


@pytest.mark.parametrize("change", ["edit", "add", "remove", "link"])
def test_any_change_to_the_builtin_files_and_the_packs_are_built_from_them(rules_copy, change):
    folder = rules_copy / "annual-2021"
    if change == "edit":
        (folder / "contact.yaml").write_bytes((folder / "contact.yaml").read_bytes() + b"\n")
    elif change == "add":
        (folder / "more.yaml").write_text("rules: []\n", encoding="utf-8")
    elif change == "remove":
        (folder / "contact.yaml").unlink()
    else:
        os.replace(folder / "contact.yaml", rules_copy / "contact.yaml")
        os.symlink(rules_copy / "contact.yaml", folder / "contact.yaml")
    assert compiled.shipped_pack(folder, rules_copy) is None
    assert compiled.shipped_pack(rules_copy / "core", rules_copy) is None


def test_every_file_of_the_builtin_packs_is_compiled():
    files = {path.relative_to(builtin_rules_dir()).as_posix()
             for path in builtin_rules_dir().glob("*/*.yaml")}
    assert files and files == set(compiled._entries())


def test_a_run_loads_the_builtin_packs_without_yaml_parsing_or_jsonschema():
    code = ("import sys\n"
            "from reportlint import yamlsource\n"
            "def refuse(*args, **kwargs): raise AssertionError('a built-in pack file was parsed')\n"
            "yamlsource.compose = refuse\n"
            "from reportlint.packs.load import load_packs\n"
            "packs = load_packs()\n"
            "assert len(packs.all_rules()) > 60\n"
            "assert 'jsonschema' not in sys.modules and 'reportlint.schemacheck' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_builtin_file_edited_since_is_validated_again():
    path = builtin_rules_dir() / "annual-2021" / "pack.yaml"
    raw = path.read_text(encoding="utf-8").encode("utf-8")  # as the loader reads it
    assert compiled.lookup(path, raw, "pack.schema.json", builtin_rules_dir()) is not None
    assert compiled.lookup(path, raw + b"\n", "pack.schema.json", builtin_rules_dir()) is None
    assert compiled.lookup(path, raw, "rules.schema.json", builtin_rules_dir()) is None
    entry = compiled._entries()["annual-2021/pack.yaml"]
    assert entry["sha256"] == hashlib.sha256(raw).hexdigest()


def test_packs_loaded_from_the_compiled_form_equal_packs_validated_from_yaml(monkeypatch):
    load_pack.cache_clear()
    shipped = load_packs()
    monkeypatch.setattr(compiled, "lookup", lambda *args: None)
    load_pack.cache_clear()
    validated = load_packs()
    load_pack.cache_clear()
    assert [p.id for p in shipped.packs] == [p.id for p in validated.packs]
    # as text: an example's .nan is equal in both but not == itself
    assert repr(shipped.all_rules()) == repr(validated.all_rules())
    assert repr([p.template for p in shipped.packs]) == repr([p.template for p in validated.packs])


def test_the_builtin_layouts_read_and_a_lint_does_not_import_the_layout_types():
    code = ("import sys\n"
            "from reportlint.packs.load import load_packs\n"
            "packs = load_packs()\n"
            "assert 'reportlint.layout' not in sys.modules\n"
            "for pack in packs.packs:\n"
            "    assert set(pack.template.render.tables) == set(pack.template.tables)\n")
    subprocess.run([sys.executable, "-c", code], check=True)
