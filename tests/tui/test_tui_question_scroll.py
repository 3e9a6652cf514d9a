"""A question's help (its checklist of signs) is read to the end by keys at 80x24, the focus staying on the answers."""

from __future__ import annotations

from textual.widgets import OptionList

from builders import CHECKLIST_TREE, SIGNS
from support import region_text, screen_text, wait_for, write_config
from twitchtree.tui.widgets.question_card import MORE_ABOVE, MORE_BELOW, QuestionCard

SMALL = (80, 24)


def card_text(app) -> str:
    return region_text(app, "#question")


async def read_to_the_last_sign(pilot, app) -> int:
    """Press page down until the last sign shows (or 20 times); returns the presses it took."""
    card = app.screen.query_one(QuestionCard)
    for presses in range(1, 21):
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: card.scroll_y > 0)
        if SIGNS[-1] in card_text(app):
            return presses
    raise AssertionError(f"the last sign never showed:\n{card_text(app)}")


async def test_page_down_scrolls_the_card_to_the_last_sign_and_the_answers_keep_the_focus(write_toml, make_app):
    app = make_app(write_toml("checklist.toml", CHECKLIST_TREE, dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: "Not sure" in card_text(app))
        card = app.screen.query_one(QuestionCard)
        assert SIGNS[-1] not in card_text(app)  # 80x24 cannot show it all
        await wait_for(pilot, lambda: card.border_subtitle == MORE_BELOW)
        assert await read_to_the_last_sign(pilot, app) <= 3
        assert isinstance(app.focused, OptionList) and app.focused.id == "answers"
        await wait_for(pilot, lambda: card.border_subtitle == MORE_ABOVE)
        await pilot.press("ctrl+home")
        await wait_for(pilot, lambda: card.scroll_y == 0)
        assert "Not sure" in card_text(app) and SIGNS[0] in card_text(app)
        await pilot.press("ctrl+end")
        await wait_for(pilot, lambda: SIGNS[-1] in card_text(app))
        await pilot.press("pageup")
        await wait_for(pilot, lambda: SIGNS[-1] not in card_text(app))
        await pilot.press("2")  # the answer keys still answer
        await wait_for(pilot, lambda: app.screen.walk.node.id == "home")


async def test_the_hint_goes_when_the_next_question_fits(write_toml, make_app):
    short = """
[nodes.short]
type = "question"
text = "How long has it lasted?"
answers = [{ label = "Days", next = "home" }, { label = "Weeks", next = "call" }]
"""
    tree = CHECKLIST_TREE.replace('{ label = "No", next = "home" }', '{ label = "No", next = "short" }') + short
    app = make_app(write_toml("checklist.toml", tree, dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        card = app.screen.query_one(QuestionCard)
        await wait_for(pilot, lambda: card.border_subtitle == MORE_BELOW)
        await pilot.press("2")
        await wait_for(pilot, lambda: "How long has it lasted?" in card_text(app))
        await wait_for(pilot, lambda: card.border_subtitle == "")
        assert card.max_scroll_y == 0


async def test_the_answer_list_keeps_up_and_down(write_toml, make_app):
    app = make_app(write_toml("checklist.toml", CHECKLIST_TREE, dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: "Not sure" in card_text(app))
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: app.screen.walk.node.id == "call")


async def test_a_question_that_fits_says_nothing_and_ignores_page_keys(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "Count from the day" in card_text(app))
        card = app.screen.query_one(QuestionCard)
        await pilot.press("pagedown", "ctrl+end")
        await pilot.pause()
        assert card.scroll_y == 0 and card.border_subtitle == ""
        assert app.screen.walk.node.id == "lasting"


async def test_answers_past_the_ninth_have_no_number(write_toml, make_app):
    answers = ", ".join(f'{{ label = "Answer {n}", next = "end" }}' for n in range(1, 12))
    tree = f"""\
format = 1
id = "many"
title = "Many"
start = "q"

[nodes.q]
type = "question"
text = "Which one?"
answers = [{answers}]

[nodes.end]
type = "outcome"
urgency = "routine"
title = "End"
text = "End."
"""
    app = make_app(write_toml("many.toml", tree, dedent=False))
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: "Answer 11" in card_text(app))
        region = app.screen.query_one("#answers").content_region
        rows = [line[region.x : region.right] for line in screen_text(app).splitlines()[region.y : region.bottom]]
        answers = [row for row in rows if "Answer" in row]
        assert [row.split("Answer")[0].strip() for row in answers] == [*map(str, range(1, 10)), "", ""]
        assert len({row.index("Answer") for row in answers}) == 1  # every label in one column


async def test_the_scroll_hint_names_the_keys_a_keymap_put_the_page_keys_on(write_toml, make_app, isolated_user_dirs):
    keymap = '[keymap]\n"question.page-down" = "ctrl+d"\n"question.page-up" = "ctrl+u,pageup"\n'
    write_config(isolated_user_dirs, keymap)
    app = make_app(write_toml("checklist.toml", CHECKLIST_TREE, dedent=False))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: "Not sure" in card_text(app))
        card = app.screen.query_one(QuestionCard)
        await wait_for(pilot, lambda: card.border_subtitle == "^d: more below ▼")
        await pilot.press("ctrl+end")
        await wait_for(pilot, lambda: card.border_subtitle == "^u: back up ▲")
        await pilot.press("ctrl+u")  # the key the hint names scrolls
        await wait_for(pilot, lambda: card.border_subtitle == "^d: more below ▼")
