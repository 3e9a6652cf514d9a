"""The canonical form of a file, written by ``twitchtree fmt`` through tomli-w.

Keys are put in the order the format defines (the order of the fields in
:mod:`.format`), nested tables and arrays of tables included; node, case,
condition and source order is the author's and is kept. Only keys present
in the file are written, so defaults are never added. Formatting the
canonical form again gives the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args, get_origin

import tomli_w
from pydantic import BaseModel

from .format import model_for
from .validation import resolve_model

if TYPE_CHECKING:
    from .spec import Kind


def canonical(data: dict[str, Any], kind: Kind) -> str:
    """``data`` (a valid file of ``kind``) as canonical TOML text."""
    return tomli_w.dumps(_ordered(data, model_for(kind)), multiline_strings=True, indent=2)


def _ordered(value: Any, tp: Any) -> Any:
    tp = resolve_model(tp, value)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(value, dict):
        fields = tp.model_fields
        known = {k: _ordered(value[k], fields[k].annotation) for k in fields if k in value}
        return known | {k: v for k, v in value.items() if k not in fields}
    if isinstance(value, list):
        item = get_args(tp)[0] if get_origin(tp) is list else None
        return [_ordered(v, item) for v in value]
    if isinstance(value, dict):
        item = get_args(tp)[1] if get_origin(tp) is dict else None
        return {k: _ordered(v, item) for k, v in value.items()}
    return value
