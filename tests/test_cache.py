"""The findings cache on its own: an entry is the file's content hash, its findings and its
pairing key; anything that decides the findings is in the key of the table."""

from __future__ import annotations

from reportlint.cache import Cache, linter_key
from reportlint.engine import Linter, Selection
from reportlint.findings import Finding
from reportlint.model import Span

FINDING = Finding("r.yaml", Span(3, 5, 3, 9, ""), "RL301", "error", "表三不平衡",
                  "table3-balance", "tables.table3.new.total", 3, 2, ("tables.table3.new",))


def test_an_entry_comes_back_whole_for_the_same_content_only(tmp_path) -> None:
    cache = Cache(tmp_path)
    cache.put("key", "r.yaml", b"content", [FINDING], ["石桥镇", 2024])
    cache.flush()
    again = Cache(tmp_path)  # a new run reads what the last one wrote
    findings, pair = again.get("key", "r.yaml", b"content")
    assert (findings[0].expected, findings[0].related) == (3, ("tables.table3.new",))
    assert findings == [FINDING]
    assert pair == ["石桥镇", 2024]
    assert again.get("key", "r.yaml", b"edited") is None
    assert again.get("other", "r.yaml", b"content") is None
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_the_key_changes_with_what_decides_the_findings(packs) -> None:
    linter = Linter(packs)
    assert linter_key(linter) == linter_key(Linter(packs))
    changed = packs.with_params("RL311", {"labels": ["x"]})
    others = [Linter(packs, lang="en"), Linter(packs, Selection(ignore=["RL3"])),
              Linter(packs, max_bytes=1000), Linter(packs, template="annual-2021"),
              Linter(changed)]
    keys = {linter_key(other) for other in others}
    assert len(keys) == len(others) and linter_key(linter) not in keys


def test_a_shipped_pack_is_keyed_by_the_package_and_a_copy_by_its_files(packs, tmp_path) -> None:
    """The built-in packs as compiled.pickle holds them are keyed by the package's own files
    (their sources were found unchanged when they were loaded); a pack built from files, such
    as an edited copy, by those files' bytes."""
    import shutil

    from reportlint.cache import _code_stamp
    from reportlint.packs import compiled
    from reportlint.packs.load import builtin_rules_dir, load_packs
    from reportlint.records import replace

    assert all(compiled.as_shipped(pack) for pack in packs.packs)
    stamped = {stamp.rsplit(":", 2)[0] for stamp in _code_stamp()}
    assert {"cache.py", "packs/compiled.pickle", "patterns.pickle", "schemas/report.schema.json"} <= stamped
    # a configured severity makes a new pack, keyed by its rules
    first = packs.packs[0]
    severe = replace(first, rules=tuple(replace(r, severity="info") for r in first.rules))
    assert not compiled.as_shipped(severe)
    assert linter_key(Linter(packs)) != linter_key(Linter(type(packs)([severe, *packs.packs[1:]])))
    copy = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), copy)
    copied = Linter(load_packs([copy]))
    assert not any(compiled.as_shipped(pack) for pack in copied.packs.packs)
    before = linter_key(copied)
    rule_file = copy / "annual-2021" / "contact.yaml"
    rule_file.write_bytes(rule_file.read_bytes() + b"\n# edited\n")
    assert linter_key(copied) != before
