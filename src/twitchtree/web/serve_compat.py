"""What ``serve`` needs from textual-serve beyond its public API, in one place.

textual-serve's ``AppService`` keeps the visitor's process in ``_process``
and has no public way to end it when it will not quit: a process blocked
writing to its output pipe never reads the "quit" message. ``serve`` must
kill it, so it reads the attribute here.

``AppService.run`` also reads all the process writes to stderr into memory
and writes it, raw, to the server's stdout when the process ends. ``serve``
reads that stream itself, escaped and bounded (:mod:`.error_output`): before
``run`` starts, :func:`take_stderr` hands it the process's stream and leaves
textual-serve one that has already ended.

``tests/training/test_serve_page.py`` starts a real ``AppService`` for each
and fails loudly if an upgrade changes what they rely on.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual_serve.app_service import AppService


def process_of(service: AppService) -> asyncio.subprocess.Process | None:
    """The visitor's process, once ``start`` has run."""
    process = getattr(service, "_process", None)
    return process if isinstance(process, asyncio.subprocess.Process) else None


def take_stderr(service: AppService) -> asyncio.StreamReader | None:
    """The process's stderr, taken before ``AppService.run`` reads it; ``run`` then finds it ended."""
    process = process_of(service)
    if process is None or process.stderr is None:
        return None
    stream, ended = process.stderr, asyncio.StreamReader()
    ended.feed_eof()
    process.stderr = ended
    return stream
