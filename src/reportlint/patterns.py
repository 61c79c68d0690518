"""Compiled patterns of the rule packs, once per process.

Rule params hold regexes as strings; `regex.search(string, ...)` would look the pattern up in
the regex module's own cache on every call, which costs more than the search itself on short
prose. `compiled` keeps each compiled pattern in a plain dictionary lookup.
"""

from __future__ import annotations

from functools import lru_cache

import regex

compiled = lru_cache(maxsize=2048)(regex.compile)
