"""One side of ``twitchtree diff``: a tree file, a bundled tree id, or ``REV:PATH`` read from git.

``REV:PATH`` follows git's own rule: PATH is relative to the top of the
repository, or to the current folder when it starts with ``./`` or ``../``.
The tree file and every library its ``uses`` name (and theirs) are read at
that one revision with ``git show``, written into a scratch folder in the
same layout, and loaded from there, so the libraries match the tree. git is
run with an argument list, never a shell; the revision is checked first
(``rev-parse --verify``), so a bad one is a clear error; textconv filters
are never applied, and a blob larger than a tree file may be is refused.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import UsageError, tree_path

if TYPE_CHECKING:
    from ..model.tree import Tree

GIT_TIMEOUT = 60.0
"""Seconds one git command may take."""


class GitError(Exception):
    """git could not give the file: not a repository, no such revision or path, git missing."""


def load_side(arg: str, scratch: Path) -> tuple[Tree, Path | None]:
    """The tree ``arg`` names, and the folder its case files would sit in (None if there is none).

    Raises UsageError or GitError with the reason, LoadError with the tree's diagnostics.
    """
    from ..model.load import load_tree
    from ..model.text import printable

    if not Path(arg).exists() and _is_revision(arg):
        return _from_git(arg, scratch)
    try:
        path = tree_path(arg)
    except UsageError as exc:
        raise UsageError(printable(str(exc))) from None
    return load_tree(path), path.parent


def _is_revision(arg: str) -> bool:
    rev, colon, name = arg.partition(":")
    return bool(colon and rev and name)


def _from_git(arg: str, scratch: Path) -> tuple[Tree, Path | None]:
    from ..model.files import MAX_BYTES
    from ..model.load import load_tree
    from ..model.text import printable

    rev, _, name = arg.partition(":")
    shown = printable(arg)
    if rev.startswith("-"):
        raise UsageError(f"{shown}: '{printable(rev)}' is not a revision")
    top = _git("rev-parse", "--show-toplevel").strip()
    commit = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", what=shown).strip()
    if name.startswith(("./", "../")) or name in (".", ".."):
        name = posixpath.join(_git("rev-parse", "--show-prefix").strip(), name)
    relative = posixpath.normpath(name)
    if relative.startswith("../") or relative == ".." or posixpath.isabs(relative):
        raise UsageError(f"{shown}: the path is outside the repository")
    raw = _blob(commit, relative, shown, MAX_BYTES)
    target = scratch / relative
    _write(target, raw)
    _libraries(commit, relative, raw, scratch, MAX_BYTES, seen={relative})
    home = Path(top) / posixpath.dirname(relative)
    tree = load_tree(target, f"{rev}:{relative}", use_cache=False)
    return tree, home if home.is_dir() else None


def _libraries(commit: str, relative: str, raw: bytes, scratch: Path, limit: int, seen: set[str]) -> None:
    """Write every library the file names in ``uses`` (and theirs), read at ``commit``, into ``scratch``."""
    for use in _uses(raw):
        name = posixpath.normpath(posixpath.join(posixpath.dirname(relative), use))
        if name in seen or name.startswith("../") or posixpath.isabs(use) or len(seen) > 64:
            continue  # the load reports a library outside the repository, or a cycle
        seen.add(name)
        try:
            library = _blob(commit, name, name, limit)
        except GitError:
            continue  # not at that revision: the load says the library does not exist
        _write(scratch / name, library)
        _libraries(commit, name, library, scratch, limit, seen)


def _uses(raw: bytes) -> list[str]:
    import tomllib

    try:
        uses = tomllib.loads(raw.decode("utf-8-sig")).get("uses")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return []
    return [u for u in uses if isinstance(u, str)] if isinstance(uses, list) else []


def _blob(commit: str, relative: str, shown: str, limit: int) -> bytes:
    spec = f"{commit}:{relative}"
    kind = _git("cat-file", "-t", spec, what=shown).strip()
    if kind != "blob":
        raise GitError(f"{shown}: is a {kind} at that revision, not a file")
    if int(_git("cat-file", "-s", spec, what=shown)) > limit:
        raise GitError(f"{shown}: the file is larger than {limit // (1024 * 1024)} MB; it was not read")
    return _run(["show", "--no-textconv", "--no-color", spec], shown)


def _write(path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)


def _git(*args: str, what: str = "") -> str:
    return _run(list(args), what).decode("utf-8", errors="surrogateescape")


def _run(args: list[str], what: str) -> bytes:
    from ..model.text import printable

    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "--no-pager", *args], capture_output=True, stdin=subprocess.DEVNULL, env=env, timeout=GIT_TIMEOUT
        )
    except FileNotFoundError:
        raise GitError("git is not installed; REV:PATH needs it") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"{what}: git took longer than {GIT_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = detail[-1] if detail else "no such revision or path"
        if "not a git repository" in reason:
            reason = "not inside a git repository"
        raise GitError(printable(f"{what + ': ' if what else ''}{reason.removeprefix('fatal: ')}"))
    return done.stdout
