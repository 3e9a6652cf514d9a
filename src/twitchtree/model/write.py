"""Writing files so that a failed write never costs the user a file.

Every write goes to a temporary file in the same folder, is flushed to
disk, and is then renamed over the target in one step: a full disk or a
crash leaves the old file byte-for-byte whole. Exclusive writes (exports,
new files) are linked into place, which fails rather than overwrite an
existing file or follow a symlink.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False, backup: Path | None = None) -> None:
    """Write ``data`` to ``path`` atomically.

    ``exclusive``: fail with FileExistsError if ``path`` exists (or is a link).
    ``backup``: first keep the current file, if any, under this name.

    A file that is replaced keeps its mode, and its owner, group and extended
    attributes where the OS allows (only root may give a file to another
    user); so does its backup, even when that is a copy on another file system.
    """
    if not exclusive and path.is_symlink():
        path = path.resolve()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        existing = None if exclusive else _status(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            _take_after(handle.fileno(), path, existing)
            os.fsync(handle.fileno())
        if exclusive:
            _link_exclusive(tmp, path)
        else:
            if backup is not None and existing is not None:
                _keep_backup(path, backup, existing)
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _sync_folder(path.parent)


def _status(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _take_after(fd: int, original: Path, status: os.stat_result | None) -> None:
    """Give the open file ``fd`` the owner, group, extended attributes and mode of ``original`` (as ``status``).

    Owner and group first: changing them clears set-user-id bits, which the
    mode then puts back. What the OS refuses (another user's file, for anyone
    but root; attributes a file system does not hold) is left as it was.
    """
    if status is None:
        os.fchmod(fd, _default_mode())
        return
    try:
        os.fchown(fd, status.st_uid, status.st_gid)
    except OSError:
        with contextlib.suppress(OSError):  # not root: the group, where the user is in it
            os.fchown(fd, -1, status.st_gid)
    _copy_attributes(original, fd)
    os.fchmod(fd, status.st_mode & 0o7777)


def _copy_attributes(original: Path, fd: int) -> None:
    """Copy extended attributes (ACLs, SELinux labels, ``user.*``), one by one, as far as they go."""
    listxattr = getattr(os, "listxattr", None)
    if listxattr is None:  # not Linux
        return
    try:
        names = listxattr(original)
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.setxattr(fd, name, os.getxattr(original, name))


def _default_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _link_exclusive(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network and FUSE file systems): O_EXCL still never clobbers.
        with open(path, "xb") as handle:
            try:
                handle.write(tmp.read_bytes())
                handle.flush()
                os.fsync(handle.fileno())
            except BaseException:
                path.unlink()  # the file is ours (O_EXCL made it): never leave half an export behind
                raise


def _keep_backup(path: Path, backup: Path, status: os.stat_result) -> None:
    """Make ``backup`` a copy of ``path`` in one step: a hard link where possible, else a copy just as closed."""
    with contextlib.suppress(FileNotFoundError):
        if backup.samefile(path):
            return  # already the same file: a previous save failed after linking it
    staging = backup.with_name(f".{backup.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    try:
        try:
            os.link(path, staging)
        except OSError:  # another file system (the file was reached through a symlink), or no hard links
            fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never more open than the original
            with os.fdopen(fd, "wb") as handle:
                handle.write(path.read_bytes())
                handle.flush()
                _take_after(handle.fileno(), path, status)
                os.fsync(handle.fileno())
        os.replace(staging, backup)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix`` and so on: a name no file has yet."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` under a fresh name in ``folder`` and return the path; never overwrites."""
    for _ in range(100):
        path = unique_path(folder, stem, suffix)
        try:
            atomic_write(path, data, exclusive=True)
        except FileExistsError:
            continue  # another process took the name in between
        return path
    raise FileExistsError(f"no free file name for {stem}{suffix} in {folder}")
