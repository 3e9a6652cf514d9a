"""Which version of a file is on disk: to notice that something else changed it (a ``git pull``, another editor).

The status fields (device, inode, modification time, size) change with almost
every write and cost one ``stat`` to compare, so they are looked at first; the
content's hash decides, since a file can be touched without changing, or
changed within one tick of the file system's clock.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .files import MAX_BYTES


@dataclass(frozen=True)
class FileVersion:
    """One version of a file: its status fields and a hash of its bytes."""

    device: int
    inode: int
    mtime_ns: int
    size: int
    digest: bytes

    @classmethod
    def of(cls, raw: bytes, status: os.stat_result) -> FileVersion:
        """The version whose bytes are ``raw`` and whose status is ``status``."""
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        return cls(status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size, digest)

    def looks_same(self, status: os.stat_result) -> bool:
        """Whether ``status`` is this version's: no need to read the file again."""
        return (status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size) == (
            self.device,
            self.inode,
            self.mtime_ns,
            self.size,
        )


def read_version(path: Path) -> tuple[bytes, FileVersion] | None:
    """The bytes of ``path`` (at most one past :data:`MAX_BYTES`) and their version; None if there is no file.

    Only a regular file is read (a FIFO or a device would block or never end);
    anything else, or a file that cannot be read, raises OSError.
    """
    try:
        handle = open(path, "rb", opener=_open_nonblocking)  # noqa: SIM115 (closed just below)
    except FileNotFoundError:
        return None
    with handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(22, "is not a regular file", str(path))
        raw = handle.read(MAX_BYTES + 1)
    return raw, FileVersion.of(raw, status)


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)


def decode_text(raw: bytes) -> str | None:
    """``raw`` as the editor's text, or None if the editor would not open it (too big, not UTF-8 text)."""
    if len(raw) > MAX_BYTES:
        return None
    from .encoding import NotText, utf8_text

    try:
        return utf8_text(raw)
    except NotText:
        return None
