"""Where the walk ended: the urgency in words and colour, what to do, red flags, sources, disclaimer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import Markdown, Static

from ...model.spec import URGENCY_ORDER, URGENCY_WORDS
from ..visuals import Blocks, Hanging

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.app import ComposeResult

    from ...model.tree import TreeNode


def _bulleted(heading: str, items: Sequence[str]) -> Blocks:
    """A bold heading over one bullet per item, each item's wrapped lines kept clear of its bullet."""
    bullet = Content("• ")
    bullets = ((Hanging(bullet, Content(item)), False) for item in items)
    return Blocks([(Content.styled(heading, "bold"), False), *bullets])


class OutcomeView(VerticalScroll):
    """Shows an outcome. The urgency is always in words as well as colour.

    | Key | Does |
    | --- | --- |
    | up / down / page up / page down | scroll |
    """

    DEFAULT_CSS = """
    OutcomeView {
        height: 1fr;
        & #urgency { padding: 0 1; text-style: bold; width: 100%; }
        & #urgency.-emergency { background: $urgency-emergency; color: $urgency-emergency-text; }
        & #urgency.-urgent { background: $urgency-urgent; color: $urgency-urgent-text; }
        & #urgency.-soon { background: $urgency-soon; color: $urgency-soon-text; }
        & #urgency.-routine { background: $urgency-routine; color: $urgency-routine-text; }
        & #urgency.-self-care { background: $urgency-self-care; color: $urgency-self-care-text; }
        & #outcome-title { padding: 1 1 0 1; text-style: bold; }
        & #outcome-text { padding: 0 1; margin: 1 0 0 0; & > MarkdownBlock:last-child { margin-bottom: 0; } }
        & .section { padding: 0 1; margin: 1 0 0 0; }
        & #red-flags { border-left: thick $error; }
        & #disclaimer { color: $text-muted; text-style: italic; }
    }
    """

    node: var[TreeNode | None] = var(None)
    """The outcome's node in the walk."""

    def compose(self) -> ComposeResult:
        yield Static(id="urgency")
        yield Static(id="outcome-title")
        yield Markdown(id="outcome-text", open_links=False)
        yield Static(id="red-flags", classes="section")
        yield Static(id="sources", classes="section")
        yield Static(id="disclaimer", classes="section")

    def watch_node(self, node: TreeNode | None) -> None:
        outcome = node.outcome if node is not None else None
        if node is None or outcome is None:
            return
        tree = node.tree
        self.border_title = "Outcome"
        urgency = self.query_one("#urgency", Static)
        for level in URGENCY_ORDER:
            urgency.set_class(level == outcome.urgency, f"-{level}")
        urgency.update(Content(URGENCY_WORDS[outcome.urgency]))
        self.query_one("#outcome-title", Static).update(Content(outcome.title))
        self.query_one("#outcome-text", Markdown).update(outcome.text)
        flags = self.query_one("#red-flags", Static)
        flags.display = bool(outcome.red_flags)
        flags.update(_bulleted(outcome.red_flags_heading, outcome.red_flags))
        sources = [tree.sources[s] for s in dict.fromkeys(s for n in node.path for s in n.spec.sources)]
        self.query_one("#sources", Static).update(
            _bulleted("Sources", [s.title + (f" ({s.url})" if s.url else "") for s in sources])
        )
        self.query_one("#disclaimer", Static).update(Content(tree.disclaimer))
        self.scroll_home(animate=False)
