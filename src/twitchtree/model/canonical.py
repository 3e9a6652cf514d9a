"""The canonical form of a file, written by ``twitchtree fmt`` through tomli-w.

Keys are put in the order the format defines (the order of the fields in
:mod:`.format`), nested tables and arrays of tables included; node, case,
condition and source order is the author's and is kept. Only keys present
in the file are written, so defaults are never added. Formatting the
canonical form again gives the same bytes.

The layout is the one the format's own examples use (design.md), so a file
written by hand in that style is already canonical:

- an array of one-line values is written on one line when that line fits in
  100 characters (``aliases = ["MND", "Lou Gehrig's disease"]``), and one
  value a line otherwise;
- a table inside a node or a case (a question's ``[[nodes.ID.answers]]``, a
  case's ``[cases.answers]`` and ``[cases.expect]``) is indented by two
  spaces, its header and its keys, never the lines of a multi-line string;
- a quotation mark in a multi-line string is written as it is, without a
  backslash, unless the string holds two in a row or ends with one.
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Any, get_args, get_origin

import tomli_w
from pydantic import BaseModel

from .format import model_for
from .validation import resolve_model

if TYPE_CHECKING:
    from .spec import Kind


WIDTH = 100
"""The longest line a one-line array is written on (tomli-w's own limit for an inline table)."""

_INDENT = "  "
_MARK = re.compile(r'"\\u001f(\d+)\\u001f"')
"""A placeholder for the array of that number, as tomli-w writes it (a control character cannot be in a valid file)."""
_WIDE_KEY, _WIDE_VALUE = "\x1f", 10**WIDTH
_WIDE_LINE = f'"\\u001f" = {_WIDE_VALUE}'


def canonical(data: dict[str, Any], kind: Kind) -> str:
    """``data`` (a valid file of ``kind``) as canonical TOML text."""
    values: list[list[Any]] = []
    marked = _mark(_ordered(data, model_for(kind)), values)
    arrays = _items(values)
    return _layout(_MULTILINE.sub(_bare_quotes, tomli_w.dumps(marked, multiline_strings=True, indent=2)), arrays)


def _items(values: list[list[Any]]) -> list[list[str]]:
    """Each array's items as TOML, one string each, written by tomli-w in one call (not one call per array).

    With no indent, tomli-w writes ``a0 = [``, each item on a line of its own followed by a comma, then ``]``;
    an item is one line (its strings have no line break) and never the line ``]``.
    """
    arrays: list[list[str]] = [[] for _ in values]
    lines = tomli_w.dumps({f"a{n}": array for n, array in enumerate(values)}, indent=0).split("\n")
    n = -1
    for line in lines:
        if line.endswith(" = [") and line.startswith("a"):
            n += 1
        elif line != "]" and line:
            arrays[n].append(line[:-1])
    return arrays


def _mark(value: Any, arrays: list[list[Any]]) -> Any:
    """``value`` with each non-empty array of one-line values replaced by a placeholder string, the array
    appended to ``arrays``; and each table in an array of tables given a first key too wide for an
    inline table, so that tomli-w writes every one as a table (``[[nodes.ID.answers]]``), as authors do."""
    if isinstance(value, dict):
        return {k: _tables(v, arrays) if _tables_in(v) else _mark(v, arrays) for k, v in value.items()}
    if not isinstance(value, list) or not value:
        return value
    if any(isinstance(v, (dict, list)) or (isinstance(v, str) and "\n" in v) for v in value):
        return [_mark(v, arrays) for v in value]
    arrays.append(value)
    return f"\x1f{len(arrays) - 1}\x1f"


def _tables_in(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _tables(value: list[dict[str, Any]], arrays: list[list[Any]]) -> list[dict[str, Any]]:
    return [{_WIDE_KEY: _WIDE_VALUE} | _mark(v, arrays) for v in value]


_MULTILINE = re.compile(r'"""\n((?:[^"\\]|\\.)*)"""')
"""A multi-line string as tomli-w writes it: every quotation mark and backslash in its text escaped."""


def _bare_quotes(string: re.Match[str]) -> str:
    text = re.sub(r"\\(.)", lambda m: m[1] if m[1] == '"' else m[0], string[1])
    if '""' in text or text.endswith('"'):
        return string[0]  # a quotation mark beside another, or beside the closing ones, keeps its backslash
    return f'"""\n{text}"""'


def _one_line(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _layout(text: str, arrays: list[list[str]]) -> str:
    """tomli-w's ``text`` with the arrays put back and the tables inside a node or a case indented."""
    out: list[str] = []
    in_string = False
    outer: tuple[str, ...] | None = None  # the last table not indented: a node, a case, a source ...
    indent = ""
    for line in text.split("\n"):
        starts_in_string = in_string
        in_string ^= line.count('"""') % 2 == 1  # tomli-w escapes every quote in a string's text
        if starts_in_string or not line:
            out.append(line)
            continue
        if line == _WIDE_LINE:
            continue
        if line.startswith("["):
            path = _table_path(line)
            inside = outer is not None and len(path) > len(outer) and path[: len(outer)] == outer
            indent = _INDENT if inside else ""
            outer = outer if inside else path
        out.append(indent + _MARK.sub(partial(_array, arrays, indent), line))
    return "\n".join(out)


def _array(arrays: list[list[str]], indent: str, placeholder: re.Match[str]) -> str:
    """The array for a placeholder: on one line when that fits, else one item a line."""
    items = arrays[int(placeholder[1])]
    one = _one_line(items)
    line = placeholder.string
    if placeholder.end() < len(line) or len(indent) + placeholder.start() + len(one) <= WIDTH:
        return one  # fits, or sits in an inline table (an array of arrays of tables), where a break would not suit
    inner = indent + _INDENT
    return "[\n" + "".join(f"{inner}{item},\n" for item in items) + indent + "]"


_BARE_HEADER = re.compile(r"\[\[?([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]\]?")


def _table_path(header: str) -> tuple[str, ...]:
    """The keys a table header line names, as TOML reads them (``[[nodes.a.answers]]``: nodes, a, answers)."""
    import tomllib

    bare = _BARE_HEADER.fullmatch(header)
    if bare:
        return tuple(bare[1].split("."))
    path: list[str] = []
    table: Any = tomllib.loads(header)
    while table:
        key, table = next(iter(table.items()))
        path.append(key)
        if isinstance(table, list):
            table = table[-1]
    return tuple(path)


def _ordered(value: Any, tp: Any, plans: dict[tuple[Any, str | None, bool], Any] | None = None) -> Any:
    """``value`` with each table's keys in its model's order, unknown keys last."""
    if not isinstance(value, (dict, list)):
        return value  # (most values: nothing in them to order)
    if plans is None:
        plans = {}
    table = isinstance(value, dict)
    tag = value.get("type") if isinstance(value, dict) else None
    plan_key = (tp, tag if isinstance(tag, str) else None, table)
    try:
        plan = plans[plan_key]
    except KeyError:  # worked out once per type, not for each of 10,000 nodes
        plan = plans[plan_key] = _plan(tp, value)
    except TypeError:  # a type that cannot be a key (none of the models' today)
        plan = _plan(tp, value)
    if isinstance(value, list):
        return [_ordered(v, plan, plans) for v in value]
    if isinstance(plan, dict):  # a model's table: its fields' types, in order
        known = {k: _ordered(value[k], annotation, plans) for k, annotation in plan.items() if k in value}
        return known | {k: v for k, v in value.items() if k not in plan} if len(known) < len(value) else known
    return {k: _ordered(v, plan, plans) for k, v in value.items()}


def _plan(tp: Any, value: dict[str, Any] | list[Any]) -> Any:
    """For a table of model ``tp``: its fields and their types in order. Else the type of the items (or None)."""
    tp = resolve_model(tp, value)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(value, dict):
        return {k: field.annotation for k, field in tp.model_fields.items()}
    if isinstance(value, list):
        return get_args(tp)[0] if get_origin(tp) is list else None
    return get_args(tp)[1] if get_origin(tp) is dict else None


def first_difference(text: str, canonical_text: str) -> int | None:
    """The line where ``text`` first differs from ``canonical_text``, its canonical form, apart from comments;
    None when it differs only in its comments.

    Comments, whole lines or after a value (never a ``#`` inside a string:
    see :func:`.positions.comments`), are set aside with the spaces before
    them, and so is the number of blank lines in a run of them that holds a
    comment line: authors space their comments as they like. Everything else,
    blank lines included, must be as the canonical form has it.
    """
    from .positions import comments

    mine, my_gaps = _shape(text, comments(text))
    theirs, their_gaps = _shape(canonical_text, [])
    for n in range(min(len(mine), len(theirs))):
        (count, commented, start), their_count = my_gaps[n], their_gaps[n][0]
        if count != their_count and not commented:
            return start + min(count, their_count)  # the first blank line too many, or the line that needs one
        if mine[n][1] != theirs[n][1]:
            return mine[n][0]
    if len(mine) > len(theirs):
        return mine[len(theirs)][0]
    (count, commented, start), their_count = my_gaps[len(mine)], their_gaps[-1][0]
    if len(mine) < len(theirs) or (count != their_count and not commented):
        return min(start + min(count, their_count), text.count("\n") + (not text.endswith("\n")))
    return None


def _shape(text: str, hashes: list[int]) -> tuple[list[tuple[int, str]], list[tuple[int, bool, int]]]:
    """The lines of ``text`` that hold more than a comment, each with its number and without its comment; and
    the run of other lines before each and after the last: how many, whether one holds a comment, where it starts.
    """
    from bisect import bisect_right
    from itertools import accumulate

    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    cuts: dict[int, int] = {}
    for offset in hashes:  # in order, so a line's first is where its comment starts
        n = bisect_right(starts, offset) - 1
        cuts.setdefault(n, offset - starts[n])
    kept: list[tuple[int, str]] = []
    gaps: list[tuple[int, bool, int]] = []
    count, commented = 0, False
    for n, line in enumerate(lines):
        if n in cuts:
            line = line[: cuts[n]].rstrip(" \t")
        if line:
            gaps.append((count, commented, n + 1 - count))
            kept.append((n + 1, line))
            count, commented = 0, False
        else:
            count, commented = count + 1, commented or n in cuts
    gaps.append((count, commented, len(lines) + 1 - count))
    return kept, gaps
