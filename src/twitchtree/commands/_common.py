"""What the commands share: finding a tree from the command line, and reporting load errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    if path.exists() or arg.endswith(".toml") or "/" in arg or "\\" in arg:
        if not path.exists():
            raise UsageError(f"{arg}: no such file")
        if path.is_dir():
            raise UsageError(f"{arg}: is a folder; give a tree file")
        return path
    found = bundled_tree(arg)
    if found is not None:
        return found
    names = ", ".join([*bundled_trees(), *BUNDLED_ALIASES]) or "none"
    raise UsageError(f"no tree file or bundled tree named '{arg}' (bundled trees: {names})")


def load(arg: str | None) -> Tree | int:
    """Load the tree a TREE argument names, or print why not and return the exit code."""
    from ..model.diagnostics import LoadError
    from ..model.load import load_tree

    try:
        return load_tree(tree_path(arg))
    except UsageError as exc:
        return fail(str(exc))
    except LoadError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1


def create(path: Path, data: bytes, *, exists: str) -> int:
    """Write a new file at ``path``, atomically and never over another: 0, or the exit code after saying why not.

    ``exists`` is the message when ``path`` is already taken.
    """
    from ..model.write import atomic_write

    try:
        atomic_write(path, data, exclusive=True)
    except FileExistsError:
        return fail(exists)
    except OSError as exc:
        return fail(f"cannot write {path}: {exc.strerror or exc}", 1)
    return 0


def fail(message: str, code: int = USAGE) -> int:
    print(f"twitchtree: {message}", file=sys.stderr)
    return code


def toml_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The .toml files named by ``paths`` (folders recurse, in name order), and the paths that do not exist."""
    found: list[Path] = []
    missing: list[str] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.toml") if p.is_file()))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            missing.append(arg)
    return found, missing
