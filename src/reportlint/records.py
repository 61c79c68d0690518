"""`record`: a dataclass that costs less to define.

`dataclasses.dataclass` writes a class's `__init__`, `__repr__`, `__eq__`, `__hash__` and, when
frozen, `__setattr__` and `__delattr__` as source text and compiles each when the module is
imported: ~0.7 ms a class on CPython 3.11, ~38 ms for the ~53 classes that checking one file
imports, the largest part of reportlint's own start-up. `record` makes the same dataclass
(`dataclasses.fields`, `replace` and `asdict` work, frozen stays frozen, slots and pickling are
the dataclass's, the compiled `__init__` is kept: it runs for every cell and span) but gives it
`__repr__`, `__eq__` and `__hash__` as shared functions over an `attrgetter` of its fields
instead of compiled ones, and a short docstring where the class has none (dataclasses would
render the signature with `inspect`). They return what the compiled ones return:
tests/test_records.py compares every record of the package with a plain dataclass twin.

    @record(frozen=True, slots=True)
    class Span: ...
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda item: (one(item),)
    return lambda item: ()


def _methods(cls: type, frozen: bool) -> dict[str, Any]:
    fields = dataclasses.fields(cls)
    compared = _key(tuple(f.name for f in fields if f.compare))
    hashed = _key(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @recursive_repr()
    def __repr__(self: Any) -> str:
        shown_fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({shown_fields})"

    # as dataclasses does: eq makes a mutable class unhashable, a frozen one hashes its fields
    return {"__eq__": __eq__, "__hash__": __hash__ if frozen else None, "__repr__": __repr__}


def record(cls: T | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """`@dataclass`, `@dataclass(frozen=True)`, `@dataclass(frozen=True, slots=True)`: the same
    class, defined without compiling its comparison and repr methods."""

    def wrap(cls: T) -> T:
        defined = {name for name in ("__eq__", "__hash__", "__repr__") if name in cls.__dict__}
        if cls.__doc__ is None:
            cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', {}))})"
        made = dataclasses.dataclass(cls, frozen=frozen, slots=slots, repr=False, eq=False)
        for name, method in _methods(made, frozen).items():
            if name not in defined:
                if method is not None:
                    method.__qualname__ = f"{made.__qualname__}.{name}"
                setattr(made, name, method)
        return made

    return wrap if cls is None else wrap(cls)
