"""Fixtures for the authoring tests (``preview``, ``edit``, cases, coverage, play from any node).

The user folders are isolated by the autouse fixture of ``tests/conftest.py``.

- ``tree_dir``: a folder in ``tmp_path`` holding ``demo.toml``,
  ``lib/conditions.toml`` (the library it ``uses``) and ``demo-cases.toml``
  (see :mod:`authoring_support`).
- ``demo_tree``, ``library``, ``case_file``: those three paths.
- ``preview_app(path)`` / ``edit_app(path, text=None)``: the apps of
  ``twitchtree preview`` and ``twitchtree edit``, not recording recent trees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from authoring_support import CASES, DEMO_TREE, LIBRARY

from twitchtree.tui.author_app import EditApp, PreviewApp

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def tree_dir(write_toml) -> Path:
    demo = write_toml("trees/demo.toml", DEMO_TREE, dedent=False)
    write_toml("trees/lib/conditions.toml", LIBRARY, dedent=False)
    write_toml("trees/demo-cases.toml", CASES, dedent=False)
    return demo.parent


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
