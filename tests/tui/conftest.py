"""Fixtures for the explorer's tests: small tree files and an app factory.

The user folders are isolated by the autouse fixture of ``tests/conftest.py``.

- ``demo_tree``, ``markup_tree``, ``broken_tree``: the trees of
  :mod:`tui_support` written to ``tmp_path``.
- ``make_app(path, settings=None)``: a :class:`TwitchtreeApp` on ``path`` that
  does not record the tree among the recent ones (``remember=False``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from tui_support import BROKEN_TREE, DEMO_TREE, MARKUP_TREE

from support import explorer_app

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def demo_tree(write_toml) -> Path:
    return write_toml("demo.toml", DEMO_TREE, dedent=False)


@pytest.fixture
def markup_tree(write_toml) -> Path:
    return write_toml("markup.toml", MARKUP_TREE, dedent=False)


@pytest.fixture
def broken_tree(write_toml) -> Path:
    return write_toml("broken.toml", BROKEN_TREE, dedent=False)


@pytest.fixture
def make_app():
    return explorer_app
