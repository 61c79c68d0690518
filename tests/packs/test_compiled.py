"""The built-in packs ship validated (reportlint/packs/compiled.json): the compiled form is the
YAML as the loader validates it today, a run uses it without parsing or schema-checking, and a
built-in file edited since is validated again."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from reportlint.packs import compiled
from reportlint.packs.load import build_compiled, builtin_rules_dir, load_pack, load_packs


def test_the_compiled_packs_are_the_yaml_validated_now():
    assert compiled.FILE.read_text(encoding="utf-8") == build_compiled(), \
        "rules/ changed: run python scripts/compile_packs.py"


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
