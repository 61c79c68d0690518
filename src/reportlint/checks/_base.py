"""What a check is: a plain function `(report, params) -> hits`, declared together with the
JSON Schema of its params, so that a rule with bad params fails when its pack loads.

    @check("balance", OPTIONS)
    def balance(report, params): ...

The declared check stays callable like the function it wraps. checks/__init__.py lists every
check by name: the registry is explicit, nothing is discovered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from reportlint.findings import Hit
from reportlint.model import Report
from reportlint.records import record

CheckFunction = Callable[[Report, Mapping[str, Any]], Iterable[Hit]]


@record(frozen=True)
class Check:
    name: str  # what a rule's `check:` says
    function: CheckFunction
    options: Mapping[str, Any]  # JSON Schema of the params

    def __call__(self, report: Report, params: Mapping[str, Any]) -> Iterable[Hit]:
        return self.function(report, params)


def check(name: str, options: Mapping[str, Any]) -> Callable[[CheckFunction], Check]:
    """Declare the function below as the check `name` with params valid under `options`."""

    def declare(function: CheckFunction) -> Check:
        return Check(name, function, options)

    return declare
