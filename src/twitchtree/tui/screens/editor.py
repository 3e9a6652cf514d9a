"""``twitchtree edit``: the TOML source beside a live preview and the list of problems.

The text is checked as you type (debounced, in another process: see
``background_check``), without saving; the problems panel shows the latest
finished check and says so while a newer one runs. Choosing a problem moves
the cursor to its line. ctrl+s saves atomically, keeps the
previous version as ``FILE.bak`` beside it, and does not rewrite a file
that has not changed. Quitting with unsaved changes asks first.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import Header, TextArea

from ...model.text import printable
from ..background_check import BackgroundCheck
from ..widgets.author_status import AuthorStatus
from ..widgets.key_footer import KeyFooter
from ..widgets.problems_panel import ProblemsPanel
from ..widgets.source_editor import SourceEditor
from .authoring import AuthorScreen

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import ComposeResult

CHECK_DELAY = 0.3
"""Seconds of quiet typing before the text is checked."""
CHECKING = "checking…"


class EditorScreen(AuthorScreen):
    """Edit a tree file with a live preview.

    | Key | Does |
    | --- | --- |
    | ctrl+s | save |
    | tab / shift+tab | move between the source, the preview and the problems |
    | ctrl+q | quit (asks first if there are unsaved changes) |
    | f1 | help: every key |
    """

    CSS_PATH = "editor.tcss"
    WALK_CLASSES = "-compact"
    AUTO_FOCUS = "#source"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True, tooltip="Save atomically, keeping FILE.bak"),
        # Shown here: Textual's own ctrl+q is hidden. Every printable key types, so help is on F1.
        Binding("ctrl+q", "app.quit", "Quit", id="editor.quit", priority=True, tooltip="Quit; asks first if unsaved"),
        Binding(
            "tab", "app.focus_next", "Next pane", id="editor.next", tooltip="Move to the preview, then the problems"
        ),
        Binding("f1", "app.help", "Help", id="editor.help", tooltip="Every key"),
    ]
    HELP_NOTES = [
        ("shift+tab", "Move back: the problems, the preview, the source"),
        ("ctrl+z / ctrl+y", "Undo / redo"),
        ("ctrl+x / ctrl+c / ctrl+v", "Cut / copy / paste"),
        ("f6 / f7", "Select the line / select all"),
        ("ctrl+p", "Command palette: every command available here, such as the theme"),
    ]
    """Keys of the source editor that are Textual's, for the help screen."""

    def __init__(self, path: Path, text: str, **kwargs: object) -> None:
        super().__init__(path, **kwargs)
        self.saved_text = text if path.exists() else None
        """The text as it is on disk (None before the first save of a new file)."""
        self._initial_text = text
        self._saved_lines: list[str] | None = None
        """The editor's lines when they were last the saved text: comparing lists is cheap, joining the text is not."""
        self._checker = BackgroundCheck()

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield AuthorStatus()
        with Horizontal(id="panes"):
            editor = SourceEditor(self._initial_text, id="source")
            editor.border_title = self.path.name
            yield editor
            with Vertical(id="side"):
                with Container(id="preview"):
                    yield self.waiting()
                yield ProblemsPanel()
        yield KeyFooter(compact=True)

    @property
    def source(self) -> TextArea:
        return self.query_one("#source", TextArea)

    @property
    def modified(self) -> bool:
        return self._saved_lines is None or self.source.document.lines != self._saved_lines

    def on_mount(self) -> None:
        self.source.focus()
        if self.saved_text is not None and self.source.text == self.saved_text:
            self._saved_lines = list(self.source.document.lines)
        self.run_worker(self._checker.start(), group="check-start")  # ready by the end of the first pause
        self.check_text()
        self._mark_modified()

    def on_unmount(self) -> None:
        self._checker.close()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._mark_modified()
        self.query_one(ProblemsPanel).checking = True
        status = self.query_one(AuthorStatus)
        if status.note != CHECKING:  # the problems panel is hidden while there are none: the status line says it
            status.note = CHECKING
        self.check_text()

    def _mark_modified(self) -> None:
        title = f"{printable(self.path.name)}{' • modified' if self.modified else ''}"
        if title != self.source.border_title:  # a new title repaints the whole editor
            self.source.border_title = title

    @work(exclusive=True, group="check")
    async def check_text(self) -> None:
        """Check the editor's text as if it were saved, after a pause in typing; a newer edit ends it."""
        await asyncio.sleep(CHECK_DELAY)
        # Never through the tree cache: every pause in typing would add an entry.
        raw = self.source.text.encode("utf-8", "surrogatepass")
        result = await self._checker.check(self.path, raw)
        self.query_one(ProblemsPanel).checking = False
        if isinstance(result, tuple):
            self.show_problems(result)
        else:
            self.show_tree(result)
        self.call_after_refresh(self._checker.prepare)  # the next check's process, once this result is drawn

    def on_problems_panel_chosen(self, message: ProblemsPanel.Chosen) -> None:
        diagnostic = message.diagnostic
        if diagnostic.path != str(self.path):
            self.notify(f"That problem is in {printable(diagnostic.path)}", markup=False)
            return
        self.source.move_cursor((diagnostic.line - 1, diagnostic.col - 1), center=True)
        self.source.focus()

    def action_save(self) -> None:
        from ...model.write import atomic_write

        if not self.modified:
            self.notify("No changes to save.", markup=False)
            return
        text = self.source.text
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
        self._saved_lines = list(self.source.document.lines)
        self._mark_modified()
        kept = f"; the previous version is in {backup.name}" if had_file else ""
        self.notify(f"Saved {printable(str(self.path))}{kept}", title="Saved", markup=False)

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
                f"{printable(self.path.name)} has unsaved changes.",
                [("save", "Save and quit"), ("discard", "Quit without saving"), ("cancel", "Keep editing")],
            ),
            answer,
        )
