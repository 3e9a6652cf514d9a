"""The author's status line: questions, outcomes, unreachable nodes and paths to an outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

if TYPE_CHECKING:
    from ...model.tree import Tree


class AuthorStatus(Static):
    """One line about the loaded tree, and about the last reload; cut, it ends in "…"."""

    DEFAULT_CSS = """
    AuthorStatus {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &.-stale { background: $error 30%; color: $text; }
    }
    """

    good_tree: reactive[Tree | None] = reactive(None)
    """The last good tree."""
    note: reactive[str] = reactive("")
    """What happened last, e.g. "reloaded 12:03:04" or "3 errors: showing the last good tree"."""
    stale: reactive[bool] = reactive(False)
    """True while the file on disk (or the editor's text) has errors."""

    def render(self) -> Content:
        tree = self.good_tree
        self.set_class(self.stale, "-stale")
        if tree is None or tree.stats is None:
            return Content(self.note)
        stats = tree.stats
        warnings = len(tree.diagnostics)
        parts = [
            f"{stats.questions:,} questions",
            f"{stats.outcomes:,} outcomes",
            f"{stats.unreachable:,} unreachable",
            f"{stats.paths:,} paths to an outcome",
            f"{warnings:,} warning{'s' * (warnings != 1)}",
        ]
        line = Content(" · ".join(parts))
        # The note first: on a narrow terminal it is what must not be cut off.
        return Content.assemble((self.note, "bold"), " · ", line) if self.note else line
