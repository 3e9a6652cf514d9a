"""The patient's story of a training case, kept in view while the trainee walks the tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown

if TYPE_CHECKING:
    from textual.app import ComposeResult


class PatientStory(VerticalScroll):
    """Shows a case's ``patient`` text (Markdown: content, never markup). Scrolls when it is long.

    | Key | Does |
    | --- | --- |
    | up / down / page up / page down | scroll (when focused) |
    """

    DEFAULT_CSS = """
    PatientStory {
        height: auto;
        max-height: 12;
        & > Markdown { margin: 0; padding: 0 1; }
        & MarkdownBlock:last-child { margin-bottom: 0; }
    }
    """

    def __init__(self, story: str, title: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.story = story
        self.border_title = Content.assemble("Patient · ", title)

    def compose(self) -> ComposeResult:
        yield Markdown(self.story.strip(), open_links=False)
