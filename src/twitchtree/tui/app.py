"""The twitchtree app: a thin shell that loads settings, themes and the tree, and shows a screen.

Behaviour lives in the screens; the app only chooses the first screen
(the explorer, or the load-error screen), applies the user's theme and
keymap, reports a broken config or theme file once, and offers the
command palette's commands.
"""

from __future__ import annotations

import gc
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.signal import Signal

from ..model.diagnostics import LoadError
from ..model.load import load_tree
from ..model.text import printable
from ..model.walk import Walk
from . import GC_THRESHOLDS, compat
from .screens.explorer import ExplorerScreen
from .settings import DEFAULT_THEME, Settings, load_settings, remember_tree, save_theme
from .themes import URGENCY_VARIABLES, load_themes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand
    from textual.command import Provider
    from textual.screen import Screen
    from textual.theme import Theme

    from ..model.tree import Tree
    from .stopping import Stopper


def _node_commands() -> type[Provider]:
    """The palette's "node: play from …" commands, imported when the palette first opens."""
    from .palette import NodeCommands

    return NodeCommands


class TwitchtreeApp(compat.CrashHook):
    """Walk a decision tree.

    | Key | Does |
    | --- | --- |
    | ? | help: every key |
    | q | quit |
    | ctrl+p | command palette |
    """

    TITLE = "twitchtree"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_node_commands}
    OPENS_TREES = True
    """Whether the palette offers "tree: open …" commands."""
    REPLACES_TREES = False
    """Whether the app replaces its tree again and again (a preview reloads it on every save). Such an
    app does not freeze what its first frame holds, which would include the tree (see ``forget_replaced_trees``)."""
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, tree_path: Path, *, settings: Settings | None = None, remember: bool = True) -> None:
        self._theme_chosen = False
        """False until the user's theme is set: Textual's own start-up need not build the default theme's colours."""
        super().__init__()
        self.tree_path = tree_path
        self.settings = settings if settings is not None else load_settings()
        self.remember = remember
        self.problems = list(self.settings.problems)
        """Problems in the config and theme files, reported once after start-up."""
        self.is_ready = False
        """True once the first frame is on screen; work that can wait waits for ``ready_signal``."""
        self.ready_signal: Signal[None] = Signal(self, "ready")
        self.owns_process = False
        """True when the app is the whole process (see ``run_in_process``): it then tunes the garbage collector."""
        self.stopper: Stopper | None = None
        self.applied_keymap: dict[str, str] = {}
        """The ``[keymap]`` entries in force (see ``keys.usable_keymap``)."""
        self._rescued: tuple[tuple[Path, str], str] | None = None
        """The unsaved work last written to a recovery file, and the sentence that says where."""
        """Set when the app is the whole process: it turns SIGTERM, SIGHUP and SIGINT into an orderly exit."""
        self._apply_settings()

    def _apply_settings(self) -> None:
        themes, problems = load_themes()
        self.problems.extend(problems)
        for theme in themes:
            self.register_theme(theme)
        wanted = self.settings.theme
        if wanted not in self.available_themes:
            fallback = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else self.theme
            self.problems.append(f"theme '{wanted}' is not available; using {fallback}")
            wanted = fallback  # (Textual's default theme, when even the bundled themes are gone)
        self._start_with_theme(wanted)
        if not self.settings.keymap:
            return
        from .keys import usable_keymap

        self.applied_keymap, problems = usable_keymap(self.settings.keymap)
        self.problems.extend(problems)
        self.set_keymap(self.applied_keymap)

    def _start_with_theme(self, name: str) -> None:
        """Start with theme ``name``.

        Setting ``theme`` runs Textual's watcher, which re-parses every stylesheet, restyles
        every widget and lays the screen out again, all before the first frame can be shown.
        Before start-up nothing is parsed or styled yet, so only the watcher's other effects
        are needed.
        """
        self.set_reactive(App.theme, name)
        self._theme_chosen = True
        theme = self.current_theme
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{name}", update=False)
        compat.refresh_truecolor_filter(self)
        self.stylesheet.set_variables(self.get_css_variables())

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **URGENCY_VARIABLES}

    def get_css_variables(self) -> dict[str, str]:
        if not self._theme_chosen:
            return {}  # (Textual's __init__ asks before ``_start_with_theme`` sets the variables that are used)
        variables = super().get_css_variables()
        variables.setdefault("pane-border", variables["panel-lighten-2"])  # an unfocused panel's border
        return variables

    def first_screen(self) -> Screen[None]:
        return self.screen_for(self.tree_path)

    def get_default_screen(self) -> Screen[None]:
        # The first screen is Textual's default screen, not a mode's: a mode's first screen is
        # mounted, laid out and rendered while the app is still starting, and that frame is
        # never shown. Textual reads a default screen's .tcss only when it is pushed, so it is
        # added here, before anything is parsed.
        screen = self.first_screen()
        for path in screen.css_path:
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
        return screen

    def screen_for(self, path: Path) -> Screen[None]:
        """The explorer on the tree at ``path``, or the list of reasons it cannot load."""
        try:
            tree = load_tree(path)
        except LoadError as exc:
            from .screens.load_error import LoadErrorScreen

            return LoadErrorScreen(path, exc.diagnostics)
        return self.explorer_for(tree)

    def explorer_for(self, tree: Tree) -> Screen[None]:
        return ExplorerScreen(Walk(tree))

    def on_load(self) -> None:
        if self.stopper is not None:  # the event loop runs, and the terminal is not yet in application mode
            self.stopper.install()

    def on_mount(self) -> None:
        for problem in self.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=8, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.remember:
            self.call_after_refresh(remember_tree, self.tree_path)

    def on_ready(self) -> None:
        # The first frame is on its way: deferred work (the help's Markdown parser) starts after it.
        self.is_ready = True
        self.call_after_refresh(self._first_frame_shown)

    def _first_frame_shown(self) -> None:
        if self.owns_process:
            # Start-up's objects live as long as the app: the collector need never scan them again.
            if not self.REPLACES_TREES:
                gc.freeze()
            gc.set_threshold(*GC_THRESHOLDS)
            gc.enable()  # (the explorer's command turns it off until now)
        self.ready_signal.publish(None)

    def forget_replaced_trees(self) -> None:
        """Free the trees that a reload or another tree has just replaced.

        A tree's nodes refer to each other, so only the collector frees it. With the raised
        thresholds a full collection is rare, and each reload of a big tree would add its size
        to the process, so one is made now. In the explorer, the tree that was on screen for
        the first frame is frozen with everything else then: everything is unfrozen, collected
        and frozen again (about 0.1 s, rarely: opening another tree). An app that replaces
        its tree on every save (``REPLACES_TREES``) froze only the modules, at start-up: the
        collection scans only what was made since (the screen's widgets and the trees), a few
        times cheaper.
        """
        if self.owns_process:
            if self.REPLACES_TREES:
                gc.collect()
            else:
                gc.unfreeze()
                gc.collect()
                gc.freeze()
            _return_free_memory()

    def run_in_process(self) -> int:
        """Run the app as the whole of this process (the command line does); returns its exit status.

        The garbage collector is tuned for it.

        The modules imported so far, then everything built to show the first frame, are moved out
        of the collector's sight (``gc.freeze``): they last as long as the process, and scanning
        them again and again costs milliseconds per frame. Apps that share a process (tests) are
        left alone, since frozen objects are never collected.

        SIGTERM, SIGHUP and SIGINT stop it as a quit would, once its unsaved text is rescued
        (see ``stopping``).
        """
        from .stopping import run_until_stopped

        self.owns_process = True
        if self.REPLACES_TREES:
            _keep_big_blocks_apart()
        gc.freeze()
        return run_until_stopped(self)

    @property
    def remembers_theme(self) -> bool:
        """Whether a theme chosen in the palette is written to the config file (or lasts for this session)."""
        return True

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self.settings.theme:
            return
        self.settings.theme = theme.name
        if not self.remembers_theme:
            return
        try:
            save_theme(theme.name)
        except OSError as exc:
            self.notify(f"Could not save the theme choice: {exc.strerror or exc}", severity="warning", markup=False)

    async def open_tree(self, path: Path) -> None:
        """Show the tree at ``path`` in place of the current one.

        The new screen gets a mode of its own and the old mode is removed:
        ``switch_screen`` cannot replace the base screen of a mode. Textual's
        default mode (the first screen's) cannot be removed: its screen is
        emptied and its workers stopped instead.
        """
        self.tree_path = path
        screen = self.screen_for(path)
        old_mode, new_mode = self.current_mode, f"tree-{id(screen)}"
        old_screens = list(self.screen_stack)
        self.add_mode(new_mode, lambda: screen)
        await self.switch_mode(new_mode)
        if old_mode == self.DEFAULT_MODE:
            for old in old_screens:
                self.workers.cancel_node(old)
            for old in old_screens[1:]:  # a map or notes screen open over the old tree
                await old.remove()
            await old_screens[0].remove_children()
        else:
            await self.remove_mode(old_mode)
        self.call_after_refresh(self.forget_replaced_trees)
        if self.remember:
            remember_tree(path)

    def action_help(self) -> None:
        from .keys import help_rows
        from .screens.help import HelpScreen

        screen = self.screen
        self.push_screen(HelpScreen(help_rows(self, screen.active_bindings), getattr(screen, "HELP_NOTES", None)))

    def unsaved_work(self) -> tuple[Path, str] | None:
        """The file and the text that a crash must not lose, if any (the editor's buffer)."""
        return None

    def crashed(self) -> None:
        """An unexpected error: unsaved work rescued first, then one line for the user (never a traceback).

        The details are kept by :meth:`report_crash`; the app exits with status 1.
        """
        import os
        import traceback

        if self.stopper is not None and self.stopper.signum is not None:
            # Stopping on a signal, which rescued the text: after a hangup, the processes this one
            # talks to (the checker's) have had the signal too. The stop goes on, with its status.
            compat.exit_with_message(self, None, return_code=self.stopper.status)
            return
        rescued = self.rescue_unsaved_work()
        if os.environ.get("TWITCHTREE_DEBUG"):
            super().crashed()
            return
        details = traceback.format_exc()
        summary = details.strip().splitlines()[-1] if details.strip() else "unknown error"
        self.bell()
        self.report_crash(summary, details, rescued)

    def report_crash(self, summary: str, details: str, rescued: str) -> None:
        """Write the traceback to ``crash.log`` in the data folder, and end with one line that names it."""
        where = ""
        try:
            from .. import paths
            from ..model.write import atomic_write

            log = paths.ensure(paths.data_dir()) / "crash.log"
            atomic_write(log, details.encode())
            where = f" The details are in {log}."
        except OSError:
            pass
        line = f"twitchtree: internal error: {summary}.{rescued}{where} Please report it."
        compat.exit_with_message(self, Text(line), return_code=1)

    def rescue_unsaved_work(self) -> str:
        """Write the unsaved text, if any, to a recovery file; returns the sentence that says where.

        The same text is written once: a crash while stopping on a signal names the file the signal wrote.
        """
        try:
            work = self.unsaved_work()
            if work is None:
                return ""
            if self._rescued is not None and self._rescued[0] == work:
                return self._rescued[1]
            from .recovery import write_recovery

            path, text = work
            said = f" Your unsaved text is in {printable(str(write_recovery(path, text)))}."
            self._rescued = (work, said)
            return said
        except Exception as exc:  # rescuing must never hide the crash itself
            return f" Your unsaved text could not be kept ({type(exc).__name__}: {printable(str(exc))})."

    def get_system_commands(self, screen: Screen[None]) -> Iterable[SystemCommand]:
        from .palette import system_commands

        yield from system_commands(self, screen, self.open_tree if self.OPENS_TREES else None)


@cache
def _glibc_function(name: str) -> Any:
    """The C library's function ``name``, or None (not glibc, or no such function).

    Looked up among the symbols the process has loaded: ``ctypes.util.find_library`` would
    run ``ldconfig`` in a subprocess each time, on the event loop, after every reload.
    """
    import ctypes

    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


def _return_free_memory() -> None:
    """Hand memory freed by the C allocator back to the system (glibc only).

    A tree is parsed in a worker thread, and glibc gives each thread an arena of its own
    that it trims only from the top: without this, each reload's freed memory stays in
    the process, fragmented, and the preview grows by a few megabytes per reload.
    """
    trim = _glibc_function("malloc_trim")
    if trim is not None:
        trim(0)


M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter: blocks at least this big get pages of their own (``mmap``)."""
BIG_BLOCK = 128 * 1024
"""glibc's own starting value for ``M_MMAP_THRESHOLD``."""


def _keep_big_blocks_apart() -> None:
    """Give every big block (128 KiB or more) pages of its own, returned to the system when it is freed (glibc only).

    glibc raises that size each time such a block is freed, up to 32 MB: a reload receives its
    tree as one block of a few megabytes, so after the first, each one is carved out of the
    heap instead, among small blocks that outlive it, and the heap grows by a few megabytes
    over the first reloads (10 % at 10,000 nodes). Setting the size fixes it where it starts.
    """
    mallopt = _glibc_function("mallopt")
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)


def run(path: Path) -> int:
    """Run the explorer on ``path`` until the user quits; returns the exit status."""
    return TwitchtreeApp(path).run_in_process()
