"""The training flow, driven with Textual's pilot: name, case list, walk with the story in view, debrief."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from training_support import MARKUP_NAME, answer, saved, start_case

from support import SIZE, region_text, screen_text, wait_for
from twitchtree.training.store import open_store
from twitchtree.tui.screens.case_list import CaseListScreen
from twitchtree.tui.screens.confirm import ConfirmScreen
from twitchtree.tui.screens.debrief import DebriefScreen
from twitchtree.tui.screens.trainee import TraineeScreen
from twitchtree.tui.screens.training import TrainingScreen
from twitchtree.tui.widgets.patient_story import PatientStory


def on(app, screen_type) -> bool:
    return isinstance(app.screen, screen_type)


async def test_the_case_list_shows_title_tree_and_difficulty(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on(app, CaseListScreen))
        text = screen_text(app)
        assert "Tired legs after a long week" in text and "A weak arm" in text
        assert "Drill tree" in text and "easy" in text and "hard" in text
        assert "Training · Sam" in text
        assert "Recording to" in text


async def test_a_trainee_is_asked_for_a_name_and_it_is_data_not_markup(make_app, store):
    app = make_app(trainee=None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on(app, TraineeScreen))
        assert "Who is training?" in screen_text(app)
        name = app.screen.query_one(Input)
        name.value = "bad\x07name"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "control characters" in screen_text(app))
        assert on(app, TraineeScreen)
        name.value = MARKUP_NAME
        await pilot.press("enter")
        await wait_for(pilot, lambda: on(app, CaseListScreen))
        assert app.trainee == MARKUP_NAME
        assert MARKUP_NAME in screen_text(app)  # shown as typed, brackets and all
        await start_case(app, pilot)
        await answer(app, pilot, "2", "2", "2")
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        await saved(app, pilot)
    assert [s.trainee for s in store.sessions()] == [MARKUP_NAME]


async def test_walking_a_case_keeps_the_story_in_view_and_ends_in_a_debrief(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_case(app, pilot)
        story = screen.query_one(PatientStory)
        # The story is plain content: the brackets in it are shown, not run as markup or actions.
        assert "[b]Not bold[/b] [@click=app.quit]not a link[/]" in screen_text(app)
        for key in ("2", "2"):
            await answer(app, pilot, key)
            assert story.region.height > 2 and screen.region.contains_region(story.region)
            assert "Ana, 30, has twitchy calves" in screen_text(app)
        await answer(app, pilot, "2")
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        text = screen_text(app)
        assert "✔ RIGHT URGENCY: you chose self-care, as the case expects." in text
        assert "Score 100/100" in text
        assert "✔ Reached the case's outcome: Manage at home" in text
        assert "✔ asked  Any trouble breathing?" in text
        assert "Teaching points" in text and "Ask about breathing first" in text
        await saved(app, pilot)
    (session,) = store.sessions()
    assert (session.verdict, session.score, session.outcome) == ("exact", 100, "home-care")
    assert [(s.node_id, s.answer_label) for s in store.steps(session.id)] == [
        ("breathing", "No"),
        ("weakness", "No"),
        ("lasting", "No"),
    ]
    assert [s.seconds for s in store.steps(session.id)] == [7.0, 7.0, 7.0]


async def test_under_triage_debrief_names_the_serious_error_and_the_missed_steps(make_app):
    app = make_app()
    async with app.run_test(size=(110, 60)) as pilot:
        await start_case(app, pilot, row=1)  # a weak arm: urgent
        await answer(app, pilot, "2", "2", "2")  # no weakness, not lasting: self-care
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        text = screen_text(app)
        assert "✘ UNDER-TRIAGE BY 3 LEVELS: you chose self-care, the case needs urgent." in text
        assert "serious error" in text
        assert "✘ Not the case's outcome: See a doctor within a day or two" in text
        assert "You reached: Manage at home" in text
        assert "≠ differs" in text and "off path" in text
        assert "Score 25/100" in text


async def test_the_map_export_and_play_from_node_are_unavailable_while_training(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_case(app, pilot)
        keys = {binding.binding.action for binding in screen.active_bindings.values()}
        assert "map" not in keys and "export" not in keys
        footer = screen_text(app).splitlines()[-1]
        assert "Map" not in footer and "Export" not in footer and "Leave case" in footer
        await pilot.press("m", "e")
        await pilot.pause()
        assert app.screen is screen and len(app.screen_stack) == 2
        titles = [command.title for command in app.get_system_commands(screen)]
        assert not [t for t in titles if t.startswith(("node:", "tree:", "export:"))]
        assert any(t.startswith("theme:") for t in titles)
        screen.play_from("home-care")
        assert screen.walk.node.id == "breathing"


async def test_going_back_is_recorded_and_the_last_answer_counts(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_case(app, pilot)
        await answer(app, pilot, "2", "1")  # breathing No, weakness Yes: see a doctor (urgent), over-triage
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        await saved(app, pilot)
    (session,) = store.sessions()
    assert session.verdict == "over-triage"

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_case(app, pilot)
        await answer(app, pilot, "2")  # breathing: No
        await pilot.press("b")  # back: answer it again
        await wait_for(pilot, lambda: screen.walk.depth == 0)
        await answer(app, pilot, "2", "2", "2")
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        assert "Score 100/100" in screen_text(app)
        await saved(app, pilot)
    second = list(store.sessions())[-1]
    assert [(s.n, s.depth, s.node_id) for s in store.steps(second.id)] == [
        (1, 0, "breathing"),
        (2, 0, "breathing"),
        (3, 1, "weakness"),
        (4, 2, "lasting"),
    ]


async def test_leaving_a_case_keeps_it_unfinished_and_try_again_starts_afresh(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_case(app, pilot)
        await answer(app, pilot, "2")
        await pilot.press("escape")
        await wait_for(pilot, lambda: on(app, ConfirmScreen))
        await pilot.press("left", "enter")  # from "Keep going" to "Leave"
        await wait_for(pilot, lambda: on(app, CaseListScreen))
        await start_case(app, pilot)
        await answer(app, pilot, "2", "2", "1")
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: on(app, TrainingScreen) and app.screen.walk_view.node is not None)
        assert app.screen.walk.depth == 0 and len(app.screen_stack) == 2
        await pilot.press("escape")  # nothing answered in this attempt yet: no question
        await wait_for(pilot, lambda: on(app, CaseListScreen))
        await wait_for(pilot, lambda: "40/100" in screen_text(app))  # the best score so far, in the list
    assert [(s.finished, s.score) for s in store.sessions()] == [(False, None), (True, 40), (False, None)]


async def test_escape_mid_case_asks_before_leaving_and_a_second_escape_keeps_going(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_case(app, pilot)
        assert "esc Leave case" in screen_text(app).splitlines()[-1]  # the key, in the footer
        await answer(app, pilot, "2", "2")
        await pilot.press("escape")
        await wait_for(pilot, lambda: on(app, ConfirmScreen))
        question = "Leave this case? Your answers so far are kept as an unfinished attempt."
        assert region_text(app, "#question") == question
        text = screen_text(app)
        assert "Leave" in text and "Keep going" in text
        assert "esc Cancel" in text.splitlines()[-1]  # the question's keys, not "esc Leave case" underneath
        await pilot.press("escape")  # a second escape (or an alt-key sequence) keeps the trainee in the case
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.walk.depth == 2 and "Has it lasted more than two weeks?" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: on(app, ConfirmScreen))
        await pilot.press("enter")  # "Keep going" has the focus: enter does not leave
        await wait_for(pilot, lambda: app.screen is screen)
        await answer(app, pilot, "1")  # the walk goes on where it was
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        await saved(app, pilot)
    (session,) = store.sessions()
    assert session.finished and session.outcome == "book-visit"


async def test_leave_from_the_question_keeps_the_answers_as_an_unfinished_attempt(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_case(app, pilot)
        await answer(app, pilot, "2")
        await pilot.press("escape")
        await wait_for(pilot, lambda: on(app, ConfirmScreen))
        await pilot.click("#leave")
        await wait_for(pilot, lambda: on(app, CaseListScreen))
        await saved(app, pilot)
    (session,) = store.sessions()
    assert (session.finished, session.score) == (False, None)
    assert [(s.node_id, s.answer_label) for s in store.steps(session.id)] == [("breathing", "No")]


async def test_a_broken_database_never_stops_training(make_app, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 10)
    from twitchtree.commands.train import open_recorder

    recorder, problem = open_recorder(str(broken))
    assert recorder is None and problem and "not an SQLite database" in problem
    app = make_app(db=None, store_problem=problem)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on(app, CaseListScreen))
        assert "Not recording" in screen_text(app)
        assert any("not an SQLite database" in n.message for n in app._notifications)
        await start_case(app, pilot)
        await answer(app, pilot, "2", "2", "2")
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        assert "Score 100/100" in screen_text(app)
    assert broken.read_bytes() == b"not a database at all" * 10


async def test_a_database_that_fails_mid_case_is_reported_once_and_the_walk_goes_on(make_app, db_path):
    store = open_store(db_path)
    app = make_app(db=store)
    async with app.run_test(size=SIZE) as pilot:
        await start_case(app, pilot)
        store.close()  # every write from now on fails
        await answer(app, pilot, "2", "2", "2")
        await wait_for(pilot, lambda: on(app, DebriefScreen))
        await wait_for(pilot, lambda: "Not recorded" in screen_text(app))
        assert sum(n.title == "Not recording" for n in app._notifications) == 1


@pytest.mark.parametrize("visitor", [True, False])
async def test_a_browser_visitors_theme_lasts_for_the_visit_and_never_touches_the_operators_config(
    make_app, isolated_user_dirs, visitor
):
    config = isolated_user_dirs.twitchtree_config / "config.toml"
    config.parent.mkdir(parents=True)
    operator = '# the operator\'s settings\ntheme = "twitchtree-dark"\n'
    config.write_text(operator)
    app = make_app(visitor=visitor)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on(app, CaseListScreen))
        app.theme = "twitchtree-light"
        await wait_for(pilot, lambda: app.settings.theme == "twitchtree-light")
        assert app.current_theme.name == "twitchtree-light"
    if visitor:
        assert config.read_text() == operator
    else:  # a trainee at their own terminal keeps their choice, as in the explorer
        assert 'theme = "twitchtree-light"' in config.read_text()


@pytest.mark.parametrize("visitor", [True, False])
async def test_a_visitors_crash_writes_nothing_into_the_data_folder_and_says_one_line_on_stderr(
    make_app, isolated_user_dirs, monkeypatch, capfd, visitor
):
    from twitchtree.tui.training_app import TrainingApp

    def broken(self, name) -> None:
        raise RuntimeError("boom\x1b]0;owned\x07\non purpose")

    monkeypatch.setattr(TrainingApp, "_set_trainee", broken)
    app = make_app(trainee=None, visitor=visitor)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: on(app, TraineeScreen))
            app.screen.query_one(Input).value = "Sam"
            await pilot.press("enter")
            await pilot.pause()
    assert app.return_code == 1
    log = isolated_user_dirs.data / "twitchtree" / "crash.log"
    err = capfd.readouterr().err
    if not visitor:  # at their own terminal, a trainee's crash is kept as the explorer's is
        assert "RuntimeError: boom" in log.read_text(encoding="utf-8") and str(log) in " ".join(err.split())
        return
    assert not log.exists() and not (isolated_user_dirs.data / "twitchtree").exists()
    (line,) = err.splitlines()  # one line, whatever the width of the visitor's terminal
    assert line.startswith("twitchtree: internal error: RuntimeError: boom\\u001b]0;owned\\u0007\\u000aon purpose (at ")
    assert "test_training_app.py:" in line and " in broken < textual/" in line  # where it failed, innermost first
    assert line.endswith(". Please report it.")
    assert "\x1b" not in line and "\x07" not in line


@pytest.mark.parametrize(("visitor", "lasts"), [(True, "(for this session only)"), (False, "(remembered)")])
def test_the_palette_says_whether_a_theme_is_remembered(make_app, visitor, lasts):
    from twitchtree.tui.palette import common_commands

    app = make_app(visitor=visitor)
    helps = {c.help for c in common_commands(app, app.get_default_screen()) if c.title.startswith("theme: ")}
    assert helps == {f"Switch to this theme {lasts}"}


async def test_an_answer_is_taken_before_the_frame_that_shows_the_next_question(make_app):
    # A visitor who sees the next question and closes the browser at once must not lose the answer.
    app = make_app()
    taken_when_shown: list[int] = []

    def frame_shown() -> None:
        screen = app.screen
        if isinstance(screen, TrainingScreen) and screen.walk_view.walk.depth == 1:
            taken_when_shown.append(len(screen.attempt.answers))

    app.post_display_hook = frame_shown  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_case(app, pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: taken_when_shown)
        assert taken_when_shown[0] == 1
        assert len(screen.attempt.answers) == 1
