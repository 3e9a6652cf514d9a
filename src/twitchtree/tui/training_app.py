"""The training app: the explorer's app (themes, keymap, help) showing cases instead of a tree.

Thin on purpose: it asks who is training when nobody said, starts an
:class:`~twitchtree.training.attempt.Attempt` when a case is chosen, and
leaves the rest to the screens: the case list, the training walk and the
debrief. The command palette offers no tree, node or export commands here,
since they would show the tree to a trainee.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from .app import TwitchtreeApp
from .screens.case_list import CaseListScreen
from .screens.debrief import DebriefScreen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand
    from textual.screen import Screen

    from ..training.attempt import Clock
    from ..training.catalogue import CaseEntry, Catalogue
    from ..training.store import Store
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

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        trainee: str | None = None,
        store: Store | None = None,
        store_problem: str | None = None,
        clock: Clock = time.time,
        settings: Settings | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.trainee = trainee
        self.store = store
        self.store_problem = store_problem
        self.clock = clock
        first = catalogue.entries[0].case_file.path if catalogue.entries else None
        super().__init__(first, settings=settings, remember=False)  # type: ignore[arg-type]

    def first_screen(self) -> Screen[None]:
        return CaseListScreen(self.catalogue, self.store, self.store_problem, self.trainee)

    def on_mount(self) -> None:
        if self.store_problem:
            self.notify(
                f"{self.store_problem}. Training goes on, unrecorded.",
                title="Not recording",
                severity="error",
                timeout=12,
                markup=False,
            )
        if self.trainee is None:
            self.call_after_refresh(self._ask_trainee)

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
        self.push_screen(TrainingScreen(Attempt(entry, self.trainee, self.store, self.clock)))

    def on_case_list_screen_chosen(self, message: CaseListScreen.Chosen) -> None:
        self.start(message.entry)

    def on_debrief_screen_again(self, message: DebriefScreen.Again) -> None:
        self.pop_screen()
        self.start(message.entry)

    def get_system_commands(self, screen: Screen[None]) -> Iterable[SystemCommand]:
        # Training offers no tree, export or node commands: they would reveal or leave the case.
        from .palette import common_commands

        yield from common_commands(self, screen)
