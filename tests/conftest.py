"""Fixtures for every test, in every folder: isolated user folders, tree files in tmp_path, the CLI in-process.

- ``isolated_user_dirs`` (autouse) points ``XDG_CACHE_HOME``, ``XDG_CONFIG_HOME``
  and ``XDG_DATA_HOME`` at fresh folders, so no test reads or writes the real
  user folders (config, themes, recent trees, sessions database) or shares the
  tree cache with another test. It also clears ``TWITCHTREE_DEBUG``, so
  internal errors behave as for users.
- ``write_toml(name, text)`` writes a file under ``tmp_path`` and returns its path.
- ``make_tree`` is :func:`builders.make_tree`: the text of a small valid tree.
- ``tree_file`` is that tree written to ``tmp_path / "demo.toml"``.
- ``run_cli(*args, stdin=None)`` runs ``twitchtree ARGS`` in this process and
  returns a :class:`CliResult` (exit code, stdout, stderr).
- ``served``: ``serve`` runs without serving; the list of servers it would have started.

Text builders for larger shapes (deep chains, diamonds, wide trees) live in
``tests/builders.py``, and plain helpers (waiting, reading the screen, the
program in a subprocess or in tmux) in ``tests/support.py``; import them
directly. Each folder's ``conftest.py`` adds the fixtures of its suite only.
"""

from __future__ import annotations

import io
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from builders import make_tree as _make_tree


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Fresh cache, config and data folders for this test.

    Returns them as ``.cache``, ``.config``, ``.data``, with ``.twitchtree_config``
    the app's own config folder (``.config / "twitchtree"``, not created).
    """
    base = tmp_path_factory.mktemp("xdg")
    dirs = SimpleNamespace(cache=base / "cache", config=base / "config", data=base / "data")
    dirs.twitchtree_config = dirs.config / "twitchtree"
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs.cache))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs.config))
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs.data))
    monkeypatch.delenv("TWITCHTREE_DEBUG", raising=False)
    monkeypatch.delenv("TWITCHTREE_DB", raising=False)
    monkeypatch.delenv("TWITCHTREE_TOKEN", raising=False)
    return dirs


@pytest.fixture
def write_toml(tmp_path: Path):
    """``write_toml(name, text, dedent=True) -> Path``: write UTF-8 ``text`` to ``tmp_path / name``.

    Folders in ``name`` are created. ``text`` is dedented unless ``dedent=False``.
    """

    def write(name: str, text: str, *, dedent: bool = True) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_tree():
    """The :func:`builders.make_tree` builder: ``make_tree(tree_id="demo", *, title, top, extra) -> str``."""
    return _make_tree


@pytest.fixture
def tree_file(write_toml) -> Path:
    """The small valid tree of :func:`builders.make_tree`, written to ``tmp_path / "demo.toml"``."""
    return write_toml("demo.toml", _make_tree(), dedent=False)


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """The lines of stdout."""
        return self.out.splitlines()


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """``run_cli(*args, stdin=None) -> CliResult``: ``twitchtree ARGS`` in this process.

    Paths are passed as given (str() them); ``stdin`` is the text ``ask`` reads.
    Output captured before the call is discarded.
    """
    from twitchtree.cli import main

    def run(*args: object, stdin: str | None = None) -> CliResult:
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Run ``serve`` without serving: record the classroom server it would start."""
    pytest.importorskip("textual_serve.server")
    from twitchtree.web.classroom import ClassroomServer

    started: list[object] = []
    monkeypatch.setattr(ClassroomServer, "listen", lambda self: None)
    monkeypatch.setattr(ClassroomServer, "serve", lambda self, debug=False: started.append(self))
    monkeypatch.delenv("TWITCHTREE_DB", raising=False)  # serve sets it for its visitors
    return started
