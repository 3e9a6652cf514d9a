"""The title bar: the tree's name at the top, an icon that opens the command palette, a click that makes it taller."""

from __future__ import annotations

from textual.command import CommandPalette

from support import screen_text, wait_for, wait_for_text
from twitchtree.tui.widgets.title_bar import ICON_TOOLTIP, TitleBar


def top_row(app) -> str:
    return screen_text(app).splitlines()[0]


async def make_tall(pilot, x: int) -> TitleBar:
    """Click the bar beside the icon, at column ``x``; returns it once it is three rows tall."""
    bar = pilot.app.screen.query_one(TitleBar)
    await pilot.click(TitleBar, offset=(x, 0))
    await wait_for(pilot, lambda: bar.outer_size.height == 3)
    return bar


async def test_the_top_row_names_the_app_and_the_tree_and_follows_a_new_name(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        top = (await wait_for_text(pilot, "Demo twitching")).splitlines()[0]
        assert top.split() == ["≡", "twitchtree", "—", "Demo", "twitching", "v0.1"]
        # Centred between the icon's 8 columns and the 10 kept on the right, as Textual's header does.
        title = "twitchtree — Demo twitching v0.1"
        assert top.index("twitchtree") == 8 + (100 - 8 - 10 - len(title)) // 2
        app.screen.sub_title = "Another tree"
        await wait_for(pilot, lambda: "twitchtree — Another tree" in top_row(app))


async def test_a_title_too_long_for_the_row_ends_in_an_ellipsis(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(40, 20)) as pilot:
        await wait_for_text(pilot, "twitchtree")
        app.screen.sub_title = "A very long name for a decision tree"
        await wait_for(pilot, lambda: "…" in top_row(app))
        top = top_row(app)
        assert len(top.rstrip()) <= 40 - 10 and top.startswith(" ≡")


async def test_the_icon_opens_the_command_palette(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Demo twitching")
        bar = app.screen.query_one(TitleBar)
        await pilot.hover(TitleBar, offset=(1, 0))
        await wait_for(pilot, lambda: bar.tooltip == ICON_TOOLTIP)
        await pilot.hover(TitleBar, offset=(40, 0))
        await wait_for(pilot, lambda: bar.tooltip is None)
        await pilot.click(TitleBar, offset=(1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_a_click_beside_the_icon_makes_the_bar_taller_and_another_makes_it_one_row_again(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Demo twitching")
        bar = await make_tall(pilot, 50)
        assert "Demo twitching" in screen_text(app).splitlines()[1]  # the title on the middle row
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(50, 1))
        await wait_for(pilot, lambda: bar.outer_size.height == 1)


async def test_the_icon_under_the_mouse_is_lit_as_in_textual_s_header(demo_tree, make_app):
    from textual.color import Color

    app = make_app(demo_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Demo twitching")
        await pilot.hover(TitleBar, offset=(1, 0))
        panel, foreground = (Color.parse(app.theme_variables[name]) for name in ("panel", "foreground"))
        lit = panel + foreground.with_alpha(0.1)  # Textual's header: `background: $foreground 10%` when hovered

        def icon_background() -> Color | None:
            segment = next(iter(app.screen._compositor.render_strips()[0]))  # the icon's first cell
            return Color.from_rich_color(segment.style.bgcolor) if segment.style and segment.style.bgcolor else None

        await wait_for(pilot, lambda: icon_background() != panel)
        assert icon_background() == lit


async def test_a_title_with_tabs_and_a_line_break_stays_on_its_row_and_in_its_space(make_app, write_toml):
    from tui_support import DEMO_TREE

    title = "Tab\\there\\tand\\tthere\\tand\\tmore\\nsecond line"
    path = write_toml("tabs.toml", DEMO_TREE.replace('title = "Demo twitching"', f'title = "{title}"'), dedent=False)
    app = make_app(path)
    async with app.run_test(size=(60, 20)) as pilot:
        top = (await wait_for_text(pilot, "twitchtree — Tab")).splitlines()[0]
        assert top.endswith(" " * 10)  # the clock's space is kept, as for any other title
        await make_tall(pilot, 30)
        first, middle, last = screen_text(app).splitlines()[:3]
        assert (first.strip(), last.strip()) == ("", "") and middle.startswith(" ≡")
        assert "twitchtree — Tab" in middle and middle.endswith(" " * 10)


async def test_a_direction_changing_character_in_the_tree_s_name_is_shown_as_an_escape(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Demo twitching")
        app.screen.sub_title = "evil\u202etxt.exe"
        await wait_for(pilot, lambda: "evil\\u202etxt.exe" in top_row(app))
        assert "\u202e" not in screen_text(app)
