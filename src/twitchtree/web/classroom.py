"""The classroom server: textual-serve's ``Server``, locked down, with one process per visitor.

What is textual-serve's and used as it is: the page handler and template
(see :mod:`.page`), the static files, the download handler, and
``AppService``, which runs a visitor's process and speaks Textual's web
driver protocol with it. What this module adds:

- the aiohttp application is assembled here, so that every request passes
  the :func:`.guard.guard` middleware (host, origin, access code, room,
  security headers), and ``/static/`` lists no folder;
- the WebSocket handler checks each message: sizes are clamped to
  ``MAX_WIDTH`` × ``MAX_HEIGHT``, anything that is not one of the page's
  messages ends the visit, and writing to a process that has stopped
  reading gives up after ``STUCK`` seconds;
- a visitor's process is ended within seconds of the visitor leaving:
  asked to quit, then killed (SIGKILL) if it has not gone ``GRACE`` seconds
  later, which a process blocked writing to its output pipe never would;
- what a visitor's process writes to stderr (a crash's one line, say) is
  logged a line at a time, escaped, cut and rate-limited
  (:mod:`.error_output`), never kept in memory or written raw;
- the log is one line per event, without tracebacks or locals.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import time
from functools import partial
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from .error_output import relay
from .guard import AccessLog, Policy, guard
from .serve_compat import process_of, take_stderr

if TYPE_CHECKING:
    import aiohttp_jinja2  # noqa: F401

log = logging.getLogger("twitchtree.serve")

MAX_WIDTH, MAX_HEIGHT = 500, 200
"""The largest terminal a visitor may ask for: a 4K screen at a small font is about 480 × 135."""
MIN_WIDTH, MIN_HEIGHT = 10, 4
GRACE = 2.0
"""Seconds a visitor's process has to quit by itself before it is killed."""
STUCK = 5.0
"""Seconds a write to a visitor's process may wait before the process counts as stuck."""
MAX_MESSAGE = 64 * 1024
"""The largest WebSocket message a visitor may send (a paste); keys and sizes are a few bytes."""


def clamp(width: object, height: object) -> tuple[int, int]:
    """A terminal size within bounds; anything that is not a whole number counts as 80 × 24."""

    def whole(value: object, default: int) -> int:
        if isinstance(value, bool):
            return default
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().isdigit() and len(value) < 8:
            return int(value)
        return default

    return (
        max(MIN_WIDTH, min(MAX_WIDTH, whole(width, 80))),
        max(MIN_HEIGHT, min(MAX_HEIGHT, whole(height, 24))),
    )


async def _close(websocket: web.WebSocketResponse) -> None:
    """Close a visitor's connection (what textual-serve's service calls when their process ends)."""
    await websocket.close()


class VisitorService(AppService):
    """One visitor's process: sizes clamped, error output logged safely, and an end that never waits for long."""

    number = 0
    """Which visitor this is, for the log."""
    error_relay: asyncio.Task[None] | None = None

    async def run(self) -> None:
        """textual-serve's relay of the process's screen, with its stderr read by :mod:`.error_output` instead."""
        stderr = take_stderr(self)
        if stderr is not None:
            self.error_relay = asyncio.create_task(relay(stderr, self._log_error))
        await super().run()

    def _log_error(self, line: str) -> None:
        log.warning("visitor %d: %s", self.number, line)

    async def set_terminal_size(self, width: object, height: object) -> None:
        """Any size the page sends, within bounds (see :func:`clamp`)."""
        await super().set_terminal_size(*clamp(width, height))

    async def end(self) -> str:
        """Ask the process to quit; kill it if it has not within ``GRACE`` seconds. Says how it ended."""
        process = process_of(self)
        if process is None:
            return "never started"
        if process.returncode is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), 0.5)
            try:
                await asyncio.wait_for(process.wait(), GRACE)
            except TimeoutError:
                process.kill()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), 2.0)
                await self._errors_read()
                return "killed"
        await self._errors_read()
        return f"exit {process.returncode}"

    async def _errors_read(self) -> None:
        """Wait a moment for what the process wrote as it ended to be logged; then stop reading."""
        task = self.error_relay
        if task is not None:
            await asyncio.wait({task}, timeout=1.0)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


class ClassroomServer(Server):
    """``Server`` with the guard in front of every request and visitors' processes kept in hand."""

    def __init__(
        self, command: str, *, policy: Policy, host: str, port: int, title: str, environment: dict[str, str]
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.policy = policy
        self.environment = environment
        """Set in this process when serving starts; the visitors' processes inherit it."""
        self.visitors: dict[int, VisitorService] = {}
        self.socket: socket.socket | None = None
        """Bound by :meth:`listen` before the address is shared; :meth:`serve` listens on it."""
        self._next = 0

    # -- the application -----------------------------------------------------------

    def application(self) -> web.Application:
        import aiohttp_jinja2
        import jinja2

        from .page import template

        app = web.Application(middlewares=[guard(self.policy, lambda: len(self.visitors))], client_max_size=4096)
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": template()}))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    def initialize_logging(self) -> None:
        """One line per event, on stderr: no Rich tracebacks, no locals, control characters escaped."""
        handler = logging.StreamHandler()
        handler.setFormatter(OneLine("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(logging.INFO)

    def listen(self) -> None:
        """Bind the listening socket now: a busy port fails here (OSError), before the address is shared."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        self.socket = socket.create_server((self.host.strip("[]"), self.port), family=family)

    def serve(self, debug: bool = False) -> None:
        """Serve until interrupted (ctrl+c or SIGTERM); every visitor's process ends with the server."""
        import os

        if self.socket is None:
            self.listen()
        os.environ.update(self.environment)
        self.initialize_logging()
        web.run_app(
            self.application(), sock=self.socket, print=None, access_log_class=AccessLog, shutdown_timeout=GRACE + 3
        )

    async def handle_index(self, request: web.Request) -> Any:
        # Links in the page follow the address the visitor used (the bind address may be 0.0.0.0),
        # or the public address a reverse proxy serves (https there, so the socket is wss://).
        self.public_url = self.policy.public_url or f"{request.scheme}://{request.host}"
        response = await super().handle_index(request)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(service.end() for service in list(self.visitors.values())))

    # -- one visitor ---------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start the visitor's process, pass their keys and sizes on, and end the process when they leave."""
        width, height = clamp(request.query.get("width"), request.query.get("height"))
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        self._next += 1
        number, began = self._next, time.monotonic()
        service = VisitorService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=partial(_close, websocket),
            download_manager=self.download_manager,
        )
        service.number = number
        self.visitors[number] = service  # counted before the first await: the room check stays true
        how = "never started"
        try:
            await websocket.prepare(request)
            await service.start(width, height)
            log.info("visitor %d from %s joined (%d of %d)", number, request.remote, len(self.visitors),
                     self.policy.max_trainees)  # fmt: skip
            await self._relay(number, websocket, service)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                await self.download_manager.cancel_app_downloads(app_service_id=service.app_service_id)
            how = await service.end()
            del self.visitors[number]
            if not websocket.closed:
                with contextlib.suppress(Exception):
                    await websocket.close()
            log.info("visitor %d left after %.0f s; their process ended (%s)", number, time.monotonic() - began, how)
        return websocket

    async def _relay(self, number: int, websocket: web.WebSocketResponse, service: VisitorService) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                envelope = None
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                log.warning("visitor %d sent a message that is not the page's; disconnected", number)
                return
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            try:
                if kind == "stdin" and isinstance(data, str):
                    await asyncio.wait_for(service.send_bytes(data.encode("utf-8", "replace")), STUCK)
                elif kind == "resize" and isinstance(data, dict):
                    await asyncio.wait_for(service.set_terminal_size(data.get("width"), data.get("height")), STUCK)
                elif kind == "ping" and isinstance(data, str) and len(data) <= 32:
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await asyncio.wait_for(service.blur(), STUCK)
                elif kind == "focus":
                    await asyncio.wait_for(service.focus(), STUCK)
            except TimeoutError:
                log.warning("visitor %d: their process stopped reading; ending it", number)
                return


class OneLine(logging.Formatter):
    """A record on one line: an exception becomes its type and message, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        from ..model.text import printable

        exc = record.exc_info[1] if record.exc_info else None
        plain = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None, "stack_info": None})
        line = super().format(plain)
        if exc is not None:
            line += f": {type(exc).__name__}: {exc}"
        return printable(line)
