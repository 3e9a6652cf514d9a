"""The help screen: every key of the screen underneath, as it is bound now (keymap included)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult

WALK_NOTES = [
    ("ctrl+p", "Command palette: every command available here, such as the theme"),
    ("tab / shift+tab", "Move between the answers, the path and the conditions"),
    ("up / down, enter", "Choose in the focused list"),
    ("page up / page down, home / end", "Scroll the outcome, once it has the focus"),
    ("mouse", "Click an answer, a past step or a condition"),
]
"""Keys that are not twitchtree's own bindings, for the screens that show a walk.

A screen lists others in its ``HELP_NOTES`` (the map and the editor do)."""


class HelpScreen(ModalScreen[None]):
    """Lists every key. Built from the underlying screen's active bindings, so remapped keys show as remapped."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, keys: list[tuple[str, str]], notes: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.keys = keys
        self.notes = WALK_NOTES if notes is None else notes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape closes"
            with Grid(id="keys"):
                for key, description in [*self.keys, *self.notes]:
                    yield Static(Content(key), classes="key")
                    yield Static(Content(description), classes="description")
            yield Static(
                Content(
                    "twitchtree is educational software, not a diagnostic device. "
                    "Keys can be remapped in the [keymap] table of your config file."
                ),
                id="about",
            )
        yield KeyFooter()  # this screen's keys, not those of the screen underneath

    def action_close(self) -> None:
        self.dismiss(None)
