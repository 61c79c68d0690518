"""Issue 12 (item 12): the cache is not trusted. Entries are sealed with a key kept outside the
repository (reportlint.sealed); an entry that is edited, forged with another key, of the wrong
types or of the wrong shape is a miss, so a cache can never hide a finding or a rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint import sealed
from tests.helpers import EXAMPLE, ROOT, replace_once


def _run(folder: Path, cache: Path, *args: str, key: str = "the-key") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REPORTLINT_CACHE_DIR": str(cache), "REPORTLINT_CACHE_KEY": key}
    return subprocess.run([sys.executable, "-m", "reportlint", "check", "report.yaml",
                           "--lang", "en", "--jobs", "1", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def linted(tmp_path) -> tuple[Path, Path]:
    """A report with one error (RL312), linted once so that the cache holds its entry."""
    folder, cache = tmp_path / "repo", tmp_path / "cache"
    (folder / ".git").mkdir(parents=True)
    text = replace_once(EXAMPLE.read_text("utf-8"), "penalty: [75]", "penalty: [-75]")
    (folder / "report.yaml").write_text(text, encoding="utf-8")
    first = _run(folder, cache)
    assert first.returncode == 1 and "RL312" in first.stdout
    return folder, cache


def _findings_entry(cache: Path) -> Path:
    entries = [p for p in cache.glob("*.json")]
    assert len(entries) == 1
    return entries[0]


def _reseal(entry: Path, edit, key: str) -> None:
    """Edit the entry's content and seal it again with `key` (an attacker's or ours)."""
    outer = json.loads(entry.read_text("utf-8"))
    value = json.loads(outer["body"])
    edit(value)
    body = json.dumps(value, ensure_ascii=False)
    outer = {"mac": sealed._mac(key.encode(), entry.name, body), "body": body}
    entry.write_text(json.dumps(outer), encoding="utf-8")


def _empty_findings(value) -> None:
    for item in value["files"].values():
        item["findings"] = []


def test_an_edited_findings_entry_hides_nothing(linted):
    folder, cache = linted
    entry = _findings_entry(cache)
    outer = json.loads(entry.read_text("utf-8"))
    outer["body"] = outer["body"].replace('"code": "RL312"', '"code": "RL000"')
    entry.write_text(json.dumps(outer), encoding="utf-8")
    again = _run(folder, cache)
    assert again.returncode == 1 and "RL312" in again.stdout and "RL000" not in again.stdout


def test_an_entry_forged_with_another_key_hides_nothing(linted):
    folder, cache = linted
    _reseal(_findings_entry(cache), _empty_findings, key="an-attackers-key")
    again = _run(folder, cache)
    assert again.returncode == 1 and "RL312" in again.stdout


def test_the_same_cache_read_with_another_key_is_a_miss(linted):
    """A cache committed to the repository or restored from a CI cache, read on a machine
    with another key: every entry is linted again."""
    folder, cache = linted
    _reseal(_findings_entry(cache), _empty_findings, key="the-key")
    assert _run(folder, cache).returncode == 0  # our own key: the (edited) entry is used
    other = _run(folder, cache, key="another-machine")
    assert other.returncode == 1 and "RL312" in other.stdout


@pytest.mark.parametrize("damage", [
    lambda f: f.update(span="1:1"), lambda f: f.update(span=[1, 2, 3]),
    lambda f: f.update(code=301), lambda f: f.update(severity="fatal"),
    lambda f: f.update(related="tables.table3"), lambda f: f.pop("message"),
    lambda f: f.update(span=[1, 1, 1, 1, None]), lambda f: f.update(span=[True, 1, 1, 1, ""]),
])
def test_a_findings_entry_of_the_wrong_types_is_a_miss(linted, damage):
    """Even sealed with the right key (an older format, a bug), an odd entry is linted again:
    it crashed the sarif, junit, gitlab and github formats."""
    folder, cache = linted

    def edit(value) -> None:
        for item in value["files"].values():
            damage(item["findings"][0])

    _reseal(_findings_entry(cache), edit, key="the-key")
    forms = ("sarif", "junit", "gitlab", "github")
    again = _run(folder, cache, *(f"--format={form}:out.{form}" for form in forms),
                 "--format", "text")
    assert again.returncode == 1 and "RL312" in again.stdout, again.stderr
    assert "Traceback" not in again.stderr
    assert all("RL312" in (folder / f"out.{form}").read_text("utf-8") for form in forms)


def test_a_rule_deleted_from_the_pack_cache_still_runs(linted):
    """A user's pack (`--rules`) goes through the pack cache (the built-in packs ship
    compiled in the package)."""
    import shutil

    folder, cache = linted
    for name in ("core", "annual-2021"):
        shutil.copytree(ROOT / "rules" / name, folder / "packs" / name)  # links followed
    args = ("--rules", "packs/annual-2021")
    assert "RL312" in _run(folder, cache, *args).stdout
    entries = list((cache / "packs").glob("*.json"))
    assert entries
    edited = 0
    for entry in entries:  # the rule files' entries, edited without the key
        outer = json.loads(entry.read_text("utf-8"))
        value = json.loads(outer["body"])
        rules = value.get("data", {}).get("rules") if isinstance(value.get("data"), dict) else None
        if rules and any(r["code"] == "RL312" for r in rules):
            value["data"]["rules"] = [r for r in rules if r["code"] != "RL312"]
            outer["body"] = json.dumps(value, ensure_ascii=False)
            entry.write_text(json.dumps(outer), encoding="utf-8")
            edited += 1
    assert edited == 1
    for item in cache.glob("*.json"):  # and no findings entry to fall back on
        item.unlink()
    again = _run(folder, cache, *args)
    assert again.returncode == 1 and "RL312" in again.stdout, again.stdout + again.stderr


def test_without_a_key_nothing_is_cached(tmp_path, monkeypatch):
    monkeypatch.delenv(sealed.KEY_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "file"))
    sealed.key.cache_clear()
    try:
        assert sealed.key() is None
        assert sealed.seal("x.json", {"a": 1}) is None
        assert sealed.unseal("x.json", '{"mac": "", "body": "{}"}') is None
    finally:
        sealed.key.cache_clear()


def test_a_key_is_made_once_outside_the_repository_private_to_the_user(tmp_path, monkeypatch):
    monkeypatch.delenv(sealed.KEY_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    sealed.key.cache_clear()
    try:
        first = sealed.key()
        path = tmp_path / "reportlint" / "cache-key"
        assert first and len(first) == 32 and (path.stat().st_mode & 0o777) == 0o600
        sealed.key.cache_clear()
        assert sealed.key() == first
        text = sealed.seal("a.json", {"files": {}})
        assert sealed.unseal("a.json", text) == {"files": {}}
        assert sealed.unseal("b.json", text) is None  # bound to its name
    finally:
        sealed.key.cache_clear()
