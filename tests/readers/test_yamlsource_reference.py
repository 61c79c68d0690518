"""The C-composer walk (reportlint.yamlsource) against the event-stream composer it replaced
(tests/readers/yaml_reference.py): the same nodes, values, spans, line anchors and problems on every
YAML file the tests know, the corpus reports imported, and generated YAML-like text.

Known, documented differences (docs/hostile-input.md): a file that does not parse, or that
repeats an anchor, reports that error alone (the event composer also listed the duplicate keys
seen before it), and a repeated anchor is an RL002 composition error rather than ignored.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportlint import yamlsource
from reportlint.importer import import_file
from tests.helpers import CORPUS, ROOT
from tests.readers import yaml_reference

sys.path.insert(0, str(ROOT / "bench"))
import generate

sys.path.pop(0)


def _same(text: str) -> None:
    assert yaml_reference.dump(yamlsource.compose(text)) == \
        yaml_reference.dump(yaml_reference.compose(text))


def _project_yaml() -> list[Path]:
    folders = [ROOT / "rules", ROOT / "examples", ROOT / "tests" / "fixtures", ROOT / "docs"]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


@pytest.mark.parametrize("path", _project_yaml(), ids=lambda p: str(p.relative_to(ROOT)))
def test_project_files_compose_as_before(path: Path) -> None:
    _same(path.read_text(encoding="utf-8"))


def test_generated_reports_compose_as_before(tmp_path: Path) -> None:
    generate.generate(tmp_path, reports=40, seed=17)
    for path in sorted(tmp_path.glob("*.yaml")):
        _same(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_corpus_imports_compose_as_before(packs) -> None:
    sources = sorted(CORPUS.rglob("*.txt"))
    assert sources
    for source in sources:
        text, _ = import_file(str(source), packs)
        if text is not None:
            _same(text)


HOSTILE = [
    "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "a: &x 1\nb: *x\n",
    "a: !!python/object/apply:os.system ['echo hi']\n",
    "a: !custom {b: 1}\n",
    "a: !!str 12\nb: !!int 7\nc: ! 5\nd: !!map {x: 1}\n",
    "[" * 5000 + "]" * 5000,
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)),
    "a: 1\nb: [1, 2\nc: 3\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\na: 2\n---\nb: 2\n",
    "--- \n...\n--- x\n",
    "a: 1\n...\nb: 2\n",
    "",
    "---\n",
    "# only a comment\n",
    "a: 1\nb: 2\na: 3\n{x: 1}: 2\n",
    "? [a, b]\n: 1\n",
    "x: &a\n  y: *a\n",
    "a: 'it''s'\nb: \"tab\\there\"\nc: >\n  folded\n  text\n\nd: |-\n  keep\n   indent\n",
    "a: yes\nb: 010\nc: 1.5\nd: ~\ne: .nan\nf: '12'\ng: 0x1F\nh: 1e5\ni: -.inf\nj: ０１\nk: +12\n",
    "{\"meta\": {\"year\": 2024, \"title\": \"x\"},\n \"tables\": {\"t\": [1, 2.5, null, true]}}\n",
    "a: 1\r\nb: |\r\n  line\r\n  two\r\n",
    "a: \"long\n  wrapped\n  quoted\"\nb: plain\n  wrapped\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_and_odd_snippets_compose_as_before(text: str) -> None:
    _same(text)


def _same_or_documented(text: str) -> None:
    new = yaml_reference.dump(yamlsource.compose(text))
    old = yaml_reference.dump(yaml_reference.compose(text))
    if new == old:
        return
    (new_root, new_problems), (_, old_problems) = new, old
    assert new_root is None
    code, _, args = new_problems[-1]
    if code == "RL002" and "defined twice" in dict(args)["problem"].en:
        return  # a repeated anchor
    # the same refusal or error, without the duplicate keys seen before it
    assert new_problems == old_problems[-1:]


@pytest.mark.parametrize("text", [
    "a: {b: 1, b: 2, c: [1, {d: *e}]}\n",  # an undefined alias after a duplicate key
    "a: 1\na: 2\nb: [1, 2\n",  # a syntax error after a duplicate key
    "a: &x 1\nb: &x 2\n",  # a repeated anchor, never used
])
def test_documented_differences(text: str) -> None:
    assert yaml_reference.dump(yamlsource.compose(text)) != \
        yaml_reference.dump(yaml_reference.compose(text))
    _same_or_documented(text)


ALPHABET = st.sampled_from(list("ab:- \n\t[]{},'\"&*!|>#%@`?0123456789.~年月日表三一二\r\ufeff"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ALPHABET, max_size=200))
def test_yaml_like_text_composes_as_before(text: str) -> None:
    _same_or_documented(text)
