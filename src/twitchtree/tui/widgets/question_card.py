"""The current question: its text, its help and its numbered answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.tree import TreeNode


class QuestionCard(VerticalScroll, can_focus=False):
    """Shows one question, its answers, then its help (answers first, so they stay in view on small screens).

    Keys 1-9 (bound on the walk view), arrows with Enter, or a click answer it.

    | Key | Does |
    | --- | --- |
    | up / down | move between answers |
    | enter | choose the highlighted answer |
    """

    DEFAULT_CSS = """
    QuestionCard {
        height: auto;
        max-height: 100%;
        & #question-text { dock: top; text-style: bold; padding: 0 1; }
        & #question-help {
            margin: 1 0 0 0;
            padding: 0 1;
            color: $text-muted;
            & > MarkdownBlock:last-child { margin-bottom: 0; }
        }
        & #answers { margin: 1 0 0 0; height: auto; border: none; padding: 0; background: transparent; }
    }
    """

    node: reactive[TreeNode | None] = reactive(None)
    """The question's node in the walk."""

    class Answered(Message):
        """The user chose an answer."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._labels: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="question-text")
        yield OptionList(id="answers", markup=False)
        yield Markdown(id="question-help", open_links=False)

    def watch_node(self, node: TreeNode | None) -> None:
        question = node.question if node is not None else None
        if question is None:
            return
        self.border_title = f"Question {node.depth + 1}"  # type: ignore[union-attr]
        self.query_one("#question-text", Static).update(Content(question.text))
        help_view = self.query_one("#question-help", Markdown)
        if help_view.source != (question.help or ""):
            help_view.display = bool(question.help)
            help_view.update(question.help or "")
        labels = tuple(answer.label for answer in question.answers)
        answers = self.query_one("#answers", OptionList)
        if labels != self._labels:
            self._labels = labels
            answers.clear_options()
            answers.add_options(
                Option(
                    Content.assemble((f" {n} ", "bold reverse") if n <= 9 else f" {n} ", " ", label), id=f"answer-{n}"
                )
                for n, label in enumerate(labels, 1)
            )
        answers.highlighted = 0

    def focus_answers(self) -> None:
        self.query_one("#answers", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Answered(event.option_index))
