"""What the commands share: finding a tree from the command line, and reporting load errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.diagnostics import Diagnostic
    from ..model.tree import Tree

USAGE = 2
"""Exit code for usage errors and paths that cannot be read."""


class UsageError(Exception):
    """A problem with the command line; exits 2 with this message."""


def tree_path(arg: str | None) -> Path:
    """The file a TREE argument names: a path, or the id of a bundled tree."""
    from ..paths import BUNDLED_ALIASES, DEFAULT_TREE, bundled_tree, bundled_trees

    if arg is None:
        arg = DEFAULT_TREE
    path = Path(arg)
    kind = _kind_of_path(path)
    if kind != "missing" or arg.endswith(".toml") or "/" in arg or "\\" in arg:
        if kind == "missing":
            raise UsageError(f"{arg}: no such file")
        if kind == "folder":
            raise UsageError(f"{arg}: is a folder; give a tree file")
        if kind not in ("file", "other"):
            raise UsageError(f"{arg}: {kind}")  # a symlink loop, a folder that cannot be searched ...
        return path  # a FIFO or a device is refused by the loader, at once and with a diagnostic
    found = bundled_tree(arg)
    if found is not None:
        return found
    names = ", ".join([*bundled_trees(), *BUNDLED_ALIASES]) or "none"
    raise UsageError(f"no tree file or bundled tree named '{arg}' (bundled trees: {names})")


def _kind_of_path(path: Path) -> str:
    """ "file", "folder", "other" (a FIFO, a device), "missing", or why it cannot be looked at."""
    import os
    import stat

    from ..model.files import reason

    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except (OSError, ValueError) as exc:
        return reason(exc)
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


def load(arg: str | None) -> Tree | int:
    """Load the tree a TREE argument names, or print why not and return the exit code."""
    from ..model.diagnostics import LoadError
    from ..model.load import load_tree

    try:
        return load_tree(tree_path(arg))
    except UsageError as exc:
        return fail(str(exc))
    except LoadError as exc:
        for diagnostic in sorted(exc.diagnostics):  # in the file's order, as check has them
            print(diagnostic, file=sys.stderr)
        return 1


def create(path: Path, data: bytes, *, exists: str) -> int:
    """Write a new file at ``path``, atomically and never over another: 0, or the exit code after saying why not.

    ``exists`` is the message when ``path`` is already taken.
    """
    from ..model.files import reason
    from ..model.write import atomic_write

    try:
        atomic_write(path, data, exclusive=True)
    except FileExistsError:
        return fail(exists)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        return fail(f"cannot write {path}: {reason(exc)}", 1)
    return 0


def fail(message: str, code: int = USAGE) -> int:
    """Print ``message`` (file names in it escaped for the terminal) and return ``code``."""
    from ..model.text import printable

    print(f"twitchtree: {printable(message)}", file=sys.stderr)
    return code


def unreadable_file(path: Path, exc: OSError) -> Diagnostic | None:
    """The ``PATH:1:1`` error for a named file that is there but cannot be read (a FIFO, a device, no
    permission), which the command prints among its diagnostics; None for one that is not there (a broken
    symlink, a symlink loop), after saying so with :func:`fail`. Either way the exit status is :data:`USAGE`.
    """
    from ..model.files import reason, unreadable

    if _kind_of_path(path) not in ("file", "other"):
        fail(f"{path}: cannot read: {reason(exc)}")
        return None
    return unreadable(str(path), exc)


def toml_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The .toml files named by ``paths`` (folders searched, in path order), and what could not be searched.

    Each problem is a message for :func:`fail`: a path that does not exist, a
    folder without .toml files, one that cannot be read or nests too deep.
    """
    from ..model.folders import toml_files as files_under

    found: list[Path] = []
    problems: list[str] = []
    for arg in paths:
        path = Path(arg)
        kind = _kind_of_path(path)
        if kind == "folder":
            files, trouble = files_under(path)
            found.extend(files)
            problems.extend(trouble)
            if not files and not trouble:
                problems.append(f"{arg}: no .toml files found in this folder")
        elif kind == "missing" and not path.is_symlink():
            problems.append(f"{arg}: no such file or folder")
        else:  # a file, or what cannot be read: reported when it is read, in the command's own words
            found.append(path)
    return found, problems
