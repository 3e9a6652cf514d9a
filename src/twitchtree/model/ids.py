"""Where a file defines ids and where it refers to them, read from the definitions in :mod:`.spec`.

A field that ``names`` its record (``[nodes.ID]``, a case's ``id``) defines
an id of that kind; a field that ``refers`` to a kind (``next``, ``start``,
``conditions``, a case's ``answers`` keys, ``uses`` paths) refers to ids of
it. :func:`occurrences` lists both for a parsed file of any kind, each with
its key path, which :meth:`.diagnostics.Reporter.locate` (and so an editor)
turns into a line and column: what go to definition, find references and
rename need, with no list of key names kept anywhere but :mod:`.spec`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, get_args, get_origin, get_type_hints

from .record import Record, record_types, tag_of, unwrap
from .spec import FILES, kind_of

if TYPE_CHECKING:
    from .positions import KeyPath


class Occurrence(NamedTuple):
    """One id in a file: where it is, of which kind, and whether it is defined or referred to there."""

    key: KeyPath
    """The key path of the id: the table ``("nodes", "q1")`` that defines it, or the value that refers to it."""
    kind: str
    """"node", "condition", "source", "tree", "case" or "file" (a ``uses`` path)."""
    id: str
    defines: bool
    is_key: bool = False
    """The id is the last key of ``key`` (``[nodes.q1]``, a case's ``answers = { q1 = ... }``), not its value."""


def occurrences(data: Mapping[str, Any]) -> Iterator[Occurrence]:
    """Every id that the parsed file ``data`` defines or refers to, in file order."""
    yield from _walk(FILES[kind_of(data)], data, ())


def _walk(record: type[Record], data: Any, key: KeyPath) -> Iterator[Occurrence]:
    if not isinstance(data, Mapping):
        return
    for name, spec in record._specs.items():
        if spec.source != "data" or name not in data:
            continue
        value, where = data[name], (*key, name)
        if spec.names is not None and isinstance(value, str):
            yield Occurrence(where, spec.names, value, True)
        if spec.refers is not None:
            yield from _references(value, where, spec.refers)
        yield from _nested(_types(record)[name], value, where)


def _references(value: Any, key: KeyPath, kind: str) -> Iterator[Occurrence]:
    if isinstance(value, str):
        yield Occurrence(key, kind, value, False)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            if isinstance(item, str):
                yield Occurrence((*key, n), kind, item, False)
    elif isinstance(value, Mapping):
        for item in value:
            yield Occurrence((*key, item), kind, str(item), False, is_key=True)


def _nested(tp: Any, value: Any, key: KeyPath) -> Iterator[Occurrence]:
    """The occurrences inside a field that holds records: one, an array of them, or a table of them."""
    origin = get_origin(tp)
    if origin is tuple and isinstance(value, list):
        item = unwrap(get_args(tp)[0])[0]
        for n, element in enumerate(value):
            yield from _nested(item, element, (*key, n))
    elif (origin is Mapping or origin is dict) and isinstance(value, Mapping):
        item = unwrap(get_args(tp)[1])[0]
        kind = _named_by_key(item)
        for name, element in value.items():
            if kind is not None:  # a table of records by id: whatever its entry holds, the key defines the id
                yield Occurrence((*key, name), kind, str(name), True, is_key=True)
            yield from _nested(item, element, (*key, name))
    else:
        members = record_types(tp)
        if len(members) > 1 and isinstance(value, Mapping):  # a union told apart by `type`
            members = tuple(m for m in members if tag_of(m) == value.get("type"))
        if len(members) == 1:
            yield from _walk(members[0], value, key)


def _named_by_key(tp: Any) -> str | None:
    """The kind of id that the key of a table of ``tp`` records defines, if they take their id from it."""
    kinds = {spec.names for m in record_types(tp) for spec in m._specs.values() if spec.source == "key"}
    return kinds.pop() if len(kinds) == 1 else None


@cache
def _types(record: type[Record]) -> dict[str, Any]:
    return {name: unwrap(tp)[0] for name, tp in get_type_hints(record).items() if name in record._specs}
