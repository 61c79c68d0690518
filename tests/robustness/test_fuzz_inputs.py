"""Property-based tests, part 2 (issue 7): mutated corpus reports through every reader (web/PDF
text, HTML, DOCX, JSON) and mutated configs through the config loader. Findings or a clear
error, never an exception. Bounded by `REPORTLINT_FUZZ_EXAMPLES` like tests/test_fuzz.py."""

from __future__ import annotations

import html
import json
import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportlint.config import ConfigError, load_config
from reportlint.engine import INTERNAL_ERROR
from tests.helpers import CORPUS, EXAMPLE, lint_bytes
from tests.robustness.hostile_files import _docx, _paragraph

FUZZ = settings(max_examples=max(10, int(os.environ.get("REPORTLINT_FUZZ_EXAMPLES", "150")) // 3),
                deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.function_scoped_fixture])
PIECES = st.sampled_from(["", "\n", "\r\n", "|", " | ", "0", "-1", "１２", "1,234", "NaN", "一、",
                          "（三）", "年", "表", "\ufeff", "\x00", "\u200b", "99999999999999999999"])


def _corpus() -> list[str]:
    files = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*/*.txt"))
    return [path.read_text(encoding="utf-8") for path in files]


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    texts = _corpus()
    assert texts, f"no corpus at {CORPUS}"
    return texts


def _mutate(data, text: str) -> str:
    for _ in range(data.draw(st.integers(1, 6))):
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert", "truncate"]))
        at = data.draw(st.integers(0, len(text)))
        end = min(len(text), at + data.draw(st.integers(0, 300)))
        if action == "delete":
            text = text[:at] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[at:end] + text[end:]
        elif action == "insert":
            text = text[:at] + data.draw(PIECES) + text[at:]
        else:
            text = text[:at]
    return text


def _no_crash(findings) -> None:
    assert INTERNAL_ERROR not in {f.code for f in findings}, [f.message for f in findings]


@FUZZ
@given(st.data())
def test_mutated_corpus_reports_never_crash_any_published_reader(linter, corpus_texts, data):
    text = _mutate(data, data.draw(st.sampled_from(corpus_texts)))
    form = data.draw(st.sampled_from(["txt", "html", "docx"]))
    if form == "txt":
        encoding = data.draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
        blob = text.encode(encoding, "replace")
    elif form == "html":
        blob = ("<html><body>" + "".join(f"<p>{html.escape(line)}</p>"
                                          for line in text.splitlines()) + "</body>").encode()
    else:
        blob = _docx("".join(_paragraph(html.escape(line).replace("\x00", ""))
                             for line in text.splitlines()))
    _no_crash(lint_bytes(linter, f"report.{form}", blob))


@FUZZ
@given(st.data())
def test_mutated_json_reports_never_crash(linter, data):
    text = json.dumps(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), ensure_ascii=False,
                      default=str, indent=data.draw(st.sampled_from([None, 1, "\t"])))
    _no_crash(lint_bytes(linter, "report.json", _mutate(data, text).encode("utf-8", "replace")))


CONFIG = """\
extends: base.yaml
select: [RL1, RL3]
ignore: [RL104]
lang: en
fail-on: warning
max-bytes: 100000
include: ["*.yaml", "reports/**/*.txt"]
exclude: [drafts]
severity: {RL311: error}
options: {RL319: {limit: 1000}}
per-file-ignores: {"old/*.yaml": [RL2]}
"""
TOML = """\
[tool.reportlint]
select = ["RL1"]
lang = "en"
max-bytes = 100000
[tool.reportlint.severity]
RL311 = "error"
"""


@FUZZ
@given(st.data())
def test_the_config_loader_gives_config_errors_only(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("config")
    (folder / ".git").mkdir()
    (folder / "base.yaml").write_text("lang: zh\n", encoding="utf-8")
    name, source = data.draw(st.sampled_from([(".reportlint.yaml", CONFIG),
                                              ("pyproject.toml", TOML)]))
    path = folder / name
    path.write_bytes(_mutate(data, source).encode("utf-8", "surrogatepass"))
    try:
        load_config(path)
    except ConfigError as error:
        assert error.line >= 1 and error.message
