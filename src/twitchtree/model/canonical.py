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
