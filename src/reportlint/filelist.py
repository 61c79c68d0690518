"""The files of a run, each with what it goes with (its settings, its linter), held in a few
flat arrays: a run over 100,000 files keeps its list from the walk to the last output, and a
list of tuples of strings cost ~180 bytes a file where this costs the path's bytes and 12 more.
And the index a run keeps of its files' keys (organ and year, name and year), as flat.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Generic, TypeVar, overload

    T = TypeVar("T")
    U = TypeVar("U")
else:  # typing is not imported at run time (start-up: tests/test_startup.py)
    T = U = object

    class Generic:
        """typing.Generic as a base at run time: `Generic[T]` is this class."""

        def __class_getitem__(cls, item: object) -> type:
            return cls


_SEPARATORS = tuple(os.fsencode(sep) for sep in (os.sep, os.altsep) if sep)


def _split(raw: bytes) -> tuple[bytes, bytes]:
    """A path's folder (with its last separator) and its name, as bytes."""
    cut = max(raw.rfind(sep) for sep in _SEPARATORS) + 1
    return raw[:cut], raw[cut:]


class FileList(Sequence[tuple[str, T]], Generic[T]):
    """(path, value) pairs in the order added. Paths are kept as their file-system bytes
    (`os.fsencode`, so undecodable names come back as they were), each folder once (a run's
    files are mostly many to a folder); values are kept once per distinct object (by identity:
    a folder's files share one settings object)."""

    def __init__(self, items: Iterable[tuple[str, T]] = ()) -> None:
        self._names = bytearray()  # each path's name, after its folder
        self._ends = array("I")  # where each name ends; "Q" past 4 GiB of names
        self._folders: list[bytes] = []
        self._folder_of = array("I")
        self._known_folders: dict[bytes, int] = {}
        self._values: list[T] = []
        self._which = array("I")
        self._known: dict[int, int] = {}  # id(value) -> its place in _values
        self.extend(items)

    def append(self, path: str, value: T) -> None:
        folder, name = _split(os.fsencode(path))
        self._names += name
        try:
            self._ends.append(len(self._names))
        except OverflowError:
            self._ends = array("Q", self._ends)
            self._ends.append(len(self._names))
        place = self._known_folders.get(folder)
        if place is None:
            place = self._known_folders[folder] = len(self._folders)
            self._folders.append(folder)
        self._folder_of.append(place)
        self._which.append(self._place(value))

    def _place(self, value: T) -> int:
        """Where `value` is in _values, added the first time it is seen."""
        place = self._known.get(id(value))
        if place is None:
            place = self._known[id(value)] = len(self._values)
            self._values.append(value)  # kept alive, so its id is not reused
        return place

    def extend(self, items: Iterable[tuple[str, T]]) -> None:
        for path, value in items:
            self.append(path, value)

    def path(self, index: int) -> str:
        start = self._ends[index - 1] if index > 0 else 0
        return os.fsdecode(self._folders[self._folder_of[index]] + self._names[start:self._ends[index]])

    def value(self, index: int) -> T:
        return self._values[self._which[index]]

    def paths(self) -> Iterator[str]:
        return (self.path(i) for i in range(len(self)))

    def values(self) -> list[T]:
        """Each distinct value once, in the order first added."""
        return list(self._values)

    def map(self, function: Callable[[str, T], U]) -> FileList[U]:
        """The same paths (shared, not copied) with `function(path, value)` as the values."""
        mapped: FileList[U] = FileList()
        mapped._names, mapped._ends = self._names, self._ends
        mapped._folders, mapped._folder_of = self._folders, self._folder_of
        for index in range(len(self)):
            mapped._which.append(mapped._place(function(self.path(index), self.value(index))))
        return mapped

    def __len__(self) -> int:
        return len(self._which)

    if TYPE_CHECKING:
        @overload
        def __getitem__(self, index: int) -> tuple[str, T]: ...

        @overload
        def __getitem__(self, index: slice) -> list[tuple[str, T]]: ...

    def __getitem__(self, index: int | slice) -> tuple[str, T] | list[tuple[str, T]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("file index out of range")
        return self.path(index), self.value(index)

    def __iter__(self) -> Iterator[tuple[str, T]]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (FileList, list, tuple)):
            return NotImplemented
        return len(self) == len(other) and all(a == tuple(b) for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list

    def __repr__(self) -> str:
        return f"FileList({len(self)} files)"


def compact(items: Sequence[tuple[str, T]] | FileList[T]) -> FileList[T]:
    return items if isinstance(items, FileList) else FileList(items)


def hash_key(key: object) -> int:
    """A key's hash as a HashIndex holds it: never 0, which marks an empty slot."""
    return hash(key) or 1


class HashIndex:
    """Integer keys (hashes, never 0) to the last integer put under each, in two flat arrays
    (open addressing): ~12 bytes an entry and no Python object per entry, and nothing to sort,
    so building it for 100,000 files needs no temporary list either."""

    def __init__(self, expected: int = 0) -> None:
        size = 16
        while size * 3 < expected * 4:  # at most three quarters full
            size *= 2
        self._keys = array("q", bytes(8 * size))
        self._values = array("i", bytes(4 * size))  # a file's index
        self._used = 0

    def put(self, key: int, value: int) -> None:
        if (self._used + 1) * 4 > len(self._keys) * 3:
            self._grow()
        slot = self._slot(key)
        if self._keys[slot] == 0:
            self._keys[slot] = key
            self._used += 1
        self._values[slot] = value

    def get(self, key: int) -> int | None:
        slot = self._slot(key)
        return self._values[slot] if self._keys[slot] == key else None

    def __contains__(self, key: int) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return self._used

    def _slot(self, key: int) -> int:
        """Where `key` is, or the empty slot where it would go (linear probing)."""
        keys, mask = self._keys, len(self._keys) - 1
        slot = key & mask
        while keys[slot] != 0 and keys[slot] != key:
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        keys, values = self._keys, self._values
        self._keys = array("q", bytes(16 * len(keys)))
        self._values = array("i", bytes(8 * len(keys)))
        self._used = 0
        for key, value in zip(keys, values):
            if key != 0:
                self.put(key, value)
