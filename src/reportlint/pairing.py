"""Which report is last year's: an explicit --previous file, or pairing within one run.

Two reports of a run pair when they name the same organ (`meta.organ`, compared without
spaces) and their years (`meta.year`) differ by one. Failing that, they pair by file name:
`<name>-<year>.<ext>` with `<name>-<year-1>.<any ext>` in the same directory.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Mapping

import regex

from reportlint.filelist import HashIndex, hash_key
from reportlint.model import Report
from reportlint.patterns import compile_pattern, compiled

_NAME_YEAR = compile_pattern(r"^(?P<name>.+?)[-_](?P<year>(?:19|20)[0-9]{2})$")


def organ_year(report: Report) -> tuple[str, int] | None:
    organ, year = report.meta.get("organ"), report.meta.get("year")
    if organ is None or year is None or not isinstance(year.value, int):
        return None
    name = regex.sub(r"\s+", "", str(organ.value or ""))
    return (name, year.value) if name else None


def name_year(path: str) -> tuple[str, str, int] | None:
    """(folder, name, year) of a path named `<name>-<year>.<ext>` (or `_`), else None."""
    directory, file = os.path.split(path)
    match = _NAME_YEAR.match(os.path.splitext(file)[0])
    if match is None:
        return None
    return os.path.normpath(directory), match["name"], int(match["year"])


def pair(reports: Mapping[str, Report]) -> dict[str, str]:
    """path -> path of last year's report, for every report of `reports` that has one."""
    return pair_keys({path: organ_year(report) for path, report in reports.items()})


def pair_keys(keys: Mapping[str, tuple[str, int] | None]) -> dict[str, str]:
    """As `pair`, from each file's (organ, year), or None where the report gives none."""
    by_organ = {key: path for path, key in keys.items() if key}
    by_name = {key: path for path in keys if (key := name_year(path))}
    pairs = {}
    for path, key in keys.items():
        named = name_year(path)
        previous = by_organ.get((key[0], key[1] - 1)) if key else None
        if previous is None and named is not None:
            previous = by_name.get((named[0], named[1], named[2] - 1))
        if previous is not None:
            pairs[path] = previous
    return pairs


class OnDisk:
    """Last year's report beside a path by file name (`<name>-<year-1>.<any ext>`, `_` for
    `-`), when the run does not hold it: pre-commit names only the files a commit changes, and
    the cross-year findings must not depend on which files those are.

    Each folder is read once (one object per run; once a file, a run over thousands of files of
    one folder was quadratic in its size) for the names and years its entries are named by,
    kept as their hashes (16 bytes an entry); the folder's sorted entries, to pick the file,
    are listed only once some file's last year is there. A folder of 100,000 reports where no
    last year's file is missing from the run costs no list of its names."""

    def __init__(self) -> None:
        self._named: dict[str, HashIndex] = {}
        self._sorted: dict[str, list[str]] = {}

    def __call__(self, path: str) -> str | None:
        named = name_year(path)
        if named is None:
            return None
        directory, name, year = named
        if directory not in self._named:
            self._named[directory] = _named_entries(directory)
        if hash_key((name, year - 1)) not in self._named[directory]:
            return None
        if directory not in self._sorted:
            self._sorted[directory] = _listing(directory)
        entries = self._sorted[directory]
        for separator in "-_":  # the order of the sorted entries: "-" sorts before "_"
            prefix = f"{name}{separator}{year - 1}"
            at = bisect.bisect_left(entries, prefix)
            while at < len(entries) and entries[at].startswith(prefix):
                entry = entries[at]
                at += 1
                found = _NAME_YEAR.match(os.path.splitext(entry)[0])
                if found is None or found["name"] != name or int(found["year"]) != year - 1:
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
                match = _NAME_YEAR.match(os.path.splitext(entry.name)[0])
                if match:
                    found.put(hash_key((match["name"], int(match["year"]))), 1)
    except OSError:
        pass
    return found


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
