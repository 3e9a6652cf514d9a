"""Records: how :mod:`.spec` defines the format once, for every use of it, without pydantic.

A record class lists its fields as annotated class attributes, the way a
dataclass does, with the file's key names, in the file's canonical order;
:func:`field` gives a field's description, default and constraints::

    class Answer(Record):
        label: str = field(doc="What the user chooses; unique within the question.")
        next: Id = field(doc="Id of the node this answer leads to.")
        why: str | None = field(default=None, doc="Shown in the reasoning path after this answer.")

That one definition drives everything that reads or writes the format:

- the runtime records: :meth:`Record.from_data` builds one from checked
  TOML data (or from the cache of it), converting arrays to tuples, tables to
  nested records, date strings from the cache to dates, and filling the
  ``from_key`` and ``from_index`` fields from where the table sits;
- validation and the JSON Schema: :mod:`.format` translates the records into
  pydantic models, lazily, when a file is checked or the schema printed;
- the JSON export and the cache: :func:`as_data` turns a record back into
  the file's shape, and the cache stores that shape.

Why not pydantic models as the definition, or NamedTuples: a warm start
reads the tree from the cache and must not import pydantic (about 60 ms),
and a NamedTuple fixes the field order to "required first", which is not the
file's canonical order, and costs about 0.5 ms to define (generated code). A
record class is a ``__slots__`` class made by :class:`RecordMeta`, with no
generated code; its types are evaluated when it is defined, so how each
field is built is worked out once, then. Measured on the development machine
(executing the module's code, best of 20 fresh processes): the ten record
classes of :mod:`.spec` take 1.0 ms and this module 0.3 ms, where the five
NamedTuples they replace took 2.7 ms. The metadata is given with
:func:`field` rather than ``typing.Annotated``, whose aliases cost about
15 µs each to make. mypy reads a record class as a frozen, keyword-only
dataclass (``dataclass_transform``): every construction is type-checked,
records are read-only, and a union of records narrows on its ``type`` field.
"""

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from types import UnionType
from typing import (
    Annotated,
    Any,
    ClassVar,
    Literal,
    TypeVar,
    Union,
    dataclass_transform,
    get_args,
    get_origin,
)

_MISSING: Any = object()

__all__ = [
    "Field",
    "Pattern",
    "Record",
    "RecordMeta",
    "Records",
    "as_data",
    "field",
    "record_types",
    "tag_of",
    "unwrap",
]


# -- fields ------------------------------------------------------------------------------


class Pattern:
    """Marks a text type whose values must match this regular expression: ``Annotated[str, Pattern(...)]``."""

    __slots__ = ("regex",)

    def __init__(self, regex: str) -> None:
        self.regex = regex


class Field:
    """What a record says about one field beyond its type; made by :func:`field`."""

    __slots__ = ("default", "doc", "min_length", "names", "refers", "source")

    def __init__(
        self, default: Any, doc: str, min_length: int | None, source: str, names: str | None, refers: str | None
    ) -> None:
        self.default = default
        self.doc = doc
        """The field's description: what ``twitchtree schema`` shows authors in their editors."""
        self.min_length = min_length
        """At least this many items (an array) or characters (a string)."""
        self.source = source
        """Where the value comes from: "data" (the table's key of the field's name), "key" (the table's
        own key in its parent, as ``[nodes.ID]``) or "index" (its position in its array, as ``[[cases]]``)."""
        self.names = names
        """The field is its record's id, of this kind ("node", "condition", ...): where the id is defined."""
        self.refers = refers
        """The field refers to ids of this kind: its text, each text of its array, or each key of its table."""


def field(
    *,
    default: Any = _MISSING,
    doc: str = "",
    min_length: int | None = None,
    from_key: bool = False,
    from_index: bool = False,
    names: str | None = None,
    refers: str | None = None,
) -> Any:
    """A field's default, description and constraints (see :class:`Field`).

    ``from_key``/``from_index``: the value is not a key in the table but the table's own key or position.
    """
    source = "key" if from_key else "index" if from_index else "data"
    return Field(default, doc, min_length, source, names, refers)


# -- records -------------------------------------------------------------------------------

_R = TypeVar("_R", bound="Record")
Convert = Callable[[Any], Any]


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class RecordMeta(type):
    """Makes a record class: slots for its annotated fields, their defaults, and how to build each from data."""

    _fields: tuple[str, ...]
    _specs: dict[str, Field]
    _defaults: dict[str, Any]
    _plan: list[tuple[str, str, Convert | None]]

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any) -> "RecordMeta":
        annotations = namespace.get("__annotations__", {})
        own = [key for key in annotations if not key.startswith("_")]
        specs = {key: _spec(namespace.pop(key, _MISSING)) for key in own}
        # Slots for the fields; a subclass that adds no fields, only behaviour (the loaded Tree), keeps a __dict__.
        if own or not any(isinstance(base, RecordMeta) for base in bases):
            namespace.setdefault("__slots__", tuple(own))
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        cls._fields = (*getattr(cls, "_fields", ()), *own)
        cls._specs = {**getattr(cls, "_specs", {}), **specs}
        cls._defaults = {key: spec.default for key, spec in cls._specs.items() if spec.default is not _MISSING}
        cls._plan = [
            *getattr(cls, "_plan", ()),
            *((key, specs[key].source, _converter(annotations[key])) for key in own),
        ]
        return cls


def _spec(value: Any) -> Field:
    return value if isinstance(value, Field) else Field(value, "", None, "data", None, None)


class Record(metaclass=RecordMeta):
    """Base of every record: built by keyword, compared and hashed by value; read-only, as mypy checks."""

    _fields: ClassVar[tuple[str, ...]] = ()
    """Field names, in definition order: the file's canonical key order."""
    _specs: ClassVar[dict[str, Field]] = {}
    _defaults: ClassVar[dict[str, Any]] = {}
    _plan: ClassVar[list[tuple[str, str, Convert | None]]] = []
    """Per field: its name, where its value comes from ("data", "key", "index"), and how to convert it."""

    def __init__(self, **values: Any) -> None:
        merged = {**self._defaults, **values}
        if len(merged) != len(self._fields) or not merged.keys() <= set(self._fields):
            raise TypeError(_mismatch(type(self), values))
        for field, value in merged.items():
            setattr(self, field, value)

    @classmethod
    def from_data(cls: type[_R], data: Mapping[str, Any], key: str | None = None, index: int = 0, **extra: Any) -> _R:
        """The record for checked data in the file's shape; ``key`` and ``index`` say where its table sits.

        ``extra`` are further keyword arguments of a subclass's constructor.
        """
        values = dict(extra)
        defaults = cls._defaults
        for field, source, convert in cls._plan:
            if field in values:
                continue
            if source == "key":
                values[field] = key
            elif source == "index":
                values[field] = index
            elif field in data:
                value = data[field]
                values[field] = value if convert is None else convert(value)
            elif field in defaults:
                values[field] = defaults[field]
            else:
                raise KeyError(f"{cls.__name__} data has no '{field}'")
        return cls(**values)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._fields)

    def __hash__(self) -> int:
        return hash((type(self), *(getattr(self, f) for f in self._fields)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self._fields)})"


def _mismatch(cls: type[Record], values: dict[str, Any]) -> str:
    unknown = sorted(values.keys() - set(cls._fields))
    missing = [f for f in cls._fields if f not in values and f not in cls._defaults]
    return f"{cls.__name__}: unknown fields {unknown}, missing fields {missing}"


class Records(Mapping[str, _R]):
    """A table of records (``nodes``, ``conditions``), each built from its data the first time it is read.

    A 10,000-node tree opens as fast as a small one: only what is walked,
    mapped or exported becomes a record.
    """

    __slots__ = ("_build", "_data", "_made")

    def __init__(self, raw: Mapping[str, Any], build: Callable[[str, Any], _R]) -> None:
        self._data = raw
        self._build = build
        self._made: dict[str, _R] = {}

    def __getitem__(self, key: str) -> _R:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._build(key, self._data[key])
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Records({list(self._data)!r})"

    def changed(self, other: "Records[Any]") -> list[str]:
        """The keys, in order, whose records here and in ``other`` may differ: data not equal, or not there.

        Found without building records (the cache's lazy nodes compare their packed bytes). A key
        listed may still have equal records: the caller compares those.
        """
        mine, theirs = self._data, other._data
        changed = getattr(mine, "changed", None)
        if changed is not None and type(theirs) is type(mine):
            return list(changed(theirs))
        missing = object()
        return [key for key, data in mine.items() if theirs.get(key, missing) != data]

    def same_keys(self, other: "Records[Any]") -> bool:
        """Whether both tables have the same keys; for the cache's lazy nodes, found cheaply, and False
        for the same keys in another order too."""
        mine, theirs = self._data, other._data
        same = getattr(mine, "same_keys", None)
        if same is not None and type(theirs) is type(mine):
            return bool(same(theirs))
        return mine.keys() == theirs.keys()


# -- building from data ------------------------------------------------------------------


def unwrap(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """The type inside ``Annotated`` (and ``X | None``), and the markers found on the way."""
    markers: tuple[Any, ...] = ()
    while True:
        if get_origin(annotation) is Annotated:
            markers += annotation.__metadata__
            annotation = annotation.__origin__
        elif get_origin(annotation) in (Union, UnionType) and type(None) in get_args(annotation):
            members = [m for m in get_args(annotation) if m is not type(None)]
            if len(members) != 1:
                return annotation, markers
            annotation = members[0]
        else:
            return annotation, markers


def record_types(annotation: Any) -> tuple[type[Record], ...]:
    """The record classes ``annotation`` names: one, the members of a union of records, or none."""
    members = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    if members and all(isinstance(m, type) and issubclass(m, Record) for m in members):
        return members
    return ()


def _converter(annotation: Any) -> Convert | None:
    """How a field of type ``annotation`` is built from data (None: taken as it is)."""
    tp = unwrap(annotation)[0]
    origin = get_origin(tp)
    if origin is tuple:
        item = _builder(unwrap(get_args(tp)[0])[0])
        if item is None:
            return tuple
        return lambda values: tuple(item(None, n, value) for n, value in enumerate(values))
    if origin is Mapping or origin is dict:
        entry = _builder(unwrap(get_args(tp)[1])[0])
        if entry is None:
            return dict
        return lambda table: Records(table, lambda key, value: entry(key, 0, value))
    if tp is date:
        return _date
    build = _builder(tp)
    return None if build is None else lambda value: build(None, 0, value)


def _builder(tp: Any) -> Callable[[str | None, int, Any], Record] | None:
    """How to build a record of type ``tp`` (a record class, or a union of them told apart by ``type``)."""
    members = record_types(tp)
    if not members:
        return None
    if len(members) == 1:
        (only,) = members
        return lambda key, index, data: only.from_data(data, key, index)
    by_tag = {tag_of(member): member for member in members}
    return lambda key, index, data: by_tag[data["type"]].from_data(data, key, index)


def tag_of(member: type[Record]) -> str:
    """The value of a record's ``type: Literal[...]`` field, which tells the members of a union apart."""
    annotation = unwrap(member.__annotations__["type"])[0]
    assert get_origin(annotation) is Literal, f"{member.__name__}.type must be a Literal"
    tag: str = get_args(annotation)[0]
    return tag


def _date(value: date | str) -> date:
    """A date; the cache stores dates as ISO text (marshal has no date type)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


# -- back to data --------------------------------------------------------------------------


def as_data(value: Any) -> Any:
    """A record (or anything holding records) in the file's shape: tables, arrays and plain values."""
    if isinstance(value, Record):
        return {field: as_data(getattr(value, field)) for field in value._fields}
    if isinstance(value, Mapping):
        return {key: as_data(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [as_data(item) for item in value]
    return value
