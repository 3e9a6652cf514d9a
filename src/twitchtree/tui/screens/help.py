"""The help screen: every key of the screen underneath, as it is bound now (keymap included)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import ComposeResult

_OTHER = [
    ("ctrl+p", "Command palette: every command available here, such as the theme"),
    ("tab / shift+tab", "Move between the answers, the path and the conditions"),
    ("up / down, enter", "Choose in the focused list"),
    ("mouse", "Click an answer, a past step or a condition"),
]


class HelpScreen(ModalScreen[None]):
    """Lists every key. Built from the underlying screen's active bindings, so remapped keys show as remapped."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape closes"
            with Grid(id="keys"):
                for key, description in [*self.keys, *_OTHER]:
                    yield Static(Content(key), classes="key")
                    yield Static(Content(description), classes="description")
            yield Static(
                Content(
                    "twitchtree is educational software, not a diagnostic device. "
                    "Keys can be remapped in the [keymap] table of your config file."
                ),
                id="about",
            )

    def action_close(self) -> None:
        self.dismiss(None)
