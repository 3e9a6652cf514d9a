"""Finding the ``.toml`` files under a folder: iteratively, to a bounded depth, never through a symlink loop.

Whoever wrote a folder controls its depth and its names, so the walk never
recurses (a folder 1,100 deep cannot reach Python's recursion limit), stops
:data:`MAX_DEPTH` folders down and says so, does not follow symlinked
folders (so a link to a parent cannot loop), and reports a folder it cannot
read instead of failing.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_DEPTH = 64
"""Folders below this many levels under the one named are not searched (and the user is told)."""


def toml_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The regular ``*.toml`` files under ``folder`` in path order, and what could not be searched.

    Each problem is a short sentence naming a folder (not yet escaped for a terminal).
    """
    found: list[Path] = []
    problems: list[str] = []
    too_deep = False
    stack: list[tuple[Path, int]] = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if _is_folder(entry):
                        if depth < MAX_DEPTH:
                            stack.append((Path(entry.path), depth + 1))
                        else:
                            too_deep = True
                    elif entry.name.endswith(".toml") and _is_file(entry):
                        found.append(Path(entry.path))
        except OSError as exc:
            from .files import reason

            problems.append(f"{current}: cannot read this folder: {reason(exc)}")
    if too_deep:
        problems.append(f"{folder}: folders nest more than {MAX_DEPTH} deep; the deeper ones were not searched")
    return sorted(found), problems


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False
