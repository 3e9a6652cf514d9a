"""The reasoning path: every step as question → answer, with the answer's why."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.tree import TreeNode


class PathPanel(VerticalScroll, can_focus=False):
    """The steps walked so far, then the current one. Choosing a past step returns the walk there.

    | Key | Does |
    | --- | --- |
    | up / down | move between steps |
    | enter | go back to that step, to answer it differently |
    """

    DEFAULT_CSS = """
    PathPanel {
        height: 1fr;
        & #steps {
            height: auto;
            max-height: initial;
            border: none;
            padding: 0;
            background: transparent;
            & > .option-list--option { padding: 0 1; }
        }
        & #current { padding: 0 1; }
    }
    """

    node: reactive[TreeNode | None] = reactive(None)
    """Where the walk is; the path is this node's ``path``."""

    class StepSelected(Message):
        """The user chose a step; ``depth`` 0 is the first question."""

        def __init__(self, depth: int) -> None:
            self.depth = depth
            super().__init__()

    def compose(self) -> ComposeResult:
        yield OptionList(id="steps", markup=False)
        yield Static(id="current")

    def watch_node(self, node: TreeNode | None) -> None:
        steps = self.query_one("#steps", OptionList)
        prompts = self._prompts(node) if node is not None else []
        self._sync(steps, prompts)
        steps.display = bool(prompts)
        current = self.query_one("#current", Static)
        if node is None:
            current.update("")
        elif node.question is not None:
            current.update(Content.assemble(("▶ ", "bold $accent"), (f"{node.depth + 1} ", "dim"), node.question.text))
        else:
            current.update(Content.assemble(("▶ ", "bold $accent"), (node.spec.title, "bold")))  # type: ignore[union-attr]
        self.border_title = f"Path · {node.depth} answered" if node is not None else "Path"
        self.call_after_refresh(self.scroll_end, animate=False, immediate=True)  # once the new steps are laid out

    @staticmethod
    def _prompts(node: TreeNode) -> list[Content]:
        prompts: list[Content] = []
        path = node.path
        for depth, (step, after) in enumerate(pairwise(path)):
            via = after.via
            assert via is not None
            prompt = Content.assemble(
                (f"{depth + 1} ", "dim"), step.spec.text, (" → ", "dim"), (via.label, "bold $accent")
            )
            if via.why:
                prompt = Content.assemble(prompt, "\n", (f"  {via.why}", "italic $text-muted"))
            prompts.append(prompt)
        return prompts

    @staticmethod
    def _sync(steps: OptionList, prompts: list[Content]) -> None:
        """Change only the steps that differ: an answer appends one step, it does not redraw the path."""
        options = steps.options
        keep = 0
        while keep < min(len(options), len(prompts)) and options[keep].prompt == prompts[keep]:
            keep += 1
        for index in range(len(options) - 1, keep - 1, -1):
            steps.remove_option_at_index(index)
        steps.add_options(Option(prompt, id=f"step-{n}") for n, prompt in enumerate(prompts[keep:], keep))
        steps.highlighted = len(prompts) - 1 if prompts else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.StepSelected(event.option_index))
