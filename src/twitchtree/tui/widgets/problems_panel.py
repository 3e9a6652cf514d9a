"""The diagnostics of the last load, one per line, PATH:LINE:COL; choosing one asks to go there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from ...model.diagnostics import Diagnostic


class ProblemsPanel(OptionList):
    """Lists diagnostics; hidden when there are none.

    | Key | Does |
    | --- | --- |
    | up / down | move between problems |
    | enter | go to the problem (in the editor); the first is highlighted on focus |
    """

    DEFAULT_CSS = """
    ProblemsPanel {
        height: auto;
        max-height: 10;
        border: round $error;
        border-title-color: $error;
        &:focus { border: round $error; }
        &.-warnings-only, &.-warnings-only:focus { border: round $warning; border-title-color: $warning; }
        &.-checking { text-opacity: 60%; }
    }
    """

    diagnostics: reactive[tuple[Diagnostic, ...]] = reactive(())
    """What to list, errors first."""
    checking: reactive[bool] = reactive(False)
    """True while a newer check runs: the list is of an older text."""

    class Chosen(Message):
        """The user chose a diagnostic."""

        def __init__(self, diagnostic: Diagnostic) -> None:
            self.diagnostic = diagnostic
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)

    def watch_diagnostics(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.clear_options()
        self.display = bool(diagnostics)
        errors = sum(d.is_error for d in diagnostics)
        for n, diagnostic in enumerate(diagnostics):
            style = "$error" if diagnostic.is_error else "$warning"
            self.add_option(Option(Content.styled(str(diagnostic), style), id=f"problem-{n}"))
        if self.has_focus and diagnostics:
            self.highlighted = 0
        self.set_class(not errors, "-warnings-only")
        self._title()

    def watch_checking(self, checking: bool) -> None:
        self.set_class(checking, "-checking")
        self._title()

    def _title(self) -> None:
        diagnostics = self.diagnostics
        errors = sum(d.is_error for d in diagnostics)
        warnings = len(diagnostics) - errors
        parts = [f"{errors:,} error{'s' * (errors != 1)}"] if errors else []
        parts += [f"{warnings:,} warning{'s' * (warnings != 1)}"] if warnings else []
        parts += ["checking the latest text…"] if self.checking else []
        self.border_title = "Problems · " + ", ".join(parts) if parts else "Problems"

    def on_focus(self) -> None:
        # Reached with tab, the first problem is ready for enter.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.diagnostics[event.option_index]))
