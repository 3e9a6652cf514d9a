"""Check an editor's unsaved text in another process, so that typing never waits for a check.

A check of a 10,000-node tree takes about half a second of Python, which in a
thread would hold the interpreter lock and freeze the screen between keys.
Each check runs in a process of its own, forked from a server that has
already imported the model (``multiprocessing``'s forkserver), and a newer
check ends the older one's process at once. Only the result crosses back:
the checked tree, or its problems.
"""

from __future__ import annotations

import asyncio
import gc
import pickle
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkServerContext
    from multiprocessing.process import BaseProcess

    from ..model.diagnostics import Diagnostic
    from ..model.tree import Tree


PRELOAD = ["twitchtree.model.format", "twitchtree.tui.check_warmup"]
"""What the server imports (pydantic), and one small check it makes, once: each check then starts warm."""


def warm_up() -> None:
    """Start the server now, so that the first check does not wait for it."""
    _context()


@cache
def _context() -> ForkServerContext:
    """The forkserver, started on first use.

    It is started with the process's own standard error: multiprocessing hands
    ``sys.stderr.fileno()`` to its helpers, and a running Textual app has replaced
    ``sys.stderr`` with an object whose file number is not a real one.
    """
    import multiprocessing
    import multiprocessing.forkserver
    import sys

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    stderr = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        sys.stderr = stderr
    return context


def _check(connection: Connection, path: str, raw: bytes | None, use_cache: bool) -> None:
    """In the checking process: load ``raw`` as the file at ``path`` and send back the tree or the problems."""
    from ..model.diagnostics import Diagnostic, LoadError
    from ..model.load import load_tree

    result: object
    try:
        result = load_tree(Path(path), raw=raw, use_cache=use_cache)
    except LoadError as exc:
        result = exc.diagnostics
    except Exception as exc:  # a bug in the checks: say so in the problems panel, never crash the editor
        result = (Diagnostic(path, 1, 1, "error", f"internal error while checking: {type(exc).__name__}: {exc}"),)
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except RecursionError:
        message = "internal error while checking: the result is too deeply nested to hand back"
        data = pickle.dumps((Diagnostic(path, 1, 1, "error", message),))
    with suppress(OSError):  # the editor has moved on to a newer check
        connection.send_bytes(data)
        connection.close()


def _unpickle(data: bytes) -> Any:
    # The tree's records are containers without cycles: a collection part-way through is wasted work.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


class BackgroundCheck:
    """One check at a time, in a child process; starting a check (or ``cancel``) ends the one before."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None

    async def check(
        self, path: Path, raw: bytes | None = None, *, use_cache: bool = False
    ) -> Tree | tuple[Diagnostic, ...]:
        """The tree ``raw`` (by default the file's bytes) makes as the file at ``path``, or its problems.

        Raises CancelledError if a newer check, or ``cancel``, ended it.
        """
        self.cancel()
        context = _context()  # on this (the event loop's) thread: it swaps sys.stderr for a moment
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_check, args=(sending, str(path), raw, use_cache), daemon=True)
        self._process = process
        try:
            await asyncio.to_thread(process.start)  # the first start launches the server
            sending.close()
            data = await asyncio.to_thread(_receive, receiving)
            if data is not None:
                return _unpickle(data)  # type: ignore[no-any-return]
            if self._process is not process:
                raise asyncio.CancelledError  # ended by a newer check
            from ..model.diagnostics import Diagnostic

            process.join(timeout=1)
            message = f"the check stopped unexpectedly (exit code {process.exitcode}); save and run `twitchtree check`"
            return (Diagnostic(str(path), 1, 1, "error", message),)
        finally:
            receiving.close()
            if self._process is process:
                self.cancel()

    def cancel(self) -> None:
        """End the running check, if any."""
        process, self._process = self._process, None
        if process is not None and process.pid is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=1)


def _receive(connection: Connection) -> bytes | None:
    try:
        return connection.recv_bytes()
    except (EOFError, OSError):  # the process was ended, or died
        return None
