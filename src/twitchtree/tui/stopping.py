"""Stopping on a signal as on a quit: unsaved text rescued first, then the terminal restored.

A closed terminal window or a dropped ssh session (SIGHUP), ``kill`` or a
service manager (SIGTERM), and ``kill -INT`` (ctrl+c is a key in the app, not a
signal) would otherwise end the process at once: the editor's buffer lost, and
the terminal left in the alternate screen with mouse reporting on.

Instead the signal is handled in the event loop: the unsaved text, if any, is
written to a recovery file exactly as a crash writes it, and the app exits
through its own exit path, which restores the terminal. Then one line on
stderr says where the text is, and the exit status is the shell's for a
signal, 128 + its number (143 for SIGTERM). A second signal, or an exit that
has not finished after :data:`GRACE` seconds, ends the process at once: the
text is safe by then. After a hangup the terminal is gone, and what cannot be
written to it is left unwritten.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from typing import Any, Protocol


class Stoppable(Protocol):
    """What a signal needs of an app (``TwitchtreeApp``): its unsaved work rescued, and its own exit."""

    stopper: Stopper | None

    @property
    def return_code(self) -> int | None: ...

    def rescue_unsaved_work(self) -> str: ...

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...

    def run(self) -> Any: ...


SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
GRACE = 5.0
"""Seconds the app has to exit after a signal before the process ends without it."""


class Stopper:
    """Turns the first of :data:`SIGNALS` into an orderly exit of ``app``, and a second one into an immediate one."""

    def __init__(self, app: Stoppable) -> None:
        self.app = app
        self.signum: int | None = None
        """The signal that stopped the app, once one has come."""
        self.rescued = ""
        """The sentence that says where the unsaved text went ("" when there was none)."""
        self.watchdog: threading.Timer | None = None

    @property
    def status(self) -> int:
        """The exit status: 128 + the signal's number, as a shell reports a process a signal ended."""
        return 128 + (self.signum or 0)

    def install(self) -> None:
        """Handle :data:`SIGNALS` in the running event loop (the app's, before the terminal is taken over)."""
        loop = asyncio.get_running_loop()
        for signum in SIGNALS:
            loop.add_signal_handler(signum, self.stop, signum)

    def stop(self, signum: int) -> None:
        """Rescue the unsaved text, then ask the app to exit. Runs in the event loop."""
        if self.signum is not None:  # asked again: the text was rescued the first time
            os._exit(128 + signum)
        self.signum = signum
        self.rescued = self.app.rescue_unsaved_work()
        self.watchdog = threading.Timer(GRACE, os._exit, (self.status,))
        self.watchdog.daemon = True
        self.watchdog.start()
        self.app.exit(return_code=self.status)

    def say(self) -> None:
        """One line on stderr, if there was unsaved text: where it went (nothing when the terminal has gone)."""
        if not self.rescued or self.signum is None:
            return
        try:
            print(f"twitchtree: stopped by {signal.Signals(self.signum).name}.{self.rescued}", file=sys.stderr)
            sys.stderr.flush()
        except OSError:
            pass


def run_until_stopped(app: Stoppable) -> int:
    """Run ``app`` until it quits or a signal stops it (the app installs the handlers on load); its exit status.

    The event loop is the app's own: closing it puts the signals' default handling back.
    """
    stopper = app.stopper = Stopper(app)
    try:
        app.run()
    except OSError:
        if stopper.signum is None:
            raise
        # A hangup: the terminal went away with the signal, and restoring it failed. The text is safe.
    if stopper.signum is None:
        return app.return_code or 0
    stopper.say()
    if stopper.watchdog is not None:
        stopper.watchdog.cancel()
    return stopper.status
