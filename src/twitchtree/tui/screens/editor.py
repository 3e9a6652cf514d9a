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
from textual.widgets import TextArea

from ...model.file_version import FileVersion, decode_text, read_version
from ...model.text import printable
from ..background_check import BackgroundCheck
from ..widgets.author_status import AuthorStatus
from ..widgets.key_footer import KeyFooter
from ..widgets.problems_panel import ProblemsPanel
from ..widgets.source_editor import SourceEditor
from ..widgets.title_bar import TitleBar
from .authoring import AuthorScreen

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from textual.app import ComposeResult

CHECK_DELAY = 0.3
"""Seconds of quiet typing before the text is checked."""
CHECKING = "checking…"
DISK_POLL = 1.0
"""Seconds between looks at the file on disk, to follow changes made outside the editor."""


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
        self._disk: FileVersion | None = None
        """The version of the file on disk when it was last loaded or saved here (None: no file)."""
        in_sync = False
        try:
            found = read_version(path)
        except OSError:
            found = None
        if found is not None:
            self._disk = found[1]
            in_sync = decode_text(found[0]) == text
        self._initial_text = text
        self._saved_lines: list[str] | None = None
        """The editor's lines when they were last the text on disk (comparing lists is cheap, joining text is not)."""
        self._in_sync_at_mount = in_sync
        self._last_check: tuple[bytes, int] | None = None
        """The text of the latest finished check, and how many errors it found."""
        self._pending_toast: tuple[bytes, str] | None = None
        """A save's text and message, waiting for the check of that text to say how many errors it has."""
        self._noticed: bytes | None = None
        """The hash of the changed file on disk the user has been told about (told once per version)."""
        self._checker = BackgroundCheck()

    def compose(self) -> ComposeResult:
        yield TitleBar(icon="≡")
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
        """Whether the text differs from the file on disk, or is on disk no longer (or not yet)."""
        return self._disk is None or not self._in_sync()

    def _in_sync(self) -> bool:
        """Whether the text is what was last loaded or saved (the file may have gone since)."""
        return self._saved_lines is not None and self.source.document.lines == self._saved_lines

    def on_mount(self) -> None:
        self.source.focus()
        if self._in_sync_at_mount:
            self._saved_lines = list(self.source.document.lines)
        self.run_worker(self._checker.start(), group="check-start")  # ready by the end of the first pause
        self.check_text()
        self._mark_modified()
        self.set_interval(DISK_POLL, self.look_at_disk)

    def on_unmount(self) -> None:
        self._checker.close()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._mark_modified()
        if self._pending_toast is not None and self._pending_toast[0] != self._raw():
            self._say_saved(None)  # changed again before its check finished: the save is said without a count
        self.query_one(ProblemsPanel).checking = True
        status = self.query_one(AuthorStatus)
        if status.note != CHECKING:  # the problems panel is hidden while there are none: the status line says it
            status.note = CHECKING
        self.check_text()

    def _mark_modified(self) -> None:
        title = f"{printable(self.path.name)}{' • modified' if self.modified else ''}"
        if title != self.source.border_title:  # a new title repaints the whole editor
            self.source.border_title = title

    def _raw(self) -> bytes:
        return self.source.text.encode("utf-8", "surrogatepass")

    @work(exclusive=True, group="check")
    async def check_text(self, delay: float = CHECK_DELAY) -> None:
        """Check the editor's text as if it were saved, after a pause in typing; a newer edit ends it."""
        await asyncio.sleep(delay)
        # Never through the tree cache: every pause in typing would add an entry.
        raw = self._raw()
        result = await self._checker.check(self.path, raw)
        self.query_one(ProblemsPanel).checking = False
        if isinstance(result, tuple):
            self.show_problems(result)
        else:
            self.show_tree(result)
        self._last_check = (raw, sum(d.is_error for d in result) if isinstance(result, tuple) else 0)
        if self._pending_toast is not None and self._pending_toast[0] == raw:
            self._say_saved(self._last_check[1])
        self.call_after_refresh(self._checker.prepare)  # the next check's process, once this result is drawn

    def on_problems_panel_chosen(self, message: ProblemsPanel.Chosen) -> None:
        diagnostic = message.diagnostic
        if diagnostic.path != str(self.path):
            self.notify(f"That problem is in {printable(diagnostic.path)}", markup=False)
            return
        self.source.move_cursor((diagnostic.line - 1, diagnostic.col - 1), center=True)
        self.source.focus()

    def action_save(self) -> None:
        self.save()

    def save(self, then: Callable[[], object] | None = None) -> None:
        """Save, asking first if the file changed on disk since it was loaded or saved here; then call ``then``."""
        if not self.modified:
            self.notify("No changes to save.", markup=False)
            if then is not None:
                then()
            return
        try:
            found = read_version(self.path)
        except OSError:
            found = None  # unreadable: the write says why, if it fails too
        changed = found is not None and (self._disk is None or found[1].digest != self._disk.digest)
        if not changed:
            self._write(then)
            return
        from .confirm import ConfirmScreen

        name = printable(self.path.name)

        def answer(choice: str | None) -> None:
            if choice == "overwrite":
                self._write(then)
            elif choice == "reload":
                self.reload_from_disk()

        self.app.push_screen(
            ConfirmScreen(
                f"{name} has changed on disk since you opened or last saved it.\n\n"
                f"Overwrite: the version on disk is kept as {name}.bak.\n"
                f"Reload: your text is kept in a {name}.recovered-… file.",
                [("cancel", "Keep editing"), ("overwrite", "Overwrite"), ("reload", "Reload from disk")],
            ),
            answer,
        )

    def _write(self, then: Callable[[], object] | None = None) -> None:
        """Write the text over the file atomically, keeping the previous version as ``FILE.bak``."""
        from ...model.write import atomic_write

        text = self.source.text
        data = text.encode("utf-8")
        backup = self.path.with_name(self.path.name + ".bak")
        had_file = self.path.exists()
        try:
            atomic_write(self.path, data, backup=backup)
            status = self.path.stat()
        except OSError as exc:
            self.notify(
                f"Could not save: {exc.strerror or exc}. The file on disk is unchanged.",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return
        self._disk = FileVersion.of(data, status)
        self._saved_lines = list(self.source.document.lines)
        self._mark_modified()
        kept = f"; the previous version is in {printable(backup.name)}" if had_file else ""
        self._pending_toast = (data, kept)
        if self._last_check is not None and self._last_check[0] == data:
            self._say_saved(self._last_check[1])
        else:
            self.check_text(0)  # at once: the toast says how many errors the saved text has
        if then is not None:
            then()

    def _say_saved(self, errors: int | None) -> None:
        """The toast of the latest save, with the number of errors in what was saved (if known)."""
        if self._pending_toast is None:
            return
        kept = self._pending_toast[1]
        self._pending_toast = None
        count = f" ({errors} error{'s' * (errors != 1)})" if errors else ""
        self.notify(
            f"Saved {printable(str(self.path))}{count}{kept}",
            title="Saved with errors" if errors else "Saved",
            severity="warning" if errors else "information",
            markup=False,
        )

    def reload_from_disk(self) -> None:
        """Replace the text with the file on disk; unsaved text is first kept in a recovery file."""
        from ..recovery import write_recovery

        name = printable(self.path.name)
        try:
            found = read_version(self.path)
        except OSError as exc:
            self.notify(f"Could not read {name}: {exc.strerror or exc}", severity="error", markup=False)
            return
        text = decode_text(found[0]) if found is not None else None
        if found is None or text is None:
            self.notify(f"{name} on disk cannot be opened here; your text is unchanged.", markup=False)
            return
        kept = ""
        if self.modified:
            try:
                kept = f"; your text is in {printable(str(write_recovery(self.path, self.source.text)))}"
            except OSError as exc:
                self.notify(
                    f"Not reloaded: your text could not be kept ({exc.strerror or exc}).",
                    severity="error",
                    markup=False,
                )
                return
        self._load(text, found[1])
        self.notify(f"Reloaded {name} from disk{kept}", title="Reloaded", markup=False)

    def _load(self, text: str, version: FileVersion) -> None:
        """Make ``text`` (the file on disk, as ``version``) the editor's text: an edit that ctrl+z undoes."""
        source = self.source
        row, column = source.cursor_location
        source.replace(text, (0, 0), source.document.end, maintain_selection_offset=False)
        last = source.document.line_count - 1
        row = min(row, last)
        source.move_cursor((row, min(column, len(source.document[row]))))
        self._disk = version
        self._saved_lines = list(source.document.lines)
        self._noticed = None
        self._mark_modified()

    @work(exclusive=True, group="disk")
    async def look_at_disk(self) -> None:
        """Follow the file on disk: reload it silently when the text has no unsaved changes, else say so once."""
        name = printable(self.path.name)
        try:
            status = self.path.stat()
        except FileNotFoundError:
            if self._disk is not None:  # gone (or being replaced: a git checkout): the text is now unsaved
                self._disk = None
                self._mark_modified()
                self.notify(
                    f"{name} was deleted or moved on disk; ctrl+s writes it again.", severity="warning", markup=False
                )
            return
        except OSError:
            return
        if self._disk is not None and self._disk.looks_same(status):
            return
        try:
            found = await asyncio.to_thread(read_version, self.path)
        except OSError:
            return
        if found is None:
            return
        raw, version = found
        if self._disk is not None and version.digest == self._disk.digest:
            self._disk = version  # touched, or written again with the same bytes
            return
        text = decode_text(raw)
        if text is not None and self._in_sync():
            self._load(text, version)
            return
        if self._noticed != version.digest:
            self._noticed = version.digest
            self.notify(
                f"{name} has changed on disk. Your text is not saved; ctrl+s asks before overwriting the file.",
                title="Changed on disk",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def request_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        if not self.modified:
            self.app.exit()
            return
        from .confirm import ConfirmScreen

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.save(then=self.app.exit)
            elif choice == "discard":
                self.app.exit()

        self.app.push_screen(
            ConfirmScreen(
                f"{printable(self.path.name)} has unsaved changes.",
                [("save", "Save and quit"), ("discard", "Quit without saving"), ("cancel", "Keep editing")],
            ),
            answer,
        )
