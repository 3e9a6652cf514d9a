"""In a case, with the patient's story taking rows, the question's checklist is read to the end by keys (80x24)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from textual.widgets import OptionList
from training_support import start_case

from builders import CHECKLIST_TREE, SIGNS
from support import region_text, wait_for
from twitchtree.tui.widgets.question_card import QuestionCard

if TYPE_CHECKING:
    from pathlib import Path

CASES = """\
format = 1
tree = "checklist"

[[cases]]
id = "long-story"
title = "A long story"
difficulty = "easy"
patient = '''Ana, 30, tells a long story. She has twitchy calves after a long week of work, little sleep
and a lot of coffee, and she wonders whether it is something serious. She has read a lot online.'''
answers = { signs = "No" }

  [cases.expect]
  outcome = "home"
  urgency = "self-care"
"""


@pytest.fixture
def cases_file(write_toml) -> Path:
    write_toml("checklist/checklist.toml", CHECKLIST_TREE, dedent=False)
    return write_toml("checklist/checklist-cases.toml", CASES, dedent=False)


async def test_a_trainee_reads_the_last_sign_by_keys_with_the_story_in_view(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_case(app, pilot)
        card = screen.query_one(QuestionCard)
        await wait_for(pilot, lambda: "No" in region_text(app, "#answers"))
        assert SIGNS[-1] not in region_text(app, "#question")
        await pilot.press("ctrl+end")
        await wait_for(pilot, lambda: SIGNS[-1] in region_text(app, "#question"))
        assert card.scroll_y > 0
        assert isinstance(app.focused, OptionList) and app.focused.id == "answers"
        await pilot.press("ctrl+home")
        await wait_for(pilot, lambda: card.scroll_y == 0)
        for _ in range(20):
            await pilot.press("pagedown")
            if SIGNS[-1] in region_text(app, "#question"):
                break
        assert SIGNS[-1] in region_text(app, "#question")
