"""`reportlint validate-rules PATH`: check a user's own rule pack (or folder of packs) as the
linter would load it, then run its rules' examples. Every problem is `file:line:col: message`."""

from __future__ import annotations

from pathlib import Path

from reportlint import yamlsource
from reportlint.packs.examples import LintExample, run_pack
from reportlint.packs.load import PackError, load_pack
from reportlint.packs.pack import PackSet, Rule, RulePack
from reportlint.records import record


@record(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def pack_directories(path: Path) -> list[Path]:
    if (path / "pack.yaml").is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if (p / "pack.yaml").is_file())
    return []


def validate(path: Path, lint: LintExample, lang: str = "zh") -> tuple[list[RulePack], list[Problem]]:
    """The packs at `path` as loaded, and every problem: a pack that does not load, an example
    that fails (`lint` runs them), a rule without examples (not fatal)."""
    directories = pack_directories(path)
    if not directories:
        return [], [Problem(str(path), 1, 1, "not a rule pack: no pack.yaml here or in a "
                                               "subfolder")]
    packs: list[RulePack] = []
    problems: list[Problem] = []
    for directory in directories:
        try:
            pack = load_pack(directory.resolve())
        except PackError as error:
            problems.append(Problem(error.path, error.line, error.column, error.message))
            continue
        packs.append(pack)
        if pack.template is None:
            continue  # a base pack: its rules are checked through the packs that extend it
        for outcome in run_pack(lint, PackSet([pack]), pack, lang):
            if not outcome.ok:
                line, column = example_position(outcome.rule, outcome.kind, outcome.index)
                problems.append(Problem(outcome.rule.source, line, column,
                                        f"{outcome.label}: {outcome.problem}"))
        for rule in pack.rules:
            if rule.pack == pack.id and rule.check != "input":
                missing = [k for k in ("fail", "pass") if not rule.examples.get(k)]
                if missing:
                    problems.append(Problem(rule.source, rule.line, 1,
                                            f"{rule.code}: no {' or '.join(missing)} example",
                                            fatal=False))
    return packs, problems


def example_position(rule: Rule, kind: str, index: int) -> tuple[int, int]:
    """Where the rule's `examples.<kind>[index]` starts in its file (else the rule's line)."""
    try:
        root = yamlsource.compose(Path(rule.source).read_text(encoding="utf-8")).root
    except (OSError, UnicodeDecodeError):
        return rule.line, 1
    rules = yamlsource.node_at(root, ["rules"])
    for item in getattr(rules, "items", ()):
        if item.span.line == rule.line:
            node = yamlsource.node_at(item, ["examples", kind, index])
            if node is not None and node is not item:
                return node.span.line, node.span.column
    return rule.line, 1
