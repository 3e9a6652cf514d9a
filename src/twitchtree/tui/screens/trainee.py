"""Asks who is training, when ``--trainee`` was not given (always, for a browser visitor)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...training.trainee import MAX_LENGTH, TraineeError, check_trainee

if TYPE_CHECKING:
    from textual.app import ComposeResult


class TraineeScreen(ModalScreen[str]):
    """Returns the trainee's name, checked (length, no control characters) and otherwise as typed.

    | Key | Does |
    | --- | --- |
    | enter | use this name |
    | escape | quit |
    """

    CSS_PATH = "trainee.tcss"
    BINDINGS = [Binding("escape", "app.quit", "Quit", id="trainee.quit", tooltip="Quit without training")]

    def __init__(self, default: str = "") -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="trainee-dialog") as dialog:
            dialog.border_title = "Training"
            yield Static(Content("Who is training?"), id="trainee-question")
            yield Static(
                Content("Your name is recorded with your sessions, for your trainer's report. Press enter to start."),
                id="trainee-hint",
            )
            yield Input(self.default, placeholder="Your name", max_length=MAX_LENGTH, id="trainee-name")
            yield Static(id="trainee-error")

    def on_mount(self) -> None:
        # Focus explicitly: in a browser the app starts unfocused, and then Textual's auto-focus skips new screens.
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = check_trainee(event.value)
        except TraineeError as exc:
            error = self.query_one("#trainee-error", Static)
            error.update(Content(str(exc)[:1].upper() + str(exc)[1:] + "."))
            return
        self.dismiss(name)
