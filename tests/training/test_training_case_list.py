"""The case list fits the terminal: Difficulty and Your best never go past the right edge.

The bundled tree's long title, the same on every row, used to take the Tree column's width and
push the last two columns off-screen at 100x30. The cases here have long titles on purpose.
Update the snapshot with ``pytest tests/training/test_training_case_list.py --snapshot-update``
and look at the SVG in ``__snapshots__/`` before committing.
"""

from __future__ import annotations

import pytest
from training_support import TREE, FakeClock, answer, start_case

from support import screen_text, wait_for
from twitchtree.tui.screens.case_list import CaseListScreen
from twitchtree.tui.screens.debrief import DebriefScreen
from twitchtree.tui.widgets.case_table import TREE_MAX, CaseTable

LONG_TREE = "Muscle twitching, cramps and spasms: when to see a doctor"
TITLES = [
    "A calf cramp that won't go after a long flight, and puffed on the stairs",
    "Leg spasms, a past spell of blurred vision, and bladder urgency",
    "Eyelid twitch in exam week",
]


def _cases(tree_id: str, prefix: str) -> str:
    cases = [f'format = 1\ntree = "{tree_id}"\n']
    for n, title in enumerate(TITLES):
        difficulty = ("easy", "medium", "hard")[n]
        cases.append(
            f'[[cases]]\nid = "{prefix}-{n}"\ntitle = "{title}"\ndifficulty = "{difficulty}"\npatient = "Ana, 30."\n'
            'answers = { breathing = "No", weakness = "No", lasting = "No" }\n'
            'expect = { outcome = "home-care", urgency = "self-care" }\n'
        )
    return "\n".join(cases)


@pytest.fixture
def long_catalogue(write_toml):
    """``long_catalogue(trees)``: the long-titled cases on one tree (a long title) or on two."""
    from twitchtree.training.catalogue import load_catalogue

    def make(trees: int):
        long_tree = TREE.replace('id = "drill"', 'id = "long"').replace('"Drill tree"', f'"{LONG_TREE}"')
        paths = [write_toml("long/long.toml", long_tree, dedent=False)]
        paths.append(write_toml("long/long-cases.toml", _cases("long", "l"), dedent=False))
        if trees == 2:
            write_toml("drill/drill.toml", TREE, dedent=False)
            paths.append(write_toml("drill/drill-cases.toml", _cases("drill", "d"), dedent=False))
        catalogue = load_catalogue([p for p in paths if p.name.endswith("-cases.toml")])
        assert not catalogue.problems, catalogue.problems
        return catalogue

    return make


def _app(catalogue, db_path):
    from twitchtree.training.recorder import Recorder
    from twitchtree.training.store import open_store
    from twitchtree.tui.settings import Settings
    from twitchtree.tui.training_app import TrainingApp

    recorder = Recorder(open_store(db_path))
    recorder.where = "sessions.sqlite3"  # the status line names it: the same in every run, for the snapshot
    app = TrainingApp(catalogue, trainee="Sam", recorder=recorder, clock=FakeClock(), settings=Settings())
    return app, recorder


def _fits(table: CaseTable) -> bool:
    """Every column within the table's width: nothing to scroll sideways to."""
    return table.max_scroll_x == 0 and table.virtual_size.width <= table.scrollable_content_region.width


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_cases_from_one_tree_name_it_once_and_every_column_fits(long_catalogue, db_path, size):
    app, recorder = _app(long_catalogue(1), db_path)
    try:
        async with app.run_test(size=size) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen))
            table = app.screen.query_one(CaseTable)
            await wait_for(pilot, lambda: table.row_count == 3)
            assert _fits(table)
            lines = screen_text(app).splitlines()
            header = lines[2]
            assert "Case" in header and "Difficulty" in header and "Your best" in header
            assert "Tree" not in header
            assert f"Cases · 3 · {LONG_TREE}"[: size[0] - 10] in lines[1]  # the tree heads the list instead
            text = screen_text(app)
            assert "Eyelid twitch in exam week" in text and "hard" in text
            # The longest title ends in an ellipsis rather than pushing the columns out; the next fits at 100.
            if size[0] == 80:
                assert "A calf cramp that won't go after a long flight, an…" in text
            else:
                assert "A calf cramp that won't go after a long flight, and puffed on the stai…" in text
                assert TITLES[1] in text
    finally:
        recorder.close(wait=5)


async def test_the_columns_fit_again_after_a_resize_and_keep_the_highlighted_case(long_catalogue, db_path):
    app, recorder = _app(long_catalogue(2), db_path)
    try:
        async with app.run_test(size=(140, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen))
            table = app.screen.query_one(CaseTable)
            table.move_cursor(row=4)
            await pilot.resize_terminal(80, 24)
            await wait_for(pilot, lambda: table.size.width < 80 and _fits(table))
            assert table.cursor_row == 4
            header = screen_text(app).splitlines()[2]
            assert all(name in header for name in ("Case", "Tree", "Difficulty", "Your best"))
            await pilot.resize_terminal(140, 30)
            await wait_for(pilot, lambda: table.size.width > 130 and TITLES[0] in screen_text(app))
            assert _fits(table) and table.cursor_row == 4
    finally:
        recorder.close(wait=5)


def test_cases_from_two_trees_at_80x24(snap_compare, long_catalogue, db_path):
    """The Tree column shows, capped with an ellipsis; the case's title takes the room; a best score shows."""
    app, recorder = _app(long_catalogue(2), db_path)

    async def best_score(pilot) -> None:
        await start_case(app, pilot, row=2)
        await answer(app, pilot, "2", "2", "2")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen) and "100/100" in screen_text(app))
        table = app.screen.query_one(CaseTable)
        table.move_cursor(row=0)
        await wait_for(pilot, lambda: _fits(table))
        tree = table.fit(table.size.width).tree
        assert tree is not None and tree <= TREE_MAX and LONG_TREE[: tree - 1] + "…" in screen_text(app)

    try:
        assert snap_compare(app, run_before=best_score, terminal_size=(80, 24))
    finally:
        recorder.close(wait=5)
