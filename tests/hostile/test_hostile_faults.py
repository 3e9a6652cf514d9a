"""Faults while writing: a full disk, a failed fsync or rename, a read-only folder; files vanishing; symlinks.

Every writer is tried under every fault: ``fmt``, ``export -o``, the
editor's save, the explorer's Markdown export, the palette's graph export
and the case recorder. In each case the original file stays byte-for-byte
intact, no temporary file is left behind, and the user reads a clear
message; once the fault is gone, the same action succeeds.

The faults are injected in this process by patching the few calls
:mod:`twitchtree.model.write` makes. A read-only folder is a real one
(chmod 0o555) unless the tests run as root, whom permissions do not stop;
then it is patched too. Where ``unshare`` allows it, ``fmt`` and ``export``
also meet the real kernel: a full tmpfs and a read-only bind mount.

Covered elsewhere, and not repeated here:

- the session database locked by another process, damaged or another
  program's: ``tests/training/test_training_store.py``
  (``test_a_locked_database_gives_a_clear_error_instead_of_hanging``,
  ``test_a_damaged_database_is_refused_and_left_byte_for_byte``, ...), and
  training goes on without it: ``tests/training/test_training_app.py::test_a_broken_database_never_stops_training``;
- the previewed file deleted while the preview runs:
  ``tests/authoring/test_authoring_preview.py::test_a_deleted_file_is_a_problem_until_it_is_back``
  (renamed away and replaced by a FIFO or by unreadable TOML: below);
- ``export -o`` onto an existing file or a symlink: ``tests/test_cli.py::test_export_output_never_overwrites``
  and ``::test_export_output_never_follows_a_symlink``.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from builders import make_tree
from support import notifications, run_palette_command, wait_for, walk_ready
from twitchtree.tui.app import TwitchtreeApp
from twitchtree.tui.author_app import EditApp, PreviewApp
from twitchtree.tui.screens.editor import EditorScreen
from twitchtree.tui.screens.explorer import ExplorerScreen
from twitchtree.tui.screens.preview import PreviewScreen
from twitchtree.tui.screens.record_case import RecordCaseScreen
from twitchtree.tui.widgets.problems_panel import ProblemsPanel

SIZE = (120, 36)
FULL = os.strerror(errno.ENOSPC)
AS_ROOT = os.geteuid() == 0
READ_ONLY = os.strerror(errno.EROFS) if AS_ROOT else os.strerror(errno.EACCES)
FAULTS = ["disk full", "fsync", "commit", "read-only"]
"""disk full: every write into the folder fails. fsync: flushing to disk fails. commit: putting the
finished file in place fails (the rename; for new files, a folder without hard links whose copy
fails). read-only: nothing can be created in the folder."""

MESSY = make_tree().replace('title = "Demo tree"\nstart = "first"', 'start = "first"\ntitle = "Demo tree"')
"""A valid tree that ``fmt`` rewrites (two keys out of order), without comments."""
CASES = """\
format = 1
tree = "demo"

[[cases]]
id = "resting"
title = "Resting"
patient = "Twitches after a long run."
answers = { first = "No" }

  [cases.expect]
  outcome = "rest"
  urgency = "self-care"
"""


class _FullDisk(io.RawIOBase):
    """A file whose writes store half of what they are given, then fail: the disk filled up."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def write(self, data) -> int:
        self.handle.write(bytes(data)[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, FULL)

    def fileno(self) -> int:
        return self.handle.fileno()

    def flush(self) -> None:
        if not self.handle.closed:
            self.handle.flush()

    def close(self) -> None:
        super().close()
        self.handle.close()


def _inside(path: object, folder: Path) -> bool:
    try:
        return Path(os.path.abspath(os.fsdecode(path))).is_relative_to(folder)  # type: ignore[arg-type]
    except TypeError:
        return False  # a file descriptor


def _failing(exc_errno: int, reason: str):
    def fail(*args, **kwargs):
        raise OSError(exc_errno, reason)

    return fail


@contextlib.contextmanager
def fault(kind: str, folder: Path):
    """Inject ``kind`` (one of :data:`FAULTS`) for writes into ``folder``; yields the reason the user should read."""
    folder = Path(os.path.abspath(folder))
    real_open, real_os_open, real_fdopen = builtins.open, os.open, os.fdopen

    def writing(mode: str) -> bool:
        return any(c in mode for c in "wxa+")

    with pytest.MonkeyPatch.context() as patch:
        if kind == "disk full":

            def full_open(file, mode="r", *args, **kwargs):
                handle = real_open(file, mode, *args, **kwargs)
                return _FullDisk(handle) if writing(mode) and _inside(file, folder) else handle

            patch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: _FullDisk(real_fdopen(fd, mode, *a, **k)))
            patch.setattr(builtins, "open", full_open)
            patch.setattr(io, "open", full_open)
            yield FULL
        elif kind == "fsync":
            patch.setattr(os, "fsync", _failing(errno.ENOSPC, FULL))
            yield FULL
        elif kind == "commit":

            def copy_fails(file, mode="r", *args, **kwargs):
                handle = real_open(file, mode, *args, **kwargs)
                return _FullDisk(handle) if "x" in mode and _inside(file, folder) else handle

            patch.setattr(os, "replace", _failing(errno.ENOSPC, FULL))
            patch.setattr(os, "link", _failing(errno.EPERM, os.strerror(errno.EPERM)))
            patch.setattr(builtins, "open", copy_fails)
            patch.setattr(io, "open", copy_fails)
            yield FULL
        elif kind == "read-only" and not AS_ROOT:
            mode = folder.stat().st_mode
            folder.chmod(0o555)
            try:
                yield READ_ONLY
            finally:
                folder.chmod(mode)
        elif kind == "read-only":
            creating = os.O_CREAT | os.O_WRONLY | os.O_RDWR

            def ro_os_open(path, flags, *args, **kwargs):
                if flags & creating and _inside(path, folder):
                    raise OSError(errno.EROFS, READ_ONLY, os.fsdecode(path))
                return real_os_open(path, flags, *args, **kwargs)

            def ro_open(file, mode="r", *args, **kwargs):
                if writing(mode) and _inside(file, folder):
                    raise OSError(errno.EROFS, READ_ONLY, os.fsdecode(file))
                return real_open(file, mode, *args, **kwargs)

            patch.setattr(os, "open", ro_os_open)
            patch.setattr(builtins, "open", ro_open)
            patch.setattr(io, "open", ro_open)
            for name in ("link", "replace", "rename", "mkdir"):
                real = getattr(os, name)

                def denied(src, *args, _real=real, **kwargs):
                    targets = [src, *args[:1]]
                    if any(_inside(t, folder) for t in targets if isinstance(t, (str, os.PathLike))):
                        raise OSError(errno.EROFS, READ_ONLY)
                    return _real(src, *args, **kwargs)

                patch.setattr(os, name, denied)
            yield READ_ONLY
        else:
            raise ValueError(kind)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (hidden ones included) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder holding the demo tree (as MESSY, which fmt would rewrite) and a case file for it."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "demo.toml").write_text(MESSY, encoding="utf-8")
    (folder / "demo-cases.toml").write_text(CASES, encoding="utf-8")
    return folder


# -- the command line ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", FAULTS)
def test_fmt_under_a_fault_keeps_the_file_and_says_so(kind, folder, run_cli):
    path = folder / "demo.toml"
    before = snapshot(folder)
    with fault(kind, folder) as reason:
        result = run_cli("fmt", path)
    assert (result.code, result.out) == (1, ""), result.err
    assert result.err == f"twitchtree: {path}: cannot write ({reason}); the file is unchanged\n"
    assert snapshot(folder) == before
    assert run_cli("fmt", path).code == 0  # the fault is gone
    assert path.read_bytes() != before["demo.toml"]


@pytest.mark.parametrize("kind", FAULTS)
def test_export_to_a_file_under_a_fault_leaves_nothing_behind(kind, folder, run_cli):
    out = folder / "graph.json"
    before = snapshot(folder)
    with fault(kind, folder) as reason:
        result = run_cli("export", folder / "demo.toml", "-f", "json", "-o", out)
    assert (result.code, result.out, result.err) == (1, "", f"twitchtree: cannot write {out}: {reason}\n")
    assert snapshot(folder) == before
    assert run_cli("export", folder / "demo.toml", "-f", "json", "-o", out).code == 0
    assert set(snapshot(folder)) == {*before, "graph.json"}


# -- the TUI's writers ---------------------------------------------------------------------------


async def try_each_fault(pilot, folder: Path, attempt, message) -> None:
    """``await attempt()`` under each fault; it must fail with ``message(reason)`` and change nothing."""
    app = pilot.app
    before = snapshot(folder)
    for kind in FAULTS:
        app.clear_notifications()
        with fault(kind, folder) as reason:
            shown = await attempt()
        assert shown == message(reason), kind
        assert snapshot(folder) == before, kind
    app.clear_notifications()


def error_notification(pilot, prefix: str):
    async def wait() -> str:
        await wait_for(pilot, lambda: any(n.startswith(prefix) for n in notifications(pilot.app)))
        return next(n for n in notifications(pilot.app) if n.startswith(prefix))

    return wait


async def test_the_editor_save_under_every_fault_keeps_the_file_and_the_buffer(folder):
    path = folder / "demo.toml"
    app = EditApp(path, MESSY, remember=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen) and walk_ready(app))
        screen = app.screen
        screen.source.insert("# edited\n", (0, 0))
        await wait_for(pilot, lambda: screen.modified)
        text = screen.source.text

        async def save() -> str:
            await pilot.press("ctrl+s")
            return await error_notification(pilot, "Could not save")()

        await try_each_fault(
            pilot, folder, save, lambda reason: f"Could not save: {reason}. The file on disk is unchanged."
        )
        assert screen.source.text == text and screen.modified
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.modified)
    assert path.read_text(encoding="utf-8") == text
    assert (folder / "demo.toml.bak").read_text(encoding="utf-8") == MESSY
    assert sorted(snapshot(folder)) == ["demo-cases.toml", "demo.toml", "demo.toml.bak"]


async def test_the_markdown_export_under_every_fault_writes_nothing(folder, monkeypatch):
    monkeypatch.chdir(folder)
    app = TwitchtreeApp(folder / "demo.toml", remember=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        await pilot.press("1")

        async def export() -> str:
            await pilot.press("e")
            return await error_notification(pilot, "Could not save")()

        await try_each_fault(pilot, folder, export, lambda reason: f"Could not save the summary: {reason}")
        await pilot.press("e")
        await wait_for(pilot, lambda: len(list(folder.glob("*.md"))) == 1)
    assert len(snapshot(folder)) == 3


async def test_the_palette_graph_export_under_every_fault_writes_nothing(folder, monkeypatch):
    monkeypatch.chdir(folder)
    app = TwitchtreeApp(folder / "demo.toml", remember=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))

        async def export() -> str:
            await run_palette_command(pilot, "export: JSON graph", "json gr")
            return await error_notification(pilot, "Could not save")()

        await try_each_fault(pilot, folder, export, lambda reason: f"Could not save the graph: {reason}")
        await run_palette_command(pilot, "export: JSON graph", "json gr")
        await wait_for(pilot, lambda: len(list(folder.glob("demo-*.json"))) == 1)
    assert len(snapshot(folder)) == 3


async def test_the_case_recorder_under_every_fault_keeps_the_case_file(folder):
    cases = folder / "demo-cases.toml"
    app = PreviewApp(folder / "demo.toml", remember=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen) and walk_ready(app))
        await pilot.press("1")
        await wait_for(pilot, lambda: app.screen.walk_view.walk.done)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordCaseScreen))
        screen = app.screen
        screen.query_one("#case-id", Input).value = "doctor"
        screen.query_one("#title", Input).value = "Sees a doctor"
        screen.query_one("#patient", TextArea).text = "Bad twitching."
        error = screen.query_one("#error", Static)

        async def record() -> str:
            error.update("")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: str(error.render()))
            return str(error.render())

        await try_each_fault(
            pilot, folder, record, lambda reason: f"cannot write {cases}: {reason}; the case file is unchanged"
        )
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
    text = cases.read_text(encoding="utf-8")
    assert text.startswith(CASES) and 'id = "doctor"' in text
    assert sorted(snapshot(folder)) == ["demo-cases.toml", "demo.toml"]


# -- exports never overwrite and never follow a symlink --------------------------------------------


class _Frozen(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls(2026, 11, 22, 9, 30)


@pytest.mark.parametrize("link_to", ["a dangling target", "a file elsewhere"])
async def test_exports_at_a_symlinked_name_go_to_a_fresh_name_and_leave_the_target_alone(
    link_to, folder, tmp_path, monkeypatch
):
    from twitchtree.tui import palette
    from twitchtree.tui.screens import explorer

    monkeypatch.setattr(explorer, "datetime", _Frozen)
    monkeypatch.setattr(palette, "datetime", _Frozen)
    monkeypatch.chdir(folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    links = {
        "twitchtree-demo-20261122-0930.md": elsewhere / "notes.md",
        "demo-20261122-0930.json": elsewhere / "data.json",
    }
    for name, target in links.items():
        if link_to == "a file elsewhere":
            target.write_text("precious", encoding="utf-8")
        (folder / name).symlink_to(target)
    app = TwitchtreeApp(folder / "demo.toml", remember=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExplorerScreen))
        await pilot.press("1", "e")
        await wait_for(pilot, lambda: (folder / "twitchtree-demo-20261122-0930-2.md").exists())
        await run_palette_command(pilot, "export: JSON graph", "json gr")
        await wait_for(pilot, lambda: (folder / "demo-20261122-0930-2.json").exists())
        assert f"Saved to {folder / 'twitchtree-demo-20261122-0930-2.md'}" in notifications(app)
    for name, target in links.items():
        assert (folder / name).is_symlink()
        if link_to == "a file elsewhere":
            assert target.read_text(encoding="utf-8") == "precious"
        else:
            assert not target.exists()
    assert sorted(p.name for p in elsewhere.iterdir()) == (
        ["data.json", "notes.md"] if link_to == "a file elsewhere" else []
    )
    assert "See a doctor" in (folder / "twitchtree-demo-20261122-0930-2.md").read_text(encoding="utf-8")


# -- the previewed file renamed, replaced or unreadable while the preview runs ------------------------


@pytest.mark.parametrize("replacement", ["renamed away", "a FIFO", "nested too deeply", "50 MB"])
async def test_the_previewed_file_renamed_or_replaced_keeps_the_last_good_tree(replacement, folder):
    path = folder / "demo.toml"
    app = PreviewApp(path, remember=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen) and walk_ready(app))
        await pilot.press("1")
        await wait_for(pilot, lambda: screen.walk_view.walk.done)
        problems = screen.query_one(ProblemsPanel)
        if replacement == "renamed away":
            path.rename(folder / "renamed.toml")
        elif replacement == "a FIFO":
            path.unlink()
            os.mkfifo(path)
        elif replacement == "nested too deeply":
            path.write_text("a = " + "[" * 100_000, encoding="utf-8")
        else:
            with path.open("wb") as handle:
                handle.truncate(50 * 2**20)
        await wait_for(pilot, lambda: problems.display)
        assert app.return_code is None and app.screen is screen
        assert [n.id for n in screen.walk_view.walk.path] == ["first", "see-doctor"]  # the last good tree, walked
        await pilot.press("b", "2")
        await wait_for(pilot, lambda: screen.walk_view.walk.node.id == "rest")
        if path.is_fifo():
            path.unlink()
        (folder / "renamed.toml").unlink(missing_ok=True)
        path.write_text(MESSY.replace("Is it bad?", "Is it worse?"), encoding="utf-8")
        await wait_for(pilot, lambda: not problems.display)
        assert screen.walk_view.walk.tree.node("first").text == "Is it worse?"


# -- the real kernel: a full tmpfs and a read-only bind mount (root with unshare only) ----------------


def _unshare_works() -> bool:
    if not AS_ROOT or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False, timeout=10)
    return probe.returncode == 0


KERNEL = """
set -e
mount -t tmpfs -o size=64k tmpfs "$DIR"
cp "$SRC" "$DIR/demo.toml"
if [ "$KIND" = full ]; then
  dd if=/dev/zero of="$DIR/fill" bs=4096 2>/dev/null || true
else
  mount -o remount,ro "$DIR"
fi
set +e
"$PYTHON" -m twitchtree "$@" 2>"$OUT/err"
echo $? >"$OUT/code"
ls -A "$DIR" >"$OUT/ls"
cp "$DIR/demo.toml" "$OUT/after.toml"
"""


@pytest.mark.skipif(not _unshare_works(), reason="needs root and unshare -m for a private tmpfs")
@pytest.mark.parametrize("kind", ["full", "read-only"])
@pytest.mark.parametrize("command", ["fmt", "export"])
def test_the_real_kernel_full_disk_and_read_only_folder(kind, command, tmp_path):
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    (tmp_path / "demo.toml").write_text(MESSY, encoding="utf-8")
    args = (
        ["fmt", f"{disk}/demo.toml"]
        if command == "fmt"
        else ["export", f"{disk}/demo.toml", "-f", "json", "-o", f"{disk}/graph.json"]
    )
    env = {
        **os.environ,
        "DIR": str(disk),
        "SRC": str(tmp_path / "demo.toml"),
        "OUT": str(out),
        "KIND": kind,
        "PYTHON": sys.executable,
    }
    subprocess.run(["unshare", "-m", "sh", "-c", KERNEL, "sh", *args], env=env, check=True, timeout=60)
    reason = FULL if kind == "full" else os.strerror(errno.EROFS)
    err = (out / "err").read_text()
    if command == "fmt":
        assert err == f"twitchtree: {disk}/demo.toml: cannot write ({reason}); the file is unchanged\n"
    else:
        assert err == f"twitchtree: cannot write {disk}/graph.json: {reason}\n"
    assert (out / "code").read_text().strip() == "1"
    assert (out / "after.toml").read_text(encoding="utf-8") == MESSY
    assert (out / "ls").read_text().split() == (["demo.toml", "fill"] if kind == "full" else ["demo.toml"])
