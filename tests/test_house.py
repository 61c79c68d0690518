"""The house (README, Design): no import loop, and no module imports from a floor above its own.

The imports are read from the source (every `import` and `from … import`, at the top of a module
or inside a function, which still runs), not from what a test happened to load. Imports under
`if TYPE_CHECKING:` never run and are left out. `from package import module` depends on that
module, not on the package's __init__.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

SOURCE = ROOT / "src"

# Floors, from the ground up; a module may import from its own floor or any floor below.
# Each entry is a module or a package (then every module in it). Within a floor, no loop.
FLOORS: list[tuple[str, ...]] = [
    # the ground floor of plain types and helpers that import nothing of reportlint above them
    ("reportlint.labels", "reportlint.layout", "reportlint.errors", "reportlint.globs",
     "reportlint.patterns", "reportlint.sealed", "reportlint.atomic", "reportlint.template",
     "reportlint.model", "reportlint.findings", "reportlint.i18n", "reportlint.pairing",
     "reportlint.codes", "reportlint.records", "reportlint._record_inits", "reportlint.filelist",
     "reportlint"),  # reportlint/__init__.py: only __version__
    # loading YAML sources, report schemas, configs and suppressions
    ("reportlint.yamlsource", "reportlint.schemas", "reportlint.schemacheck",
     "reportlint.config", "reportlint.suppressions"),
    # the plug-in folders: checks, then the packs that name them, then what reads and prints
    ("reportlint.checks",),
    ("reportlint.packs",),
    ("reportlint.readers", "reportlint.formats"),
    ("reportlint.writers",),
    # the engine: one report through its reader and its pack's checks
    ("reportlint.engine",),
    # many reports: workers and cache, baselines, outputs, import
    ("reportlint.cache", "reportlint.batch", "reportlint.baseline", "reportlint.outputs",
     "reportlint.importer", "reportlint.scaffold"),
    # the one pipeline: settings per file, then the run
    ("reportlint.settings",),
    ("reportlint.run",),
    # the commands over the pipeline, and the server
    ("reportlint.commands", "reportlint.publishing", "reportlint.serve"),
    # the command line: arguments and exit codes
    ("reportlint.cli", "reportlint.cli_help", "reportlint.__main__"),
]


def modules() -> dict[str, Path]:
    found = {}
    for path in (SOURCE / "reportlint").rglob("*.py"):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:`."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                # `from package import module` is the module; `from module import name` the module
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    found = set()
    for target in targets:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name and target.startswith("reportlint"):
            found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def floor_of(module: str) -> int:
    best = None
    for index, floor in enumerate(FLOORS):
        for entry in floor:
            if module == entry or (entry != "reportlint" and module.startswith(f"{entry}.")):
                if best is None or len(entry) > best[1]:
                    best = (index, len(entry))
    assert best is not None, f"{module} is on no floor: add it to FLOORS in tests/test_house.py"
    return best[0]


def loops(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_loop() -> None:
    assert loops(graph()) == []


def test_no_module_imports_from_a_floor_above_its_own() -> None:
    upward = [f"{module} (floor {floor_of(module)}) imports {target} (floor {floor_of(target)})"
              for module, targets in sorted(graph().items()) for target in sorted(targets)
              if floor_of(target) > floor_of(module)]
    assert upward == []


def test_the_ground_floor_imports_only_the_ground_floor() -> None:
    edges = graph()
    ground = [m for m in edges if floor_of(m) == 0]
    assert {"reportlint.model", "reportlint.template", "reportlint.findings"} <= set(ground)
    assert {t for m in ground for t in edges[m] if floor_of(t) != 0} == set()


def test_the_reading_of_imports_sees_a_loop_and_an_upward_import(tmp_path) -> None:
    # the test above would pass on a graph it cannot read: show it finds what it looks for
    assert loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    known = {"reportlint.model": tmp_path / "model.py", "reportlint.engine": tmp_path / "e.py"}
    source = tmp_path / "model.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from reportlint.findings import Hit\n"
                      "def f():\n    from reportlint.engine import Linter\n", encoding="utf-8")
    assert imports("reportlint.model", source, known) == {"reportlint.engine"}
    assert floor_of("reportlint.engine") > floor_of("reportlint.model")


# The readers, the engine and the top layer: a function longer than this has its reason written
# in a `# Long: …` comment just above it.
LONGEST = 60
WATCHED = ["readers/*.py", "engine.py", "cli.py", "commands.py", "run.py", "settings.py"]


def long_functions_without_a_reason() -> list[str]:
    found = []
    for pattern in WATCHED:
        for path in sorted((SOURCE / "reportlint").glob(pattern)):
            lines = path.read_text(encoding="utf-8").split("\n")
            for node in ast.walk(ast.parse("\n".join(lines))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if node.end_lineno - start + 1 <= LONGEST:
                    continue
                above = start - 2
                while above >= 0 and lines[above].lstrip().startswith("#"):
                    if lines[above].lstrip().startswith("# Long:"):
                        break
                    above -= 1
                else:
                    found.append(f"{path.relative_to(SOURCE)}:{node.lineno} {node.name} "
                                 f"({node.end_lineno - start + 1} lines)")
    return found


def test_no_long_function_in_the_readers_engine_and_cli_without_a_reason() -> None:
    assert long_functions_without_a_reason() == []
