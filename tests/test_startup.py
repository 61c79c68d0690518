"""What checking one file imports: its start-up is most of what a pre-commit hook costs.

A module that the check of one YAML report does not need must not be imported on the way, not
even by the standard library on reportlint's behalf: each costs milliseconds that every commit
pays (bench/README.md, "one file"). This test names the ones that were imported once and need
not be; `python -X importtime -m reportlint check --no-cache FILE` shows the rest.
"""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.helpers import EXAMPLE, ROOT

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


def _modules(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    code, modules = ast.literal_eval(done.stdout)
    return code, {name.partition(".")[0] for name in modules}


def test_checking_one_file_imports_only_what_it_needs():
    code, modules = _modules("check", "--no-cache", str(EXAMPLE))
    assert code == 0
    imported = {name: why for name, why in NOT_NEEDED.items() if name in modules}
    assert imported == {}
