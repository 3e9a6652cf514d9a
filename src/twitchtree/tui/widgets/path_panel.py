"""The reasoning path: every step as question → answer, with the answer's why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from ...model.tree import TreeNode


class PathPanel(OptionList):
    """Lists the steps walked so far. Choosing a past step returns the walk to that question.

    | Key | Does |
    | --- | --- |
    | up / down | move between steps |
    | enter | go back to that step, to answer it differently |
    """

    DEFAULT_CSS = """
    PathPanel {
        height: 1fr;
        & > .option-list--option { padding: 0 1; }
    }
    """

    node: reactive[TreeNode | None] = reactive(None)
    """Where the walk is; the path is this node's ``path``."""

    class StepSelected(Message):
        """The user chose a step; ``depth`` 0 is the first question."""

        def __init__(self, depth: int) -> None:
            self.depth = depth
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]

    def watch_node(self, node: TreeNode | None) -> None:
        self.clear_options()
        if node is None:
            return
        path = node.path
        for depth, (step, after) in enumerate(zip(path, path[1:])):
            prompt = Content.assemble((f"{depth + 1} ", "dim"), step.spec.text, "  ", (after.via.label, "bold $accent"))  # type: ignore[union-attr]
            if after.via.why:  # type: ignore[union-attr]
                prompt = Content.assemble(prompt, "\n", (f"  {after.via.why}", "italic $text-muted"))  # type: ignore[union-attr]
            self.add_option(Option(prompt, id=f"step-{depth}"))
        if node.question is not None:
            self.add_option(Option(Content.assemble(("▶ ", "bold $accent"), (f"{node.depth + 1} ", "dim"), node.question.text), id="current"))
        else:
            self.add_option(Option(Content.assemble(("▶ ", "bold $accent"), (node.spec.title, "bold")), id="current"))  # type: ignore[union-attr]
        self.highlighted = self.option_count - 1
        self.border_title = f"Path · {node.depth} answered"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("step-"):
            self.post_message(self.StepSelected(int(option_id.removeprefix("step-"))))
