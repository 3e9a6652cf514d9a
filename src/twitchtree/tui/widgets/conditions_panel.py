"""Notes on the conditions related to the current step; each opens to its full text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from ...model.spec import Condition
    from ...model.tree import TreeNode

EMPTY_TITLE = " Related conditions · none "
"""The title of a panel without notes: the panel is its top edge alone, without corners, and the
spaces set the title off as the corners do."""


class ConditionsPanel(OptionList):
    """One line per related condition: its name and summary.

    A step without condition notes shrinks the panel to its title line ("Related
    conditions · none"), which gives two rows back to the question, and takes it
    out of the focus order: tab never lands on an empty panel.

    | Key | Does |
    | --- | --- |
    | up / down | move between conditions |
    | enter | open the condition's full notes |
    """

    DEFAULT_CSS = """
    ConditionsPanel {
        height: auto;
        max-height: 40%;
        & > .option-list--option { padding: 0 1; }
        &.-empty {
            height: 1;
            border: none;
            border-top: round $pane-border;
        }
    }
    """

    node: var[TreeNode | None] = var(None)
    """The current step; its conditions are listed."""
    conditions: var[tuple[Condition, ...]] = var(())
    """The conditions of the current step."""

    class Opened(Message):
        """The user asked for a condition's full notes."""

        def __init__(self, condition: Condition) -> None:
            self.condition = condition
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        # Empty until a step with notes is shown. A first step without any then changes no class:
        # a change would style the panel (and its five component classes) again before the first frame.
        self.set_class(True, "-empty", update=False)
        self.border_title = EMPTY_TITLE

    def watch_node(self, node: TreeNode | None) -> None:
        if node is not None:
            library = node.tree.conditions
            self.conditions = tuple(library[c] for c in node.spec.conditions)

    def watch_conditions(self, conditions: tuple[Condition, ...]) -> None:
        self.clear_options()
        for n, condition in enumerate(conditions):
            # A name with a colon of its own is followed by a dash: two colons in a row read badly.
            joint = " — " if ":" in condition.name else ": "
            prompt = Content.assemble(("▸ ", "$accent"), (condition.name, "bold"), joint, condition.summary)
            self.add_option(Option(prompt, id=f"condition-{n}"))
        if conditions:
            self.highlighted = 0
        self.set_class(not conditions, "-empty")
        self.border_title = f"Related conditions · {len(conditions):,}" if conditions else EMPTY_TITLE

    def allow_focus(self) -> bool:
        return bool(self.conditions)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Opened(self.conditions[event.option_index]))
