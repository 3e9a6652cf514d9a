"""Unsaved text rescued from a crash: written next to its file, never over anything, with the file's mode."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path


def write_recovery(path: Path, text: str) -> Path:
    """Write ``text`` to a new ``PATH.recovered-TIME`` beside ``path`` (or in the data folder) and return where.

    The file is created exclusively (an existing file is never replaced), is not
    reached through a symlink, and gets the original's permissions (0600 if it has
    none yet). Raises OSError when no folder will take it.
    """
    from .. import paths

    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o600
    data = text.encode("utf-8", "surrogatepass")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    problem: OSError | None = None
    for folder in (path.parent, paths.data_dir() / "recovered"):
        for n in range(100):
            target = folder / f"{path.name}.recovered-{stamp}{f'-{n}' if n else ''}"
            try:
                if folder != path.parent:
                    paths.ensure(folder)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            except FileExistsError:
                continue
            except OSError as exc:
                problem = exc
                break  # this folder will not take it: try the next
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fchmod(fd, mode)
                os.fsync(fd)
            except OSError as exc:  # a full disk: no half-written file is left, and the next folder is tried
                problem = exc
                os.close(fd)
                target.unlink(missing_ok=True)
                break
            os.close(fd)
            return target
    raise problem or OSError(f"no name is free for a recovery file of {path.name}")
