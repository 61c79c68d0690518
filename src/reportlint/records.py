"""`record`: a dataclass that costs less to define.

`dataclasses.dataclass` writes a class's `__init__`, `__repr__`, `__eq__`, `__hash__` and, when
frozen, `__setattr__` and `__delattr__` as source text and compiles each when the module is
imported: ~0.7 ms a class on CPython 3.11, ~38 ms for the ~53 classes that checking one file
imports, the largest part of reportlint's own start-up. `record` makes the same dataclass
(`dataclasses.fields`, `replace` and `asdict` work, frozen stays frozen, slots and pickling
behave as the dataclass's) but compiles only its `__init__`, which runs for every cell and span:
`__repr__`, `__eq__`, `__hash__` and a frozen class's refusing `__setattr__` and `__delattr__`
are shared functions over its field names, and a class without a docstring gets a short one
(dataclasses would render the signature with `inspect`). They return and raise what the
compiled ones do: tests/test_records.py compares a record with the dataclass of the same body
and checks every class of the package. One difference shows: a frozen record's
`__dataclass_params__.frozen` is False (dataclasses did not write its frozen methods).

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


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"  # as dataclasses shows it in the signature


_FACTORY = _Factory()


def _frozen_init(cls: type) -> Any:
    """The `__init__` dataclasses writes for a frozen class: each field set with
    object.__setattr__ (a default factory called when its argument is not given), then
    __post_init__. One function compiled, where dataclasses compiles three. A slotted class's
    fields are set through their slots' own setters, bound once: a third of the time of
    object.__setattr__, which looks the name up for each field (a Span or a Cell is made for
    every value of every report)."""
    fields = [f for f in dataclasses.fields(cls) if f.init]
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    factories = {f.name: f.default_factory for f in fields
                 if f.default_factory is not dataclasses.MISSING}
    slots = cls.__dict__.get("__slots__", ())
    slotted = [f.name for f in fields if f.name in slots]
    params, body = ["self"], []
    for f in fields:
        put = (f"__set_{f.name}(self, " if f.name in slots else f"__set(self, {f.name!r}, ")
        if f.name in factories:
            params.append(f"{f.name}=__factory")
            body.append(f"{put}__factories[{f.name!r}]() if {f.name} is __factory else {f.name})")
        else:
            params.append(f"{f.name}=__defaults[{f.name!r}]" if f.name in defaults else f.name)
            body.append(f"{put}{f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    bound = "".join(f", __set_{name}" for name in slotted)
    source = (f"def __make(__set, __defaults, __factories, __factory{bound}):\n"
              f" def __init__({', '.join(params)}):\n  " + ("\n  ".join(body) or "pass")
              + "\n return __init__\n")
    namespace: dict[str, Any] = {}
    exec(source, {}, namespace)  # noqa: S102 - source made above from the field names only
    setters = [cls.__dict__[name].__set__ for name in slotted]
    init = namespace["__make"](object.__setattr__, defaults, factories, _FACTORY, *setters)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _frozen_methods(cls: type) -> dict[str, Any]:
    """__setattr__ and __delattr__ that refuse as a frozen dataclass's do, and for slots the
    pickling state dataclasses gives a frozen slotted class."""
    names = tuple(f.name for f in dataclasses.fields(cls))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    methods = {"__init__": _frozen_init(cls), "__setattr__": __setattr__, "__delattr__": __delattr__}
    if "__slots__" in cls.__dict__:
        methods |= {"__getstate__": __getstate__, "__setstate__": __setstate__}
    return methods


def record(cls: T | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """`@dataclass`, `@dataclass(frozen=True)`, `@dataclass(frozen=True, slots=True)`: the same
    class, defined without compiling its comparison and repr methods."""

    def wrap(cls: T) -> T:
        own = ("__eq__", "__hash__", "__repr__", "__init__", "__setattr__", "__delattr__",
               "__getstate__", "__setstate__")
        defined = {name for name in own if name in cls.__dict__}
        if frozen and defined & {"__init__", "__setattr__", "__delattr__"}:
            raise TypeError(f"{cls.__name__}: a frozen record writes its own __init__ and "
                            "__setattr__")
        if cls.__doc__ is None:
            cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', {}))})"
        # frozen: dataclasses is told not to write __init__ and the refusing __setattr__
        made = dataclasses.dataclass(cls, init=not frozen, slots=slots, repr=False, eq=False)
        methods = _methods(made, frozen) | (_frozen_methods(made) if frozen else {})
        for name, method in methods.items():
            if name not in defined:
                if method is not None:
                    method.__qualname__ = f"{made.__qualname__}.{name}"
                setattr(made, name, method)
        return made

    return wrap if cls is None else wrap(cls)
