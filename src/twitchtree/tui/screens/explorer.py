"""The explorer: walk a tree with the keyboard, see the reasoning path and condition notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import CSSPathType
from textual.binding import Binding
from textual.screen import Screen

from ...model.text import printable
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar
from ..widgets.walk_view import WalkView

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.tree import TreeNode
    from ...model.walk import Walk

MAP = Binding("m", "map", "Map", id="map", tooltip="The whole tree, with the walked path highlighted")
EXPORT = Binding("e", "export", "Export", id="export", tooltip="Save the path as a Markdown summary")


class ExplorerScreen(Screen[None]):
    """Shows one :class:`~twitchtree.model.walk.Walk` in a :class:`WalkView`, with the map and export.

    | Key | Does |
    | --- | --- |
    | m | map of the whole tree |
    | e | export the path as a Markdown summary |
    """

    CSS_PATH: ClassVar[CSSPathType | None] = "explorer.tcss"
    AUTO_FOCUS = "#answers"
    """The answers take the focus first (not the path, which comes first on screen)."""
    BINDINGS = [MAP, EXPORT]
    BLANK = True
    """The title bar, the walk view and the footer cover the whole screen: its own rows are blank strips."""

    def __init__(self, walk: Walk, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.walk = walk
        self.sub_title = walk.tree.label

    def compose(self) -> ComposeResult:
        yield TitleBar(icon="≡")
        yield WalkView(self.walk, id="walk")
        yield KeyFooter()

    @property
    def walk_view(self) -> WalkView:
        return self.query_one(WalkView)

    def play_from(self, node_id: str) -> None:
        self.walk_view.play_from(node_id)

    def action_map(self) -> None:
        open_map(self.walk_view)

    def action_export(self) -> None:
        export_summary(self.walk_view)


def open_map(walk_view: WalkView) -> None:
    """Show the map of ``walk_view``'s tree; choosing a step plays from there."""
    from .map import MapScreen

    def play_from(node: TreeNode | None) -> None:
        if node is not None:
            walk_view.go_to(node)

    walk_view.app.push_screen(MapScreen(walk_view.walk), play_from)


def export_summary(walk_view: WalkView) -> None:
    """Save the walk as a Markdown summary in the current folder, never over an existing file."""
    from ...model.export import summary
    from ...model.write import write_new

    walk = walk_view.walk
    now = datetime.now()
    try:
        path = write_new(Path.cwd(), f"twitchtree-{walk.tree.id}-{now:%Y%m%d-%H%M}", ".md", summary(walk, now).encode())
    except OSError as exc:
        walk_view.notify(
            f"Could not save the summary: {exc.strerror or exc}", title="Export failed", severity="error", markup=False
        )
        return
    walk_view.notify(f"Saved to {printable(str(path))}", title="Summary exported", markup=False)
