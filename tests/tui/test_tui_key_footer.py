"""The footer: the keys that work now, drawn as Textual's footer draws them; a click on a key presses it."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Footer, Static

from support import screen_text, wait_for, wait_for_text
from twitchtree.tui.widgets.key_footer import KeyFooter

ROW = (80, 6)


class Keys(App[None]):
    """Keys like the explorer's: one greyed until ``works``, one shown as a range, one hidden."""

    BINDINGS = [
        Binding("b,backspace", "back", "Back", tooltip="Undo the last answer"),
        Binding("1", "answer", "Answer", key_display="1-9"),
        Binding("n", "next", "Next"),
        Binding("x", "hidden", "Hidden", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self, footer: type[Footer | KeyFooter], *, compact: bool = False, theme: str = "textual-dark") -> None:
        super().__init__()
        self.footer_class, self.compact, self.theme_name = footer, compact, theme
        self.works = False
        self.pressed: list[str] = []
        self.rang = 0

    def compose(self):
        yield Static("keys")
        yield self.footer_class(compact=self.compact)

    def on_mount(self) -> None:
        self.theme = self.theme_name

    def check_action(self, action, parameters):
        return True if action != "back" or self.works else None

    def action_back(self) -> None:
        self.pressed.append("back")

    def action_next(self) -> None:
        self.pressed.append("next")

    def bell(self) -> None:
        self.rang += 1


def bottom_row(app: App[None]) -> list[tuple[str, str]]:
    """The footer's row as it is drawn: each cell's character and style."""
    strips = app.screen._compositor.render_strips()
    return [(character, str(segment.style)) for segment in strips[-1] for character in segment.text]


async def drawn(footer: type[Footer | KeyFooter], compact: bool, theme: str, hover: int | None) -> list:
    app = Keys(footer, compact=compact, theme=theme)
    async with app.run_test(size=ROW) as pilot:
        await wait_for(pilot, lambda: "Help" in screen_text(app).splitlines()[-1])
        if hover is not None:
            plain = bottom_row(app)
            await pilot.hover(footer, offset=(hover, 0))
            await wait_for(pilot, lambda: bottom_row(app) != plain)  # the key under the mouse is lit
        return bottom_row(app)


# Over a greyed key, a key that works and the palette's key; compact or not; dark and light themes.
@pytest.mark.parametrize("hover", [None, 2, 9, 78])
@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("theme", ["textual-dark", "solarized-light"])
async def test_the_footer_is_drawn_cell_for_cell_as_textuals_own(theme, compact, hover):
    theirs = await drawn(Footer, compact, theme, hover)
    ours = await drawn(KeyFooter, compact, theme, hover)
    assert ours == theirs, "Textual's footer draws its keys differently now: adapt KeyFooter to it"


async def test_the_footer_takes_a_new_theme_s_colours_as_textuals_own_does():
    async def switched(footer: type[Footer | KeyFooter]) -> list:
        app = Keys(footer)
        async with app.run_test(size=ROW) as pilot:
            await wait_for(pilot, lambda: "Help" in screen_text(app).splitlines()[-1])
            dark = bottom_row(app)
            app.theme = "solarized-light"
            await wait_for(pilot, lambda: bottom_row(app) != dark)
            await pilot.pause()
            return bottom_row(app)

    assert await switched(KeyFooter) == await switched(Footer)


async def test_a_click_on_a_key_presses_it_and_on_a_greyed_key_rings_the_bell():
    app = Keys(KeyFooter)
    async with app.run_test(size=ROW) as pilot:
        row = (await wait_for_text(pilot, "Help")).splitlines()[-1]
        await pilot.click(KeyFooter, offset=(row.index("Next"), 0))
        await wait_for(pilot, lambda: app.pressed == ["next"])
        await pilot.click(KeyFooter, offset=(row.index("Back"), 0))
        await wait_for(pilot, lambda: app.rang == 1)
        assert app.pressed == ["next"]
        app.works = True
        app.refresh_bindings()
        await wait_for(pilot, lambda: all(key.enabled for key in app.query_one(KeyFooter).keys))
        await pilot.click(KeyFooter, offset=(row.index("Back"), 0))
        await wait_for(pilot, lambda: app.pressed == ["next", "back"])
        await pilot.click(KeyFooter, offset=(50, 0))  # the blank space between the keys and the palette's does nothing
        await pilot.pause()
        assert app.pressed == ["next", "back"] and app.rang == 1


async def test_a_key_under_the_mouse_shows_its_tooltip():
    app = Keys(KeyFooter)
    async with app.run_test(size=ROW) as pilot:
        row = (await wait_for_text(pilot, "Help")).splitlines()[-1]
        footer = app.query_one(KeyFooter)
        await pilot.hover(KeyFooter, offset=(row.index("Back"), 0))
        await wait_for(pilot, lambda: footer.tooltip == "Undo the last answer")
        await pilot.hover(KeyFooter, offset=(row.index("Next"), 0))  # a key without a tooltip
        await wait_for(pilot, lambda: footer.tooltip is None)
        await pilot.hover(KeyFooter, offset=(row.index("palette"), 0))
        await wait_for(pilot, lambda: footer.tooltip == "Open the command palette")
        await pilot.hover(KeyFooter, offset=(row.index("Back"), 0))
        await wait_for(pilot, lambda: footer.tooltip == "Undo the last answer")
        app.works = True  # the keys change under a still mouse: the old key's tooltip goes
        app.refresh_bindings()
        await wait_for(pilot, lambda: all(key.enabled for key in footer.keys))
        assert footer.tooltip is None


async def test_the_palettes_key_opens_the_palette_in_the_explorer(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        row = (await wait_for_text(pilot, "Demo twitching", "palette")).splitlines()[-1]
        await pilot.click(KeyFooter, offset=(row.index("palette"), 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_the_footer_follows_the_screen_its_keys_belong_to(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Demo twitching")
        explorer_footer = app.screen.query_one(KeyFooter)
        await wait_for(pilot, lambda: [key.display for key in explorer_footer.keys][:3] == ["1-9", "b", "r"])
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: "Close" in screen_text(app).splitlines()[-1])
        assert "Answer" not in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Answer" in screen_text(app).splitlines()[-1])
        assert app.screen.query_one(KeyFooter) is explorer_footer
