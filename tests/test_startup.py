"""What checking one file imports: its start-up is most of what a pre-commit hook costs.

A module that the check of one YAML report does not need must not be imported on the way, not
even by the standard library on reportlint's behalf: each costs milliseconds that every commit
pays (bench/README.md, "one file"). This test names the ones that were imported once and need
not be; `python -X importtime -m reportlint check --no-cache FILE` shows the rest.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

from tests.helpers import EXAMPLE, ROOT, replace_once

NOT_NEEDED = {
    "tempfile": "results wait in memory for a few files (batch._InOrder)",
    "shutil": "argparse's width without shutil (cli_help.Formatter)",
    "decimal": "the generated report validator (scripts/generate_validators.py)",
    "hashlib": "the built-in packs are checked byte for byte (packs/compiled.py), not hashed",
    "dataclasses": "records are made without it (reportlint/records.py)",
    "inspect": "imported by dataclasses",
    "json": "imported where a schema or a JSON output is read or written, not at start-up",
    "jsonschema": "only an invalid report or a pack of one's own is validated by it",
    "typing": "annotations are strings (`from __future__ import annotations`); what they name "
              "from typing is imported under `TYPE_CHECKING = False`, for a type checker only",
    "concurrent": "no worker pool for one file",
    "multiprocessing": "no worker pool for one file",
}

_RUN = """
import contextlib, io, sys
from reportlint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(repr((code, sorted(sys.modules))))
"""


def _imported(*args: str, env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True,
                          cwd=ROOT, check=True, env=env)
    code, modules = ast.literal_eval(done.stdout)
    return code, set(modules)


def _modules(*args: str) -> tuple[int, set[str]]:
    code, modules = _imported(*args)
    return code, {name.partition(".")[0] for name in modules}


def test_checking_one_file_imports_only_what_it_needs():
    code, modules = _modules("check", "--no-cache", str(EXAMPLE))
    assert code == 0
    imported = {name: why for name, why in NOT_NEEDED.items() if name in modules}
    assert imported == {}


# What a file whose findings come from the cache does not need: reading and checking it.
NOT_NEEDED_FROM_THE_CACHE = {
    "yaml": "no report is parsed, and a config in TOML or none needs no YAML parser",
    "regex": "no pattern is searched: reportlint's own compile by their first use "
             "(patterns.Deferred), pairing by file name reads names without one",
    "reportlint.yamlsource": "as yaml",
    "reportlint.checks": "imported by the first file checked (engine.Linter._check)",
    "reportlint.readers.structured": "imported by the first file read (readers.read_report)",
    "jsonschema": "as without the cache",
}


@pytest.mark.parametrize("defect", [False, True], ids=["clean", "with-findings"])
def test_a_file_whose_findings_are_cached_is_neither_read_nor_checked(tmp_path, defect):
    report = tmp_path / EXAMPLE.name
    text = EXAMPLE.read_text(encoding="utf-8")
    report.write_text(replace_once(text, "penalty: [75]", "penalty: [-75]") if defect else text,
                      encoding="utf-8")
    env = {**os.environ, "REPORTLINT_CACHE_DIR": str(tmp_path / "cache"),
           "REPORTLINT_CACHE_KEY": "test-key"}
    first, modules = _imported("check", str(report), env=env)
    assert first == int(defect) and {"yaml", "reportlint.checks"} <= modules  # it was linted
    again, modules = _imported("check", str(report), env=env)
    assert again == first  # the findings came back (printed through visible(), unsearched)
    imported = {name: why for name, why in NOT_NEEDED_FROM_THE_CACHE.items() if name in modules}
    assert imported == {}


def test_a_config_file_is_validated_without_jsonschema(tmp_path):
    """A repository's `.reportlint.yaml` is read on every run, cached or not: a valid one is
    accepted by the generated validator (schemas/_config_validator.py)."""
    report = tmp_path / EXAMPLE.name
    report.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".reportlint.yaml").write_text(
        "lang: en\nignore: [RL5]\nseverity: {RL311: warning}\n", encoding="utf-8")
    code, modules = _imported("check", "--no-cache", str(report))
    assert code == 0 and "reportlint.config" in modules
    assert "reportlint.schemas._config_validator" in modules and "jsonschema" not in modules
