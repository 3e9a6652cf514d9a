"""The current question: its text, its help and its numbered answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.spec import Question
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

    def __init__(self, node: TreeNode | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._labels: tuple[str, ...] = ()
        self.set_reactive(QuestionCard.node, node)

    def compose(self) -> ComposeResult:
        # Built with the question already in place, so the very first frame shows it.
        question = self.node.question if self.node is not None else None
        yield Static(Content(question.text) if question else "", id="question-text")
        yield OptionList(*self._options(question), id="answers", markup=False)

    def on_mount(self) -> None:
        # The help is Markdown. Its parser is loaded once the first frame is on screen, not before it.
        ready = getattr(self.app, "ready_signal", None)
        if ready is None or getattr(self.app, "is_ready", True):
            self.call_later(self._mount_help)
        else:
            ready.subscribe(self, lambda _: self.call_later(self._mount_help))

    async def _mount_help(self) -> None:
        from textual.widgets import Markdown

        if not self.is_attached or self.query("#question-help"):
            return  # the card has gone (the app is closing), or the help is there already
        await self.mount(Markdown(id="question-help", open_links=False))
        self._show_help()

    def _show_help(self) -> None:
        question = self.node.question if self.node is not None else None
        helps = self.query("#question-help")
        if question is None or not helps:
            return
        help_view = helps.first()
        if help_view.source != (question.help or ""):
            help_view.display = bool(question.help)
            help_view.update(question.help or "")

    def watch_node(self, node: TreeNode | None) -> None:
        question = node.question if node is not None else None
        if question is None:
            return
        self.border_title = f"Question {node.depth + 1}"  # type: ignore[union-attr]
        self.query_one("#question-text", Static).update(Content(question.text))
        self._show_help()
        labels = tuple(answer.label for answer in question.answers)
        answers = self.query_one("#answers", OptionList)
        if labels != self._labels:
            answers.clear_options()
            answers.add_options(self._options(question))
        answers.highlighted = 0

    def _options(self, question: Question | None) -> list[Option]:
        labels = tuple(answer.label for answer in question.answers) if question else ()
        self._labels = labels
        return [
            Option(Content.assemble((f" {n} ", "bold reverse") if n <= 9 else f" {n} ", " ", label), id=f"answer-{n}")
            for n, label in enumerate(labels, 1)
        ]

    def focus_answers(self) -> None:
        self.query_one("#answers", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Answered(event.option_index))
