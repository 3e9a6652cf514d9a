"""Reading a file's bytes, the first step of every load: only regular files, at most :data:`MAX_BYTES`.

Kept apart from :mod:`.document` (which decodes and parses the bytes) so that a warm
start, which finds the checked tree in the cache, reads its file without importing the parser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .diagnostics import Diagnostic

MAX_BYTES = 32 * 1024 * 1024
"""Larger files are refused with a clear message rather than slowly loaded."""
_BUFFERS: ContextVar[Mapping[Path, bytes] | None] = ContextVar("buffers", default=None)


@contextmanager
def buffers(texts: Mapping[Path, bytes]) -> Iterator[None]:
    """Within this block, :func:`read_bytes` reads ``texts`` for those files (absolute, resolved paths).

    An editor's unsaved buffers stand in for the files on disk, so a check of
    a tree sees the library being typed in another buffer, and a case file
    the tree: every check sees what the author sees (the language server).
    """
    token = _BUFFERS.set(texts)
    try:
        yield
    finally:
        _BUFFERS.reset(token)


def buffered(path: Path) -> bool:
    """Whether an editor's buffer stands in for ``path`` (:func:`buffers`), so what is read may differ from
    the file on disk, whatever its modification time says."""
    overlay = _BUFFERS.get()
    return overlay is not None and Path(path).resolve() in overlay


def read_bytes(path: Path, limit: int = MAX_BYTES + 1) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them (by default one byte past :data:`MAX_BYTES`).

    Only regular files are read: a folder, a FIFO or a device raises OSError
    at once instead of blocking or reading forever. Inside :func:`buffers`,
    an editor's buffer is read instead of its file.
    """
    import stat

    overlay = _BUFFERS.get()
    if overlay:
        raw = overlay.get(Path(path).resolve())
        if raw is not None:
            return raw[:limit]

    with open(path, "rb", opener=_open_nonblocking) as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(22, "is not a regular file", str(path))
        return handle.read(limit)


def reason(exc: BaseException) -> str:
    """Why a path could not be read, in a few words: "No such file or directory", "is a symlink loop"."""
    import errno

    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return "is a symlink loop"
    if isinstance(exc, ValueError):  # a NUL in the name
        return "no file can have this name"
    return getattr(exc, "strerror", None) or str(exc)


def unreadable(display: str, exc: OSError) -> Diagnostic:
    """The error for a file that is there but cannot be read (a FIFO, a device, no permission), at 1:1."""
    return Diagnostic(display, 1, 1, "error", f"cannot read this file: {reason(exc)}")


def _open_nonblocking(path: str, flags: int) -> int:
    """Open without blocking, so that a FIFO with no writer cannot hang the open itself."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
