"""Hostile session databases and case folders: ``train``, ``report`` and ``serve`` answer with a clear message,
never a crash (exit 70) and never a control character on the terminal.

Each database is made by the test, row by row, through plain SQL: what a hand edit or another
program could leave behind.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from builders import WALK_CASES, WALK_TREE

ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"
"""Clear the screen, set the window title, a C1 CSI and a right-to-left override."""


@pytest.fixture
def classroom(write_toml):
    write_toml("classroom/walk.toml", WALK_TREE, dedent=False)
    return write_toml("classroom/walk-cases.toml", WALK_CASES, dedent=False)


@pytest.fixture
def recorded(tmp_path):
    """A session database with one finished session; returns its path."""
    from twitchtree.training.store import NewSession, Result, StepRecord, open_store

    path = tmp_path / "s.db"
    with open_store(path) as store:
        session = NewSession("Sam", "c1", "Case one", "/nowhere/c.toml", "walk", "h", "o", "urgent", {"q": "Yes"},
                             ("q",), 1_750_000_000.0)  # fmt: skip
        session_id = store.start_session(session)
        store.add_step(session_id, StepRecord(1, 0, "q", "Yes", 1_750_000_001.0, 1_750_000_005.0))
        store.finish_session(session_id, Result(1_750_000_010.0, "o", "urgent", "exact", True, 100))
    return path


def update(path, statement: str, *params: object) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(statement, params)


def test_a_schema_version_that_is_not_a_number_stops_neither_train_nor_report(
    run_cli, recorded, classroom, monkeypatch
):
    from twitchtree.tui.training_app import TrainingApp

    update(recorded, "UPDATE meta SET value = '1.0' WHERE key = 'schema'")
    message = (
        f'{recorded}: the session database says its schema version is "1.0", which twitchtree does not know; '
        "it was left as it is. Give another database with --db."
    )
    apps = []
    monkeypatch.setattr(TrainingApp, "run", lambda self: apps.append(self))
    result = run_cli("train", "--cases", classroom, "--trainee", "Sam", "--db", recorded)
    assert result.code == 0
    assert result.err.splitlines() == [
        f"twitchtree: {message}",
        "twitchtree: training goes on, but this session is not being recorded",
    ]
    assert apps[0].recorder is None and apps[0].store_problem == message
    report = run_cli("report", "--db", recorded)
    assert (report.code, report.out, report.err) == (1, "", f"twitchtree: {message}\n")


@pytest.mark.parametrize(
    ("column", "value"),
    [("score", None), ("score", "lots"), ("score", 1e308), ("started_at", "yesterday"), ("started_at", 1e308),
     ("started_at", -1e308), ("finished_at", 1e308), ("finished_at", "later"), ("outcome_correct", "maybe"),
     ("reference", "{not json"), ("must_ask", 7), ("urgency", "panic")],
)  # fmt: skip
def test_rows_holding_nonsense_where_numbers_belong_are_reported_and_replayed(run_cli, recorded, column, value):
    update(recorded, f"UPDATE sessions SET {column} = ?", value)
    if value is not None:
        update(recorded, "UPDATE steps SET shown_at = ?, depth = ?", value, value)
    for args in (["--format", "table"], ["--format", "csv"], ["--format", "json"]):
        result = run_cli("report", "--db", recorded, *args)
        assert result.code == 0 and result.err == "", (args, result.err)
    json.loads(run_cli("report", "--db", recorded, "--format", "json").out)
    replay = run_cli("report", "--db", recorded, "--session", "1")
    assert replay.code == 0 and replay.out.startswith("Session 1: Sam · Case one (walk/c1)"), replay.err


@pytest.mark.parametrize("number", ["99999999999999999999", "9223372036854775808", "-1", "0"])
def test_a_session_number_past_any_id_is_a_clear_message(run_cli, recorded, number):
    result = run_cli("report", "--db", recorded, "--session", number)
    assert (result.code, result.out, result.err) == (2, "", f"twitchtree: there is no session {number} in {recorded}\n")


def test_one_bad_case_file_is_named_and_the_rest_are_trained_on(run_cli, classroom, tmp_path, monkeypatch, served):
    from twitchtree.tui.training_app import TrainingApp

    bad = classroom.with_name("broken-cases.toml")
    bad.write_text('format = 1\ntree = "walk"\n[[cases]]\nid = "x"\ntitle = \n')
    apps = []
    monkeypatch.setattr(TrainingApp, "run", lambda self: apps.append(self))
    result = run_cli("train", "--cases", classroom.parent, "--trainee", "Sam", "--db", tmp_path / "t.db")
    assert result.code == 0
    (line,) = result.err.splitlines()
    assert line.startswith(f"{bad}:5:") and ": error: " in line
    assert [e.case.id for e in apps[0].catalogue.entries] and all(
        e.case_file.path == classroom for e in apps[0].catalogue.entries
    )
    served_result = run_cli("serve", "--cases", classroom.parent, "--db", tmp_path / "t.db")
    assert served_result.code == 0 and served_result.err.splitlines()[0] == line and len(served) == 1


def test_a_case_file_name_with_escape_codes_is_printed_escaped(run_cli, classroom, tmp_path, monkeypatch, served):
    from twitchtree.tui.training_app import TrainingApp

    odd = classroom.with_name("odd\x1b]0;owned\x07.toml")
    odd.write_text('format = 1\ntree = "walk"\n[[cases]]\nid = "x"\ntitle = \n')
    monkeypatch.setattr(TrainingApp, "run", lambda self: None)
    for command in (["train", "--trainee", "Sam"], ["serve"]):
        result = run_cli(*command, "--cases", classroom.parent, "--db", tmp_path / "t.db")
        assert result.code == 0
        assert "\x1b" not in result.err and "\x07" not in result.err
        assert "odd\\u001b]0;owned\\u0007.toml:5:" in result.err


def test_text_from_the_database_never_reaches_the_terminal_raw(run_cli, recorded):
    for column in (
        "trainee",
        "case_title",
        "case_id",
        "tree_id",
        "outcome",
        "verdict",
        "case_file",
        "expected_outcome",
    ):
        update(recorded, f"UPDATE sessions SET {column} = {column} || ?", ESCAPES)
    update(recorded, "UPDATE steps SET node_id = node_id || ?, answer_label = answer_label || ?", ESCAPES, ESCAPES)
    escaped = "\\u001b[2J\\u001b]0;owned\\u0007\\u009b31m\\u202e"
    table = run_cli("report", "--db", recorded)
    replay = run_cli("report", "--db", recorded, "--session", "1")
    spreadsheet = run_cli("report", "--db", recorded, "--format", "csv")
    for result in (table, replay, spreadsheet):
        assert result.code == 0, result.err
        assert not any(ch in result.out + result.err for ch in "\x1b\x07\x9b\u202e")
    assert "Sam\\u001b[2J\\u001b]0;owned" in table.out and "Case one\\u001b[2J" in table.out  # long cells are clipped
    assert replay.out.startswith(f"Session 1: Sam{escaped} · Case one{escaped} (walk{escaped}/c1{escaped})")
    rows = list(csv.DictReader(io.StringIO(spreadsheet.out)))
    assert {r["trainee"] for r in rows if r["group"] == "trainee"} == {f"Sam{escaped}"}
    data = run_cli("report", "--db", recorded, "--format", "json").out
    assert data.isascii() and "\\u009b" in data and "\\u202e" in data  # escaped JSON: the same text when parsed
    assert json.loads(data)["sessions"][0]["trainee"] == "Sam" + ESCAPES


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil")', "+1+1", "-2", "@SUM(A1)", "\tTab"])
def test_csv_never_hands_a_spreadsheet_a_formula(run_cli, recorded, name):
    update(recorded, "UPDATE sessions SET trainee = ?", name)
    rows = list(csv.DictReader(io.StringIO(run_cli("report", "--db", recorded, "--format", "csv").out)))
    (trainee,) = [r["trainee"] for r in rows if r["group"] == "trainee"]
    assert trainee == "'" + name
