"""`record`: a dataclass that costs less to define, without importing dataclasses.

`dataclasses.dataclass` writes a class's `__init__`, `__repr__`, `__eq__`, `__hash__` and, when
frozen, `__setattr__` and `__delattr__` as source text and compiles each when the module is
imported (~0.7 ms a class on CPython 3.11), and importing dataclasses imports inspect, ast, dis
and tokenize (~6 ms): together most of reportlint's own start-up for checking one file. `record`
makes the same class from the same body (annotations, defaults, `field(...)`, slots, frozen,
inheritance, `__post_init__`) and compiles only its `__init__`, which runs for every cell and
span: `__repr__`, `__eq__`, `__hash__` and a frozen class's refusing `__setattr__` and
`__delattr__` are shared functions over its field names, and a class without a docstring gets a
short one. `field` and `replace` here are dataclasses' own, for records.

The dataclasses API still works on a record: `dataclasses.fields`, `replace`, `asdict` and
`is_dataclass` read `__dataclass_fields__`, which a record makes (importing dataclasses) the
first time it is asked. tests/test_records.py compares a record with the dataclass of the same
body and checks every class of the package; a frozen record refuses an assignment with
`FrozenInstanceError`, an AttributeError as dataclasses' is.

    @record(frozen=True, slots=True)
    class Span: ...
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from operator import attrgetter
from reprlib import recursive_repr

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T", bound=type)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # no default (dataclasses.MISSING, for records)


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen record (dataclasses.FrozenInstanceError)."""


class Field:
    """One field of a record: its name, annotation and what `field(...)` said of it."""

    __slots__ = ("name", "type", "default", "default_factory", "init", "repr", "hash", "compare")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True,
                 repr: bool = True, hash: bool | None = None, compare: bool = True) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.type: Any = None
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.hash, self.compare = init, repr, hash, compare

    def __repr__(self) -> str:
        return (f"Field(name={self.name!r}, default={self.default!r}, "
                f"default_factory={self.default_factory!r}, init={self.init}, repr={self.repr}, "
                f"hash={self.hash}, compare={self.compare})")


def field(*, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True,
          repr: bool = True, hash: bool | None = None, compare: bool = True) -> Any:
    """`dataclasses.field` for a record."""
    return Field(default, default_factory, init, repr, hash, compare)


def fields(item: Any) -> tuple[Field, ...]:
    """A record's (or a record class's) fields, in order."""
    return type(item).__record_fields__ if not isinstance(item, type) else item.__record_fields__


def replace(item: T, /, **changes: Any) -> T:
    """`dataclasses.replace` for a record: a new one with `changes`, through its __init__."""
    for f in item.__record_fields__:  # type: ignore[attr-defined]
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be "
                                 "specified with replace()")
        elif f.name not in changes:
            changes[f.name] = getattr(item, f.name)
    return item.__class__(**changes)


def _spec(value: Any) -> Field | None:
    """`value` as a field spec, if it is one: a record's field() or dataclasses.field()."""
    if isinstance(value, Field):
        return value
    dataclasses = sys.modules.get("dataclasses")  # a body may use dataclasses.field (the tests)
    if dataclasses is not None and isinstance(value, dataclasses.Field):
        def own(x: Any) -> Any:
            return MISSING if x is dataclasses.MISSING else x

        return Field(own(value.default), own(value.default_factory), value.init, value.repr,
                     value.hash, value.compare)
    return None


def _is_class_var(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return text.partition("[")[0].strip() in ("ClassVar", "typing.ClassVar", "t.ClassVar")


def _collect(cls: type) -> tuple[Field, ...]:
    """The fields of `cls` as dataclasses orders them: its bases' (each base's order), then its
    own annotations'; its own field() defaults become class attributes, its factories go."""
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            found[f.name] = f
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec = _spec(value)
        if spec is None:
            spec = Field(default=value)
        elif spec.default is MISSING:
            delattr(cls, name)  # a factory's field (or none): no class attribute
        else:
            setattr(cls, name, spec.default)
        if spec.default is not MISSING and type(spec.default).__hash__ is None:
            raise ValueError(f"mutable default {type(spec.default)} for field {name} is not "
                             "allowed: use default_factory")
        spec.name, spec.type = name, annotation
        found[name] = spec
    return tuple(found.values())


def _slotted(cls: type, names: tuple[str, ...]) -> type:
    """`cls` again with `__slots__` for its own fields (dataclasses' slots=True)."""
    inherited = {slot for base in cls.__mro__[1:-1] for slot in base.__dict__.get("__slots__", ())}
    body = dict(cls.__dict__)
    body["__slots__"] = tuple(name for name in names if name not in inherited)
    for name in (*names, "__dict__", "__weakref__"):
        body.pop(name, None)
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__
    return made


class _DataclassView:
    """`__dataclass_fields__` and `__dataclass_params__` of a record, made the first time the
    dataclasses API asks (the dataclass of the same fields, made by dataclasses itself)."""

    def __init__(self, cls: type, attribute: str, frozen: bool) -> None:
        self.cls, self.attribute, self.frozen = cls, attribute, frozen

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        import dataclasses

        specs = []
        for f in self.cls.__record_fields__:  # type: ignore[attr-defined]
            options: dict[str, Any] = {"init": f.init, "repr": f.repr, "hash": f.hash,
                                       "compare": f.compare}
            if f.default is not MISSING:
                options["default"] = f.default
            if f.default_factory is not MISSING:
                options["default_factory"] = f.default_factory
            specs.append((f.name, f.type, dataclasses.field(**options)))
        twin = dataclasses.make_dataclass(self.cls.__name__, specs, frozen=self.frozen)
        for attribute in ("__dataclass_fields__", "__dataclass_params__"):
            type.__setattr__(self.cls, attribute, twin.__dict__[attribute])
        return twin.__dict__[self.attribute]


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda item: (one(item),)
    return lambda item: ()


def _methods(cls: type, frozen: bool) -> dict[str, Any]:
    fields = cls.__record_fields__  # type: ignore[attr-defined]
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

# While scripts/generate_record_inits.py imports the package: the source of every __init__ made.
_recording: set[str] | None = None


def _shipped_makers() -> dict[str, Any]:
    """The makers of the package's records' __init__, by their source: compiled once with the
    package (reportlint/_record_inits.py, its .pyc) instead of by exec at every start-up, where
    compiling ~45 of them cost ~8 ms of checking one file."""
    try:
        from reportlint._record_inits import MAKERS
    except ImportError:  # not generated: each is compiled here
        return {}
    return MAKERS


def _init(cls: type, frozen: bool) -> Any:
    """The `__init__` dataclasses writes: each field assigned (a default factory called when
    its argument is not given), then __post_init__. A frozen class's fields are set past its
    refusing __setattr__, as dataclasses does with object.__setattr__; a slotted one's through
    its slots' own setters, bound once: a third of the time of object.__setattr__, which looks
    the name up for each field (a Span or a Cell is made for every value of every report). A
    mutable class's are plain assignments, as dataclasses writes them (and half the time of
    object.__setattr__ again: a reader's Token is made for every cell of a published table)."""
    fields = [f for f in cls.__record_fields__ if f.init]  # type: ignore[attr-defined]
    defaults = {f.name: f.default for f in fields if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in fields if f.default_factory is not MISSING}
    slots = cls.__dict__.get("__slots__", ())
    slotted = [f.name for f in fields if f.name in slots] if frozen else []
    params, body = ["self"], []
    for f in fields:
        if f.name in factories:
            params.append(f"{f.name}=__factory")
            value = f"__factories[{f.name!r}]() if {f.name} is __factory else {f.name}"
        else:
            params.append(f"{f.name}=__defaults[{f.name!r}]" if f.name in defaults else f.name)
            value = f.name
        if not frozen:
            body.append(f"self.{f.name} = {value}")
        elif f.name in slotted:
            body.append(f"__set_{f.name}(self, {value})")
        else:
            body.append(f"__set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    bound = "".join(f", __set_{name}" for name in slotted)
    source = (f"def __make(__set, __defaults, __factories, __factory{bound}):\n"
              f" def __init__({', '.join(params)}):\n  " + ("\n  ".join(body) or "pass")
              + "\n return __init__\n")
    if _recording is not None:
        _recording.add(source)
    make = _shipped_makers().get(source)
    if make is None:  # a record of a test, or one changed since the table was generated
        namespace: dict[str, Any] = {}
        exec(source, {}, namespace)  # noqa: S102 - source made above from the field names only
        make = namespace["__make"]
    setters = [cls.__dict__[name].__set__ for name in slotted]
    init = make(object.__setattr__, defaults, factories, _FACTORY, *setters)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _frozen_methods(cls: type) -> dict[str, Any]:
    """__setattr__ and __delattr__ that refuse as a frozen dataclass's do, and for slots the
    pickling state dataclasses gives a frozen slotted class."""
    names = tuple(f.name for f in cls.__record_fields__)  # type: ignore[attr-defined]

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    methods = {"__setattr__": __setattr__, "__delattr__": __delattr__}
    if "__slots__" in cls.__dict__:
        methods |= {"__getstate__": __getstate__, "__setstate__": __setstate__}
    return methods


def record(cls: T | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """`@dataclass`, `@dataclass(frozen=True)`, `@dataclass(frozen=True, slots=True)`: the same
    class, defined without dataclasses."""

    def wrap(cls: T) -> T:
        own = ("__eq__", "__hash__", "__repr__", "__init__", "__setattr__", "__delattr__",
               "__getstate__", "__setstate__")
        defined = {name for name in own if name in cls.__dict__}
        if frozen and defined & {"__init__", "__setattr__", "__delattr__"}:
            raise TypeError(f"{cls.__name__}: a frozen record writes its own __init__ and "
                            "__setattr__")
        if cls.__doc__ is None:
            cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', {}))})"
        fields = _collect(cls)
        made = _slotted(cls, tuple(f.name for f in fields)) if slots else cls
        made.__record_fields__ = fields  # type: ignore[attr-defined]
        made.__match_args__ = tuple(f.name for f in fields if f.init)  # type: ignore[attr-defined]
        for attribute in ("__dataclass_fields__", "__dataclass_params__"):
            setattr(made, attribute, _DataclassView(made, attribute, frozen))
        methods = {"__init__": _init(made, frozen)} | _methods(made, frozen)
        if frozen:
            methods |= _frozen_methods(made)
        for name, method in methods.items():
            if name not in defined:
                if method is not None:
                    method.__qualname__ = f"{made.__qualname__}.{name}"
                setattr(made, name, method)
        return made

    return wrap if cls is None else wrap(cls)
