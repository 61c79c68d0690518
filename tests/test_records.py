"""`record` makes the dataclass `dataclasses.dataclass` makes: the same repr, equality, hash,
frozenness, pickling, `replace` and `fields`, for every kind of class the package defines."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pickle
import pkgutil
from dataclasses import field

import pytest

import reportlint
from reportlint.records import record

KINDS = [{}, {"frozen": True}, {"frozen": True, "slots": True}, {"slots": True}]


def _twins(kind: dict) -> tuple[type, type]:
    """The same class body made by `record` and by `dataclass`."""

    def body() -> dict:
        return {"__annotations__": {"line": "int", "name": "str", "tags": "tuple[str, ...]",
                                    "extra": "dict", "hidden": "int", "loose": "float"},
                "name": "", "tags": (), "extra": field(default_factory=dict),
                "hidden": field(default=0, repr=False), "loose": field(default=0.0, compare=False),
                "__module__": __name__, "__qualname__": "Point"}

    return (record(type("Point", (), body()), **kind),
            dataclasses.dataclass(type("Point", (), body()), **kind))


def _hash(item: object) -> int | str:
    try:
        return hash(item)
    except TypeError as error:
        return type(error).__name__


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_record_behaves_as_the_dataclass_of_the_same_body(kind):
    mine, theirs = _twins(kind)
    for args in [(1,), (2, "a", ("x", "y"), {"k": [1]}, 7, 0.5), (float("nan"), "中文")]:
        a, b = mine(*args), theirs(*args)
        assert repr(a) == repr(b)
        assert (a == mine(*args)) == (b == theirs(*args))
        assert (a == mine(*args[:1], loose=9.0)) == (b == theirs(*args[:1], loose=9.0))
        assert (a != mine(5)) == (b != theirs(5))
        assert a.__eq__(object()) is NotImplemented and b.__eq__(object()) is NotImplemented
        assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
        assert repr(dataclasses.replace(a, name="z")) == repr(dataclasses.replace(b, name="z"))
        assert dataclasses.asdict(a) == dataclasses.asdict(b) or args[0] != args[0]  # nan
    assert mine.__match_args__ == theirs.__match_args__
    assert [(p.name, repr(p.default)) for p in inspect.signature(mine).parameters.values()] == \
        [(p.name, repr(p.default)) for p in inspect.signature(theirs).parameters.values()]
    with pytest.raises(TypeError):
        mine()  # `line` has no default
    assert hasattr(mine, "__slots__") == hasattr(theirs, "__slots__")
    if kind.get("frozen"):
        a, b = mine(1, "a", ("t",)), theirs(1, "a", ("t",))
        assert _hash(a) == _hash(b) == "TypeError"  # the dict field
        object.__setattr__(a, "extra", None)
        object.__setattr__(b, "extra", None)
        assert _hash(a) == _hash(b) == hash((1, "a", ("t",), None, 0))  # not `loose`
        for item in (a, b):
            with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError is one
                item.name = "b"
            with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError is one
                del item.name
    else:
        assert mine.__hash__ is None and theirs.__hash__ is None
        a = mine(1)
        a.name = "b"
        assert a.name == "b"


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_record_pickles_as_the_dataclass(kind):
    mine, _ = _twins(kind)
    globals()["Point"] = mine  # pickle finds a class by its module and name
    try:
        item = mine(3, "p", ("q",), {"r": 1}, 4, 1.5)
        again = pickle.loads(pickle.dumps(item))
        assert again == item and repr(again) == repr(item)
    finally:
        del globals()["Point"]


def test_a_recursive_record_repr_stops_as_the_dataclass_repr_does():
    @record
    class Node:
        child: object = None

    @dataclasses.dataclass
    class Twin:
        child: object = None

    mine, theirs = Node(), Twin()
    mine.child, theirs.child = mine, theirs
    assert repr(mine).replace("Node", "X") == repr(theirs).replace("Twin", "X")


def test_post_init_inheritance_and_an_own_method_are_kept():
    @record(frozen=True, slots=True)
    class Base:
        start: int
        end: int = 0

        def __post_init__(self) -> None:
            if not self.end:
                object.__setattr__(self, "end", self.start)

    @record(frozen=True)
    class Named(Base):
        name: str = ""

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Base(3)) == "test_post_init_inheritance_and_an_own_method_are_kept.<locals>.Base(start=3, end=3)"
    assert Named(1, 2, "n") == Named(1, 2, "n") != Named(1, 3, "n")
    assert repr(Named(1, 2, "n")) == "<n>"
    assert hash(Named(1, 2, "n")) == hash((1, 2, "n"))


def _package_records() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(reportlint.__path__, "reportlint."):
        if info.name.endswith("__main__"):
            continue  # runs the command line
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra (serve) that is not installed
            continue
        found += [value for value in vars(module).values() if isinstance(value, type)
                  and dataclasses.is_dataclass(value) and value.__module__ == info.name]
    return found


def test_every_class_of_the_package_is_a_record_with_the_dataclass_hash_rule():
    classes = _package_records()
    assert len(classes) > 80
    for cls in classes:
        assert cls.__repr__.__module__ == "reportlint.records", cls  # not compiled per class
        frozen = getattr(cls.__setattr__, "__module__", None) == "reportlint.records"
        assert (cls.__hash__ is None) == (not frozen), cls


def test_every_record_of_the_package_has_its_init_from_the_generated_table():
    """The package's records take their __init__ from reportlint/_record_inits.py (compiled
    with the package), not from an exec at start-up; the table is what generating it gives now."""
    import subprocess
    import sys

    from tests.helpers import ROOT

    for cls in _package_records():
        if "__init__" in vars(cls) and cls.__init__.__module__ == cls.__module__:
            continue  # a record that writes its own
        assert cls.__init__.__code__.co_filename.endswith("_record_inits.py"), \
            f"{cls.__qualname__}: run python scripts/generate_record_inits.py"
    fresh = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_record_inits.py"),
                            "--print"], capture_output=True, text=True, check=True).stdout
    assert fresh == (ROOT / "src" / "reportlint" / "_record_inits.py").read_text(encoding="utf-8"), \
        "run python scripts/generate_record_inits.py"
