"""Pilot tests of the explorer: every key and flow, on a small tree written for the tests."""

from __future__ import annotations

import re

import pytest
from tui_support import NO_NOTES_TREE

from builders import balanced_tree, chain_tree, screened_chain
from support import SIZE, help_rows, notifications, region_text, screen_text, wait_for, wait_for_text, write_config
from twitchtree.model.spec import URGENCY_WORDS
from twitchtree.tui.screens.condition import ConditionScreen
from twitchtree.tui.screens.explorer import ExplorerScreen
from twitchtree.tui.screens.help import HelpScreen
from twitchtree.tui.screens.map import MapScreen


def at(app) -> str:
    """The id of the node the explorer's walk is at."""
    assert isinstance(app.screen, ExplorerScreen), app.screen
    return app.screen.walk.node.id


def path_ids(app) -> list[str]:
    return [node.id for node in app.screen.walk.path]


# -- answering -------------------------------------------------------------------


async def test_digits_answer_the_question(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert at(app) == "lasting"
        assert "Has the twitching lasted more than two weeks?" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert at(app) == "weakness"
        text = screen_text(app)
        assert "Is there weakness in the same muscles?" in text
        assert "Path · 1 answered" in text
        await pilot.press("2")
        await pilot.pause()
        assert at(app) == "rest"
        assert path_ids(app) == ["lasting", "weakness", "rest"]


async def test_a_digit_beyond_the_answers_does_nothing(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "9")
        await pilot.pause()
        assert at(app) == "lasting"
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert at(app) == "weakness"
        await pilot.press("3")
        await pilot.pause()
        assert at(app) == "see-doctor"
        await pilot.press("1")  # an outcome has no answers
        await pilot.pause()
        assert path_ids(app) == ["lasting", "weakness", "see-doctor"]


async def test_arrows_and_enter_answer(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "answers"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert at(app) == "rest"


async def test_clicking_an_answer_chooses_it(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await pilot.click("#answers", offset=(5, 1))  # the second answer, "No"
        await pilot.pause()
        assert at(app) == "rest"


# -- going back, restarting, jumping -----------------------------------------------


async def test_b_and_backspace_go_back(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause()
        assert at(app) == "see-doctor"
        await pilot.press("b")
        await pilot.pause()
        assert at(app) == "weakness"
        await pilot.press("backspace")
        await pilot.pause()
        assert at(app) == "lasting"
        await pilot.press("b")  # nothing to undo at the start
        await pilot.pause()
        assert at(app) == "lasting"
        assert "Has the twitching lasted more than two weeks?" in screen_text(app)


async def test_r_restarts(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause()
        assert at(app) == "see-doctor"
        await pilot.press("r")
        await pilot.pause()
        assert at(app) == "lasting"
        assert "Path · 0 answered" in screen_text(app)


async def test_choosing_a_past_step_returns_the_walk_there(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause()
        assert region_text(app, "#path") == (
            "1 Has the twitching lasted more than two weeks? → Yes Lasting twitching is worth a closer look. "
            "2 Is there weakness in the same muscles? → Yes Weakness with twitching needs a doctor. "
            "▶ See a doctor within a day or two"
        )
        # Keyboard: back from the outcome into the path panel; the current step is highlighted,
        # and choosing it changes nothing.
        await pilot.press("shift+tab")
        await pilot.pause()
        path = app.screen.query_one("#path")
        assert path.has_focus
        assert path.highlighted == len(path.lines) - 1
        await pilot.press("enter")
        await pilot.pause()
        assert at(app) == "see-doctor"
        # Its first step (the question or its answer), enter: the walk is back there.
        await pilot.press("home", "enter")
        await pilot.pause()
        assert at(app) == "lasting"
        assert region_text(app, "#path") == "1 Has the twitching lasted more than two weeks?"
        await pilot.press("1", "1")
        await pilot.pause()
        await pilot.press("shift+tab", "home", "down", "enter")
        await pilot.pause()
        assert at(app) == "lasting"
        # Mouse: click the second step, to answer it differently.
        await pilot.press("1", "1")
        await pilot.pause()
        path = app.screen.query_one("#path").content_region
        lines = screen_text(app).splitlines()
        y = next(y for y in range(path.y, path.bottom) if "2 Is there weakness" in lines[y][path.x : path.right])
        assert await pilot.click(offset=(path.x + 4, y))
        await pilot.pause()
        assert at(app) == "weakness"
        assert path_ids(app) == ["lasting", "weakness"]
        await pilot.press("2")
        await pilot.pause()
        assert at(app) == "rest"


# -- the map --------------------------------------------------------------------------


async def test_map_enter_plays_from_the_chosen_step(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        tree = app.screen.query_one("#map")
        await wait_for(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data.id == "rest")
        text = screen_text(app)
        assert "◆ No → [self-care] Rest and cut down on caffeine" in text  # where the walk is
        assert "● Has the twitching lasted more than two weeks?" in text  # on the walked path
        await pilot.press("up")  # "Yes → Is there weakness …", not yet opened
        await pilot.pause()
        assert tree.cursor_node.data.id == "weakness"
        await pilot.press("right", "down")  # open the branch, then its first answer
        await pilot.pause()
        assert tree.cursor_node.data.id == "see-doctor"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        await pilot.pause()
        assert at(app) == "see-doctor"
        assert path_ids(app) == ["lasting", "weakness", "see-doctor"]
        assert "Path · 2 answered" in screen_text(app)


async def test_the_map_shows_the_highlighted_step_in_full(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=(50, 24)) as pilot:  # too narrow for the tree's longest lines
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await wait_for(
            pilot, lambda: region_text(app, "#map-detail") == "Has the twitching lasted more than two weeks?"
        )
        await pilot.press("down", "right", "down", "down", "down")  # to "Not sure" under the weakness question
        await wait_for(pilot, lambda: "Not sure" in region_text(app, "#map-detail"))
        assert region_text(app, "#map-detail") == (
            "Not sure → Urgent: see a doctor within a day or two. See a doctor within a day or two"
        )


async def test_a_line_cut_in_the_map_ends_in_an_ellipsis(write_toml, make_app):
    question = " ".join(f"word{n}" for n in range(60)) + "?"
    app = make_app(write_toml("long.toml", balanced_tree(3, "long", first_text=question), dedent=False))
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await wait_for(pilot, lambda: "word0" in region_text(app, "#map-detail"))
        tree = app.screen.query_one("#map").content_region
        first = screen_text(app).splitlines()[tree.y][tree.x : tree.right]
        assert first.startswith("▼ ◆ word0 word1 ") and first.endswith("…"), first
        assert app.screen.query_one("#map").virtual_size.width <= tree.width  # nothing runs off the side
        detail = region_text(app, "#map-detail")  # four lines of the question, then "…"
        assert detail.startswith("word0 word1 ") and detail.endswith("…") and "word59" not in detail, detail
        assert app.screen.query_one("#map-detail").region.height == 4
        await pilot.press("down")  # a short step is shown in full
        shown = f"Left → {URGENCY_WORDS['routine']}. Outcome n1"
        await wait_for(pilot, lambda: region_text(app, "#map-detail") == shown)


async def test_the_map_of_a_deep_walk_says_its_first_step_with_a_thousands_separator(write_toml, make_app):
    app = make_app(write_toml("chain.toml", chain_tree(1150), dedent=False))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        app.screen.play_from("q1149")
        await wait_for(pilot, lambda: app.screen.walk.depth == 1149)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await wait_for_text(pilot, "Map · Chain · from step 1,050 · enter plays from the chosen step")


async def test_the_map_marks_screening_questions(write_toml, make_app):
    app = make_app(write_toml("screened.toml", screened_chain(1), dedent=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "m")  # q0 → Yes: at the screening question
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await wait_for(pilot, lambda: "Any trouble breathing?" in region_text(app, "#map-detail"))
        assert region_text(app, "#map-detail") == "Yes → [screens emergency] Any trouble breathing?"
        text = screen_text(app)
        assert "◆ Yes → [screens emergency] Any trouble breathing?" in text
        assert "No → [screens emergency] Any trouble breathing?" in text
        assert "[screens emergency] Question q0?" not in text


@pytest.mark.parametrize("key", ["escape", "m", "q"])
async def test_escape_m_or_q_closes_the_map(demo_tree, make_app, key):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        await pilot.press("down", key)
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        assert at(app) == "weakness"
        assert app.return_code is None  # q closed the map, not the app


# -- export ---------------------------------------------------------------------------


async def test_e_exports_a_summary_and_never_overwrites(demo_tree, make_app, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause()
        await pilot.press("e")
        await wait_for(pilot, lambda: len(list(out.glob("*.md"))) == 1)
        (first,) = out.glob("*.md")
        assert first.name.startswith("twitchtree-demo-")
        summary = first.read_text(encoding="utf-8")
        for expected in ("Has the twitching lasted more than two weeks?", "See a doctor within a day or two", "Urgent"):
            assert expected in summary
        await wait_for(pilot, lambda: any(str(first) in m for m in notifications(app)))

        await pilot.press("e")
        await wait_for(pilot, lambda: len(list(out.glob("*.md"))) == 2)
        (second,) = set(out.glob("*.md")) - {first}
        assert first.read_text(encoding="utf-8") == summary
        await wait_for(pilot, lambda: any(str(second) in m for m in notifications(app)))


# -- help, keymap and quitting ----------------------------------------------------------


async def test_help_lists_every_key(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        assert rows["Answer with the answer's number"] == "1-9"
        assert rows["Undo the last answer"] == "b, ⌫"
        assert rows["Start the walk again"] == "r"
        assert rows["The whole tree, with the walked path highlighted"] == "m"
        assert rows["Save the path as a Markdown summary"] == "e"
        assert rows["Every key"] == "?"
        assert rows["Quit"] == "q"
        assert "ctrl+p" in rows.values()
        text = screen_text(app)
        assert "Undo the last answer" in text and "Command palette" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        assert at(app) == "weakness"


async def test_keymap_from_the_config_file_remaps_keys_and_help(demo_tree, make_app, isolated_user_dirs):
    write_config(isolated_user_dirs, '[keymap]\nback = "h"\n')
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert at(app) == "weakness"
        await pilot.press("b")  # replaced by h
        await pilot.pause()
        assert at(app) == "weakness"
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert help_rows(app)["Undo the last answer"] == "h"
        assert not notifications(app)  # a valid keymap is not a problem


async def test_q_quits(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


# -- condition notes and the outcome ------------------------------------------------------


async def test_enter_on_a_related_condition_opens_its_notes(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        conditions = region_text(app, "#conditions")
        assert "▸ Benign fasciculation syndrome: Twitching with no disease behind it." in conditions
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "conditions"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConditionScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "╭─ Benign fasciculation syndrome ─" in text
        text = region_text(app, "#condition")
        assert "Twitching with no disease behind it." in text
        assert "Full notes on benign fasciculation syndrome. It is common and harmless." in text
        assert "Sources • A test leaflet on twitching (https://example.org/leaflet)" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        await pilot.press("down", "enter")  # the second condition
        await wait_for(pilot, lambda: isinstance(app.screen, ConditionScreen))
        await pilot.pause()
        assert "Full notes on motor neuron disease." in region_text(app, "#condition")


async def test_a_step_without_condition_notes_gives_the_question_the_room_and_tab_skips_it(write_toml, make_app):
    app = make_app(write_toml("demo.toml", NO_NOTES_TREE, dedent=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one("#conditions")
        assert panel.region.height >= 4 and "Related conditions · 2" in screen_text(app)
        await pilot.press("tab")  # the notes of this step can be reached from the keyboard
        await wait_for(pilot, lambda: app.focused is panel)
        await pilot.press("1")  # to a step without notes: the panel is one line, its title
        await wait_for(pilot, lambda: at(app) == "weakness" and panel.region.height == 1)
        card = app.screen.query_one("#question")
        assert card.region.bottom == panel.region.y  # the question card has the rest
        assert "─ Related conditions · none ─" in screen_text(app)
        assert "No condition notes" not in screen_text(app)
        assert app.focused is not None and app.focused.id == "answers"  # focus left the emptied panel
        seen = set()
        for _ in range(4):  # round the whole focus order: it never lands on the empty panel
            await pilot.press("tab")
            await pilot.pause()
            seen.add(app.focused)
        assert panel not in seen and app.query_one("#answers") in seen
        await pilot.click(panel)
        assert app.focused is not panel
        await pilot.press("b")  # back to a step with notes: the panel opens again and tab reaches it
        await wait_for(pilot, lambda: at(app) == "lasting" and panel.region.height >= 4)
        await pilot.press("tab")
        await wait_for(pilot, lambda: app.focused is panel)


async def test_outcome_shows_urgency_in_words_red_flags_sources_and_disclaimer(demo_tree, make_app):
    app = make_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause()
        assert region_text(app, "#outcome") == (
            f"{URGENCY_WORDS['urgent']} "  # "Urgent: see a doctor within a day or two", not colour alone
            "See a doctor within a day or two "
            "Book an appointment and mention the weakness. "
            "█ Act sooner if █ • Trouble breathing █ • Trouble swallowing "
            "Sources • A test leaflet on twitching (https://example.org/leaflet) "
            "Test disclaimer: this is educational material, not a diagnosis."
        )
        assert "Motor neuron disease: Nerves that drive the muscles slowly fail." in region_text(app, "#conditions")
        assert app.screen.query_one("#urgency").has_class("-urgent")
        await pilot.press("r", "2")
        await pilot.pause()
        text = region_text(app, "#outcome")
        assert text.startswith(URGENCY_WORDS["self-care"])
        assert "• It spreads to other muscles" in text
        assert app.screen.query_one("#urgency").has_class("-self-care")


# -- a tree that does not load -------------------------------------------------------------


async def test_a_tree_that_fails_to_load_lists_its_diagnostics(broken_tree, make_app):
    from twitchtree.tui.screens.load_error import LoadErrorScreen

    app = make_app(broken_tree)
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        text = screen_text(app)
        assert "This tree could not be loaded · 2 errors" in text
        lines = re.findall(rf"{re.escape(str(broken_tree))}:(\d+):(\d+): error: (.*?)\s*│", text)
        assert ("9", "1", "unknown key 'colour' in [nodes.first]") in lines
        assert any(message.startswith("a question needs at least 2 answers") for *_, message in lines)
        assert "Traceback" not in text
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code is not None)
