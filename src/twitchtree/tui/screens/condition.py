"""A condition's full notes: what it is, how it shows, what a doctor may do, and the sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from ..widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.spec import Condition
    from ...model.tree import Tree


class ConditionScreen(ModalScreen[None]):
    """Shows one condition.

    | Key | Does |
    | --- | --- |
    | escape, q | close |
    """

    CSS_PATH = "condition.tcss"
    BINDINGS = [Binding("escape,q", "close", "Close", id="condition.close")]

    def __init__(self, condition: Condition, tree: Tree) -> None:
        super().__init__()
        self.condition = condition
        self.decision_tree = tree
        """The tree the condition belongs to (``tree`` is taken: Textual's DOM tree)."""

    def compose(self) -> ComposeResult:
        condition = self.condition
        with VerticalScroll(id="condition") as scroll:
            scroll.border_title = Content(condition.name)
            scroll.border_subtitle = "escape closes"
            if condition.aliases:
                yield Static(Content("Also called: " + ", ".join(condition.aliases)), id="aliases")
            yield Static(Content(condition.summary), id="summary")
            yield Markdown(condition.notes or "", id="notes", open_links=False)
            sources = [self.decision_tree.sources[s] for s in condition.sources if s in self.decision_tree.sources]
            if sources:
                yield Static(
                    Content.assemble(
                        ("Sources", "bold"), *(f"\n• {s.title}" + (f" ({s.url})" if s.url else "") for s in sources)
                    ),
                    id="sources",
                )
        yield KeyFooter()  # this screen's keys, not those of the walk underneath

    def action_close(self) -> None:
        self.dismiss(None)
