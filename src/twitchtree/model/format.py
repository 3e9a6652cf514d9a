"""Pydantic models of the file format, made from the records of :mod:`.spec` when a file is checked.

The records are the definition; this module translates them, once per
process and only when needed, into pydantic models with
:func:`pydantic.create_model`. The models are strict: an unknown key is an
error, and values are never coerced (``"1"`` is not an integer).

How each part of a record's annotation becomes pydantic's:

| record | model |
| --- | --- |
| ``field(doc=..., min_length=...)`` | ``Field(description=..., min_length=...)`` |
| ``field(default=...)``, or none | not required, or required |
| ``Annotated[str, Pattern(regex)]`` (``Id``) | a string with that ``pattern`` |
| ``str`` | a string of at least one character: no text in a file is empty |
| ``T | None`` | ``T`` (TOML has no null) |
| ``tuple[T, ...]`` | ``list[T]`` |
| ``Mapping[K, V]`` | ``dict[K, V]`` |
| a record class | its model |
| a union of records | a union told apart by ``type`` |
| ``field(from_key=True)``, ``field(from_index=True)`` | no field: the table's key or position |

The JSON Schema that editors read is made from the records too, by
:mod:`.schema`, and a test holds the two to the same verdicts.

Validation only checks; the loader keeps the parsed data, and the records
are built from it (:meth:`.record.Record.from_data`), which is what a warm
start does from the cache without importing pydantic at all.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from functools import cache, reduce
from types import GenericAlias, UnionType
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from .record import Pattern, Record, record_types, unwrap
from .spec import FILES, Kind

_CONFIG = ConfigDict(extra="forbid", strict=True, frozen=True)
_SUFFIX = "File"
"""Stripped from the record's name for the model's: ``TreeFile`` is the schema's ``Tree``."""


def model_for(kind: Kind) -> type[BaseModel]:
    """The pydantic model of a file of ``kind``."""
    return model(FILES[kind])


@cache
def model(record: type[Record]) -> type[BaseModel]:
    """The pydantic model of ``record``'s table."""
    hints = get_type_hints(record, include_extras=True)
    fields: dict[str, Any] = {}
    for name, spec in record._specs.items():
        if spec.source != "data":
            continue
        tp, markers = unwrap(hints[name])
        info: dict[str, Any] = {"description": spec.doc or None, "min_length": spec.min_length}
        info["pattern"] = next((m.regex for m in markers if isinstance(m, Pattern)), None)
        if isinstance(spec.default, Mapping):
            info["default_factory"] = dict
        elif isinstance(spec.default, tuple):
            info["default_factory"] = list
        elif name in record._defaults:
            info["default"] = spec.default
        fields[name] = (_translate(tp), Field(**info))
    name = record.__name__.removesuffix(_SUFFIX)
    return create_model(name, __config__=_CONFIG, __doc__=record.__doc__, **fields)


def _translate(annotation: Any) -> Any:
    """A record's type in pydantic's terms (see the table in this module's docstring)."""
    tp, markers = unwrap(annotation)
    patterns = [m.regex for m in markers if isinstance(m, Pattern)]
    if patterns:  # an id inside a container: the pattern goes on the item's type
        return Annotated[_translate(tp), Field(pattern=patterns[0])]
    members = record_types(tp)
    if len(members) == 1:
        return model(members[0])
    if members:
        return Annotated[reduce(operator.or_, map(model, members)), Field(discriminator="type")]
    origin = get_origin(tp)
    if origin is tuple:
        return GenericAlias(list, (_translate(get_args(tp)[0]),))
    if origin is Mapping or origin is dict:
        key, value = get_args(tp)
        return GenericAlias(dict, (_translate(key), _translate(value)))
    if origin is UnionType or origin is Union:
        return reduce(operator.or_, map(_translate, get_args(tp)))
    if tp is str:
        return Annotated[str, Field(min_length=1)]
    return tp
