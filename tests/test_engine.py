"""The Linter on its own: a file is loaded (bounded, never repaired), then linted, with last
year's report attached when there is one; a selection hides codes but never an internal error."""

from __future__ import annotations

from reportlint import checks
from reportlint.engine import Linter, Selection
from reportlint.packs.pack import PackSet
from tests.helpers import EXAMPLE, FIXTURES, codes, replace_once


def test_load_reads_once_and_lint_attaches_last_years_report(packs: PackSet) -> None:
    linter = Linter(packs)
    loaded = linter.load(EXAMPLE)
    assert loaded.data == EXAMPLE.read_bytes() and loaded.hits == []
    assert loaded.report.meta["year"].value == 2024
    assert linter.lint(loaded).findings == []
    # last year's report carried 2 requests forward; this year's says none came over
    text = FIXTURES.joinpath("shiqiao-2023.yaml").read_text(encoding="utf-8")
    last_year = replace_once(text, "carried_forward:              [0",
                             "carried_forward:              [2")
    last = linter.read("last.yaml", last_year.encode()).report
    result = linter.lint(loaded, last)
    assert "RL701" in codes(result.findings)
    assert result.report.previous is last


def test_a_file_over_the_limit_or_not_regular_is_a_finding_and_is_not_read(packs: PackSet) -> None:
    small = Linter(packs, max_bytes=100).load(EXAMPLE)
    assert (small.data, small.result, [h.code for h in small.hits]) == (b"", None, ["RL010"])
    device = Linter(packs).load("/dev/null")
    assert (device.data, [h.code for h in device.hits]) == (b"", ["RL001"])
    assert [f.code for f in Linter(packs).lint(device).findings] == ["RL001"]


def test_a_bounded_read_is_whole_when_the_file_grew_or_hides_its_size(tmp_path, monkeypatch
                                                                     ) -> None:
    """The first read asks for the size fstat states (not the 5 MiB limit); a file longer
    than that (it grew since, or is a /proc file that states 0) is still read whole, and one
    past the limit is still found too large."""
    import os as real_os

    from reportlint import errors

    data = EXAMPLE.read_bytes()
    path = tmp_path / "grown.yaml"
    path.write_bytes(data)
    stated = {"size": len(data)}
    fstat = real_os.fstat

    class Stated:
        def __init__(self, size: int) -> None:
            self.st_size = size

    monkeypatch.setattr(errors.os, "fstat", lambda fd: Stated(stated["size"]) if fd > 2 else fstat(fd))
    for size in (len(data), len(data) - 1, 10, 0):
        stated["size"] = size
        for limit in (len(data) + 1, len(data) + 2, 5 * 1024 * 1024 + 1):
            with open(path, "rb") as handle:
                assert errors.read_at_most(handle, limit) == data, (size, limit)
        with open(path, "rb") as handle:
            assert errors.read_at_most(handle, 100) == data[:100], size
    # a file that grew past the limit after it was statted is still refused while read
    from reportlint import engine

    status = real_os.stat(path)

    class Statted:
        st_mode, st_size = status.st_mode, 10

    monkeypatch.setattr(engine.os, "stat", lambda name: Statted())
    refused = engine.read_bounded(str(path), len(data) - 1)
    assert not isinstance(refused, bytes) and refused.code == "RL010"
    assert refused.args["size"] == f"{len(data) - 1}+"
    assert engine.read_bounded(str(path), len(data)) == data


def test_a_selection_hides_codes_but_never_an_internal_error(packs, monkeypatch) -> None:
    broken = replace_once(EXAMPLE.read_text(encoding="utf-8"), "penalty: [75]", "penalty: [-1]")
    everything = Linter(packs)
    found = codes(everything.lint(everything.read("r.yaml", broken.encode())).findings)
    assert found and all(code.startswith("RL3") for code in found)
    quiet = Linter(packs, Selection(ignore=found))
    assert quiet.lint(quiet.read("r.yaml", broken.encode())).findings == []
    assert "RL301" not in found  # its check still runs: a bug in it is reported, ignored or not

    def raising(report, params):
        raise ValueError("a bug in a check")

    monkeypatch.setitem(checks.CHECKS, "balance", checks.Check("balance", raising, {}))
    errors = quiet.lint(quiet.read("r.yaml", broken.encode())).findings
    assert {f.code for f in errors} == {"RL099"}
    assert any("rule RL301" in f.message for f in errors)
