"""The explorer: walk a tree with the keyboard, see the reasoning path and condition notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from ..widgets.walk_view import WalkView

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.tree import TreeNode
    from ...model.walk import Walk


class ExplorerScreen(Screen[None]):
    """Shows one :class:`~twitchtree.model.walk.Walk` in a :class:`WalkView`, with the map and export.

    | Key | Does |
    | --- | --- |
    | m | map of the whole tree |
    | e | export the path as a Markdown summary |
    """

    CSS_PATH = "explorer.tcss"
    BINDINGS = [
        Binding("m", "map", "Map", id="map", tooltip="The whole tree, with the walked path highlighted"),
        Binding("e", "export", "Export", id="export", tooltip="Save the path as a Markdown summary"),
    ]

    def __init__(self, walk: Walk, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.walk = walk
        self.sub_title = walk.tree.label

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield WalkView(self.walk, id="walk")
        yield Footer()

    @property
    def walk_view(self) -> WalkView:
        return self.query_one(WalkView)

    def show_walk(self) -> None:
        """Show the walk's current node; call after changing the walk from outside."""
        self.walk_view.show_walk()

    def play_from(self, node_id: str) -> None:
        self.walk_view.play_from(node_id)

    def action_map(self) -> None:
        from .map import MapScreen

        def play_from(node: TreeNode | None) -> None:
            if node is not None:
                self.walk_view.go_to(node)

        self.app.push_screen(MapScreen(self.walk), play_from)

    def action_export(self) -> None:
        from ...model.export import summary
        from ...model.write import write_new

        now = datetime.now()
        text = summary(self.walk, now)
        try:
            path = write_new(Path.cwd(), f"twitchtree-{self.walk.tree.id}-{now:%Y%m%d-%H%M}", ".md", text.encode())
        except OSError as exc:
            self.notify(f"Could not save the summary: {exc.strerror or exc}", title="Export failed", severity="error", markup=False)
            return
        self.notify(f"Saved to {path}", title="Summary exported", markup=False)
