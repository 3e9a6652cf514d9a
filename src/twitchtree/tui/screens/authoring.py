"""What the preview and the editor share: a walk that follows reloads, problems, status, cases.

An :class:`AuthorScreen` shows the last good tree in a :class:`WalkView`
and the problems of the latest load in a panel over it. When a reload
succeeds the walk keeps its place (see :meth:`Walk.rebase`) and the panel
clears; when it fails, the last good tree stays usable.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...model.text import printable
from ...model.walk import Walk
from ..widgets.author_status import AuthorStatus
from ..widgets.problems_panel import ProblemsPanel
from ..widgets.walk_view import WalkView
from .explorer import EXPORT, MAP, export_summary, open_map

if TYPE_CHECKING:
    from pathlib import Path

    from ...model.diagnostics import Diagnostic
    from ...model.tree import Tree


CHECKING = "Checking the tree…"
"""Where the walk will be, while the first check of the file runs (in another process: it can take seconds)."""
NOT_LOADED = "No version of this tree has loaded yet: fix the problems listed below."
"""Where the walk will be, once a check has found problems and no version has loaded."""


class AuthorScreen(Screen[None]):
    """Base of the preview and editor screens. Subclasses compose a ``#preview`` container.

    | Key | Does |
    | --- | --- |
    | m | map; enter plays from any step |
    | e | export the path as a Markdown summary |
    | n | at an outcome: record the walk as a new case |
    | c | case coverage: which outcomes the case files reach |
    """

    BINDINGS = [
        MAP,
        EXPORT,
        Binding("n", "record_case", "New case", id="record-case", tooltip="At an outcome: save this walk as a case"),
        Binding("c", "coverage", "Coverage", id="coverage", tooltip="Which outcomes the case files reach"),
    ]

    WALK_CLASSES = ""
    """CSS classes for the WalkView this screen mounts."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path = path
        self.good_tree: Tree | None = None
        """The last tree that loaded without errors."""
        self.sub_title = printable(str(path))

    @property
    def walk_view(self) -> WalkView | None:
        return self.query(WalkView).first() if self.query(WalkView) else None

    def waiting(self) -> Static:
        """What stands in for the walk until a version of the tree has loaded (see ``show_problems``)."""
        return Static(Content(CHECKING), id="waiting")

    def show_tree(self, tree: Tree, *, forget_replaced: bool = True) -> None:
        """A load succeeded: show ``tree``, keeping the walk's place, and clear the problems.

        The tree it replaces is freed after the next frame (see ``forget_replaced_trees``), unless
        ``forget_replaced`` is False: the caller still needs it, and calls that itself after.
        """
        self.good_tree = tree
        problems = self.query_one(ProblemsPanel)
        if problems.has_focus and not tree.diagnostics:
            self.set_focus(None)  # the list is about to be hidden: the walk takes the keys back (below)
        walk_view = self.walk_view
        if walk_view is None:
            preview = self.query_one("#preview", Container)
            preview.remove_children()
            walk_view = WalkView(Walk(tree), id="walk", classes=self.WALK_CLASSES)
            preview.mount(walk_view)  # it focuses its answers once mounted, if nothing else has focus
        else:
            walk_view.rebase(tree)  # which focuses the step, if nothing else has focus
            if forget_replaced:
                self.call_after_refresh(self.forget_replaced_trees)
        status = self.query_one(AuthorStatus)
        status.good_tree = tree
        status.stale = False
        status.note = f"loaded {datetime.now():%H:%M:%S}"
        problems.diagnostics = tree.diagnostics
        self.refresh_bindings()

    def forget_replaced_trees(self) -> None:
        """Free the trees replaced by reloads (see ``TwitchtreeApp.forget_replaced_trees``)."""
        forget = getattr(self.app, "forget_replaced_trees", None)
        if forget is not None:
            forget()

    def show_problems(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        """A load failed: list why, over the last good tree, which stays usable."""
        self.query_one(ProblemsPanel).diagnostics = diagnostics
        for waiting in self.query("#waiting").results(Static):
            waiting.update(Content(NOT_LOADED))
        status = self.query_one(AuthorStatus)
        errors = sum(d.is_error for d in diagnostics)
        status.stale = True
        kept = "last good tree shown" if self.good_tree is not None else "nothing to show yet"
        status.note = f"{errors:,} error{'s' * (errors != 1)} ({datetime.now():%H:%M:%S}): {kept}"
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        walk_view = self.walk_view
        if action in ("map", "export", "coverage"):
            return walk_view is not None
        if action == "record_case":
            return walk_view is not None and walk_view.walk.done  # shown only at an outcome, where 1-9 is not
        return True

    def action_map(self) -> None:
        if self.walk_view is not None:
            open_map(self.walk_view)

    def action_export(self) -> None:
        if self.walk_view is not None:
            export_summary(self.walk_view)

    def action_record_case(self) -> None:
        from ...model.authoring import default_case_file
        from .record_case import RecordCaseScreen

        walk_view = self.walk_view
        if walk_view is None or not walk_view.walk.done:
            return

        def saved(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Case added to {printable(str(path))}", title="Case recorded", markup=False)

        self.app.push_screen(RecordCaseScreen(walk_view.walk, default_case_file(walk_view.walk.tree)), saved)

    def action_coverage(self) -> None:
        from ...model.authoring import case_files_for, coverage
        from .coverage import CoverageScreen

        walk_view = self.walk_view
        if walk_view is None:
            return
        tree = walk_view.walk.tree
        files = case_files_for(tree)
        rows, problems = coverage(tree, files)
        self.app.push_screen(CoverageScreen(rows, files, problems))
