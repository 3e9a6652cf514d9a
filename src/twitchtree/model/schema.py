"""The JSON Schema of each kind of file, made from the records of :mod:`.spec`, for editors.

``twitchtree schema --kind tree|library|cases`` prints it; Taplo (VS Code's
Even Better TOML), check-jsonschema and any other validator read it. It is
written to agree with ``check`` on everything a schema can say, in the terms
editors handle well:

- ids used as table keys (``[nodes.ID]``, ``[sources.ID]``, a case's
  ``answers``) are checked by ``propertyNames``, and every table is closed
  (``additionalProperties: false``), so an unknown key is an error;
- ``format`` is the constant 1; a node is a question or an outcome by its
  ``type``, chosen with ``if``/``then`` (no ``oneOf``, which makes editors
  report "not valid under any of the schemas" and mix both kinds' keys);
- an optional key is just not required: TOML has no null, so no key is ever
  offered as one;
- no text is empty, and none holds a control character (:mod:`.document`
  reports those while reading the file);
- every key has a description: the ``doc`` of its field.

What a schema cannot say is left to ``check``: references between ids
(dangling ``next``, unknown conditions), cycles and the other graph checks,
duplicate labels, ``format = 1.0`` (JSON numbers do not tell 1.0 from 1),
and dates. TOML dates reach a JSON Schema validator as text (Taplo converts
them to their ISO form), so a date field is "an unquoted TOML date" in its
description and a ``YYYY-MM-DD`` pattern in the schema, and only ``check``
can tell ``2026-11-01`` from ``"2026-11-01"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from . import spec
from .record import Pattern, Record, record_types, tag_of, unwrap
from .spec import FILES, FORMAT_VERSION, Kind

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema draft the schemas declare (and that the tests validate with)."""
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
"""Any text without control characters (newline and tab are allowed), as :mod:`.document` requires."""
_SUFFIX = "File"
_KINDS: dict[Kind, str] = {"tree": "tree", "library": "condition library", "cases": "case file"}


def schema_text(kind: Kind) -> str:
    """The JSON Schema of a file of ``kind`` as ``twitchtree schema`` prints it and ``new`` writes it."""
    import json

    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def schema_for(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a file of ``kind``."""
    builder = _Builder()
    root = builder.table(FILES[kind])
    return {
        "$schema": DRAFT,
        "title": f"twitchtree {_KINDS[kind]}, format {FORMAT_VERSION}",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def table(self, record: type[Record]) -> dict[str, Any]:
        """A record's table: its keys, which are required, and no others."""
        hints = get_type_hints(record, include_extras=True)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for name, field in record._specs.items():
            if field.source != "data":
                continue
            value = self.value(hints[name], field.min_length)
            properties[name] = {**value, "description": field.doc}
            default = field.default if name in record._defaults else None
            if isinstance(default, bool | int | str):  # not None (TOML has no null), nor empty arrays and tables
                properties[name]["default"] = default
            if name not in record._defaults:
                required.append(name)
        table: dict[str, Any] = {"type": "object", "description": _doc(record)}
        table["properties"] = properties
        if required:
            table["required"] = required
        table["additionalProperties"] = False
        return table

    def value(self, annotation: Any, min_length: int | None = None) -> dict[str, Any]:
        """The schema of one value of type ``annotation``."""
        tp, markers = unwrap(annotation)
        pattern = next((m.regex for m in markers if isinstance(m, Pattern)), None)
        members = record_types(tp)
        if members:
            return {"$ref": f"#/$defs/{self.define(tp, members)}"}
        origin = get_origin(tp)
        if origin is tuple:
            array: dict[str, Any] = {"type": "array", "items": self.value(get_args(tp)[0])}
            if min_length:
                array["minItems"] = min_length
            return array
        if origin is Mapping or origin is dict:
            key, item = get_args(tp)
            names = self.value(key)
            names.pop("type", None)
            names.pop("minLength", None)
            return {"type": "object", "propertyNames": names, "additionalProperties": self.value(item)}
        if origin is Literal:
            values = list(get_args(tp))
            kind = _json_type(type(values[0]))
            return {"type": kind, "const": values[0]} if len(values) == 1 else {"type": kind, "enum": values}
        if pattern is not None:
            return {"type": "string", "pattern": pattern}
        if tp is str:
            return {"type": "string", "minLength": max(1, min_length or 0), "pattern": TEXT_PATTERN}
        if tp is date:
            return {"type": "string", "pattern": DATE_PATTERN}
        return {"type": _json_type(tp)}

    def define(self, tp: Any, members: tuple[type[Record], ...]) -> str:
        """The name in ``$defs`` of a record, or of a union of records told apart by ``type``."""
        if len(members) == 1:
            name = _name(members[0])
            if name not in self.defs:
                self.defs[name] = {}  # taken, so that a record that holds itself cannot recurse forever
                self.defs[name] = self.table(members[0])
            return name
        name = _union_name(tp, members)
        if name not in self.defs:
            tags = [tag_of(member) for member in members]
            self.defs[name] = {
                "type": "object",
                "description": " or ".join(f'a {tag} (type = "{tag}")' for tag in tags).capitalize() + ".",
                "required": ["type"],
                "properties": {"type": {"type": "string", "enum": tags, "description": "Which kind of node this is."}},
                "allOf": [
                    {
                        "if": {"properties": {"type": {"const": tag}}, "required": ["type"]},
                        "then": {"$ref": f"#/$defs/{self.define(member, (member,))}"},
                    }
                    for tag, member in zip(tags, members, strict=True)
                ],
            }
        return name


def _name(record: type[Record]) -> str:
    return record.__name__.removesuffix(_SUFFIX)


def _union_name(tp: Any, members: tuple[type[Record], ...]) -> str:
    """The name :mod:`.spec` gives a union of records (``Node``), else its members' names joined."""
    named = (name for name, value in vars(spec).items() if get_origin(value) in (Union, UnionType) and value == tp)
    return next(named, "Or".join(_name(m) for m in members))


def _doc(record: type[Record]) -> str:
    return (record.__doc__ or "").strip().splitlines()[0]


def _json_type(tp: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string"}
    return names[tp]
