"""A visitor's error output on the operator's terminal: escaped, a line at a time, bounded in length and rate.

textual-serve keeps all that a visitor's process writes to stderr in memory
and, when the process ends, writes it raw to the server's stdout: a process
that floods stderr grows the server without bound, and escape sequences in
it reach the operator's terminal. ``serve`` takes the stream away from
textual-serve (:func:`.serve_compat.take_stderr`) and reads it here:

- each line becomes one log line (``visitor 3: …``), escaped by the one
  escaping function, ``model.text.printable``, and cut at ``MAX_LINE``
  characters; a line is never held longer than that in memory, however
  long it runs without a newline;
- ``BURST`` lines may come at once, then ``PER_SECOND``; lines past that are
  counted, not shown, and the count is logged when lines may be shown again,
  and when the stream ends;
- while lines are being dropped the stream is read at most ``CHUNK`` bytes
  per ``PAUSE``, so a process that floods its output is slowed down (its
  writes wait), not the server.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from ..model.text import printable

MAX_LINE = 400
"""Characters of one line shown (escapes included); the rest is counted."""
BURST = 20
"""Lines that may be shown at once."""
PER_SECOND = 1.0
"""Lines a second that may be shown once the burst is spent."""
CHUNK = 64 * 1024
PAUSE = 0.01
"""Seconds to wait after each chunk read while lines are being dropped: at most about 6 MB a second."""


class Budget:
    """How many lines may be shown now: ``burst`` at once, refilled at ``per_second``."""

    def __init__(self, burst: int = BURST, per_second: float = PER_SECOND, clock: Callable[[], float] = time.monotonic):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self.tokens = float(burst)
        self.when = clock()

    def available(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.when) * self.per_second)
        self.when = now
        return self.tokens >= 1

    def take(self) -> bool:
        if not self.available():
            return False
        self.tokens -= 1
        return True


class ErrorOutput:
    """Turns the bytes of a stream into at most ``budget``'s lines, each passed to ``emit`` escaped and cut."""

    def __init__(self, emit: Callable[[str], None], budget: Budget | None = None) -> None:
        self.emit = emit
        self.budget = budget or Budget()
        self.line = bytearray()
        """The line read so far, at most ``4 * MAX_LINE`` bytes of it."""
        self.cut = 0
        """Bytes of the current line past what is kept."""
        self.hidden = 0
        """Lines not shown since the last one that was."""

    def feed(self, chunk: bytes) -> None:
        """Take the next bytes of the stream; every line they finish is shown or counted."""
        *finished, rest = chunk.split(b"\n")
        if finished and not self.budget.available():
            self.hidden += len(finished)  # nothing of them is looked at
            self.line.clear()
            self.cut = 0
        else:
            for part in finished:
                self._add(part)
                self._end_line()
        self._add(rest)

    def close(self) -> None:
        """The stream ended: show the last line (if it had no newline) and say how many were not shown."""
        if self.line or self.cut:
            self._end_line()
        if self.hidden:
            self._say_hidden()

    @property
    def dropping(self) -> bool:
        """Whether lines are being dropped now (so the reader may slow down)."""
        return self.hidden > 0 and not self.budget.available()

    def _add(self, part: bytes) -> None:
        room = 4 * MAX_LINE - len(self.line)
        self.line += part[:room]
        self.cut += max(0, len(part) - room)

    def _end_line(self) -> None:
        raw, cut = bytes(self.line), self.cut
        self.line.clear()
        self.cut = 0
        if not self.budget.take():
            self.hidden += 1
            return
        if self.hidden:
            self._say_hidden()
        text = printable(raw.decode("utf-8", "surrogateescape").rstrip("\r"))
        if len(text) > MAX_LINE or cut:
            text = f"{text[:MAX_LINE]}… (line cut)"
        self.emit(text)

    def _say_hidden(self) -> None:
        count, self.hidden = self.hidden, 0
        self.emit(f"({count} more {'line' if count == 1 else 'lines'} of error output not shown)")


async def relay(stream: asyncio.StreamReader, emit: Callable[[str], None], budget: Budget | None = None) -> None:
    """Read ``stream`` to its end, passing its lines to ``emit`` as :class:`ErrorOutput` allows."""
    output = ErrorOutput(emit, budget)
    try:
        while chunk := await stream.read(CHUNK):
            output.feed(chunk)
            if output.dropping:
                await asyncio.sleep(PAUSE)
    except ConnectionError:
        pass
    finally:
        output.close()
