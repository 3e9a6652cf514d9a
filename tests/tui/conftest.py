"""Fixtures for the explorer's tests: isolated user folders, small tree files and an app factory.

- ``isolated_user_dirs`` (autouse; it overrides the top-level fixture of the
  same name) points ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME`` and
  ``XDG_CACHE_HOME`` at fresh folders, so no test reads the real config,
  themes, recent trees or tree cache. Returns them as ``.config``,
  ``.data``, ``.cache``, with ``.twitchtree_config`` the app's own config folder.
- ``demo_tree``, ``markup_tree``, ``broken_tree``: the trees of
  :mod:`tui_support` written to ``tmp_path``.
- ``make_app(path, settings=None)``: a :class:`TwitchtreeApp` on ``path`` that
  does not record the tree among the recent ones (``remember=False``).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from tui_support import BROKEN_TREE, DEMO_TREE, MARKUP_TREE

from twitchtree.tui.app import TwitchtreeApp

if TYPE_CHECKING:
    from pathlib import Path

    from twitchtree.tui.settings import Settings


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    base = tmp_path_factory.mktemp("xdg")
    dirs = SimpleNamespace(config=base / "config", data=base / "data", cache=base / "cache")
    dirs.twitchtree_config = dirs.config / "twitchtree"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs.config))
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs.data))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs.cache))
    monkeypatch.delenv("TWITCHTREE_DEBUG", raising=False)
    return dirs


@pytest.fixture
def demo_tree(tmp_path: Path) -> Path:
    path = tmp_path / "demo.toml"
    path.write_text(DEMO_TREE, encoding="utf-8")
    return path


@pytest.fixture
def markup_tree(tmp_path: Path) -> Path:
    path = tmp_path / "markup.toml"
    path.write_text(MARKUP_TREE, encoding="utf-8")
    return path


@pytest.fixture
def broken_tree(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN_TREE, encoding="utf-8")
    return path


@pytest.fixture
def make_app():
    def make(path: Path, settings: Settings | None = None) -> TwitchtreeApp:
        return TwitchtreeApp(path, settings=settings, remember=False)

    return make
