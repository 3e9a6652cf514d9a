"""``twitchtree edit``: the TOML source beside a live preview and the list of problems.

The text is checked as you type (debounced), without saving. Choosing a
problem moves the cursor to its line. ctrl+s saves atomically, keeps the
previous version as ``FILE.bak`` beside it, and does not rewrite a file
that has not changed. Quitting with unsaved changes asks first.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Footer, Header, TextArea

from ...model.diagnostics import LoadError
from ...model.load import load_tree
from ..widgets.author_status import AuthorStatus
from ..widgets.problems_panel import ProblemsPanel
from .authoring import AuthorScreen

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import ComposeResult

CHECK_DELAY = 0.3
"""Seconds of quiet typing before the text is checked."""


class EditorScreen(AuthorScreen):
    """Edit a tree file with a live preview.

    | Key | Does |
    | --- | --- |
    | ctrl+s | save |
    | tab / shift+tab | move between the source, the preview and the problems |
    | ctrl+q | quit (asks first if there are unsaved changes) |
    """

    CSS_PATH = "editor.tcss"
    WALK_CLASSES = "-compact"
    AUTO_FOCUS = "#source"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True, tooltip="Save atomically, keeping FILE.bak"),
    ]

    def __init__(self, path: Path, text: str, **kwargs: object) -> None:
        super().__init__(path, **kwargs)
        self.saved_text = text if path.exists() else None
        """The text as it is on disk (None before the first save of a new file)."""
        self._initial_text = text

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield AuthorStatus()
        with Horizontal(id="panes"):
            editor = TextArea.code_editor(self._initial_text, language="toml", tab_behavior="focus", id="source")
            editor.border_title = self.path.name
            yield editor
            with Vertical(id="side"):
                with Container(id="preview"):
                    yield self.waiting()
                yield ProblemsPanel()
        yield Footer(compact=True)

    @property
    def source(self) -> TextArea:
        return self.query_one("#source", TextArea)

    @property
    def modified(self) -> bool:
        return self.source.text != self.saved_text

    def on_mount(self) -> None:
        self.source.focus()
        self.check_text()
        self._mark_modified()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._mark_modified()
        self.check_text()

    def _mark_modified(self) -> None:
        self.source.border_title = f"{self.path.name}{' • modified' if self.modified else ''}"

    @work(exclusive=True, group="check")
    async def check_text(self) -> None:
        """Check the editor's text as if it were saved (after a pause in typing)."""
        await asyncio.sleep(CHECK_DELAY)
        text = self.source.text
        # Only the saved text goes through the tree cache: every pause in typing would add an entry.
        saved = text == self.saved_text
        try:
            tree = await asyncio.to_thread(load_tree, self.path, raw=text.encode("utf-8"), use_cache=saved)
        except LoadError as exc:
            self.show_problems(exc.diagnostics)
        else:
            self.show_tree(tree)

    def on_problems_panel_chosen(self, message: ProblemsPanel.Chosen) -> None:
        diagnostic = message.diagnostic
        if diagnostic.path != str(self.path):
            self.notify(f"That problem is in {diagnostic.path}", markup=False)
            return
        self.source.move_cursor((diagnostic.line - 1, diagnostic.col - 1), center=True)
        self.source.focus()

    def action_save(self) -> None:
        from ...model.write import atomic_write

        text = self.source.text
        if text == self.saved_text:
            self.notify("No changes to save.", markup=False)
            return
        backup = self.path.with_name(self.path.name + ".bak")
        try:
            atomic_write(self.path, text.encode("utf-8"), backup=backup)
        except OSError as exc:
            self.notify(
                f"Could not save: {exc.strerror or exc}. The file on disk is unchanged.",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return
        had_file = self.saved_text is not None
        self.saved_text = text
        self._mark_modified()
        kept = f"; the previous version is in {backup.name}" if had_file else ""
        self.notify(f"Saved {self.path}{kept}", title="Saved", markup=False)

    def request_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        if not self.modified:
            self.app.exit()
            return
        from .confirm import ConfirmScreen

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
                if not self.modified:
                    self.app.exit()
            elif choice == "discard":
                self.app.exit()

        self.app.push_screen(
            ConfirmScreen(
                f"{self.path.name} has unsaved changes.",
                [("save", "Save and quit"), ("discard", "Quit without saving"), ("cancel", "Keep editing")],
            ),
            answer,
        )
