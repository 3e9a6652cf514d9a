"""What ``serve`` needs from textual-serve beyond its public API, in one place.

textual-serve's ``AppService`` keeps the visitor's process in ``_process``
and has no public way to end it when it will not quit: a process blocked
writing to its output pipe never reads the "quit" message. ``serve`` must
kill it, so it reads the attribute here. ``tests/training/test_serve.py``
starts a real ``AppService`` and fails loudly if an upgrade moves it.
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
