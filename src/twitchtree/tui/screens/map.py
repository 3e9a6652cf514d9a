"""The map: the whole tree in a Textual Tree, with the walked path highlighted.

Children are added only when a branch is expanded, so a 10,000-node tree
opens at once. Choosing a step plays the walk from there, with the path to
it filled in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, Tree

from ..widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from rich.style import Style
    from textual.app import ComposeResult
    from textual.visual import Visual
    from textual.widgets.tree import TreeNode as MapNode

    from ...model.tree import TreeNode
    from ...model.walk import Walk

MAX_OPEN_STEPS = 100
"""The map opens at most this many steps above the current one: Textual's Tree lays out
open branches recursively, so a path 1,000 steps deep would pass Python's recursion limit."""

_URGENCY_STYLE = {
    "emergency": "bold red",
    "urgent": "bold dark_orange",
    "soon": "bold yellow",
    "routine": "bold blue",
    "self-care": "bold green",
}


class MapScreen(ModalScreen["TreeNode | None"]):
    """Returns the step the user chose to play from, or None.

    | Key | Does |
    | --- | --- |
    | up / down | move |
    | space, right / left | open / close a branch |
    | enter | play from this step |
    | escape, m, q | close the map |
    | ? | help: these keys |
    """

    CSS_PATH = "map.tcss"
    BINDINGS = [
        # A priority binding, ahead of the Tree's own (hidden) enter, so that the footer shows it.
        Binding("enter", "play", "Play from here", id="map.play", priority=True),
        Binding("escape,m,q", "close", "Close", id="map.close"),
        # Ahead of the tree's own left/right, which scroll sideways when lines are long: the line
        # under the tree shows the highlighted step in full instead.
        Binding("left", "collapse", "Close branch", key_display="←", id="map.collapse", priority=True),
        Binding("right", "expand", "Open branch", key_display="→", id="map.expand", priority=True),
        # The app's ? is not heard under a modal screen.
        Binding("question_mark", "app.help", "Help", id="map.help", tooltip="Every key"),
    ]
    HELP_NOTES = [
        ("up / down", "Move between steps"),
        ("space", "Open or close a branch"),
        ("ctrl+p", "Command palette"),
    ]
    """Keys of the map that are Textual's, for the help screen."""

    def __init__(self, walk: Walk) -> None:
        super().__init__()
        self.walk = walk
        self._on_path = {id(node) for node in walk.path}
        self._top = max(0, len(walk.path) - 1 - MAX_OPEN_STEPS)
        """Depth of the step the map starts from: the start, unless the walk is very deep."""

    def compose(self) -> ComposeResult:
        root = self.walk.path[self._top]
        tree: Tree[TreeNode] = MapTree(self._label(root), data=root, id="map")
        tree.auto_expand = False
        start = f" · from step {self._top + 1:,}" if self._top else ""
        tree.border_title = Content(f"Map · {self.walk.tree.label}{start} · enter plays from the chosen step")
        yield tree
        # The highlighted step in full (long lines end in "…" in the tree); it opens on the current step.
        yield StepDetail(_detail(self.walk.node), id="map-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        target: MapNode[TreeNode] = tree.root
        self._load(target)
        target.expand()
        for node in self.walk.path[self._top + 1 :]:
            target = next(child for child in target.children if child.data is node)
            self._load(target)
            target.expand()
        tree.focus()
        self.call_after_refresh(tree.move_cursor, target)

    def _load(self, map_node: MapNode[TreeNode]) -> None:
        """Add a branch's children the first time it is opened."""
        if map_node.children or map_node.data is None:
            return
        for child in map_node.data.children:
            map_node.add(self._label(child), data=child, allow_expand=not child.is_outcome)

    def _label(self, node: TreeNode) -> Text:
        on_path = id(node) in self._on_path
        label = Text()
        if node is self.walk.node:
            label.append("◆ ", style="bold reverse")
        elif on_path:
            label.append("● ", style="bold")
        if node.via is not None:
            label.append(f"{node.via.label} → ", style="italic")
        if node.outcome is not None:
            label.append(f"[{node.outcome.urgency}] ", style=_URGENCY_STYLE[node.outcome.urgency])
            label.append(node.outcome.title)
        elif node.question is not None:
            if node.question.screens:
                label.append(f"[screens {node.question.screens}] ", style="bold")
            label.append(node.question.text)
        if on_path:
            label.stylize("bold underline")
        return label

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[TreeNode]) -> None:
        if event.node.data is not None:
            self.query_one(StepDetail).update(_detail(event.node.data))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[TreeNode]) -> None:
        self._load(event.node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[TreeNode]) -> None:
        event.stop()
        self.dismiss(event.node.data)

    def action_expand(self) -> None:
        node = self.query_one(Tree).cursor_node
        if node is not None and node.allow_expand:
            node.expand()

    def action_collapse(self) -> None:
        tree = self.query_one(Tree)
        node = tree.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None:
            tree.move_cursor(node.parent)

    def action_play(self) -> None:
        node = self.query_one(Tree).cursor_node
        if node is not None:
            self.dismiss(node.data)

    def action_close(self) -> None:
        self.dismiss(None)


def _detail(node: TreeNode) -> Content:
    """A step in full, as the line under the map shows it."""
    outcome = node.outcome
    question = node.question
    if outcome is not None:
        text = f"{outcome.urgency_words}. {outcome.title}"
    else:
        screens = f"[screens {question.screens}] " if question is not None and question.screens else ""
        text = screens + node.spec.text
    via = f"{node.via.label} → " if node.via is not None else ""
    return Content(f"{via}{text}")


class MapTree(Tree["TreeNode"]):
    """The tree of steps; a label longer than the map is wide ends in "…" instead of running off the edge."""

    def render_label(self, node: MapNode[TreeNode], base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        width = self.scrollable_content_region.width
        if width <= 0:
            return label  # not laid out yet: a resize builds the lines again
        depth = 0
        parent = node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        label.truncate(max(1, width - depth * self.guide_depth), overflow="ellipsis")
        return label


class StepDetail(Static):
    """Text wrapped to at most ``MAX_LINES`` lines; cut text ends in "…"."""

    MAX_LINES = 4

    def render(self) -> Visual:
        content = self.visual
        width = self.content_size.width
        if not isinstance(content, Content) or width <= 1:
            return content
        lines = content.wrap(width)
        if len(lines) <= self.MAX_LINES:
            return content
        last = lines[self.MAX_LINES - 1].rstrip().truncate(width - 1)
        return Content("\n").join([*lines[: self.MAX_LINES - 1], last + "…"])
