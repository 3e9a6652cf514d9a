"""Fixtures for the training tests: the drill tree and cases, a store, an app.

The user folders (and so the default sessions database) are isolated by the
autouse fixture of ``tests/conftest.py``.

- ``cases_file``: the drill tree and its case file (``training_support``)
  written to ``tmp_path``; returns the case file's path.
- ``catalogue``: those cases loaded.
- ``db_path`` / ``store``: a session database under ``tmp_path`` (the store is closed after the test).
- ``location``: a fresh session database on each backend in turn: an SQLite path, then a PostgreSQL
  schema's URL (skipped, saying how to run it, without ``TWITCHTREE_TEST_PG``). ``pg_url``: the latter only.
- ``make_app(trainee="Sam", db=db_path, store_problem=None, clock=None)``: a TrainingApp on the drill cases
  recording through a :class:`~twitchtree.training.recorder.Recorder` on its own connection to ``db``
  (a path or a Store; None: not recording), with a :class:`FakeClock` and the default settings (no user
  config). The recorders are closed after the test; ``app.recorder`` waits with ``recorded(app)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from training_support import CASES, TREE, FakeClock

if TYPE_CHECKING:
    from pathlib import Path

_UNSET = object()


@pytest.fixture
def cases_file(write_toml) -> Path:
    write_toml("drill/drill.toml", TREE, dedent=False)
    return write_toml("drill/drill-cases.toml", CASES, dedent=False)


@pytest.fixture
def catalogue(cases_file: Path):
    from twitchtree.training.catalogue import load_catalogue

    loaded = load_catalogue([cases_file])
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        yield str(tmp_path / "sessions.sqlite3")
    else:
        yield from _pg()


@pytest.fixture
def pg_url():
    yield from _pg()


def _pg():
    from store_support import PG_SKIP, pg_base, pg_schema

    base = pg_base()
    if base is None:
        pytest.skip(PG_SKIP)
    pytest.importorskip("psycopg", reason="PostgreSQL tests need psycopg (pip install 'twitchtree[postgresql]')")
    with pg_schema(base) as url:
        yield url


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@pytest.fixture
def store(db_path: Path):
    from twitchtree.training.store import open_store

    with open_store(db_path) as opened:
        yield opened


@pytest.fixture
def make_app(catalogue, db_path):
    from twitchtree.training.recorder import Recorder
    from twitchtree.training.store import Store, open_store
    from twitchtree.tui.settings import Settings
    from twitchtree.tui.training_app import TrainingApp

    recorders: list[Recorder] = []

    def make(trainee: str | None = "Sam", *, db=_UNSET, store_problem: str | None = None, clock=None, **kwargs):
        db = db_path if db is _UNSET else db
        recorder = kwargs.pop("recorder", None)
        if db is not None:
            recorder = Recorder(db if isinstance(db, Store) else open_store(db))
            recorders.append(recorder)
        return TrainingApp(
            catalogue,
            trainee=trainee,
            recorder=recorder,
            store_problem=store_problem,
            clock=clock or FakeClock(),
            settings=Settings(),
            **kwargs,
        )

    yield make
    for recorder in recorders:
        recorder.close(wait=5)
