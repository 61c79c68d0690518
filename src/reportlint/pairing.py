"""Which report is last year's: an explicit --previous file, or pairing within one run.

Two reports of a run pair when they name the same organ (`meta.organ`, compared without
spaces) and their years (`meta.year`) differ by one. Failing that, they pair by file name:
`<name>-<year>.<ext>` with `<name>-<year-1>.<any ext>` in the same directory.
"""

from __future__ import annotations

import bisect
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping

from reportlint.filelist import HashIndex, hash_key
from reportlint.model import Report
from reportlint.patterns import Deferred, compiled

_SPACES = Deferred(r"\s+")


def organ_year(report: Report) -> tuple[str, int] | None:
    organ, year = report.meta.get("organ"), report.meta.get("year")
    if organ is None or year is None or not isinstance(year.value, int):
        return None
    name = _SPACES().sub("", str(organ.value or ""))
    return (name, year.value) if name else None


def stem_year(stem: str) -> tuple[str, int] | None:
    """(name, year) of a file name without its extension, `<name>-<year>` or `<name>_<year>`
    with a year of 1900-2099, else None: what `^(.+?)[-_]((?:19|20)[0-9]{2})$` matches
    (tests/rules/test_history.py holds it to that), read without a pattern. It is asked of every
    file of a run, and a run whose files all come from the cache imports no regex module."""
    if stem.endswith("\n"):
        stem = stem[:-1]  # as `$` matches before a final newline
    year = stem[-4:]
    if len(stem) < 6 or stem[-5] not in "-_" or year[:2] not in ("19", "20") \
            or not (year.isascii() and year.isdigit()) or "\n" in stem:
        return None
    return stem[:-5], int(year)


def name_year(path: str) -> tuple[str, str, int] | None:
    """(folder, name, year) of a path named `<name>-<year>.<ext>` (or `_`), else None."""
    directory, file = os.path.split(path)
    found = stem_year(os.path.splitext(file)[0])
    if found is None:
        return None
    return os.path.normpath(directory), *found


def follows(key: tuple[str, int] | None, last_key: tuple[str, int] | None) -> bool:
    """A report of (organ, year) `key` follows one of `last_key`: the same organ, a year before."""
    return key is not None and last_key == (key[0], key[1] - 1)


def pair(reports: Mapping[str, Report]) -> dict[str, str]:
    """path -> path of last year's report, for every report of `reports` that has one."""
    return pair_keys({path: organ_year(report) for path, report in reports.items()})


def pair_keys(keys: Mapping[str, tuple[str, int] | None]) -> dict[str, str]:
    """As `pair`, from each file's (organ, year), or None where the report gives none: the rule
    of `Pairs`, for a set of files all in hand (the browser's upload)."""
    paths = list(keys)
    pairs = Pairs(len(paths), paths.__getitem__)
    for index, key in enumerate(keys.values()):
        pairs.note(index, key)
    pairs.decide()
    found = {}
    for index in pairs.indexes():
        last = pairs.previous(index)
        if not pairs.by_organ(index) or follows(keys[paths[index]], keys[last]):
            found[paths[index]] = last  # (an organ's pair by hash, confirmed by the keys)
    return found


class Pairs:
    """Which file is each file's last year's: the run's file naming the same organ a year
    before (`meta.organ`, `meta.year`), else the run's file named `<name>-<year-1>` in the same
    folder, else (with `on_disk`) the file so named beside it on disk.

    Flat, for runs of 100,000 files: the names are paired first, before any file is read
    (`named`: the file pairs whatever its report says, so its first result is not final); each
    report's key is noted as it is read (`note`); `decide` then pairs each file, and its answer
    costs 5 bytes a file. The keys are held as 8-byte hashes; a pair by the organ's hash is
    marked (`by_organ`) for the caller to confirm with both reports, so a collision never
    attaches another organ's report."""

    _NONE, _ON_DISK = -1, -2

    def __init__(self, count: int, path: Callable[[int], str], on_disk: bool = False) -> None:
        self._path = path
        self._by_organ_key = HashIndex(count)  # (organ, year) -> the last file naming it
        self._wanted = array("q", bytes(8 * count))  # each file's (organ, year - 1), 0: none
        self._in_run, self._beside = self._by_name(count, OnDisk() if on_disk else None)
        self._last = array("i")
        self._paired_by_organ = bytearray()

    def _by_name(self, count: int, on_disk: OnDisk | None) -> tuple[array, dict[int, str]]:
        """The run's file named the year before (-1: none), and the files found only on disk
        (pre-commit's files; in a folder's run, those whose last year's the excludes drop).
        What was read of each folder is forgotten before the files are linted."""
        by_name = HashIndex(count)  # (folder, name, year) -> the last file so named
        for index in range(count):
            if (key := name_year(self._path(index))) is not None:
                by_name.put(hash_key(key), index)
        in_run, beside = array("i", [-1]) * count, {}
        for index in range(count):
            path = self._path(index)
            if (key := name_year(path)) is None:
                continue
            wanted = (key[0], key[1], key[2] - 1)
            found = by_name.get(hash_key(wanted))
            if found is not None and name_year(self._path(found)) == wanted:
                in_run[index] = found  # (checked: another name may have the same hash)
            elif on_disk is not None and (last := on_disk(path)) is not None:
                beside[index] = last
        return in_run, beside

    def named(self, index: int) -> bool:
        """The file pairs by its name, whatever its report says."""
        return self._in_run[index] >= 0 or index in self._beside

    def note(self, index: int, key: tuple[str, int] | None) -> None:
        """The (organ, year) the file's report names, or None."""
        if key:
            self._by_organ_key.put(hash_key(key), index)
            self._wanted[index] = hash_key((key[0], key[1] - 1))

    def decide(self) -> None:
        """Pair every file, once every key is noted; the keys are then forgotten."""
        count = len(self._in_run)
        self._last = array("i", [self._NONE]) * count
        self._paired_by_organ = bytearray(count)
        for index in range(count):
            found = self._by_organ_key.get(self._wanted[index]) if self._wanted[index] else None
            if found is not None:
                self._last[index], self._paired_by_organ[index] = found, True
            elif self._in_run[index] >= 0:
                self._last[index] = self._in_run[index]
            elif index in self._beside:
                self._last[index] = self._ON_DISK
        self._by_organ_key, self._wanted, self._in_run = HashIndex(), array("q"), array("i")
        self._beside = {i: path for i, path in self._beside.items() if self._last[i] == self._ON_DISK}

    def __contains__(self, index: int) -> bool:
        return self._last[index] != self._NONE

    def indexes(self) -> Iterator[int]:
        """The files that pair, in order."""
        return (i for i, last in enumerate(self._last) if last != self._NONE)

    def previous(self, index: int) -> str:
        """The path of last year's file of a file that pairs."""
        last = self._last[index]
        return self._beside[index] if last == self._ON_DISK else self._path(last)

    def by_organ(self, index: int) -> bool:
        return bool(self._paired_by_organ[index])


class OnDisk:
    """Last year's report beside a path by file name (`<name>-<year-1>.<any ext>`, `_` for
    `-`), when the run does not hold it: pre-commit names only the files a commit changes, and
    the cross-year findings must not depend on which files those are.

    The first few files of a folder (ASKED_ALONE) are each answered from one scan of it,
    keeping only the entries that start with the name: pre-commit's one changed report in a
    folder of a thousand costs a scan, not a parse of every name in it (4 ms). After that
    the folder is read once (one object per run; once a file, a run over thousands of files of
    one folder was quadratic in its size) for the names and years its entries are named by,
    kept as their hashes (16 bytes an entry); the folder's sorted entries, to pick the file,
    are listed only once some file's last year is there. A folder of 100,000 reports where no
    last year's file is missing from the run costs no list of its names."""

    ASKED_ALONE = 8

    def __init__(self) -> None:
        self._asked: dict[str, int] = {}
        self._named: dict[str, HashIndex] = {}
        self._sorted: dict[str, list[str]] = {}

    def __call__(self, path: str) -> str | None:
        named = name_year(path)
        if named is None:
            return None
        directory, name, year = named
        prefixes = (f"{name}-{year - 1}", f"{name}_{year - 1}")
        asked = self._asked.get(directory, 0)
        if asked < self.ASKED_ALONE:
            self._asked[directory] = asked + 1
            entries = _starting(directory, prefixes)
        else:
            if directory not in self._named:
                self._named[directory] = _named_entries(directory)
            if hash_key((name, year - 1)) not in self._named[directory]:
                return None
            if directory not in self._sorted:
                self._sorted[directory] = _listing(directory)
            entries = self._sorted[directory]
        for prefix in prefixes:  # the order of the sorted entries: "-" sorts before "_"
            at = bisect.bisect_left(entries, prefix)
            while at < len(entries) and entries[at].startswith(prefix):
                entry = entries[at]
                at += 1
                if stem_year(os.path.splitext(entry)[0]) != (name, year - 1):
                    continue  # name-20231.yaml, name-2022.v2.yaml
                if os.path.isfile(os.path.join(directory, entry)):
                    return os.path.join(os.path.dirname(path), entry)
        return None


def _named_entries(directory: str) -> HashIndex:
    """The hashes of the (name, year) of the folder's entries so named; none if unreadable."""
    found = HashIndex()
    try:
        with os.scandir(directory or ".") as entries:
            for entry in entries:
                named = stem_year(os.path.splitext(entry.name)[0])
                if named is not None:
                    found.put(hash_key(named), 1)
    except OSError:
        pass
    return found


def _starting(directory: str, prefixes: tuple[str, ...]) -> list[str]:
    """The folder's entries that start with one of `prefixes`, in sorted order; none if it
    cannot be listed. Scanned one entry at a time: no list of a 20,000-file folder's names."""
    try:
        with os.scandir(directory or ".") as entries:
            return sorted(entry.name for entry in entries if entry.name.startswith(prefixes))
    except OSError:
        return []


def _listing(directory: str) -> list[str]:
    """The folder's entries in sorted order; none if it cannot be listed."""
    try:
        return sorted(os.listdir(directory or "."))
    except OSError:
        return []


def same_organs(names: Iterable[str], rule: Mapping[str, str] | None) -> dict[str, str]:
    """name -> the name it is counted under: a name that starts with its place (the pack's
    `same_organ.place`) and that one longer name of `names` writes after higher levels
    (`same_organ.higher`: 淮安市 before 洪泽区人民政府) is that organ; one that several longer
    names end with (鼓楼区人民政府 of 南京市 and of 福州市) stays itself, as does every name
    when the pack has no such rule."""
    distinct = sorted({name for name in names if name})
    merged = {name: name for name in distinct}
    if not rule:
        return merged
    prefix, place = compiled(f"(?:{rule['higher']})+"), compiled(rule["place"])
    for short in distinct:
        if not place.match(short):
            continue
        longer = [name for name in distinct if len(name) > len(short) and name.endswith(short)
                  and prefix.fullmatch(name[:-len(short)])]
        fullest = [name for name in longer if not any(
            other != name and other.endswith(name) for other in longer)]
        if len(fullest) == 1:
            merged[short] = fullest[0]
    for name in distinct:  # 洪泽区 -> 淮安市洪泽区 -> 江苏省淮安市洪泽区: the fullest
        while merged[merged[name]] != merged[name]:
            merged[name] = merged[merged[name]]
    return merged
