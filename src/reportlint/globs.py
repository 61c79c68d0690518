"""Glob patterns of configs (`include`, `exclude`, `per-file-ignores`), matched in linear time.

A glob translated to a backtracking regex costs exponential time on a pattern such as
`*a*a*a*a*b` against a long name, and a config is written by whoever controls the repository.
So a glob is compiled to a list of steps and matched by walking the set of reachable steps
once over the text: O(len(text) × len(pattern)), whatever the pattern. A pattern that is not a
glob (`[]`, `[!]`, `[z-a]`) raises GlobError, which the config loader reports with its line.

    **/   any number of whole folders (also none)      *   any characters but `/`
    **    any characters                               ?   one character but `/`
    [abc] [a-z] [!a-z]  one character of (not of) the set
"""

from __future__ import annotations

import re
from functools import cache

from reportlint.records import record

MAX_LENGTH = 1000  # characters of one pattern: a glob is a path, not a program


class GlobError(ValueError):
    """A pattern that is not a glob."""


@record(frozen=True)
class _Step:
    ranges: tuple[tuple[str, str], ...] = ()  # characters this step accepts
    negated: bool = False  # accepts characters *not* in ranges
    slash: bool = True  # may accept `/`
    repeat: bool = False  # `*` / `**`: zero or more such characters
    skip: int = 0  # `**/`: reads nothing; the next step, or this many steps on (no folder)

    def accepts(self, char: str) -> bool:
        if self.skip:
            return False
        if char == "/" and not self.slash:
            return False
        inside = any(low <= char <= high for low, high in self.ranges)
        return inside != self.negated


@cache
def compile_glob(pattern: str) -> tuple[_Step, ...]:
    if len(pattern) > MAX_LENGTH:
        raise GlobError(f"longer than {MAX_LENGTH} characters")
    steps: list[_Step] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            steps += [_Step(skip=3), _Step(negated=True, repeat=True), _literal("/")]
            index += 3
        elif pattern.startswith("**", index):
            steps.append(_Step(negated=True, repeat=True))
            index += 2
        elif pattern[index] == "*":
            steps.append(_Step(negated=True, slash=False, repeat=True))
            index += 1
        elif pattern[index] == "?":
            steps.append(_Step(negated=True, slash=False))
            index += 1
        elif pattern[index] == "[":
            step, index = _char_class(pattern, index)
            steps.append(step)
        else:
            steps.append(_literal(pattern[index]))
            index += 1
    return tuple(steps)


def _literal(char: str) -> _Step:
    return _Step(((char, char),))


def _char_class(pattern: str, start: int) -> tuple[_Step, int]:
    index = start + 1
    negated = index < len(pattern) and pattern[index] in "!^"
    index += negated
    ranges = []
    first = True
    while index < len(pattern) and (pattern[index] != "]" or first):
        low = pattern[index]
        if index + 2 < len(pattern) and pattern[index + 1] == "-" and pattern[index + 2] != "]":
            high = pattern[index + 2]
            if high < low:
                raise GlobError(f"the range {low}-{high} in {pattern[start:]!r} is backwards")
            ranges.append((low, high))
            index += 3
        else:
            ranges.append((low, low))
            index += 1
        first = False
    if index >= len(pattern):
        raise GlobError(f"{pattern[start:]!r} opens a character set `[` that is never closed")
    return _Step(tuple(ranges), negated, slash=False), index + 1


def check_glob(pattern: str) -> str | None:
    """Why `pattern` is not a glob, or None. A leading `!` negates (see settings)."""
    try:
        compile_glob(pattern[1:] if pattern.startswith("!") else pattern)
    except GlobError as error:
        return str(error)
    return None


def glob_matches(pattern: str, text: str) -> bool:
    """Does the whole `text` match `pattern`? (GlobError for a pattern that is not a glob.)"""
    return bool(_matcher(pattern).matches(text))


class _Matcher:
    """The steps walked as a lazily built DFA: one dictionary lookup per character."""

    _MAX_MOVES = 65536  # remembered transitions per pattern; past that, computed each time

    def __init__(self, steps: tuple[_Step, ...]) -> None:
        self.steps = steps
        self.start = self._closure({0})
        self.moves: dict[tuple[frozenset[int], str], frozenset[int]] = {}

    def matches(self, text: str) -> bool:
        states, moves = self.start, self.moves
        for char in text:
            following = moves.get((states, char))
            if following is None:
                following = self._step(states, char)
                if len(moves) < self._MAX_MOVES:
                    moves[(states, char)] = following
            if not following:
                return False
            states = following
        return len(self.steps) in states

    def _step(self, states: frozenset[int], char: str) -> frozenset[int]:
        steps = self.steps
        return self._closure({state if steps[state].repeat else state + 1
                              for state in states
                              if state < len(steps) and steps[state].accepts(char)})

    def _closure(self, states: set[int]) -> frozenset[int]:
        """The states reachable without reading a character (a repeat may match nothing)."""
        steps, todo, seen = self.steps, list(states), set(states)
        while todo:
            state = todo.pop()
            if state >= len(steps):
                continue
            step = steps[state]
            for following in ((state + 1,) if step.repeat or step.skip else ()) + (
                    (state + step.skip,) if step.skip else ()):
                if following not in seen:
                    seen.add(following)
                    todo.append(following)
        return frozenset(seen)


class _Translated:
    """A pattern with at most two repeats as a regex: fast, and its backtracking is at most
    quadratic in the length of the text (a path), which the DFA's speed would not beat."""

    def __init__(self, steps: tuple[_Step, ...]) -> None:
        out, index = "", 0
        while index < len(steps):
            step = steps[index]
            if step.skip:
                out, index = out + "(?:.*/)?", index + step.skip
                continue
            if step.ranges and not step.negated and step.ranges[0][0] == step.ranges[0][1] \
                    and len(step.ranges) == 1:
                one = re.escape(step.ranges[0][0])
            else:
                body = "".join(re.escape(low) + ("" if low == high else "-" + re.escape(high))
                               for low, high in step.ranges)
                if step.negated:
                    one = "[^" + ("" if step.slash else "/") + body + "]" if body or not step.slash \
                        else "."
                else:
                    one = ("" if step.slash else "(?!/)") + "[" + body + "]"
            out, index = out + one + ("*" if step.repeat else ""), index + 1
        self.matches = re.compile(out + r"\Z", re.DOTALL).match


@cache
def _matcher(pattern: str) -> _Matcher | _Translated:
    steps = compile_glob(pattern)
    if sum(1 for step in steps if step.repeat) <= 2:
        return _Translated(steps)
    return _Matcher(steps)
