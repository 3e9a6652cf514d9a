"""A question with a few buttons, e.g. "Quit without saving?"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult


class ConfirmScreen(ModalScreen[str | None]):
    """Returns the id of the button pressed, or None on escape.

    | Key | Does |
    | --- | --- |
    | escape | cancel |
    | tab, arrows, enter | choose a button |
    """

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str, choices: list[tuple[str, str]], focus: str | None = None) -> None:
        """``choices`` are (id, label) pairs; the one whose id is ``focus`` (default the first) is focused."""
        super().__init__()
        self.question = question
        self.choices = choices
        self.focus_id = focus if focus is not None else choices[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.question), id="question")
            with Horizontal(id="buttons"):
                for choice_id, label in self.choices:
                    primary = choice_id == self.focus_id
                    yield Button(Content(label), id=choice_id, variant="primary" if primary else "default")
        yield KeyFooter()  # this question's keys, not those of the screen underneath

    def on_mount(self) -> None:
        self.query_one(f"#{self.focus_id}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
