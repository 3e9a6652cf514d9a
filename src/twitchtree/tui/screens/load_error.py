"""Shown instead of the explorer when a tree fails to load: its diagnostics, PATH:LINE:COL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...model.text import printable
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import ComposeResult

    from ...model.diagnostics import Diagnostic


class LoadErrorScreen(Screen[None]):
    """Lists every problem that stopped a tree from loading. Never a traceback."""

    CSS_PATH = "load_error.tcss"

    def __init__(self, path: Path, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__()
        self.path = path
        self.diagnostics = diagnostics
        self.sub_title = printable(str(path))

    def compose(self) -> ComposeResult:
        errors = sum(d.is_error for d in self.diagnostics)
        yield TitleBar(icon="≡")
        with VerticalScroll(id="problems") as scroll:
            scroll.border_title = f"This tree could not be loaded · {errors} error{'s' * (errors != 1)}"
            yield Static(
                Content.assemble(
                    *(
                        Content.assemble("\n" if n else "", (str(d), "$error" if d.is_error else "$warning"))
                        for n, d in enumerate(self.diagnostics)
                    )
                ),
                id="diagnostics",
            )
            yield Static(
                Content(
                    f"Fix the file and open it again. `twitchtree check {self.sub_title}` prints the same list; "
                    "ctrl+p opens another tree."
                ),
                id="hint",
            )
        yield KeyFooter()
