"""The limits that keep every input answered in bounded time and memory, and the cheap scans that apply them.

A file is refused before it is parsed when it holds more keys and values
than :data:`MAX_VALUES` (a parser's memory grows with them, whatever their
size), or when its arrays and inline tables nest, or its keys have parts,
more than :data:`MAX_NESTING` deep (the pure-Python parser, the position
finder and the error messages recurse). Each text is at most
:data:`MAX_TEXT` characters, and each node, condition, source or case at most
:data:`MAX_WEIGHT` values, so that validation, its messages and the
explorer's first screen stay quick.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import BaseModel

    from .diagnostics import Reporter

MAX_VALUES = 2_000_000
"""Most keys, values and array items in one file (counted from the text, before it is parsed)."""
MAX_NESTING = 80
"""Deepest nesting of arrays and inline tables, and most parts in a dotted key or table header: rtoml's own limit."""
MAX_TEXT = 65_536
"""Longest text (any string or key), in characters."""
MAX_WEIGHT = 10_000
"""Most values in one node, condition, source or case, or in one top-level key of a file."""

_TOKEN = re.compile(
    r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*(?:"""|\Z)'  # multi-line basic string
    r"|'''[\s\S]*?(?:'''|\Z)"  # multi-line literal string
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'  # basic string (to the end of the line if unterminated)
    r"|'[^'\n]*'?"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}=.,\n]"
)
_HEADER = re.compile(r"""\[\[?((?:[^\]\n"']|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\n]*')*)\]?\]?""")
_QUOTED = re.compile(r""""[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\n]*'""")
_SCREEN = 16
_MANY_DOTS = re.compile(f"\\n(?:[^\\n.]*+\\.){{{_SCREEN}}}")


def count_values(text: str) -> int:
    """An upper bound of the keys, values and array items in ``text``: every ``=``, ``,``, ``[`` and ``{``.

    Counted in one pass in C, and remembered for the last text counted (the
    parse and the validation of one file both ask).
    """
    global _counted
    last, count = _counted  # one read: another thread (the editor's background check) may count too
    if last is text:
        return count
    raw = text.encode("utf-8", "surrogatepass")
    count = len(raw) - len(raw.translate(None, b"=,[{"))
    _counted = (text, count)
    return count


_counted: tuple[str | None, int] = (None, 0)


def may_nest_deeply(text: str) -> bool:
    """Whether ``text`` needs :func:`too_deep`'s full scan before rtoml reads it (two scans in C).

    rtoml stops at 80 levels of arrays and inline tables and at 80 parts of a
    key, but not at keys of many parts inside inline tables inside each other,
    whose product can overflow the stack. That needs many inline tables and
    a line with many dots; without both, nothing parsed is deeper than about
    1,400 levels, which rtoml reads safely and nothing here recurses over.
    """
    if text.count("{") < _SCREEN:
        return False
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    return first_line.count(".") >= _SCREEN or _MANY_DOTS.search(text) is not None


def too_deep(text: str) -> int | None:
    """The offset where ``text`` first nests past :data:`MAX_NESTING`, or None. Never recurses.

    The depth is that of the parsed data: the parts of the table header, of
    each dotted key, and each array and inline table inside another.
    """
    stack: list[tuple[int, str]] = []  # each open array or inline table, and the depth to go back to at its end
    depth = 0  # of the current table or array
    in_key = True  # where a key may be: a line at the top level, or after "{" or "," in an inline table
    parts = 1  # of the key being read
    value = None  # the depth of the value after "=", until something else comes
    match = _TOKEN.search(text)
    while match is not None:
        token, at, end = match.group(), match.start(), match.end()
        if token == "\n":
            if not stack:
                in_key, parts = True, 1
        elif token == "[" and not stack and in_key and parts == 1:  # a table header
            header = _HEADER.match(text, at)
            assert header is not None
            depth = _QUOTED.sub("", header[1]).count(".") + 1 + header.group().startswith("[[")
            if depth > MAX_NESTING:
                return at
            end = header.end()
            in_key = False
        elif token in "[{":
            stack.append((depth, token))
            depth = value if value is not None else depth + 1
            if depth > MAX_NESTING:
                return at
            in_key, parts = token == "{", 1
        elif token in "]}":
            depth = stack.pop()[0] if stack else 0
            in_key = False
        elif token == "," and stack and stack[-1][1] == "{":
            in_key, parts = True, 1
        elif token == "." and in_key:
            parts += 1
            if depth + parts > MAX_NESTING:
                return at
        elif token == "=":
            value = depth + parts
            in_key, parts = False, 1
            match = _TOKEN.search(text, end)
            continue
        value = None
        match = _TOKEN.search(text, end)
    return None


# -- validation in slices --------------------------------------------------------------------

COLLECTIONS = ("nodes", "conditions", "sources", "cases")
"""The top-level tables and arrays that may be large: validated a slice at a time."""
_WHOLE = 150_000
"""Files with at most this many keys and values (:func:`count_values`) are validated in one go."""
_SLICE = 20_000
"""Values validated at a time in a large file."""
_LISTED = 2_000
"""Validation errors turned into diagnostics in a large file; the rest are only counted."""


def validate_in_slices(
    model: type[BaseModel], data: dict[str, Any], reporter: Reporter, report: Callable[[Any], bool]
) -> bool:
    """Validate ``data`` against ``model``, calling ``report`` with each of pydantic's errors. True if valid.

    ``report`` returns whether the error makes the data invalid (an unknown
    key reported as a warning does not).

    A small file is validated in one go. In a large one, no node, condition,
    source, case or top-level key may hold more than :data:`MAX_WEIGHT`
    values, and the large tables are validated a slice at a time: a file of
    a million wrong values then costs a few seconds and little memory, not
    minutes and gigabytes, and only the first :data:`_LISTED` errors are
    turned into diagnostics (the Reporter shows at most 100 of each kind).
    """
    from pydantic import ValidationError

    if count_values(reporter.text) <= _WHOLE:
        try:
            model.model_validate(data)
        except ValidationError as exc:
            return not sum(report(error) for error in exc.errors(include_url=False))
        return True
    parts = _weigh(data, reporter)
    if parts is None:
        return False
    stub = {key: value for key, value in data.items() if key not in parts}
    stub.update({key: type(data[key])() for key in parts})
    valid = True
    listed = unlisted = 0
    try:
        model.model_validate(stub)
        at_top = 0
    except ValidationError as exc:
        at_top = exc.error_count()
        # Not what the empty stand-ins for the large tables caused: their own slices tell the truth.
        errors = [e for e in exc.errors(include_url=False) if not (e["loc"] and e["loc"][0] in parts)]
        valid = not sum(report(error) for error in errors)
    for key, slices in parts.items():
        for start, part in slices:
            try:
                model.model_validate({**stub, key: part})
            except ValidationError as exc:
                if listed >= _LISTED:
                    unlisted += exc.error_count() - at_top
                    continue
                for error in exc.errors(include_url=False):
                    loc = error["loc"]
                    if loc and loc[0] == key:
                        listed += 1
                        if isinstance(part, list) and isinstance(loc[1], int):  # the slice's index, made the file's
                            error["loc"] = (key, start + loc[1], *loc[2:])
                        if report(error):
                            valid = False
    if unlisted:
        valid = False
        reporter.error((), f"{unlisted:,} more problems are not listed; fix these first")
    return valid


def _weigh(data: dict[str, Any], reporter: Reporter) -> dict[str, list[tuple[int, Any]]] | None:
    """The large tables cut into slices (first index, part), or None after reporting what holds too much."""
    from .positions import dotted

    heavy = False
    parts: dict[str, list[tuple[int, Any]]] = {}
    top = len(data)
    for key, value in data.items():
        if key not in COLLECTIONS or not isinstance(value, (dict, list)):
            top += _weight(value)
            continue
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        slices: list[tuple[int, Any]] = []
        start = total = 0
        for n, (item_key, item) in enumerate(items):
            if isinstance(item, dict):  # the usual node or case: a table of a few plain values, counted at once
                nested = [v for v in item.values() if isinstance(v, (dict, list))]
                weight = len(item) + sum(map(_weight, nested)) if nested else len(item)
            else:
                weight = _weight(item)
            if weight > MAX_WEIGHT:
                heavy = True
                reporter.error((key, item_key), f"'{dotted((key, item_key))}' {_TOO_MANY}")
            if total + weight > _SLICE and n > start:
                slices.append((start, items[start:n]))
                start, total = n, 0
            total += weight
        slices.append((start, items[start:]))
        parts[key] = [
            (first, dict(part) if isinstance(value, dict) else [v for _, v in part]) for first, part in slices
        ]
    if top > MAX_WEIGHT:
        heavy = True
        reporter.error((), f"the top level of the file (outside {', '.join(COLLECTIONS)}) {_TOO_MANY}")
    return None if heavy else parts


_TOO_MANY = f"holds more than {MAX_WEIGHT:,} values, the most twitchtree reads in one place"


def _weight(value: Any) -> int:
    """How many values ``value`` holds, counted no further than just past :data:`MAX_WEIGHT`. Never recurses."""
    if not isinstance(value, (dict, list)):
        return 1
    total = 0
    stack = [value]
    while stack:
        container = stack.pop()
        total += len(container)
        if total > MAX_WEIGHT:
            break
        for item in container.values() if isinstance(container, dict) else container:
            if isinstance(item, (dict, list)):
                stack.append(item)
    return total
