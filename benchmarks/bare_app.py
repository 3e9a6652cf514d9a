"""The floor: a bare Textual app (Header, Static, Footer) that shows its text.

``python -m benchmarks.bare_app`` shows "Bare app ready"; with ``--steps``
it shows "Step 1 of N" and each key 1 moves on a step, as a walk would.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("1", "step", "Step")]

    def __init__(self, steps: int | None) -> None:
        super().__init__()
        self.steps = steps
        self.step = 1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._text(), id="text")
        yield Footer()

    def _text(self) -> str:
        return f"Step {self.step} of {self.steps}: go on?" if self.steps else "Bare app ready"

    def action_step(self) -> None:
        self.step += 1
        self.query_one("#text", Static).update(self._text())


if __name__ == "__main__":
    steps = int(sys.argv[sys.argv.index("--steps") + 1]) if "--steps" in sys.argv else None
    BareApp(steps).run()
