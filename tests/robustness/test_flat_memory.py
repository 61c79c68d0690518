"""What a run keeps of each file is a few hundred bytes at most, so a run over 20,000 files
uses about the memory of one over 1,000 (bench/README.md has the peak sizes of whole runs).

Measured where a run holds the most of its own: at the end of the first pass, when every
file has been linted once and the pairing with last year's reports is worked out. Python's
allocations are counted there (tracemalloc) for two runs of generated reports, in which most
files name an organ and a year and some pair, and the difference per added file is held to a
bound. Lists of paths, tuples of keys, a folder's index of names, the state of the results
waiting for their turn, and each report's title and section bodies remembered by the label
cache made a whole run's peak grow by 1.7 KiB a file; flat arrays, the folder's listing
forgotten before the linting and one-off texts normalised uncached leave ~250 bytes here
(counted after a garbage collection: cycles not yet collected made it vary from 250 to 520
bytes with what the tests before it had left).
"""

from __future__ import annotations

import gc
import sys
import tracemalloc

from reportlint import labels, pairing
from reportlint.cli import main
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import generate

sys.path.pop(0)

SMALL, LARGE = 40, 280
BYTES_PER_FILE = 500


def _held_at_pairing(folder, count: int, monkeypatch) -> int:
    if not folder.exists():
        generate.generate(folder, reports=count, seed=7, defect_rate=0.4)
    held: list[int] = []
    real = pairing.Pairs.decide

    def measured(self):
        gc.collect()  # what the run holds, not the garbage a collection has not reached yet
        held.append(tracemalloc.get_traced_memory()[0])
        return real(self)

    monkeypatch.setattr(pairing.Pairs, "decide", measured)
    labels.normalize.cache_clear()  # bounded caches, filled by either run as far as it goes
    labels.title_key.cache_clear()
    tracemalloc.start()
    try:
        main(["check", str(folder), "--isolated", "--no-cache", "--jobs", "1", "--fail-on",
              "never", "--quiet", "--format", f"concise:{folder}.txt"])
    finally:
        tracemalloc.stop()
    [at_pairing] = held
    return at_pairing


def test_a_run_holds_a_few_hundred_bytes_a_file(tmp_path, monkeypatch):
    _held_at_pairing(tmp_path / "small", SMALL, monkeypatch)  # imports, packs: once a process
    small = _held_at_pairing(tmp_path / "small", SMALL, monkeypatch)
    large = _held_at_pairing(tmp_path / "large", LARGE, monkeypatch)
    per_file = (large - small) / (LARGE - SMALL)
    assert per_file < BYTES_PER_FILE, f"{per_file:.0f} bytes a file"
    assert (tmp_path / "large.txt").read_text(encoding="utf-8").count("RL") > SMALL  # it linted
