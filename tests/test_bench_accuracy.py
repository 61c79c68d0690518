"""Accuracy on generated reports: every injected defect is found, and nothing else is.

The generator (bench/generate.py) writes realistic reports of fictional organs with figures
that add up and known defects injected into a fraction of them, with the ground truth beside.
"""

from __future__ import annotations

import json
import sys

from tests.helpers import ROOT, lint_file

sys.path.insert(0, str(ROOT / "bench"))
import generate

sys.path.pop(0)


def test_generated_corpus_findings_match_the_ground_truth(tmp_path, linter):
    truth = generate.generate(tmp_path, reports=len(generate.DEFECTS) * 4, seed=11, defect_rate=0.5)
    injected = {record["defect"] for record in truth if record["defect"]}
    assert len(injected) >= len(generate.DEFECTS) // 2
    mismatches = []
    for record in truth:
        found = sorted({f.code for f in lint_file(linter, tmp_path / record["file"])})
        if found != record["codes"]:
            mismatches.append((record["file"], record["defect"], record["codes"], found))
    assert mismatches == []


def test_every_defect_kind_is_detected(tmp_path, linter):
    """Each defect of the catalogue, injected into the same clean report."""
    import random

    for name, codes, mutate in generate.DEFECTS:
        report = generate.build(random.Random(5), 0, 2024)
        mutate(report, random.Random(5))
        path = tmp_path / f"{name}.yaml"
        path.write_text(generate.to_yaml(report, block_rows=True), encoding="utf-8")
        found = sorted({f.code for f in lint_file(linter, path)})
        assert found == sorted(codes), (name, found)


def test_generation_is_deterministic(tmp_path):
    first = generate.generate(tmp_path / "a", reports=5, seed=3)
    second = generate.generate(tmp_path / "b", reports=5, seed=3)
    assert first == second
    for record in first:
        assert (tmp_path / "a" / record["file"]).read_bytes() == (tmp_path / "b" / record["file"]).read_bytes()
    lines = (tmp_path / "a" / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["file"] for line in lines] == [r["file"] for r in first]
