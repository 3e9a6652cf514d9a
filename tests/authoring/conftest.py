"""Fixtures for the authoring tests (``preview``, ``edit``, cases, coverage, play from any node).

- ``isolated_user_dirs`` (autouse; it overrides the top-level fixture of the
  same name) points ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME`` and
  ``XDG_CACHE_HOME`` at fresh folders, so no test reads the real config,
  themes, recent trees or tree cache. Returns them as ``.config``, ``.data``,
  ``.cache``.
- ``tree_dir``: a folder in ``tmp_path`` holding ``demo.toml``,
  ``lib/conditions.toml`` (the library it ``uses``) and ``demo-cases.toml``
  (see :mod:`authoring_support`).
- ``demo_tree``, ``library``, ``case_file``: those three paths.
- ``preview_app(path)`` / ``edit_app(path, text=None)``: the apps of
  ``twitchtree preview`` and ``twitchtree edit``, not recording recent trees.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from authoring_support import CASES, DEMO_TREE, LIBRARY

from twitchtree.tui.author_app import EditApp, PreviewApp

if TYPE_CHECKING:
    from pathlib import Path


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
def tree_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "trees"
    (folder / "lib").mkdir(parents=True)
    (folder / "demo.toml").write_text(DEMO_TREE, encoding="utf-8")
    (folder / "lib" / "conditions.toml").write_text(LIBRARY, encoding="utf-8")
    (folder / "demo-cases.toml").write_text(CASES, encoding="utf-8")
    return folder


@pytest.fixture
def demo_tree(tree_dir: Path) -> Path:
    return tree_dir / "demo.toml"


@pytest.fixture
def library(tree_dir: Path) -> Path:
    return tree_dir / "lib" / "conditions.toml"


@pytest.fixture
def case_file(tree_dir: Path) -> Path:
    return tree_dir / "demo-cases.toml"


@pytest.fixture
def preview_app():
    def make(path: Path) -> PreviewApp:
        return PreviewApp(path, remember=False)

    return make


@pytest.fixture
def edit_app():
    def make(path: Path, text: str | None = None) -> EditApp:
        if text is None:
            text = path.read_text(encoding="utf-8")
        return EditApp(path, text, remember=False)

    return make
