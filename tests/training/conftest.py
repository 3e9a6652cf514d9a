"""Fixtures for the training tests: the drill tree and cases, a store, an app.

The user folders (and so the default sessions database) are isolated by the
autouse fixture of ``tests/conftest.py``.

- ``cases_file``: the drill tree and its case file (``training_support``)
  written to ``tmp_path``; returns the case file's path.
- ``catalogue``: those cases loaded.
- ``db_path`` / ``store``: a session database under ``tmp_path`` (the store is closed after the test).
- ``make_app(trainee="Sam", db=store, store_problem=None, clock=None)``: a TrainingApp on the drill cases
  with a :class:`FakeClock` and the default settings (no user config).
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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@pytest.fixture
def store(db_path: Path):
    from twitchtree.training.store import Store

    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def make_app(catalogue, store):
    from twitchtree.tui.settings import Settings
    from twitchtree.tui.training_app import TrainingApp

    default_store = store

    def make(trainee: str | None = "Sam", *, db=_UNSET, store_problem: str | None = None, clock=None):
        return TrainingApp(
            catalogue,
            trainee=trainee,
            store=default_store if db is _UNSET else db,
            store_problem=store_problem,
            clock=clock or FakeClock(),
            settings=Settings(),
        )

    return make
