"""Fixtures for the training tests: isolated user folders, the drill tree and cases, a store, an app.

- ``isolated_user_dirs`` (autouse; overrides the top-level fixture of the same
  name) points ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME`` and ``XDG_CACHE_HOME``
  at fresh folders, so no test reads or writes the real sessions database,
  config or tree cache.
- ``cases_file``: the drill tree and its case file (``training_support``)
  written to ``tmp_path``; returns the case file's path.
- ``catalogue``: those cases loaded.
- ``db_path`` / ``store``: a session database under ``tmp_path`` (the store is closed after the test).
- ``make_app(trainee="Sam", db=store, store_problem=None, clock=None)``: a TrainingApp on the drill cases
  with a :class:`FakeClock` and the default settings (no user config).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from training_support import CASES, TREE, FakeClock

if TYPE_CHECKING:
    from pathlib import Path

_UNSET = object()


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    base = tmp_path_factory.mktemp("xdg")
    dirs = SimpleNamespace(config=base / "config", data=base / "data", cache=base / "cache")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs.config))
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs.data))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs.cache))
    monkeypatch.delenv("TWITCHTREE_DEBUG", raising=False)
    return dirs


@pytest.fixture
def cases_file(tmp_path: Path) -> Path:
    folder = tmp_path / "drill"
    folder.mkdir()
    (folder / "drill.toml").write_text(TREE, encoding="utf-8")
    path = folder / "drill-cases.toml"
    path.write_text(CASES, encoding="utf-8")
    return path


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
