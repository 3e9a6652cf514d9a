"""``twitchtree preview``: the explorer on a file that reloads whenever it, or a library it uses, changes.

File-system events (watchfiles) on the folders of the tree and its
libraries trigger a reload; the walk keeps its place. Editors that save by
writing a new file and renaming it over the old one are seen too, because
the folder is watched rather than the file.
"""

from __future__ import annotations

import asyncio
import weakref
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.containers import Container

from ...model.diff import change_notice
from ..background_check import BackgroundCheck
from ..widgets.author_status import AuthorStatus
from ..widgets.key_footer import KeyFooter
from ..widgets.problems_panel import ProblemsPanel
from ..widgets.title_bar import TitleBar
from .authoring import AuthorScreen

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from ...model.diagnostics import Diagnostic
    from ...model.tree import Tree

WATCH_STEP_MS = 20
"""How long the watcher waits for more events before reporting a change."""


class PreviewScreen(AuthorScreen):
    """Walk a tree that reloads itself when its files change on disk."""

    CSS_PATH = "preview.tcss"
    AUTO_FOCUS = ""

    def compose(self) -> ComposeResult:
        yield TitleBar(icon="≡")
        yield AuthorStatus()
        with Container(id="preview"):
            yield self.waiting()
        yield ProblemsPanel()
        yield KeyFooter(compact=True)

    def __init__(self, path: Path, **kwargs: object) -> None:
        super().__init__(path, **kwargs)
        self.named_libraries: set[Path] = set()
        """Libraries the file names in ``uses`` while it fails to load: creating a missing one reloads."""
        self._checker = BackgroundCheck()
        self._working_out_changes = False
        """True while what a save changed is worked out (in a thread): one at a time, each holding two trees."""

    def on_unmount(self) -> None:
        self._checker.close()

    async def on_mount(self) -> None:
        await self.reload(cached=True)
        self.run_worker(self.watch_files(), exclusive=True, group="watch")

    def watched_files(self) -> set[Path]:
        files = {*(self.good_tree.files if self.good_tree is not None else ()), self.path, *self.named_libraries}
        return {f.resolve() for f in files}

    async def reload(self, *, cached: bool = False) -> None:
        """Load the file again and show the tree, or why it cannot load.

        Only the first load uses the tree cache: a reload is of new bytes, and
        storing every version would cost a synced write per save and grow the
        cache without end. The file is checked in another process (see
        ``background_check``), the first load's too when the cache misses: the
        screen stays live meanwhile, the many short-lived objects of a check
        never fragment this process's memory, and every tree shown is read from
        a cache entry, whether the cache was warm or not.
        """
        result: Tree | tuple[Diagnostic, ...] | None = None
        if cached:  # the first load: most often a cache hit, which needs neither the TOML parse nor pydantic
            result = await asyncio.to_thread(_cached_tree, self.path)
        if result is None:
            result = await self._checker.check(self.path, store=cached)
        if isinstance(result, tuple):
            named = await asyncio.to_thread(named_libraries, self.path)
            if self._taken_down():
                return
            self.named_libraries = named
            self.show_problems(result)
            before = None
        else:
            if self._taken_down():
                return
            before = self.good_tree
            self.named_libraries = set()
            self.show_tree(result, forget_replaced=False)  # the new tree on screen first; then what changed
        if cached:
            self.run_worker(self._checker.start(), group="check-start")  # the first reload need not wait for it
            return
        await self._painted()
        self._checker.prepare()  # the next check's process, now that this check's result is on screen
        if before is None or isinstance(result, tuple):
            return
        replaced = weakref.ref(before)
        change = None
        if not self._working_out_changes:  # (saves faster than their changes can be worked out: the newest is shown)
            change = await self._work_out_change(before, result)
        del before, result
        self.call_after_refresh(self._free, replaced)
        if change is not None and not self._taken_down():  # what the save changed ("2 answers re-wired, ...")
            self.notify(change[0], title="Saved change", severity=change[1], markup=False)

    def _free(self, replaced: weakref.ref[Tree], tries: int = 10) -> None:
        """Collect the tree a reload replaced, again a little later while something still holds it.

        For a moment after a change is worked out, the thread that compared the trees, or a reload
        that came in meanwhile, may still hold them; a collection then would leave them to the
        rare full collections that the raised thresholds allow.
        """
        self.forget_replaced_trees()
        if replaced() is not None and tries and not self._taken_down():
            self.set_timer(0.2, partial(self._free, replaced, tries - 1))

    async def _painted(self) -> None:
        """Wait until what has changed is on screen."""
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        await painted.wait()

    async def _work_out_change(self, before: Tree, after: Tree) -> tuple[str, Literal["information", "warning"]] | None:
        """What the save changed, in one line, and how loud to say it (see ``change_notice``).

        The diff compares only the nodes whose data changed (see ``model.diff``): a few
        milliseconds at 10,000 nodes, in a thread, one save at a time.
        """
        self._working_out_changes = True
        try:
            return await asyncio.to_thread(change_notice, before, after)
        finally:
            self._working_out_changes = False

    def _taken_down(self) -> bool:
        """Whether the screen is being taken down (the app quits) while a file was loading."""
        return not self.is_attached or not self.query(ProblemsPanel)

    async def watch_files(self) -> None:
        """Reload on every change to the watched files, re-aiming when ``uses`` changes."""
        from watchfiles import awatch

        aimed = False
        while True:
            if aimed:
                # Changes made while the watcher stopped and started again are not reported: look now.
                await self.reload()
            files = self.watched_files()
            folders = sorted({str(f.parent) for f in files if f.parent.is_dir()})
            if not folders:
                return
            aimed = True
            restart = asyncio.Event()
            async for changes in awatch(*folders, stop_event=restart, step=WATCH_STEP_MS, recursive=False):
                watched = self.watched_files()  # may have grown since the watcher started
                if any(Path(changed).resolve() in watched for _, changed in changes):
                    await self.reload()
                    if self.watched_files() != files:
                        restart.set()


def _cached_tree(path: Path) -> Tree | None:
    """The tree the cache holds for the file at ``path`` now, or None (a miss, or the file cannot be read)."""
    from ...model.files import read_bytes
    from ...model.load import cached_tree

    try:
        return cached_tree(path, read_bytes(path))
    except OSError:
        return None  # the check reads it again, and says why it cannot


def named_libraries(path: Path) -> set[Path]:
    """The files ``path`` names in ``uses``, read without checking them (its load has failed)."""
    import tomllib

    from ...model.files import MAX_BYTES, read_bytes

    try:  # a regular file only: the file may have been replaced by a FIFO or a device
        raw = read_bytes(path)
        uses = tomllib.loads(raw.decode("utf-8")).get("uses") if len(raw) <= MAX_BYTES else None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return set()
    return {path.parent / name for name in uses if isinstance(name, str)} if isinstance(uses, list) else set()
