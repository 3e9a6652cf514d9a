"""Check an editor's unsaved text in another process, so that typing never waits for a check.

A check of a 10,000-node tree takes about half a second of Python, which in a
thread would hold the interpreter lock and freeze the screen between keys.
Each check runs in a process of its own, forked from a server that has
already imported the model (``multiprocessing``'s forkserver), and a newer
check ends the older one's process at once. Only the result crosses back:
the checked tree as the tree cache stores it (read back without the
collector, its nodes unpacked when first read), or its problems.
"""

from __future__ import annotations

import asyncio
import marshal
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkServerContext
    from multiprocessing.process import BaseProcess

    from ..model.diagnostics import Diagnostic
    from ..model.tree import Tree


PRELOAD = [__name__, "twitchtree.model.format", "twitchtree.tui.check_warmup"]
"""What the server imports once, so that each checking process starts warm: this module (each process
would import it again, asyncio included: a quarter of a second on a busy machine, which a save that
follows the last one's check at once waits for), pydantic, and one small check it makes."""


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


def _check(connection: Connection) -> None:
    """In a checking process: wait for one file (its path and bytes), check it, send the tree or its problems.

    The tree goes as a cache entry; the problems as plain tuples.
    """
    import os

    # Nothing from here may reach the editor's terminal, not even a traceback.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        path, raw = marshal.loads(connection.recv_bytes())
    except (EOFError, OSError, ValueError):
        return  # no file came: the editor ended
    from ..model import cache
    from ..model.diagnostics import LoadError
    from ..model.load import checked_entry

    try:
        data = b"T" + cache.pack(checked_entry(Path(path), raw))
    except LoadError as exc:
        data = b"P" + marshal.dumps([(d.path, d.line, d.col, d.severity, d.message) for d in exc.diagnostics])
    except BaseException as exc:  # a bug in the checks: say so in the problems panel, never crash the editor
        message = f"internal error while checking: {type(exc).__name__}: {exc}"
        data = b"P" + marshal.dumps([(path, 1, 1, "error", message)])
    with suppress(OSError):  # the editor has moved on to a newer check
        connection.send_bytes(data)
        connection.close()


def _result(path: Path, raw: bytes, data: bytes) -> Tree | tuple[Diagnostic, ...] | None:
    """What the checking process sent, as a tree or problems; None if a library changed meanwhile."""
    from ..model import cache
    from ..model.diagnostics import Diagnostic
    from ..model.load import tree_from_entry

    if data[:1] == b"P":
        return tuple(Diagnostic(*fields) for fields in marshal.loads(data[1:]))
    entry = cache.unpack(memoryview(data)[1:])  # (no copy of the whole entry)
    return None if entry is None else tree_from_entry(path, raw, entry)


class BackgroundCheck:
    """One check at a time, each in a process of its own; starting a check (or ``cancel``) ends the one before.

    ``start`` (or ``prepare``, once a check's result is shown) starts the process for
    the next check ahead of time, so that a check need not wait for a process to start.
    """

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        """The process of the running check."""
        self._spare: tuple[BaseProcess, Connection] | None = None
        """A started process waiting for the next check, and the end of the pipe to it."""
        self._latest = 0
        """The number of the latest check asked for: an older one ends as soon as it notices."""

    async def start(self) -> None:
        """Start a process for the next check now, if none is waiting (a check starts one anyway)."""
        if self._spare is not None and self._spare[0].is_alive():
            return
        context = _context()  # on this (the event loop's) thread: it swaps sys.stderr for a moment
        ours, theirs = context.Pipe()
        process = context.Process(target=_check, args=(theirs,), daemon=True)
        await asyncio.to_thread(process.start)  # the first start waits for the server to be ready
        theirs.close()
        if self._closed or (self._spare is not None and self._spare[0].is_alive()):
            ours.close()  # started twice at once, or no longer wanted: this one sees the pipe close and exits
            return
        self._spare = (process, ours)

    def prepare(self) -> None:
        """Start the next check's process in the background, if none is waiting.

        Call it once a check's result is on screen: a process started while the screen is
        drawn takes processor time from the drawing, and one started later is still ready
        long before the next save or pause in typing.
        """
        if not self._closed:
            self._starting = asyncio.get_running_loop().create_task(self.start())

    async def check(
        self, path: Path, raw: bytes | None = None, *, store: bool = False
    ) -> Tree | tuple[Diagnostic, ...]:
        """The tree ``raw`` (by default the file's bytes) makes as the file at ``path``, or its problems.

        ``store`` keeps the checked tree in the tree cache too, as ``load_tree`` does (in a thread,
        after it is returned). Raises CancelledError if a newer check, or ``cancel``, ended it.
        """
        from ..model.diagnostics import Diagnostic

        self._latest += 1
        number = self._latest
        self.cancel()
        if raw is None:
            from ..model.files import read_bytes

            try:
                raw = await asyncio.to_thread(read_bytes, path)
            except OSError as exc:
                return (Diagnostic(str(path), 1, 1, "error", f"cannot read this file: {exc.strerror or exc}"),)
        for _ in range(3):  # again if a library changes while the file is checked
            if number != self._latest:
                raise asyncio.CancelledError  # a newer check was asked for meanwhile
            result = await self._check_once(path, raw, store)
            if result is not None:
                return result
        return (Diagnostic(str(path), 1, 1, "error", "the libraries this tree uses keep changing; check again"),)

    async def _check_once(self, path: Path, raw: bytes, store: bool) -> Tree | tuple[Diagnostic, ...] | None:
        self.cancel()
        await self.start()
        if self._spare is None:
            raise asyncio.CancelledError  # closed meanwhile
        (process, connection), self._spare = self._spare, None
        self._process = process
        try:
            try:
                connection.send_bytes(marshal.dumps((str(path), raw)))
            except OSError:
                data = None  # the process has died meanwhile
            else:
                data = await asyncio.to_thread(_receive, connection)
            if data is not None:
                result = _result(path, raw, data)
                if store and result is not None and not isinstance(result, tuple):
                    self._storing = asyncio.create_task(asyncio.to_thread(_store, path, raw, data))
                return result
            if self._process is not process:
                raise asyncio.CancelledError  # ended by a newer check
            from ..model.diagnostics import Diagnostic

            process.join(timeout=1)
            message = f"the check stopped unexpectedly (exit code {process.exitcode}); save and run `twitchtree check`"
            return (Diagnostic(str(path), 1, 1, "error", message),)
        finally:
            connection.close()
            if self._process is process:
                # Done: the process exits by itself (multiprocessing reaps it at the next start);
                # waiting here for it to end would hold up showing the result.
                self._process = None

    _closed = False
    _starting: asyncio.Task[None] | None = None
    _storing: asyncio.Task[None] | None = None

    def cancel(self) -> None:
        """End the running check, if any."""
        process, self._process = self._process, None
        if process is not None and process.pid is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=1)

    def close(self) -> None:
        """End the running check and the spare process: no more checks will come."""
        self._closed = True
        self.cancel()
        if self._spare is not None:
            process, connection = self._spare
            self._spare = None
            connection.close()  # the spare process sees the end of its pipe and exits
            process.join(timeout=1)
            if process.is_alive():
                process.kill()


def _store(path: Path, raw: bytes, data: bytes) -> None:
    """Keep the tree a check sent (``data``) in the tree cache, as the entry for ``raw`` at ``path``."""
    from ..model import cache
    from ..model.load import entry_key

    cache.store_packed(entry_key(path, raw, str(path)), data[1:])


def _receive(connection: Connection) -> bytes | None:
    try:
        return connection.recv_bytes()
    except (EOFError, OSError):  # the process was ended, or died
        return None
