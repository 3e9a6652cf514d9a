"""Snapshots of the explorer's screens at a fixed size, on a small tree written for the tests.

Update them with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update``
and look at the SVGs in ``__snapshots__/`` before committing.
"""

from __future__ import annotations

from pathlib import Path

from tui_support import NO_NOTES_TREE

from support import SIZE
from twitchtree import paths
from twitchtree.tui.app import TwitchtreeApp
from twitchtree.tui.settings import Settings


def test_first_question(snap_compare, demo_tree, make_app):
    assert snap_compare(make_app(demo_tree), terminal_size=SIZE)


def test_outcome(snap_compare, demo_tree, make_app):
    assert snap_compare(make_app(demo_tree), press=["1", "1"], terminal_size=SIZE)


def test_map(snap_compare, demo_tree, make_app):
    assert snap_compare(make_app(demo_tree), press=["1", "m"], terminal_size=SIZE)


def test_help(snap_compare, demo_tree, make_app):
    assert snap_compare(make_app(demo_tree), press=["1", "question_mark"], terminal_size=SIZE)


def test_condition_notes(snap_compare, demo_tree, make_app):
    assert snap_compare(make_app(demo_tree), press=["tab", "enter"], terminal_size=SIZE)


def test_load_error(snap_compare, broken_tree, make_app, monkeypatch):
    monkeypatch.chdir(broken_tree.parent)  # a relative path keeps tmp folders out of the snapshot
    assert snap_compare(make_app(Path(broken_tree.name)), terminal_size=SIZE)


def test_light_theme_outcome(snap_compare, demo_tree, make_app):
    app = make_app(demo_tree, settings=Settings(theme="twitchtree-light"))
    assert snap_compare(app, press=["1", "1"], terminal_size=SIZE)


def test_high_contrast_theme_question(snap_compare, demo_tree, make_app):
    app = make_app(demo_tree, settings=Settings(theme="twitchtree-high-contrast"))
    assert snap_compare(app, press=["1"], terminal_size=SIZE)


def test_bundled_tree_first_question(snap_compare):
    app = TwitchtreeApp(paths.bundled_trees()[paths.DEFAULT_TREE], remember=False)
    assert snap_compare(app, terminal_size=SIZE)


def test_small_terminal_question(snap_compare, demo_tree, make_app):
    assert snap_compare(make_app(demo_tree), press=["1"], terminal_size=(80, 24))


def test_small_terminal_step_without_condition_notes(snap_compare, write_toml, make_app):
    app = make_app(write_toml("demo.toml", NO_NOTES_TREE, dedent=False))
    assert snap_compare(app, press=["1"], terminal_size=(80, 24))
