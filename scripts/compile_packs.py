"""Validate the built-in rule packs once and write their compiled form (run after editing rules/).

The YAML under rules/ stays the one source; src/reportlint/packs/compiled.json holds each file
as the loader reads it after validation, with its SHA-256, so a run loads the built-in packs
without parsing or schema-checking them. tests/packs/test_compiled.py fails when it is stale.

    python scripts/compile_packs.py
"""

from __future__ import annotations

import sys

from reportlint.packs import compiled
from reportlint.packs.load import build_compiled

if __name__ == "__main__":
    compiled.FILE.write_text(build_compiled(), encoding="utf-8")
    print(f"wrote {compiled.FILE}", file=sys.stderr)
