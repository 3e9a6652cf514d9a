"""The training app: the explorer's app (themes, keymap, help) showing cases instead of a tree.

Thin on purpose: it asks who is training when nobody said, starts an
:class:`~twitchtree.training.attempt.Attempt` when a case is chosen, says
when recording is delayed, resumes or stops, and leaves the rest to the
screens: the case list, the training walk and the debrief. The command
palette offers no tree, node or export commands here, since they would show
the tree to a trainee.

A browser visitor (``visitor=True``, set by ``serve``) changes none of the
operator's files: a theme chosen in the palette lasts for that visit only,
and a crash writes no ``crash.log``: its details go, on one line, to the
process's error output, which ``serve`` logs escaped and bounded.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.message import Message

from .app import TwitchtreeApp
from .screens.case_list import CaseListScreen
from .screens.debrief import DebriefScreen

if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import TracebackType

    from textual.app import SystemCommand
    from textual.screen import Screen

    from ..training.attempt import Clock
    from ..training.catalogue import CaseEntry, Catalogue
    from ..training.recorder import Recorder
    from .settings import Settings


class TrainingApp(TwitchtreeApp):
    """Practise on cases, with a debrief after each.

    | Key | Does |
    | --- | --- |
    | ? | help: every key |
    | q | quit |
    | ctrl+p | command palette |
    """

    TITLE = "twitchtree"

    class RecordingChanged(Message):
        """The recorder's state changed (posted from its thread)."""

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        trainee: str | None = None,
        recorder: Recorder | None = None,
        store_problem: str | None = None,
        clock: Clock = time.time,
        settings: Settings | None = None,
        visitor: bool = False,
    ) -> None:
        self.catalogue = catalogue
        self.trainee = trainee
        self.recorder = recorder
        self.store_problem = store_problem
        self.clock = clock
        self.visitor = visitor
        first = catalogue.entries[0].case_file.path if catalogue.entries else None
        super().__init__(first, settings=settings, remember=False)  # type: ignore[arg-type]  # never read: first_screen is the case list
        if recorder is not None:
            recorder.listener = lambda: self.post_message(self.RecordingChanged())
        self._recording_shown = recorder.state if recorder is not None else "off"

    def first_screen(self) -> Screen[None]:
        return CaseListScreen(self.catalogue, self.recorder, self.store_problem, self.trainee)

    def on_mount(self) -> None:
        if self.recorder is None:
            self.notify(
                f"{self.store_problem or 'No session database'}. Training goes on, unrecorded.",
                title="Not recording",
                severity="error",
                timeout=12,
                markup=False,
            )
        else:
            self.on_training_app_recording_changed()
        if self.trainee is None:
            self.call_after_refresh(self._ask_trainee)

    def on_training_app_recording_changed(self, message: RecordingChanged | None = None) -> None:
        """Say so when recording is delayed, catches up, or stops; the case list's status line follows."""
        recorder = self.recorder
        if recorder is None:
            return
        state, before = recorder.state, self._recording_shown
        self._recording_shown = state
        for screen in self.screen_stack:
            if isinstance(screen, CaseListScreen | DebriefScreen) and screen.is_mounted:
                screen.recording_changed()
        if state == before and message is not None:
            return
        if state == "delayed":
            self.notify(
                f"{recorder.detail or 'The session database is busy'}. Your answers are kept here and saved "
                "as soon as it answers again; training goes on.",
                title="Recording delayed",
                severity="warning",
                timeout=3600,
                markup=False,
            )
        elif state == "off":
            self.clear_notifications()
            self.notify(
                f"{recorder.problem}. Training goes on, unrecorded.",
                title="Not recording",
                severity="error",
                timeout=12,
                markup=False,
            )
        elif before == "delayed":
            self.clear_notifications()
            self.notify("Every answer so far is saved.", title="Recording again", timeout=4, markup=False)

    @property
    def remembers_theme(self) -> bool:
        """A visitor's theme lasts for the visit: the operator's config is not a visitor's."""
        return not self.visitor

    def report_crash(self, summary: str, details: str, rescued: str) -> None:
        if not self.visitor:
            super().report_crash(summary, details, rescued)
            return
        import sys

        from ..model.text import printable
        from . import compat

        # Nothing goes into the operator's data folder: one line on stderr, which serve logs (escaped, bounded).
        _, error, trace = sys.exc_info()
        if error is not None:
            summary = f"{type(error).__name__}: {error}"  # the whole message, which printable keeps on one line
        line = f"twitchtree: internal error: {summary} (at {_where(trace)}). Please report it."
        stream = sys.__stderr__
        if stream is not None:
            try:
                stream.write(printable(line) + "\n")
                stream.flush()
            except (OSError, ValueError):
                pass
        compat.exit_with_message(self, None, return_code=1)

    def _ask_trainee(self) -> None:
        from ..training.trainee import default_trainee
        from .screens.trainee import TraineeScreen

        # A browser visitor is not the server's user, so only a terminal gets the login name as default.
        self.push_screen(TraineeScreen("" if self.is_web else default_trainee()), self._set_trainee)

    def _set_trainee(self, name: str | None) -> None:
        if name is None:
            return
        self.trainee = name
        self._case_list().trainee = name

    def _case_list(self) -> CaseListScreen:
        """The case list: the bottom of the screen stack."""
        screen = self.screen_stack[0]
        assert isinstance(screen, CaseListScreen)
        return screen

    def start(self, entry: CaseEntry) -> None:
        from ..training.attempt import Attempt
        from .screens.training import TrainingScreen

        if self.trainee is None:
            self._ask_trainee()
            return
        self.push_screen(TrainingScreen(Attempt(entry, self.trainee, self.recorder, self.clock)))

    def on_case_list_screen_chosen(self, message: CaseListScreen.Chosen) -> None:
        self.start(message.entry)

    def on_debrief_screen_again(self, message: DebriefScreen.Again) -> None:
        self.pop_screen()
        self.start(message.entry)

    def get_system_commands(self, screen: Screen[None]) -> Iterable[SystemCommand]:
        # Training offers no tree, export or node commands: they would reveal or leave the case.
        from .palette import common_commands

        yield from common_commands(self, screen)


def _where(trace: TracebackType | None, frames: int = 3) -> str:
    """The innermost ``frames`` places of a traceback, innermost first: ``twitchtree/tui/app.py:12 in run``."""
    import traceback
    from pathlib import PurePath

    def short(filename: str) -> str:
        parts = PurePath(filename).parts
        for i in range(len(parts) - 1, -1, -1):
            if parts[i] in ("twitchtree", "textual", "rich") and i < len(parts) - 1:
                return "/".join(parts[i:])
        return PurePath(filename).name

    found = traceback.extract_tb(trace)[-frames:]
    return " < ".join(f"{short(f.filename)}:{f.lineno} in {f.name}" for f in reversed(found)) or "unknown place"
