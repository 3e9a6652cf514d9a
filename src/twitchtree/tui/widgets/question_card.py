"""The current question: its text, its help and its numbered answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..compat import set_border_title
from ..help_text import simple_help
from ..visuals import Hanging

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.css.styles import RulesMap
    from textual.widgets import Markdown

    from ...model.spec import Question
    from ...model.tree import TreeNode
    from ..visuals import Blocks


_SCROLL = "Scroll the question's help and checklist; the answers keep the focus"
_ENDS = "To the top or the end of the question's help"
_KEYED = {n: Content.assemble((f" {n} ", "bold reverse"), " ") for n in range(1, 10)}
"""The lead of answers 1-9: their key."""
_UNKEYED = Content(" " * _KEYED[1].cell_length)
"""The lead of an answer past the ninth, which no key answers: blank, so the labels stay in line."""
_BELOW = "{}: more below ▼"
"""The card's bottom border while part of it is out of view below (with the key that scrolls down)."""
_ABOVE = "{}: back up ▲"
"""The card's bottom border once scrolled to the end of a card that does not fit."""
MORE_BELOW, MORE_ABOVE = _BELOW.format("pgdn"), _ABOVE.format("pgup")
"""The hints with the default keys."""


class QuestionCard(VerticalScroll, can_focus=False):
    """Shows one question, its answers, then its help (answers first, so they stay in view on small screens).

    Keys 1-9 (bound on the walk view), arrows with Enter, or a click answer it. The help
    under the answers (a question's checklist of signs, say) is scrolled by keys that leave
    the focus on the answers; the border says when there is more below.

    | Key | Does |
    | --- | --- |
    | up / down | move between answers |
    | enter | choose the highlighted answer |
    | page up / page down | scroll the question (its help) |
    | ctrl+home / ctrl+end | to the top / the end of the question |
    """

    BINDINGS = [
        # Priority: ahead of the answer list's own page keys (which only jump to the first or last
        # answer). They are in force only while the focus is in this card.
        Binding("pagedown", "page(1)", "More", show=False, priority=True, id="question.page-down", tooltip=_SCROLL),
        Binding("pageup", "page(-1)", "Back up", show=False, priority=True, id="question.page-up", tooltip=_SCROLL),
        Binding("ctrl+end", "ends(1)", "End", show=False, priority=True, id="question.end", tooltip=_ENDS),
        Binding("ctrl+home", "ends(-1)", "Top", show=False, priority=True, id="question.home", tooltip=_ENDS),
    ]

    DEFAULT_CSS = """
    QuestionCard {
        height: auto;
        max-height: 100%;
        & #question-text { dock: top; text-style: bold; padding: 0 1; }
        & .help {
            margin: 1 0 0 0;
            padding: 0 1;
            color: $text-muted;
            & > MarkdownBlock:last-child { margin-bottom: 0; }
        }
        & #answers { margin: 1 0 0 0; height: auto; border: none; padding: 0; background: transparent; }
    }
    """

    node: var[TreeNode | None] = var(None)
    """The question's node in the walk."""

    class Answered(Message):
        """The user chose an answer."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, node: TreeNode | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._labels: tuple[str, ...] = ()
        self.set_reactive(QuestionCard.node, node)
        question = node.question if node is not None else None
        self._text = Static(Content(question.text) if question else "", id="question-text")
        self._answers = OptionList(*self._options(question), id="answers", markup=False)
        simple = simple_help(question.help) if question and question.help else None
        self._help = Static(simple or "", id="question-help", classes="help")
        self._help.display = simple is not None
        self._markdown: Markdown | None = None
        """Help that needs Markdown goes to a Markdown widget, built the first time it is needed."""

    def compose(self) -> ComposeResult:
        # Built with the question already in place, so the very first frame shows it.
        yield self._text
        yield self._answers
        yield self._help

    def on_mount(self) -> None:
        # The Markdown widget (and its parser) waits until the first frame is on screen.
        ready = getattr(self.app, "ready_signal", None)
        if ready is not None and not getattr(self.app, "is_ready", True):
            ready.subscribe(self, lambda _: self._show_help())
        else:
            self._show_help()

    def _current_help(self) -> tuple[str, Blocks | Content | None]:
        """The current question's help, and that help drawn as text when it needs no Markdown widget."""
        question = self.node.question if self.node is not None else None
        text = (question.help or "") if question is not None else ""
        return text, simple_help(text) if text else Content("")

    def _show_help(self) -> None:
        """Show the current question's help: simple help at once, richer help in the Markdown widget."""
        if self.node is None or self.node.question is None:
            return
        text, simple = self._current_help()
        help_text = self._help
        if simple is not None and help_text.visual != simple:  # (no help after no help changes nothing)
            help_text.update(simple)
        help_text.display = bool(text) and simple is not None
        if self._markdown is not None:
            self._markdown.display = simple is None
        if simple is None and getattr(self.app, "is_ready", True):
            self.call_later(self._show_markdown_help)

    async def _show_markdown_help(self) -> None:
        """Put the current question's help in the Markdown widget, building the widget the first time.

        Queued by ``_show_help``, it runs after the question may have changed again, so it reads
        the question itself, and leaves the widget shown only if that question still needs it.
        """
        from textual.widget import MountError
        from textual.widgets import Markdown

        if not self.is_attached:
            return  # the card has gone: the app is closing
        view = self._markdown
        if view is None:
            view = Markdown(id="question-help-markdown", classes="help", open_links=False)
            view.display = False
            try:
                await self.mount(view, after=self._help)
            except MountError:
                return  # the app is closing
            self._markdown = view
        text, simple = self._current_help()
        if simple is None and view.source != text and self.is_attached:
            await view.update(text)
        text, simple = self._current_help()
        view.display = simple is None and view.source == text

    def watch_node(self, node: TreeNode | None) -> None:
        question = node.question if node is not None else None
        if node is None or question is None:
            return
        set_border_title(self, f"Question {node.depth + 1:,}")  # its top row alone is drawn again
        self._show_text(Content(question.text))
        self._show_help()
        labels = tuple(answer.label for answer in question.answers)
        answers = self._answers
        if labels != self._labels:
            answers.clear_options()
            answers.add_options(self._options(question))
        answers.highlighted = 0
        if self.scroll_y or self.scroll_target_y:  # (a page key's scroll may still be on its way)
            self.scroll_home(animate=False)  # a new question is read from its top

    # -- scrolling from the keyboard --------------------------------------------------

    def action_page(self, direction: int) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        if direction > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)

    def action_ends(self, direction: int) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        if direction > 0:
            self.scroll_end(animate=False)
        else:
            self.scroll_home(animate=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._show_scroll_hint()

    def on_resize(self) -> None:
        self._show_scroll_hint()

    def watch_virtual_size(self) -> None:
        # A new question that fits a card of the same size sends no Resize: only the card's content shrank.
        self._show_scroll_hint()

    def _show_scroll_hint(self) -> None:
        """Say on the bottom border whether part of the card is out of view, and which key shows it."""
        below = self.scroll_y < self.max_scroll_y
        if self.max_scroll_y <= 0:
            hint = ""
        elif below:
            hint = _BELOW.format(self._key_shown("question.page-down", "pagedown"))
        else:
            hint = _ABOVE.format(self._key_shown("question.page-up", "pageup"))
        if self.border_subtitle != hint:
            self.border_subtitle = hint

    def _key_shown(self, binding_id: str, default: str) -> str:
        """The key binding ``binding_id`` is on (the first, if the keymap gives several), as the footer shows it."""
        from ..keys import applied_keymap

        key = applied_keymap(self.app).get(binding_id, default).split(",")[0].strip() or default
        return self.app.get_key_display(Binding(key, ""))

    def _show_text(self, text: Content) -> None:
        """Show the question's text; the screen is laid out again only if the text takes another number of lines."""
        label = self._text
        width = label.content_region.width
        rules = cast("RulesMap", label.styles)  # as Textual passes its styles to a visual
        same = width > 0 and label.visual.get_height(rules, width) == text.get_height(rules, width)
        label.update(text, layout=not same)

    def _options(self, question: Question | None) -> list[Option]:
        labels = tuple(answer.label for answer in question.answers) if question else ()
        self._labels = labels
        # A label that wraps keeps to its text's column, clear of the number.
        # Keys 1-9 answer; an answer past the ninth has no key, so no number that looks like one.
        return [
            Option(Hanging(_KEYED[n] if n <= 9 else _UNKEYED, Content(label)), id=f"answer-{n}")
            for n, label in enumerate(labels, 1)
        ]

    def focus_answers(self) -> None:
        # At once, not after the next refresh as ``focus()`` does: a key pressed straight away answers.
        self.screen.set_focus(self._answers)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Answered(event.option_index))
