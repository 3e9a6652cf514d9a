"""Tree text is content, never markup: every field shows ``[@click=app.quit] [bold]x[/bold] [red]`` as typed.

The tree of :data:`tui_support.MARKUP_TREE` puts that string after a word
naming each field ("question", "help", "yes", "why", …). If any of them were
read as markup, the brackets would vanish from the screen, and a click on
``[@click=app.quit]`` would quit.
"""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from tui_support import MARKUP

from support import click_action_tags, notifications, region_text, screen_text, wait_for
from twitchtree.tui.screens.condition import ConditionScreen
from twitchtree.tui.screens.explorer import ExplorerScreen
from twitchtree.tui.screens.map import MapScreen

WIDE = (160, 40)


async def test_question_path_and_conditions_show_markup_as_text(markup_tree, make_app):
    app = make_app(markup_tree)
    async with app.run_test(size=WIDE) as pilot:
        # The help under the question is drawn just after the first frame.
        await wait_for(pilot, lambda: f"help {MARKUP}" in region_text(app, "#question"))
        assert f"twitchtree — Markup {MARKUP}" in screen_text(app)  # the header
        assert region_text(app, "#question") == f"question {MARKUP} 1 yes {MARKUP} 2 no {MARKUP} help {MARKUP}"
        assert region_text(app, "#conditions") == f"▸ condname {MARKUP}: summary {MARKUP}"
        assert region_text(app, "#path") == f"1 question {MARKUP}"
        # Clicking the tag in the question text and in the help does nothing; above all, nothing quits.
        for selector in ("#question-text", "#question-help-markdown"):
            region = app.screen.query_one(selector).content_region
            await pilot.click(offset=(region.x + len("question ") + 1, region.y))
            await pilot.pause()
        assert app.return_code is None
        assert app.screen.walk.node.id == "ask"

        await pilot.press("1")
        await pilot.pause()
        assert region_text(app, "#path") == f"1 question {MARKUP} → yes {MARKUP} why {MARKUP} ▶ outcome {MARKUP}"


async def test_outcome_shows_markup_as_text_and_clicks_do_not_quit(markup_tree, make_app):
    app = make_app(markup_tree)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert region_text(app, "#outcome") == (
            "Soon: book an appointment within days to a couple of weeks "
            f"outcome {MARKUP} text {MARKUP} █ Act sooner if █ • flag {MARKUP} "
            f"Sources • source {MARKUP} disclaimer {MARKUP}"
        )
        # Skip the header (a click there toggles its height) and the conditions panel (it opens the notes).
        conditions_top = app.screen.query_one("#conditions").region.y
        clicks = await click_action_tags(pilot, top=1, bottom=conditions_top, every=False)
        assert clicks >= 6
        assert app.return_code is None
        assert isinstance(app.screen, ExplorerScreen)


async def test_condition_notes_show_markup_as_text(markup_tree, make_app):
    app = make_app(markup_tree)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("tab", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConditionScreen))
        await pilot.pause()
        assert f"╭─ condname {MARKUP} ─" in screen_text(app)  # the border title
        assert region_text(app, "#condition") == f"summary {MARKUP} notes {MARKUP} Sources • source {MARKUP}"
        assert await click_action_tags(pilot, top=1, every=False) >= 4
        assert app.return_code is None
        assert isinstance(app.screen, ConditionScreen)


async def test_map_shows_markup_as_text(markup_tree, make_app):
    app = make_app(markup_tree)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await pilot.pause()
        text = screen_text(app)
        assert f"Map · Markup {MARKUP} · enter plays from the chosen step" in text  # the border title
        assert f"◆ question {MARKUP}" in text
        assert f"yes {MARKUP} → [soon] outcome {MARKUP}" in text
        region = app.screen.query_one("#map").region
        await pilot.click(offset=(region.x + len("╭─ Map · Markup ") + 1, region.y))  # the title's tag
        await pilot.pause()
        assert app.return_code is None


async def test_palette_shows_node_text_as_text(markup_tree, make_app):
    app = make_app(markup_tree)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"play from")
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count == 2)
        await pilot.pause()
        text = screen_text(app)
        assert f"question {MARKUP}" in text
        assert f"outcome {MARKUP}" in text
        assert not notifications(app)
