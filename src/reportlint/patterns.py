"""Compiled patterns of the rule packs and configs, once per process, each search time-bounded.

Rule params hold regexes as strings; `regex.search(string, ...)` would look the pattern up in
the regex module's own cache on every call, which costs more than the search itself on short
prose. `compiled` keeps each compiled pattern in a plain dictionary lookup.

A pack or a config can hold any regex, and a regex such as `(a|a)+$` backtracks without end on
the right text. Every search of a pack pattern therefore runs under the regex module's
`timeout`: a search that runs past `TIMEOUT` raises `PatternTimeout`, which the engine turns
into RL050 for that file and that rule (or reader), never a hang. The built-in patterns are
proven linear on adversarial text by tests/robustness/test_hostile_regex.py, far inside the bound.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import regex

TIMEOUT = 2.0  # seconds for one search of one pattern on one text


class PatternTimeout(Exception):
    """A pack or config pattern ran past TIMEOUT on one text."""

    def __init__(self, pattern: str) -> None:
        super().__init__(pattern)
        self.pattern = pattern


class Bounded:
    """A compiled pattern whose every search stops after TIMEOUT (PatternTimeout)."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._compiled = regex.compile(pattern, flags)
        self.pattern = pattern

    def search(self, string: str, pos: int | None = None, endpos: int | None = None
               ) -> regex.Match[str] | None:
        try:
            return self._compiled.search(string, pos, endpos, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def match(self, string: str, pos: int | None = None, endpos: int | None = None
              ) -> regex.Match[str] | None:
        try:
            return self._compiled.match(string, pos, endpos, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def fullmatch(self, string: str, pos: int | None = None, endpos: int | None = None
                  ) -> regex.Match[str] | None:
        try:
            return self._compiled.fullmatch(string, pos, endpos, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def finditer(self, string: str, pos: int | None = None, endpos: int | None = None
                 ) -> Iterator[regex.Match[str]]:
        # One bounded search per match: the module's timeout would bound the whole iteration,
        # which on a long text is not a sign of backtracking.
        start, end = pos or 0, len(string) if endpos is None else endpos
        while start <= end:
            found = self.search(string, start, end)
            if found is None:
                return
            yield found
            start = found.end() if found.end() > found.start() else found.end() + 1

    def split(self, string: str) -> list[Any]:
        try:
            return self._compiled.split(string, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def sub(self, replacement: str, string: str) -> str:
        try:
            return self._compiled.sub(replacement, string, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None


compiled = lru_cache(maxsize=2048)(Bounded)


def problem(pattern: str) -> str | None:
    """Why `pattern` is not a usable regex, or None (for schema validation of packs/configs)."""
    try:
        regex.compile(pattern)
    except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as error:
        return str(error)
    return None
