"""``train`` and ``serve`` on the command line, and the training core staying free of Textual."""

from __future__ import annotations

import re

import pytest

from support import run_python
from twitchtree.commands.serve import is_loopback


def test_train_refuses_a_bad_trainee_name(run_cli, cases_file):
    result = run_cli("train", "--cases", cases_file, "--trainee", "Eve\x1b[2J")
    assert result.code == 2 and "control characters" in result.err
    result = run_cli("train", "--cases", cases_file, "--trainee", "x" * 65)
    assert result.code == 2 and "at most 64 characters" in result.err


def test_train_without_cases_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("train", "--cases", tmp_path / "missing")
    assert result.code == 2
    assert "no such file or folder" in result.err and "no cases to train on" in result.err


def test_train_opens_the_app_on_the_cases_and_database(run_cli, cases_file, tmp_path, monkeypatch):
    from twitchtree.tui.training_app import TrainingApp

    seen = {}
    monkeypatch.setattr(TrainingApp, "run", lambda self: seen.update(app=self))
    assert run_cli("train", "--cases", cases_file, "--trainee", " Sam ", "--db", tmp_path / "t.db").code == 0
    app = seen["app"]
    assert app.trainee == "Sam" and [e.case.id for e in app.catalogue.entries] == ["tired-legs", "weak-arm"]
    assert app.recorder.where == str(tmp_path / "t.db") and app.recorder.state == "recording"
    assert (tmp_path / "t.db").exists()


def test_train_with_a_corrupt_database_warns_and_still_runs(run_cli, cases_file, tmp_path, monkeypatch):
    from twitchtree.tui.training_app import TrainingApp

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00\x01 not sqlite" * 50)
    seen = {}
    monkeypatch.setattr(TrainingApp, "run", lambda self: seen.update(app=self))
    result = run_cli("train", "--cases", cases_file, "--trainee", "Sam", "--db", bad)
    assert result.code == 0
    assert "not an SQLite database" in result.err and "not being recorded" in result.err
    assert seen["app"].recorder is None and "not an SQLite database" in seen["app"].store_problem
    assert bad.read_bytes() == b"\x00\x01 not sqlite" * 50


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("classroom.example", False)],
)  # fmt: skip
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_binds_loopback_by_default_and_runs_train_per_visitor(run_cli, served, cases_file, tmp_path):
    result = run_cli("serve", "--db", tmp_path / "class.db", "--cases", cases_file)
    assert result.code == 0, result.err
    (server,) = served
    assert (server.host, server.port) == ("127.0.0.1", 8000)
    assert "warning" not in result.err
    assert server.command.startswith("exec ") and " -m twitchtree train --visitor " in server.command
    assert str(cases_file) in server.command and "--trainee" not in server.command
    # The database reaches the visitors through their environment, never their command line.
    assert "--db" not in server.command and server.environment == {"TWITCHTREE_DB": str(tmp_path / "class.db")}
    assert (tmp_path / "class.db").exists()  # created once, before any visitor races to create it
    (line,) = [line for line in result.err.splitlines() if "share this address" in line]
    code = line.rsplit("?token=", 1)[1]
    assert line.endswith(f"http://127.0.0.1:8000/?token={code}") and re.fullmatch(r"([2-9a-z]{4}-){3}[2-9a-z]{4}", code)
    assert server.policy.token == code and server.policy.loopback and server.policy.max_trainees >= 1


def test_each_start_makes_a_new_access_code_unless_one_is_given(run_cli, served, tmp_path, monkeypatch):
    for _ in range(2):
        assert run_cli("serve", "--db", tmp_path / "class.db").code == 0
    assert served[0].policy.token != served[1].policy.token
    assert run_cli("serve", "--db", tmp_path / "class.db", "--token", "our-class-code").code == 0
    assert served[-1].policy.token == "our-class-code"
    monkeypatch.setenv("TWITCHTREE_TOKEN", "from-the-environment")
    assert run_cli("serve", "--db", tmp_path / "class.db", "--max-trainees", "3").code == 0
    assert (served[-1].policy.token, served[-1].policy.max_trainees) == ("from-the-environment", 3)
    for bad in ("short", "has space in it", "tab\there-x"):
        result = run_cli("serve", "--db", tmp_path / "class.db", "--token", bad)
        assert result.code == 2 and "an access code is 8 to 128 printable ASCII characters" in result.err
    assert run_cli("serve", "--db", tmp_path / "class.db", "--max-trainees", "0").code == 2
    assert len(served) == 4


def test_serve_warns_when_it_is_reachable_from_the_network(run_cli, served, tmp_path):
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "8123", "--db", tmp_path / "class.db")
    assert result.code == 0
    assert "warning: serving on 0.0.0.0" in result.err and "anyone" in result.err
    assert served[0].port == 8123 and not served[0].policy.loopback


def test_serve_refuses_a_database_it_cannot_record_to(run_cli, served, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"nope" * 100)
    result = run_cli("serve", "--db", bad)
    assert result.code == 1 and "not an SQLite database" in result.err
    assert served == []


def test_the_database_can_come_from_the_environment(run_cli, served, cases_file, tmp_path, monkeypatch):
    monkeypatch.setenv("TWITCHTREE_DB", str(tmp_path / "env.db"))
    assert run_cli("serve", "--cases", cases_file).code == 0
    assert served[0].environment == {"TWITCHTREE_DB": str(tmp_path / "env.db")}
    assert (tmp_path / "env.db").exists()
    assert run_cli("report").code == 0  # report reads the same one


def test_the_training_core_never_imports_textual_and_sqlite_never_imports_psycopg(tmp_path):
    code = (
        "import sys\n"
        "import twitchtree.training.attempt, twitchtree.training.catalogue, twitchtree.training.report\n"
        "import twitchtree.training.scoring, twitchtree.training.store, twitchtree.training.trainee\n"
        "import twitchtree.training.recorder, twitchtree.training.rows, twitchtree.training.store_sqlite\n"
        "import twitchtree.commands.report\n"
        "twitchtree.training.catalogue.load_catalogue()\n"
        f"twitchtree.training.store.open_store({str(tmp_path / 's.db')!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'psycopg')))\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_busy_port_fails_before_an_address_is_shared(run_cli, cases_file, tmp_path):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", port, "--db", tmp_path / "class.db", "--cases", cases_file)
    assert result.code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.err and "share this address" not in result.err


def test_the_default_class_size_follows_the_cores_and_the_memory(monkeypatch):
    import os

    from twitchtree.commands import serve

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(serve, "_available_mb", lambda: 16_000)
    assert serve.default_max_trainees() == 40  # 20 a core, though the memory would hold 128
    monkeypatch.setattr(serve, "_available_mb", lambda: 1_000)
    assert serve.default_max_trainees() == 8  # 80 % of 1,000 MB at 100 MB each
