"""Validate parsed TOML against :mod:`.format` and report problems in the file's own terms.

Pydantic's errors speak of Python types and locations such as
``nodes.weakness.question.txet``; authors think in TOML keys and tables. This
module turns each error into one diagnostic at the offending key, with a
"did you mean" hint for unknown keys.
"""

from __future__ import annotations

import json
import types
from datetime import date, datetime, time
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from .format import model_for
from .hints import did_you_mean
from .positions import dotted
from .spec import ID_PATTERN, Kind

if TYPE_CHECKING:
    from .diagnostics import Reporter, Severity
    from .positions import KeyPath

_TOML_TYPES: dict[type, str] = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    list: "an array",
    dict: "a table",
    datetime: "a date-time",
    date: "a date",
    time: "a time",
}
_EXPECTED: dict[str, str] = {
    "string_type": "a string",
    "int_type": "an integer",
    "bool_type": "true or false",
    "float_type": "a number",
    "list_type": "an array",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "date_type": "a date such as 2026-11-01",
}
_NODE_TAGS = ("question", "outcome")


def validate(kind: Kind, data: dict[str, Any], reporter: Reporter, unknown_keys: list[KeyPath] | None = None) -> bool:
    """Check ``data`` against the model for ``kind``; report each problem. True if valid.

    ``unknown_keys``, when given, receives where each unknown key is (not an outcome's answers).
    """
    return validate_against(model_for(kind), data, reporter, unknown_keys=unknown_keys)


def without_unknown_keys(
    kind: Kind, data: dict[str, Any], unknown: list[KeyPath], reporter: Reporter
) -> dict[str, Any] | None:
    """``data`` without the unknown keys that :func:`validate` found, when they were its only problems, so that
    the checks beyond the schema (references, cycles, screens ...) can report too and an author fixes both in
    one round; else None. ``reporter`` is the file's, for its path and text; nothing more is reported to it."""
    if not unknown:
        return None
    import copy

    from .diagnostics import Reporter

    data = copy.deepcopy(data)
    for *table, key in unknown:
        parent: Any = data
        for part in table:
            parent = parent[part]
        del parent[key]
    return data if validate(kind, data, Reporter(reporter.path, reporter.text)) else None


def validate_against(
    model: type[BaseModel],
    data: dict[str, Any],
    reporter: Reporter,
    *,
    document: str = "the top level",
    unknown: Severity = "error",
    unknown_keys: list[KeyPath] | None = None,
) -> bool:
    """Check ``data`` against ``model``; report each problem in the file's terms. True if valid.

    ``document`` names the file's top level in messages ("the config file").
    Unknown keys are reported at the ``unknown`` severity; as warnings, they
    leave the data valid. A large file is validated a slice at a time
    (:func:`.limits.validate_in_slices`), so a million wrong values cost seconds, not minutes.
    """
    from .limits import validate_in_slices

    def report(error: Any) -> bool:
        loc = _report(error, model, data, reporter, document, unknown)
        if loc is not None and unknown_keys is not None:
            unknown_keys.append(loc)
        return not (unknown == "warning" and error["type"] == "extra_forbidden")

    return validate_in_slices(model, data, reporter, report)


def _report(
    error: Any, model: type[BaseModel], data: dict[str, Any], reporter: Reporter, document: str, unknown: Severity
) -> KeyPath | None:
    """Report one of pydantic's errors; where the key is when it is an unknown key, else None."""
    loc = _clean(error["loc"])
    table = partial(_table, document=document)
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    key = loc[-1] if loc else ""
    where = dotted(loc)

    if kind == "missing":
        reporter.error(loc[:-1], f"{table(loc[:-1])} is missing required key '{key}'")
    elif kind == "extra_forbidden":
        parent = _get(data, loc[:-1])
        if key == "answers" and isinstance(parent, dict) and parent.get("type") == "outcome":
            message = "an outcome has no answers; remove them, or make this node a question"
        else:
            message = f"unknown key '{key}' in {table(loc[:-1])}"
            message += did_you_mean(str(key), _fields_at(model, loc[:-1], data))
            reporter.add(unknown, loc, message)
            return loc
        reporter.add(unknown, loc, message)
    elif kind in _EXPECTED:
        reporter.error(loc, f"'{where}' must be {_EXPECTED[kind]}, not {_describe(value)}")
    elif kind == "literal_error":
        reporter.error(loc, f"'{where}' must be one of {ctx.get('expected')}, not {_show(value)}")
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        reporter.error(
            loc,
            f"{_show(value)} is not a valid id: use lowercase letters, digits, '-' and '_', "
            "starting with a letter or digit",
        )
    elif kind == "value_error":  # a check of our own, e.g. a theme's colours; its message says what is wrong
        reporter.error(loc, f"'{where}' {ctx.get('error')}")
    elif kind in ("greater_than_equal", "less_than_equal"):
        low, high = ctx.get("ge"), ctx.get("le")
        bound = f"at least {low}" if low is not None else f"at most {high}"
        reporter.error(loc, f"'{where}' must be {bound}, not {_show(value)}")
    elif kind == "string_too_short":
        reporter.error(loc, f"'{where}' must not be empty")
    elif kind == "too_short":
        count = len(value) if isinstance(value, list) else 0
        if key == "answers":
            message = f"a question needs at least 2 answers; this one has {count}"
        else:
            message = f"'{where}' needs at least {ctx.get('min_length')} items; it has {count}"
        reporter.error(loc, message)
    elif kind == "union_tag_invalid":
        reporter.error((*loc, "type"), f'node type must be "question" or "outcome", not {_show(ctx.get("tag"))}')
    elif kind == "union_tag_not_found":
        reporter.error(loc, f'{table(loc)} is missing required key \'type\' ("question" or "outcome")')
    else:
        reporter.error(loc, f"'{where}': {error['msg']}")
    return None


def _clean(loc: tuple[Any, ...]) -> KeyPath:
    """Drop pydantic's own location parts: dict-key markers and union tags."""
    cleaned: list[Any] = []
    for part in loc:
        if part == "[key]":
            continue
        if part in _NODE_TAGS and len(cleaned) == 2 and cleaned[0] == "nodes":
            continue
        cleaned.append(part)
    return tuple(cleaned)


def _table(loc: KeyPath, document: str) -> str:
    return f"[{dotted(loc)}]" if loc else document


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):  # never serialised: it may nest a thousand levels deep
        return _TOML_TYPES[type(value)]
    if isinstance(value, str):
        value = value[:61]
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(value: Any) -> str:
    name = next((n for t, n in _TOML_TYPES.items() if isinstance(value, t)), type(value).__name__)
    if isinstance(value, (dict, list)):
        return name
    return f"{name} ({_show(value)})"


def _get(data: Any, loc: KeyPath) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _fields_at(model: type[BaseModel], loc: KeyPath, data: Any) -> list[str]:
    """The keys allowed in the table at ``loc``, read from the models' own fields."""
    tp: Any = model
    value = data
    for part in loc:
        tp = resolve_model(tp, value)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return []
            tp = field.annotation
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return []
        value = _get(value, (part,))
    tp = resolve_model(tp, value)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def resolve_model(tp: Any, value: Any) -> Any:
    """Strip Annotated and Optional; pick a node model by the table's ``type``."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            members = [m for m in get_args(tp) if m is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
            tag = value.get("type") if isinstance(value, dict) else None
            tp = next((m for m in members if _tag(m) == tag), None)
            if tp is None:
                return None
        else:
            return tp


def _tag(model: Any) -> str | None:
    field = getattr(model, "model_fields", {}).get("type")
    return get_args(field.annotation)[0] if field is not None else None
