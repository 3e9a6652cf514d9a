"""One file as a list of facts, one per line: what ``git diff`` shows through ``twitchtree diff --textconv``.

Each line names where its value sits, in full (``nodes.weakness.answers["Yes"].next = "see-doctor"``),
so a hunk of a line diff says which node and which answer changed without
any context around it. Keys come in the order :mod:`.spec` defines them,
nodes, conditions and cases in the file's order, answers by their labels;
strings are written as JSON strings (a newline is ``\\n``, a control
character an escape), so a line is always one line. The file is only parsed,
not checked and not joined with its libraries: git hands textconv a lone
temporary copy of an old version. A file that cannot be parsed is given
back as it is, so a line diff still shows something.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .record import Record, record_types, unwrap
from .spec import FILES, Outcome, Question, kind_of
from .text import printable

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def facts_of_file(path: Path) -> str:
    """The facts of the file at ``path``, or its text when it cannot be parsed. Raises OSError."""
    from .document import read_document

    document = read_document(path)
    if document.data is None:
        return document.raw.decode("utf-8", errors="replace")
    return "".join(f"{line}\n" for line in facts(document.data))


def facts(data: dict[str, Any]) -> Iterator[str]:
    """Parsed TOML ``data`` (of any kind of file) as one fact per line."""
    yield from _table(data, FILES[kind_of(data)], "")


def _table(data: dict[str, Any], record: type[Record] | None, prefix: str) -> Iterator[str]:
    known = list(record._fields) if record is not None else []
    for key in [*(k for k in known if k in data), *(k for k in data if k not in known)]:
        value = data[key]
        where = f"{prefix}.{_key(key)}" if prefix else _key(key)
        yield from _value(value, _inner(record, key), where, key)


def _value(value: Any, tp: Any, where: str, key: str) -> Iterator[str]:
    if isinstance(value, dict):
        entry = _entry_type(tp)
        for item_key, item in value.items():
            item_where = f"{where}.{_key(item_key)}"
            if isinstance(item, dict):
                yield from _table(item, _node_type(item) if key == "nodes" else entry, item_where)
            else:
                yield f"{item_where} = {_scalar(item)}"
        if not value:
            yield f"{where} = {{}}"
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        item_type = _entry_type(tp)
        for n, item in enumerate(value):
            name_key = "label" if key == "answers" else "id"
            name = item.get(name_key)
            if isinstance(name, str):  # the name is in the brackets: not repeated as a fact
                item = {k: v for k, v in item.items() if k != name_key}
            yield from _table(item, item_type, f"{where}[{_scalar(name) if isinstance(name, str) else n}]")
    else:
        yield f"{where} = {_scalar(value)}"


def _inner(record: type[Record] | None, key: str) -> Any:
    for cls in record.__mro__ if record is not None else ():
        if key in getattr(cls, "__annotations__", {}):
            return unwrap(cls.__annotations__[key])[0]
    return None


def _entry_type(tp: Any) -> type[Record] | None:
    """The record of a table's or an array's entries, when ``tp`` names one."""
    from typing import get_args

    for arg in reversed(get_args(tp)):
        members = record_types(unwrap(arg)[0])
        if len(members) == 1:
            return members[0]
    return None


def _node_type(item: dict[str, Any]) -> type[Record] | None:
    nodes: dict[str, type[Record]] = {"question": Question, "outcome": Outcome}
    return nodes.get(item.get("type", ""))


def _key(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() and key.isascii() else json.dumps(key)


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if hasattr(value, "isoformat"):  # TOML dates and times
        return str(value.isoformat())
    return printable(json.dumps(str(value), ensure_ascii=False))
