"""``twitchtree report``: per case and per trainee as a table, CSV and JSON, and ``--session`` replays."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from training_support import FakeClock

from twitchtree.training.attempt import Attempt
from twitchtree.training.recorder import Recorder, wait_until_idle


def walk(catalogue, store, trainee: str, case_id: str, answers: list[tuple[int, str, str]], outcome: str, urgency: str):
    """Record an attempt: ``answers`` are (depth, node id, label), in the order given."""
    entry = next(e for e in catalogue.entries if e.case.id == case_id)
    clock = FakeClock(step=5.0)
    recorder = Recorder(store)
    attempt = Attempt(entry, trainee, recorder, clock)
    for depth, node_id, label in answers:
        attempt.answered(depth, node_id, label, clock(), clock())
    result = attempt.finish(outcome, urgency) if outcome else None
    assert wait_until_idle(recorder, 10)
    return result


@pytest.fixture
def recorded(catalogue, store, db_path):
    """Four sessions: Sam exact and under-triage (with a changed answer), Zoë over-triage, and one unfinished."""
    tired = [(0, "breathing", "No"), (1, "weakness", "No"), (2, "lasting", "No")]
    walk(catalogue, store, "Sam", "tired-legs", tired, "home-care", "self-care")
    changed = [(0, "breathing", "No"), (1, "weakness", "Yes"), (1, "weakness", "No"), (2, "lasting", "No")]
    walk(catalogue, store, "Sam", "weak-arm", changed, "home-care", "self-care")
    walk(catalogue, store, "=Zoë", "weak-arm", [(0, "breathing", "Yes")], "call-now", "emergency")
    walk(catalogue, store, "Sam", "tired-legs", [(0, "breathing", "No")], "", "")
    store.close()
    return db_path


def test_table_per_case_and_per_trainee(run_cli, recorded):
    result = run_cli("report", "--db", recorded)
    assert result.code == 0, result.err
    rows = {line.split("  ")[1]: line.split() for line in result.out.splitlines() if line.startswith("  ")}
    # attempts, finished, correct urgency, under-triage, over-triage, mean score, mean time
    assert rows["Tired legs after a long week"][-8:] == ["2", "1", "1", "0", "0", "100", "35", "s"]
    assert rows["A weak arm"][-8:] == ["2", "2", "0", "1", "1", "35", "30", "s"]
    assert rows["Sam"][-8:] == ["3", "2", "1", "1", "0", "62.5", "40", "s"]
    assert rows["=Zoë"][-8:] == ["1", "1", "0", "0", "1", "45", "15", "s"]
    sessions = {line.split()[0]: line for line in result.out.split("Sessions\n")[1].splitlines()[1:] if line}
    assert "under-triage" in sessions["2"] and "not finished" in sessions["4"]
    assert "Under-triage (reaching a less urgent level than the case needs) is the serious error." in result.out


def test_csv_is_for_spreadsheets(run_cli, recorded):
    result = run_cli("report", "--db", recorded, "--format", "csv")
    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out)))
    cases = {r["case"]: r for r in rows if r["group"] == "case"}
    assert cases["weak-arm"]["attempts"] == "2"
    assert cases["weak-arm"]["under_triage"] == "1" and cases["weak-arm"]["over_triage"] == "1"
    assert cases["tired-legs"]["correct_urgency"] == "1" and cases["tired-legs"]["finished"] == "1"
    trainees = {r["trainee"]: r for r in rows if r["group"] == "trainee"}
    # A name a spreadsheet would run as a formula is defused; the database keeps it as typed.
    assert set(trainees) == {"Sam", "'=Zoë"}
    assert float(trainees["Sam"]["mean_seconds"]) > 0


def test_csv_gives_its_heading_before_reading_the_database_then_a_case_at_a_time(recorded):
    from twitchtree.training import report
    from twitchtree.training.store import open_store

    with open_store(recorded, create=False) as store:
        given: list[str] = []
        added_up = store.case_totals

        def case_totals(trainee=None):
            for totals in added_up(trainee):
                given.append(totals.key[1])
                yield totals

        store.case_totals = case_totals  # type: ignore[method-assign]
        chunks = report.to_csv(report.build(store))
        assert next(chunks).startswith("group,tree,case,title") and given == []
        assert next(chunks).startswith("case,drill,tired-legs,") and given == ["tired-legs"]
        assert "weak-arm" in "".join(chunks)


def test_a_report_reaches_a_pipe_as_it_is_written(monkeypatch):
    """Not held in a pipe's buffer: a program reading the report sees its heading at once."""
    from twitchtree.commands import report as command

    happened: list[str] = []

    class Pipe:
        def write(self, text: str) -> None:
            happened.append(text)

        def flush(self) -> None:
            happened.append("<flush>")

    def chunks():
        yield "heading\n"
        assert happened == ["heading\n", "<flush>"]
        yield "first case\n"

    monkeypatch.setattr(sys, "stdout", Pipe())
    command._write_as_it_comes(chunks())


def test_json_has_cases_trainees_and_sessions(run_cli, recorded):
    result = run_cli("report", "--db", recorded, "--format", "json")
    data = json.loads(result.out)
    assert data["trainee"] is None
    assert {(c["case"], c["attempts"], c["under_triage"], c["over_triage"]) for c in data["cases"]} == {
        ("tired-legs", 2, 0, 0),
        ("weak-arm", 2, 1, 1),
    }
    assert {t["trainee"] for t in data["trainees"]} == {"Sam", "=Zoë"}
    assert [s["verdict"] for s in data["sessions"]] == ["exact", "under-triage", "over-triage", None]
    assert data["sessions"][0]["score"] == 100 and data["sessions"][0]["started_at"].endswith("+00:00")


def test_trainee_filter(run_cli, recorded):
    data = json.loads(run_cli("report", "--db", recorded, "--format", "json", "--trainee", "=Zoë").out)
    assert data["trainee"] == "=Zoë"
    assert [t["trainee"] for t in data["trainees"]] == ["=Zoë"]
    assert [c["case"] for c in data["cases"]] == ["weak-arm"]
    assert "No sessions recorded for trainee Nobody" in run_cli("report", "--db", recorded, "--trainee", "Nobody").out


def test_session_replay_beside_the_reference_path(run_cli, recorded):
    result = run_cli("report", "--db", recorded, "--session", "2")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("Session 2: Sam · A weak arm (drill/weak-arm)")
    assert "tree drill, unchanged since" in out
    assert "Urgency: Under-triage by 3 levels" in out
    assert "Score: 25/100" in out
    rows = [line.split("  ") for line in out.splitlines() if line.startswith("  ") and "?" in line]
    cells = [[c.strip() for c in row if c.strip()] for row in rows]
    assert cells[0][:5] == ["1", "1", "Any trouble breathing?", "No", "No"]
    assert cells[1][:6] == ["2", "2 ↩", "Any new weakness?", "Yes", "Yes", "5 s"]  # answered, then changed
    assert cells[2][:6] == ["3", "2", "Any new weakness?", "No", "Yes", "≠"]
    assert cells[3][:6] == ["4", "3", "Has it lasted more than two weeks?", "No", "—", "off path"]
    assert "went back to this step and answered again" in out


def test_replay_of_an_unfinished_session_and_of_a_missing_one(run_cli, recorded):
    out = run_cli("report", "--db", recorded, "--session", "4").out
    assert "not finished" in out and "Reference steps the walk never came to:" in out
    never = out.split("Reference steps the walk never came to:\n")[1].splitlines()
    assert [" ".join(line.split()) for line in never] == [
        "Any new weakness? No",
        "Has it lasted more than two weeks? No",
    ]
    missing = run_cli("report", "--db", recorded, "--session", "99")
    assert missing.code == 2 and "there is no session 99" in missing.err


def test_replay_says_when_the_tree_changed(run_cli, recorded, cases_file):
    tree = cases_file.with_name("drill.toml")
    tree.write_text(tree.read_text().replace("Any trouble breathing?", "Any trouble breathing at all?"))
    out = run_cli("report", "--db", recorded, "--session", "1").out
    assert "tree drill has changed since this session" in out
    assert "Any trouble breathing at all?" in out


def test_no_database_and_a_corrupt_one(run_cli, tmp_path):
    missing = run_cli("report", "--db", tmp_path / "none.sqlite3")
    assert missing.code == 2 and "no session database here" in missing.err
    assert not (tmp_path / "none.sqlite3").exists()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 100)
    corrupt = run_cli("report", "--db", bad)
    assert corrupt.code == 1 and "not an SQLite database" in corrupt.err and "Traceback" not in corrupt.err
    assert bad.read_bytes() == b"garbage" * 100


def test_default_database_is_in_the_user_data_folder(run_cli, isolated_user_dirs):
    from twitchtree import paths

    assert paths.sessions_db().is_relative_to(isolated_user_dirs.data)
    assert run_cli("report").code == 2  # nothing recorded yet, and nothing created
    assert not paths.sessions_db().exists()


def test_control_characters_from_the_database_never_reach_the_terminal(run_cli, catalogue, store, db_path):
    walk(catalogue, store, "Eve\x1b[2J", "weak-arm", [(0, "breathing", "Yes")], "call-now", "emergency")
    store.close()
    out = run_cli("report", "--db", db_path).out
    assert "\x1b" not in out and "Eve\\u001b[2J" in out


def test_columns_line_up_by_display_width_with_wide_characters(run_cli, catalogue, store, db_path):
    from rich.cells import cell_len

    walk(catalogue, store, "张伟", "weak-arm", [(0, "breathing", "Yes")], "call-now", "emergency")
    walk(catalogue, store, "Sam", "weak-arm", [(0, "breathing", "Yes")], "call-now", "emergency")
    walk(catalogue, store, "山田太郎さん", "tired-legs", [(0, "breathing", "No")], "", "")
    store.close()
    out = run_cli("report", "--db", db_path).out
    trainees = out.split("Per trainee\n")[1].split("\n\n")[0].splitlines()
    sessions = out.split("Sessions\n")[1].split("\n\n")[0].splitlines()
    for block in (trainees, sessions):
        # Every row's columns end at the same terminal column as the header's, wide characters or not.
        header = block[0]
        starts = [i for i, ch in enumerate(header) if ch != " " and (i == 0 or header[i - 1] == " ")]
        for row in block[1:]:
            cells = row.split("  ")
            assert cell_len(row) <= cell_len(header) + 40
            assert any(cell_len(row[: row.index(c)]) in starts for c in cells if c.strip())
        widths = {cell_len(line.rstrip()) for line in block if not line.rstrip().endswith("not finished")}
        assert len(widths) == 1, block  # right-aligned last columns: every full row is as wide as the header
