"""What a check is: a plain function `(report, params) -> hits`, declared together with the
JSON Schema of its params, so that a rule with bad params fails when its pack loads.

    @check("balance", OPTIONS)
    def balance(report, params): ...

The declared check stays callable like the function it wraps. checks/__init__.py lists every
check by name: the registry is explicit, nothing is discovered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import wraps

from reportlint.findings import Hit
from reportlint.model import Report
from reportlint.records import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    CheckFunction = Callable[[Report, Mapping[str, Any]], Iterable[Hit]]
    T = TypeVar("T")


@record(frozen=True)
class Check:
    name: str  # what a rule's `check:` says
    function: CheckFunction
    options: Mapping[str, Any]  # JSON Schema of the params

    def __call__(self, report: Report, params: Mapping[str, Any]) -> Iterable[Hit]:
        return self.function(report, params)


def regex_params(schema: Mapping[str, Any], value: Any) -> Iterator[str]:
    """The values of a rule's `params` that its check's options declare `format: regex` (the
    patterns a pack holds: scripts/compile_packs.py ships them compiled, and
    tests/robustness/test_hostile_regex.py screens them)."""
    if schema.get("format") == "regex" and isinstance(value, str):
        yield value
    if isinstance(value, dict):
        for key, item in value.items():
            sub = schema.get("properties", {}).get(key) or schema.get("additionalProperties")
            if isinstance(sub, dict):
                yield from regex_params(sub, item)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            yield from regex_params(schema["items"], item)


def check(name: str, options: Mapping[str, Any]) -> Callable[[CheckFunction], Check]:
    """Declare the function below as the check `name` with params valid under `options`."""

    def declare(function: CheckFunction) -> Check:
        return Check(name, function, options)

    return declare


def for_last_report(function: Callable[..., T]) -> Callable[..., T]:
    """`function(report, *args)` worked out once for the report in hand and equal args: a
    pack's rules run one after another on one report, and several of them ask the same (the
    cell index, the period statement). The report is known by identity: it is never changed
    once read. Only the last one is kept, so a process serves one lint at a time (runs and
    `serve` lint in processes)."""
    last: list[tuple[Any, tuple[Any, ...], Any]] = [(None, (), None)]

    @wraps(function)
    def cached(report: Report, *args: Any) -> T:
        entry = last[0]  # read once: the report, its args and the answer belong together
        if entry[0] is not report or entry[1] != args:
            entry = last[0] = (report, args, function(report, *args))
        return entry[2]  # type: ignore[no-any-return]

    return cached
