"""Record the walked path as a new case: asks for the id, the title and the patient story."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ...model.text import printable

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import ComposeResult

    from ...model.walk import Walk


class RecordCaseScreen(ModalScreen["Path | None"]):
    """Returns the case file written to, or None if cancelled.

    | Key | Does |
    | --- | --- |
    | ctrl+s | save the case |
    | escape | cancel |
    """

    CSS_PATH = "record_case.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save case", id="record.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="record.cancel"),
    ]

    def __init__(self, walk: Walk, path: Path) -> None:
        super().__init__()
        self.walk = walk
        self.path = path

    def compose(self) -> ComposeResult:
        outcome = self.walk.outcome
        with VerticalScroll(id="dialog") as dialog:
            dialog.border_title = "Record this walk as a case"
            dialog.border_subtitle = "ctrl+s saves · escape cancels"
            yield Static(
                Content(
                    f"Outcome: {outcome.title if outcome else '?'} ({outcome.urgency if outcome else '?'}), "
                    f"after {self.walk.depth} answers. The case is added to {printable(str(self.path))}."
                ),
                id="summary",
            )
            with Horizontal(id="names"):
                with Vertical(id="id-field"):
                    yield Label("Case id (a-z 0-9 - _)")
                    yield Input(placeholder="e.g. night-cramps", id="case-id")
                with Vertical(id="title-field"):
                    yield Label("Title")
                    yield Input(placeholder="e.g. Night cramps in a marathon runner", id="title")
            yield Label("Patient story, as the trainee will read it")
            yield TextArea(id="patient", soft_wrap=True, tab_behavior="focus")
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Button("Save case", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#case-id", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        from ...model.authoring import CaseError, record_case

        try:
            record_case(
                self.walk,
                self.path,
                self.query_one("#case-id", Input).value.strip(),
                self.query_one("#title", Input).value,
                self.query_one("#patient", TextArea).text,
            )
        except (CaseError, OSError) as exc:
            error = self.query_one("#error", Static)
            error.update(Content.styled(str(exc), "$error"))
            error.display = True
            return
        self.dismiss(self.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
