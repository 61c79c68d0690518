"""The positioned YAML loader: positions, duplicate keys, and refusing hostile constructs."""

from __future__ import annotations

import math

from reportlint import yamlsource


def test_values_keep_line_and_column() -> None:
    composed = yamlsource.compose("meta:\n  year: 2024\n  title: 'x'\n")
    root = composed.root
    assert isinstance(root, yamlsource.Mapping)
    meta = root.get("meta")
    assert isinstance(meta, yamlsource.Mapping)
    year = meta.get("year")
    assert isinstance(year, yamlsource.Scalar)
    assert (year.span.line, year.span.column) == (2, 9)
    assert year.value == 2024


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    composed = yamlsource.compose("a: 1\nb: 2\na: 3\n")
    assert [p.code for p in composed.problems] == ["RL003"]
    problem = composed.problems[0]
    assert (problem.span.line, problem.span.column) == (3, 1)
    assert problem.args["first_line"] == 1


def test_plain_scalars_follow_yaml_core_not_yaml_1_1() -> None:
    composed = yamlsource.compose("a: yes\nb: 010\nc: 1.5\nd: ~\ne: .nan\nf: '12'\n")
    data = yamlsource.to_data(composed.root)
    assert data["a"] == "yes"
    assert data["b"] == 10
    assert data["c"] == 1.5
    assert data["d"] is None
    assert math.isnan(data["e"])
    assert data["f"] == "12"


def test_keys_are_their_text_and_refused_when_collections_or_tagged() -> None:
    root = yamlsource.compose("2023: 1\ntrue: 2\n'': 3\n").root
    assert isinstance(root, yamlsource.Mapping)
    assert list(root.entries) == ["2023", "true", ""]
    key, _ = root.entries["2023"]
    assert (key.value, key.raw, key.span.line, key.span.column) == ("2023", "2023", 1, 1)
    for text in ("? [a, b]\n: 1\n", "!custom 7: x\n", "? {a: 1}\n: 2\n"):
        composed = yamlsource.compose(text)
        assert composed.root is None and composed.problems, text


def test_aliases_are_refused() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    composed = yamlsource.compose(bomb)
    assert composed.root is None
    assert [p.code for p in composed.problems] == ["RL005"]


def test_python_tags_are_refused() -> None:
    composed = yamlsource.compose("a: !!python/object/apply:os.system ['echo hi']\n")
    assert composed.root is None
    assert composed.problems[0].code == "RL005"


def test_deep_nesting_is_bounded_without_recursion_error() -> None:
    composed = yamlsource.compose("[" * 5000 + "]" * 5000)
    assert composed.root is None
    assert composed.problems[0].code == "RL005"


def test_syntax_error_has_its_position() -> None:
    composed = yamlsource.compose("a: 1\nb: [1, 2\nc: 3\n")
    assert composed.problems[0].code == "RL002"
    assert composed.problems[0].span.line >= 2


def test_block_scalar_offsets_map_to_source_lines() -> None:
    text = "intro: |\n  第一行\n  第二行有数字12\n"
    root = yamlsource.compose(text).root
    assert isinstance(root, yamlsource.Mapping)
    intro = root.get("intro")
    assert isinstance(intro, yamlsource.Scalar)
    prose = intro.text("intro")
    offset = prose.value.index("12")
    span = prose.locate(offset, offset + 2)
    assert (span.line, span.column) == (3, 9)
