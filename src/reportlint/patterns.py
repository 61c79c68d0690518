"""Compiled patterns of the rule packs and configs, once per process, each search time-bounded.

Rule params hold regexes as strings; `regex.search(string, ...)` would look the pattern up in
the regex module's own cache on every call, which costs more than the search itself on short
prose. `compiled` keeps each compiled pattern in a plain dictionary lookup.

A pack or a config can hold any regex, and a regex such as `(a|a)+$` backtracks without end on
the right text. Every search of such a pattern therefore runs under the regex module's
`timeout`: a search that runs past `TIMEOUT` raises `PatternTimeout`, which the engine turns
into RL050 for that file and that rule (or reader), never a hang.

The built-in packs' patterns are the exception, as the code's own patterns are: both are proven
linear on adversarial text by tests/robustness/test_hostile_regex.py, far inside the bound, and
run without the timeout. A timed search reads the process's CPU clock when it starts, a system
call that cost 1.7 µs a search here against 0.2 µs for the search itself, and a report is
searched about a hundred times. Which patterns those are is the shipped table below: the test
fails if the table holds one pattern it has not screened. A pattern of a user's pack or config
is timed, unless it is, character for character, one of the built-in ones.

Compiling is costly at start-up: the regex module parses and optimises each pattern in Python
(~0.5 ms each, ~35 ms for the ~70 a lint of one report needs), which is most of what checking one
file costs before it is read. `patterns.pickle` beside this module ships the patterns that a lint
with the built-in packs compiles, already compiled, as the regex module pickles them (its pickle
holds the compiled program, so loading one does not parse it again). It is keyed by the regex
version and byte order that made it; with any other regex every pattern is compiled as before, so
the table only ever saves time. scripts/compile_packs.py writes it (`build_shipped`);
tests/test_patterns_shipped.py fails when the set of patterns it holds is stale.
"""

from __future__ import annotations

import pickle
import re
import sys
from re import _constants as re_constants
from re import _parser as re_parser
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    import regex

TIMEOUT = 2.0  # seconds for one search of one pattern on one text

SHIPPED = Path(__file__).with_name("patterns.pickle")

# While recording (scripts/compile_packs.py): every (pattern, flags) compiled here, in order.
_recording: dict[tuple[str, int], None] | None = None


def shipped_key() -> str:
    """What a shipped compiled program depends on: the regex version and the byte order."""
    import regex

    return f"regex {regex.__version__} {sys.byteorder}"


@cache
def _shipped() -> dict[tuple[str, int], bytes]:
    try:
        with SHIPPED.open("rb") as file:
            table = pickle.load(file)
        return table["patterns"] if table["key"] == shipped_key() else {}
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError):
        return {}  # not built, or for another regex: every pattern is compiled


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """`regex.compile(pattern, flags)`, from the shipped table when it holds the pattern."""
    if _recording is not None:
        _recording[(pattern, flags)] = None
    shipped = _shipped().get((pattern, flags))
    if shipped is not None:
        return pickle.loads(shipped)  # noqa: S301 - the package's own file, see above
    import regex

    return regex.compile(pattern, flags)


class Deferred:
    """A pattern of reportlint's own code, compiled by its first use (`PATTERN()`): a run whose
    every file comes from the cache uses none of them, and so never imports regex (~10 ms)."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: regex.Pattern[str] | None = None
        if _recording is not None:  # shipped compiled, as a pattern compiled at import is
            _recording[(pattern, flags)] = None

    def __call__(self) -> regex.Pattern[str]:
        if self._compiled is None:
            self._compiled = compile_pattern(self.pattern, self.flags)
        return self._compiled


def start_recording() -> None:
    """Record every pattern compiled from now on (before the modules that compile at import)."""
    global _recording
    _recording = {}


def build_shipped() -> bytes:
    """The shipped table of every pattern recorded so far, compiled by this regex. An entry the
    table already holds is kept: regex orders a pattern's set of first characters by object
    identity, so compiling again gives an equal program in other bytes."""
    if _recording is None:
        raise RuntimeError("start_recording() was not called")
    import regex

    kept = _shipped()
    table = {key: kept.get(key) or pickle.dumps(regex.compile(*key), protocol=4)
             for key in sorted(_recording)}
    return pickle.dumps({"key": shipped_key(), "patterns": table}, protocol=4)


class PatternTimeout(Exception):
    """A pack or config pattern ran past TIMEOUT on one text."""

    def __init__(self, pattern: str) -> None:
        super().__init__(pattern)
        self.pattern = pattern


class Bounded:
    """A compiled pattern whose every search stops after TIMEOUT (PatternTimeout).

    A pattern searched often learns the characters every match of it contains
    (`required_characters`); a text without one of them is not searched at all. Most searches
    of the prose rules are such (a claim about 行政复议 in a section that never names it)."""

    __slots__ = ("_compiled", "_needs", "_searches", "flags", "pattern", "timed")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._compiled = compile_pattern(pattern, flags)
        self.pattern, self.flags = pattern, flags
        self._needs: str | None = None  # learnt after LEARN_AFTER searches: parsing costs
        self._searches = 0
        # A built-in pattern is proven linear (see the module's docstring): no timeout.
        self.timed = (pattern, flags) not in _shipped()

    def _cannot_match(self, string: str, pos: int | None, endpos: int | None) -> bool:
        if self._needs is None:
            self._searches += 1
            if self._searches < LEARN_AFTER:
                return False
            self._needs = required_characters(self.pattern, self.flags)
        if pos is None and endpos is None:
            for char in self._needs:
                if char not in string:
                    return True
            return False
        start, end = pos or 0, len(string) if endpos is None else endpos
        return any(string.find(char, start, end) < 0 for char in self._needs)

    def search(self, string: str, pos: int | None = None, endpos: int | None = None
               ) -> regex.Match[str] | None:
        if self._cannot_match(string, pos, endpos):
            return None
        return self._search(string, pos, endpos)

    def _search(self, string: str, pos: int | None, endpos: int | None
                ) -> regex.Match[str] | None:
        if not self.timed:
            return self._compiled.search(string, pos, endpos)
        try:
            return self._compiled.search(string, pos, endpos, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def match(self, string: str, pos: int | None = None, endpos: int | None = None
              ) -> regex.Match[str] | None:
        if not self.timed:
            return self._compiled.match(string, pos, endpos)
        try:
            return self._compiled.match(string, pos, endpos, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def fullmatch(self, string: str, pos: int | None = None, endpos: int | None = None
                  ) -> regex.Match[str] | None:
        if not self.timed:
            return self._compiled.fullmatch(string, pos, endpos)
        try:
            return self._compiled.fullmatch(string, pos, endpos, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def finditer(self, string: str, pos: int | None = None, endpos: int | None = None
                 ) -> Iterator[regex.Match[str]]:
        # Asked once, not per match: a later search sees less of the text. Most prose rules'
        # searches end here, before a generator is even made (a hundred a report).
        if self._cannot_match(string, pos, endpos):
            return iter(())
        return self._finditer(string, pos, endpos)

    def _finditer(self, string: str, pos: int | None, endpos: int | None
                  ) -> Iterator[regex.Match[str]]:
        # One bounded search per match: the module's timeout would bound the whole iteration,
        # which on a long text is not a sign of backtracking.
        start, end = pos or 0, len(string) if endpos is None else endpos
        while start <= end:
            found = self._search(string, start, end)
            if found is None:
                return
            yield found
            start = found.end() if found.end() > found.start() else found.end() + 1

    def split(self, string: str) -> list[Any]:
        if not self.timed:
            return self._compiled.split(string)
        try:
            return self._compiled.split(string, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None

    def sub(self, replacement: str, string: str) -> str:
        if not self.timed:
            return self._compiled.sub(replacement, string)
        try:
            return self._compiled.sub(replacement, string, timeout=TIMEOUT)
        except TimeoutError:
            raise PatternTimeout(self.pattern) from None


compiled = lru_cache(maxsize=2048)(Bounded)

# Searches of one pattern before it learns what every match contains: parsing it costs up to a
# fraction of a millisecond, which a run of one file would pay for ~70 patterns.
LEARN_AFTER = 64

# A `{` that is not a counted repeat: regex's fuzzy matching (`(?:…){e<=1}`), which the standard
# library's parser would read as literal characters.
_NOT_A_REPEAT = re.compile(r"\{(?![0-9]*(?:,[0-9]*)?\})")


def required_characters(pattern: str, flags: int = 0) -> str:
    """Characters that every match of `pattern` contains, read with the standard library's
    parser: literals outside alternatives, optional parts and look-arounds. Empty (nothing is
    known) when there are flags, a case-insensitive part, a `{` that is not a repeat, or syntax
    the standard library does not read as regex does (`\\p{…}`, `(?V1)`, a look-behind of
    varying width, …: it refuses them; POSIX classes and nested sets are refused here)."""
    if flags or _NOT_A_REPEAT.search(pattern) or "[[" in pattern or "[:" in pattern:
        return ""  # (`[[:alpha:]]` is one class to regex, a set and a `]` to re)
    import warnings

    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            parsed = re_parser.parse(pattern)
    except Exception:  # noqa: BLE001 - regex syntax re does not read: nothing is known
        return ""
    if warned or parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return ""  # a warning: a set re may read otherwise in a later version, as regex may
    return "".join(sorted(_literals(parsed)))


def _literals(items: Any) -> set[str]:
    found: set[str] = set()
    for op, value in items:
        if op is re_constants.LITERAL:
            found.add(chr(value))
        elif op is re_constants.SUBPATTERN:
            _, added, _, inner = value
            if not added & re.IGNORECASE:
                found |= _literals(inner)
        elif op in _REPEATS:
            if value[0] >= 1:
                found |= _literals(value[2])
        elif op is re_constants.ATOMIC_GROUP:
            found |= _literals(value)
    return found


_REPEATS = (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT, re_constants.POSSESSIVE_REPEAT)


def problem(pattern: str) -> str | None:
    """Why `pattern` is not a usable regex, or None (for schema validation of packs/configs)."""
    import regex

    try:
        regex.compile(pattern)
    except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as error:
        return str(error)
    return None
