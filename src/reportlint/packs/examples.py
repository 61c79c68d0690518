"""A rule's examples, run: each is an edit of its pack's example report that must (fail) or
must not (pass) make the rule report.

An example is data (see schemas/rules.schema.json): `set` data paths to values, `delete` data
paths, or `replace` text inside a string at a path. A data path is the report's own structure:
`meta.year`, `sections[4].text`, `tables.table3.new[6]` (list items by 0-based index).
"""

from __future__ import annotations

import copy
from typing import Any, Protocol

import regex
import yaml

from reportlint.findings import Finding
from reportlint.packs.pack import PackSet, Rule, RulePack
from reportlint.records import field, record

_STEP = regex.compile(r"([^.\[\]]+)|\[(\d+)\]")


class LintExample(Protocol):
    """What lints an edited example report (the engine's `lint_example`, passed in so that
    packs stay below the engine): the findings of `text` under `packs` with only `select`
    chosen, or None when last year's report (`previous`, for the RL7xx rules) does not read."""

    def __call__(self, packs: PackSet, select: list[str], template: str, lang: str, name: str,
                 text: str, previous: str | None) -> list[Finding] | None: ...


class ExampleError(Exception):
    """An example that cannot be applied to the example report (a bad path, a missing text)."""


def parse_path(path: str) -> list[str | int]:
    steps: list[str | int] = []
    position = 0
    for match in _STEP.finditer(path):
        between = path[position:match.start()]
        if between not in ("", "."):
            break
        steps.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    if not steps or position != len(path):
        raise ExampleError(f"not a data path: {path!r}")
    return steps


def _parent(data: Any, path: str) -> tuple[Any, str | int]:
    steps = parse_path(path)
    node = data
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise ExampleError(f"{path}: no {step!r} in the example report") from None
    last = steps[-1]
    if isinstance(last, int) and not (isinstance(node, list) and last < len(node)):
        raise ExampleError(f"{path}: no item {last} in the example report")
    if isinstance(last, str) and not isinstance(node, dict):
        raise ExampleError(f"{path}: {steps[-2] if len(steps) > 1 else 'the report'} "
                           "is not a mapping")
    return node, last


def apply(report: Any, example: dict[str, Any]) -> Any:
    """The example report with the example's edits made (the original is left as it was)."""
    data = copy.deepcopy(report)
    for path, value in (example.get("set") or {}).items():
        node, key = _parent(data, path)
        node[key] = value
    for path, (old, new) in (example.get("replace") or {}).items():
        node, key = _parent(data, path)
        text = node[key] if not isinstance(node, dict) or key in node else None
        if not isinstance(text, str) or old not in text:
            raise ExampleError(f"{path}: the text {old!r} is not in the example report")
        node[key] = text.replace(old, new)
    for path in example.get("delete") or ():
        node, key = _parent(data, path)
        if isinstance(node, dict) and key not in node:
            raise ExampleError(f"{path}: nothing to delete")
        del node[key]
    return data


def load_example_report(pack: RulePack) -> Any:
    path = pack.example
    if path is None:
        raise ExampleError(f"pack {pack.id} names no example report (pack.yaml `example:`)")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def render(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


@record
class Outcome:
    rule: Rule
    kind: str  # "fail" or "pass"
    index: int
    example: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)  # the rule's own findings
    problem: str = ""  # why the example is broken, if it is

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def label(self) -> str:
        return f"{self.rule.code} {self.kind}[{self.index}]"


def run_example(lint: LintExample, packs: PackSet, pack: RulePack, rule: Rule, kind: str,
                index: int, example: dict[str, Any], report: Any = None, lang: str = "zh"
                ) -> Outcome:
    outcome = Outcome(rule, kind, index, example)
    try:
        base = report if report is not None else load_example_report(pack)
        text = render(apply(base, example))
        last_text = render(apply(base, example["previous"])) if "previous" in example else None
    except (ExampleError, OSError, yaml.YAMLError) as error:
        outcome.problem = str(error)
        return outcome
    if "params" in example:
        packs = packs.with_params(rule.code, example["params"])
    # Input problems (RL0xx) are selected too: an edit that breaks the report must not pass.
    findings = lint(packs, [rule.code, "RL0"], pack.id, lang, f"{rule.code}-{kind}-{index}.yaml",
                    text, last_text)
    if findings is None:
        outcome.problem = "last year's report of the example does not read"
        return outcome
    outcome.findings = [f for f in findings if f.code == rule.code]
    others = [f for f in findings if f.code != rule.code]
    if others:
        outcome.problem = f"the edited report does not read: {others[0].location} {others[0].message}"
    elif kind == "fail" and not outcome.findings:
        outcome.problem = f"{rule.code} does not report the failing example"
    elif kind == "pass" and outcome.findings:
        outcome.problem = (f"{rule.code} reports the passing example: "
                           f"{outcome.findings[0].message}")
    return outcome


def run_rule(lint: LintExample, packs: PackSet, pack: RulePack, rule: Rule, report: Any = None,
             lang: str = "zh") -> list[Outcome]:
    outcomes = []
    for kind in ("fail", "pass"):
        for index, example in enumerate(rule.examples.get(kind, ())):
            outcomes.append(run_example(lint, packs, pack, rule, kind, index, example, report,
                                        lang))
    return outcomes


def run_pack(lint: LintExample, packs: PackSet, pack: RulePack, lang: str = "zh"
             ) -> list[Outcome]:
    """Every example of the pack's rules (inherited ones are run by their own pack)."""
    try:
        report = load_example_report(pack)
    except (ExampleError, OSError, yaml.YAMLError) as error:
        report = None
        problem = str(error)
    outcomes = []
    for rule in pack.rules:
        if rule.pack != pack.id:
            continue
        if report is None and rule.examples:
            outcomes.append(Outcome(rule, "fail", 0, {}, problem=problem))
            continue
        outcomes.extend(run_rule(lint, packs, pack, rule, report, lang))
    return outcomes
