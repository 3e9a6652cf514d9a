"""The command palette (ctrl+p): its commands, built only when the palette opens.

Titles are namespaced: "tree: open …", "export: …", "node: play from …"
(:class:`NodeCommands`, found by searching), "theme: …"; Textual's own
system commands follow (its theme picker is replaced by the "theme:"
commands). The palette reads titles and help as markup, so tree text and
file names are escaped.
"""

from __future__ import annotations

import heapq
from datetime import datetime
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.command import Hit, Hits, Provider

from .. import paths
from ..model.text import printable
from .screens.explorer import export_summary
from .settings import recent_trees
from .widgets.walk_view import WalkView

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterator

    from textual.screen import Screen

_GRAPHS = {"mermaid": ("Mermaid", ".mmd"), "dot": ("Graphviz DOT", ".dot"), "json": ("JSON", ".json")}


def as_markup(text: str) -> str:
    """``text`` as Textual markup that shows it unchanged, for the palette (which reads markup).

    Only ``[`` needs escaping. Textual's ``escape`` also doubles a backslash before ``[`` or at
    the end, which the palette then shows doubled.
    """
    return text.replace("[", "\\[")


def system_commands(
    app: App[None], screen: Screen[None], open_tree: Callable[[Path], Awaitable[None]] | None = None
) -> Iterator[SystemCommand]:
    """Every command the palette offers on ``screen``; "tree: open …" only with ``open_tree``."""
    if open_tree is not None:
        bundled = paths.bundled_trees()
        for tree_id, path in bundled.items():
            yield SystemCommand(f"tree: open {tree_id}", f"Open the bundled tree {tree_id}", partial(open_tree, path))
        bundled_files = {p.resolve() for p in bundled.values()}
        for path in recent_trees():
            if path.resolve() not in bundled_files:
                yield SystemCommand(
                    f"tree: open {as_markup(printable(path.name))} (recent)",
                    as_markup(printable(str(path))),
                    partial(open_tree, path),
                )
    walk_view = screen.query(WalkView).first() if screen.query(WalkView) else None
    if walk_view is not None:
        yield SystemCommand(
            "export: Markdown summary", "Save the walked path in the current folder", partial(export_summary, walk_view)
        )
        for fmt, (label, _) in _GRAPHS.items():
            yield SystemCommand(
                f"export: {label} graph",
                f"Save the tree's graph as {label} in the current folder",
                partial(export_graph, walk_view, fmt),
            )
    yield from common_commands(app, screen)


class NodeCommands(Provider):
    """ "node: play from …", one command per node of the walked tree: searched, never listed whole.

    A tree may have 10,000 nodes. The system commands are built again for
    every key typed in the palette and all of them are listed when it opens,
    so the nodes are not among them: they are matched here, and only the
    :data:`SHOWN` best matches become hits.
    """

    SHOWN = 40

    async def startup(self) -> None:
        views = self.screen.query(WalkView)
        self.walk_view: WalkView | None = views.first() if views else None
        tree_ids = self.walk_view.walk.tree.node_ids if self.walk_view else ()
        self.titles = [(f"node: play from {node_id}", node_id) for node_id in tree_ids]

    async def search(self, query: str) -> Hits:
        if self.walk_view is None:
            return
        matcher = self.matcher(query)
        scored = ((matcher.match(title), title, node_id) for title, node_id in self.titles)
        tree = self.walk_view.walk.tree
        for score, title, node_id in heapq.nlargest(self.SHOWN, (s for s in scored if s[0] > 0), key=itemgetter(0)):
            headline = as_markup(" ".join(tree.node(node_id).headline.split()))
            yield Hit(score, matcher.highlight(title), partial(self.walk_view.play_from, node_id), help=headline)


def common_commands(app: App[None], screen: Screen[None]) -> Iterator[SystemCommand]:
    """What every twitchtree app offers: "theme: …", then Textual's own commands but its theme picker."""
    remembered = getattr(app, "remembers_theme", True)
    lasts = "(remembered)" if remembered else "(for this session only)"
    for name in sorted(app.available_themes):
        yield SystemCommand(f"theme: {name}", f"Switch to this theme {lasts}", partial(setattr, app, "theme", name))
    for command in App.get_system_commands(app, screen):
        if command.title != "Theme":
            yield command


def export_graph(screen: WalkView, fmt: str) -> None:
    from ..model.export import export
    from ..model.write import write_new

    tree = screen.walk.tree
    label, suffix = _GRAPHS[fmt]
    try:
        path = write_new(Path.cwd(), f"{tree.id}-{datetime.now():%Y%m%d-%H%M}", suffix, export(tree, fmt).encode())
    except OSError as exc:
        screen.notify(
            f"Could not save the graph: {exc.strerror or exc}", title="Export failed", severity="error", markup=False
        )
        return
    screen.notify(f"Saved to {printable(str(path))}", title=f"{label} graph exported", markup=False)
