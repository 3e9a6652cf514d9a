"""``serve`` binds loopback unless told otherwise, and a trainee name is data: never a path, never markup.

Already covered in ``tests/training`` and not repeated: which hosts count as
loopback (``test_training_commands.py::test_loopback_hosts``), the server a
default ``serve`` starts (``::test_serve_binds_loopback_by_default_and_runs_train_per_visitor``),
a name typed into the trainee screen shown as typed
(``test_training_app.py::test_a_trainee_is_asked_for_a_name_and_it_is_data_not_markup``),
names stored verbatim (``test_training_store.py::test_names_and_text_are_stored_as_given``)
and control characters from the database escaped in reports
(``test_training_report.py::test_control_characters_from_the_database_never_reach_the_terminal``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import WALK_CASES, WALK_TREE
from support import click_action_tags, screen_text, wait_for
from twitchtree.cli import _parser

WARNING = (
    "twitchtree: warning: serving on {host}, not on loopback: anyone who can reach this "
    "computer over that network can open the page; only the access code keeps them out. "
    "Use --host 127.0.0.1 to keep it to this computer."
)


@pytest.fixture
def classroom(write_toml) -> Path:
    """A folder with a tree and a case file for it; returns the case file."""
    write_toml("classroom/walk.toml", WALK_TREE, dedent=False)
    return write_toml("classroom/walk-cases.toml", WALK_CASES, dedent=False)


def test_the_default_host_is_loopback():
    args = _parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "classroom.example"])
def test_any_other_host_prints_the_whole_warning(host, run_cli, served, classroom, tmp_path):
    result = run_cli("serve", "--host", host, "--db", tmp_path / "class.db", "--cases", classroom)
    assert result.code == 0
    assert WARNING.format(host=host) in result.err.splitlines()
    assert served[0].host == host


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_hosts_print_no_warning(host, run_cli, served, classroom, tmp_path):
    result = run_cli("serve", "--host", host, "--db", tmp_path / "class.db", "--cases", classroom)
    assert result.code == 0
    assert "warning" not in result.err
    assert served[0].host == host


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a\x1bb", "a trainee name cannot contain control characters such as U+001B"),
        ("\x1b]0;owned\x07", "a trainee name cannot contain control characters such as U+001B"),
        ("Sam\u202e", "a trainee name cannot contain control characters such as U+202E"),
        ("   ", "a trainee name cannot be empty"),
    ],
)
def test_a_name_with_control_characters_is_refused_with_a_clear_message(name, message, run_cli, classroom, tmp_path):
    result = run_cli("train", "--cases", classroom, "--trainee", name, "--db", tmp_path / "t.db")
    assert (result.code, result.out, result.err) == (2, "", f"twitchtree: --trainee: {message}\n")
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("name", ["../../etc/passwd", "[bold]x", "[@click=app.quit]x[/]", "/tmp/evil; rm -rf ~"])
async def test_a_trainee_name_is_stored_verbatim_shown_as_typed_and_never_a_path(
    name, run_cli, classroom, tmp_path, monkeypatch
):
    from textual.widgets import DataTable

    from twitchtree.training.recorder import Recorder
    from twitchtree.training.store import Store
    from twitchtree.tui.screens.case_list import CaseListScreen
    from twitchtree.tui.screens.debrief import DebriefScreen
    from twitchtree.tui.settings import Settings
    from twitchtree.tui.training_app import TrainingApp

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    db = tmp_path / "class.db"
    apps = []
    monkeypatch.setattr(TrainingApp, "run", lambda self: apps.append(self))
    assert run_cli("train", "--cases", classroom, "--trainee", name, "--db", db).code == 0
    (checked,) = apps
    assert checked.trainee == name
    # `train` closes its database when run() returns: walk a case in the same app on it again.
    recorder = Recorder(Store.open(db))
    app = TrainingApp(checked.catalogue, trainee=checked.trainee, recorder=recorder, settings=Settings())
    async with app.run_test(size=(120, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen) and app.screen.query(DataTable))
        assert f"Training · {name}" in screen_text(app)  # as typed: brackets and all
        await click_action_tags(pilot, top=1, every=False)  # a click on the name does nothing
        assert app.return_code is None and isinstance(app.screen, CaseListScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert app.return_code is None
    assert recorder.close(wait=10) == 0
    with Store.open(db, create=False) as store:
        assert [s.trainee for s in store.sessions()] == [name]
    # The name named no file: only the database (and its WAL files) was written.
    assert list(work.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["classroom", "work", *(p.name for p in tmp_path.glob("class.db*"))]
    )
