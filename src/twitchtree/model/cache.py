"""A cache of checked trees, so that a warm start needs neither the TOML parse nor pydantic.

Entries are keyed by a hash of the tree file's bytes, where it is (its
libraries are found relative to it) and twitchtree's version, and record
the hash of every library the tree uses: a changed file, or a changed
library, misses. They live in the user cache folder
(``XDG_CACHE_HOME`` moves it) and are written atomically; any failure to
read or write one only means the tree is loaded the slow way.
"""

from __future__ import annotations

import marshal
from typing import Any

from .. import __version__, paths

try:  # hashlib's own blake2b, without loading OpenSSL (half a megabyte) for the other algorithms
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

FORMAT = 1


def digest(raw: bytes, *more: bytes, size: int = 20) -> str:
    """A hex digest of ``raw`` followed by ``more``."""
    hasher = blake2b(raw, digest_size=size)
    for chunk in more:
        hasher.update(chunk)
    return hasher.hexdigest()


def key(raw: bytes, where: str = "") -> str:
    """The entry for a tree file's bytes ``raw``; ``where`` names the file (its path and display name)."""
    return digest(f"{__version__}/{FORMAT}/{where}\0".encode("utf-8", "surrogateescape") + raw)


def load(entry_key: str, kind: str = "trees") -> dict[str, Any] | None:
    """The entry stored under ``entry_key`` among the cached ``kind`` (trees, themes), or None."""
    try:
        entry = marshal.loads((paths.cache_dir() / kind / f"{entry_key}.bin").read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return entry if isinstance(entry, dict) and entry.get("format") == FORMAT else None


def store(entry_key: str, entry: dict[str, Any], kind: str = "trees") -> None:
    from .write import atomic_write

    try:
        folder = paths.ensure(paths.cache_dir() / kind)
        atomic_write(folder / f"{entry_key}.bin", marshal.dumps({**entry, "format": FORMAT}))
    except (OSError, ValueError):
        pass  # the cache is only a speed-up
