"""The footer lists the keys that work now: a modal screen's own, the map's branch keys, and help everywhere."""

from __future__ import annotations

from support import SIZE, help_rows, screen_text, wait_for, wait_for_text, write_config
from twitchtree.tui.screens.condition import ConditionScreen
from twitchtree.tui.screens.explorer import ExplorerScreen
from twitchtree.tui.screens.help import HelpScreen
from twitchtree.tui.screens.map import MapScreen
from twitchtree.tui.widgets.key_footer import KeyFooter


def footer(app) -> str:
    """The bottom line of the screen, where the footer is."""
    return screen_text(app).rstrip("\n").splitlines()[-1]


async def test_help_shows_its_own_keys_in_the_footer_not_the_walks(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Answer" in footer(app))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await wait_for(pilot, lambda: "Close" in footer(app))
        assert "Answer" not in footer(app) and "Back" not in footer(app)
        text = screen_text(app)
        assert "page up / page down" in text  # the scroll keys are in help


async def test_a_conditions_notes_show_their_own_keys_in_the_footer(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Answer" in footer(app))
        await pilot.press("tab", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConditionScreen))
        await wait_for(pilot, lambda: "Close" in footer(app))
        assert "Answer" not in footer(app) and "Restart" not in footer(app)
        await pilot.press("1")  # does nothing here, and the footer never said it would
        assert isinstance(app.screen, ConditionScreen)


async def test_the_map_shows_its_branch_keys_and_has_help(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await wait_for(pilot, lambda: "Open branch" in footer(app))
        assert "Close branch" in footer(app) and "Help" in footer(app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = await wait_for_text(pilot, "Open branch", "Close branch", "space", "Play from here")
        assert "Move between the answers" not in text  # the walk's notes are not the map's
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))


async def test_a_remapped_first_answer_key_leaves_other_answer_keys_in_help(demo_tree, make_app, isolated_user_dirs):
    write_config(isolated_user_dirs, '[keymap]\nanswer-1 = "a"\n')
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        assert rows["Answer with the answer's number"] == "a, 2-9"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        await pilot.press("2")  # still answers, as help says
        await wait_for(pilot, lambda: app.screen.walk.node.id == "rest")


async def test_back_and_restart_are_greyed_until_a_question_is_answered(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(120, 30)) as pilot:

        def greyed() -> dict[str, bool]:
            return {key.key: not key.enabled for key in app.screen.query_one(KeyFooter).keys}

        await wait_for(pilot, lambda: greyed().get("b") is True and greyed().get("r") is True)
        await pilot.press("1")
        await wait_for(pilot, lambda: greyed().get("b") is False and greyed().get("r") is False)
        await pilot.press("r")
        await wait_for(pilot, lambda: greyed().get("b") is True and greyed().get("r") is True)
