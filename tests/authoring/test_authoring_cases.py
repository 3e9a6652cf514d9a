"""Pilot tests of recording a walk as a case (n), case coverage (c) and playing from any node (map, palette)."""

from __future__ import annotations

import tomllib

from authoring_support import CASES, path_ids, preview_ready
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Static

from support import SIZE, notifications, wait_for, wait_for_text
from twitchtree.cli import main as twitchtree
from twitchtree.tui.screens.coverage import CoverageScreen
from twitchtree.tui.screens.map import MapScreen
from twitchtree.tui.screens.preview import PreviewScreen
from twitchtree.tui.screens.record_case import RecordCaseScreen

STRETCH_ANSWERS = {"lasting": "Yes", "weakness": "No", "spreading": "No", "cramps": "Yes"}


async def walk_to_stretch(pilot) -> None:
    await pilot.press("1", "2", "2", "1")
    await wait_for(pilot, lambda: path_ids(pilot.app)[-1:] == ["stretch"])


async def fill_case(pilot, case_id: str, title: str = "Night cramps", story: str = "A runner.") -> None:
    """Type into the three fields of the record-case dialog, moving between them with tab."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RecordCaseScreen))
    assert pilot.app.focused.id == "case-id"
    await pilot.press(*case_id, "tab", *title, "tab", *("enter" if c == "\n" else c for c in story))
    assert pilot.app.focused.id == "patient"


def error_text(app) -> str:
    return str(app.screen.query_one("#error", Static).render())


# -- recording a case ---------------------------------------------------------------------


async def test_a_recorded_case_is_appended_and_passes(case_file, demo_tree, preview_app, capsys):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await walk_to_stretch(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordCaseScreen))
        await wait_for_text(pilot, "Stretch and mention it at your next visit (routine), after 4 answers")
        await fill_case(pilot, "night-cramps", story="Calf cramps\nat night.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        assert any(n == f"Case added to {case_file}" for n in notifications(app))
        # Coverage now counts the new case.
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CoverageScreen))
        rows = coverage_rows(app)
        assert rows["stretch"] == "night-cramps"
    text = case_file.read_text(encoding="utf-8")
    assert text.startswith(CASES)  # every existing byte, comments included, is kept
    data = tomllib.loads(text)
    assert [c["id"] for c in data["cases"]] == ["short-twitch", "night-cramps"]
    new = data["cases"][1]
    assert new["title"] == "Night cramps"
    assert new["patient"] == "Calf cramps\nat night.\n"
    assert new["answers"] == STRETCH_ANSWERS
    assert new["expect"] == {"outcome": "stretch", "urgency": "routine", "must_ask": ["weakness"]}
    capsys.readouterr()
    assert twitchtree(["test", str(case_file)]) == 0
    assert "2 cases: 2 passed, 0 failed" in capsys.readouterr().err
    assert twitchtree(["check", str(case_file)]) == 0


async def test_a_case_file_is_created_when_there_is_none(case_file, demo_tree, preview_app, capsys):
    case_file.unlink()
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: path_ids(app) == ["lasting", "rest"])
        await pilot.press("n")
        await fill_case(pilot, "brief", title="Brief", story="Eyelid.")
        await pilot.click("#save")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
    assert case_file.exists()
    data = tomllib.loads(case_file.read_text(encoding="utf-8"))
    assert data["format"] == 1 and data["tree"] == "demo"
    assert data["cases"][0]["answers"] == {"lasting": "No"}
    capsys.readouterr()
    assert twitchtree(["test", str(case_file)]) == 0
    assert "1 case: 1 passed, 0 failed" in capsys.readouterr().err
    assert twitchtree(["fmt", "--check", str(case_file)]) == 0  # recorded in canonical form


async def test_a_bad_or_duplicate_id_is_refused_and_nothing_is_written(case_file, demo_tree, preview_app):
    before = case_file.read_bytes()
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await walk_to_stretch(pilot)
        await pilot.press("n")
        await fill_case(pilot, "Night Cramps!")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "is not a valid id" in error_text(app))
        assert isinstance(app.screen, RecordCaseScreen)
        assert case_file.read_bytes() == before
        field = app.screen.query_one("#case-id")
        field.value = ""
        field.focus()
        await pilot.press(*"short-twitch", "ctrl+s")
        await wait_for(pilot, lambda: "already has a case with id 'short-twitch'" in error_text(app))
        await wait_for_text(pilot, "already has a case with id 'short-twitch'")
        assert isinstance(app.screen, RecordCaseScreen)
        assert case_file.read_bytes() == before
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        assert not any(n.startswith("Case added") for n in notifications(app))
    assert case_file.read_bytes() == before


async def test_recording_is_only_offered_at_an_outcome(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = await preview_ready(pilot)
        for keys in ((), ("1",), ("1",)):  # the start, a later question, then an outcome
            await pilot.press(*keys)
            await pilot.pause()
            at_outcome = screen.walk_view.walk.done
            assert bool(screen.check_action("record_case", ())) is at_outcome
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, RecordCaseScreen) is at_outcome
        assert [node.id for node in screen.walk_view.walk.path] == ["lasting", "weakness", "see-doctor"]


# -- coverage ---------------------------------------------------------------------------------


def coverage_rows(app) -> dict[str, str]:
    """Outcome id → the "Reached by" cell of the coverage table."""
    table = app.screen.query_one(DataTable)
    rows = [table.get_row_at(n) for n in range(table.row_count)]
    return {str(row[0]): str(row[2]) for row in rows}


async def test_coverage_lists_every_outcome_and_marks_the_unreached(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CoverageScreen))
        assert coverage_rows(app) == {"see-doctor": "NOT REACHED", "stretch": "NOT REACHED", "rest": "short-twitch"}
        await wait_for_text(pilot, "Case coverage · 1 of 3 outcomes reached", "1 case in:", "demo-cases.toml")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))


# -- play from any node -------------------------------------------------------------------------


async def test_the_maps_enter_plays_from_the_chosen_node(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MapScreen))
        # weakness, open it, spreading, open it, cramps
        await pilot.press("down", "right", "down", "down", "right", "down", "down")
        await wait_for(pilot, lambda: app.screen.query_one("#map").cursor_node.data.id == "cramps")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        assert path_ids(app) == ["lasting", "weakness", "spreading", "cramps"]
        await wait_for_text(pilot, "Path · 3 answered", "Do you also get cramps at night?")
        await pilot.press("1")  # and the walk goes on from there
        await wait_for_text(pilot, "Stretch and mention it at your next visit")


async def test_the_palette_plays_from_a_node_by_id(demo_tree, preview_app):
    app = preview_app(demo_tree)
    async with app.run_test(size=SIZE) as pilot:
        await preview_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"node: play from cramps")
        commands = app.screen.query_one(CommandList)
        await wait_for(
            pilot, lambda: commands.option_count and "play from cramps" in str(commands.get_option_at_index(0).prompt)
        )
        if commands.highlighted is None:  # down highlights the first match, unless the palette already has
            await pilot.press("down")
        await wait_for(pilot, lambda: commands.highlighted == 0)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen) and path_ids(app)[-1] == "cramps")
        assert path_ids(app) == ["lasting", "weakness", "spreading", "cramps"]
        await wait_for_text(pilot, "Path · 3 answered")
