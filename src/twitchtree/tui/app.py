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
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.signal import Signal

from ..model.diagnostics import LoadError
from ..model.load import load_tree
from ..model.walk import Walk
from .screens.explorer import ExplorerScreen
from .settings import DEFAULT_THEME, Settings, load_settings, remember_tree, save_theme
from .themes import URGENCY_VARIABLES, load_themes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand
    from textual.screen import Screen
    from textual.theme import Theme

    from ..model.tree import Tree


GC_THRESHOLDS = (20_000, 20, 20)
"""Each frame allocates thousands of short-lived objects; a collection per 700 of them (Python's default)
costs a few milliseconds a frame, and the walk creates little cyclic garbage."""


class TwitchtreeApp(App[None]):
    """Walk a decision tree.

    | Key | Does |
    | --- | --- |
    | ? | help: every key |
    | q | quit |
    | ctrl+p | command palette |
    """

    TITLE = "twitchtree"
    CSS_PATH = "app.tcss"
    OPENS_TREES = True
    """Whether the palette offers "tree: open …" commands."""
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, tree_path: Path, *, settings: Settings | None = None, remember: bool = True) -> None:
        super().__init__()
        self.tree_path = tree_path
        self.settings = settings if settings is not None else load_settings()
        self.remember = remember
        self.problems = list(self.settings.problems)
        """Problems in the config and theme files, reported once after start-up."""
        self.is_ready = False
        """True once the first frame is on screen; work that can wait waits for ``ready_signal``."""
        self.ready_signal: Signal[None] = Signal(self, "ready")
        self._owns_process = False
        self._apply_settings()

    def _apply_settings(self) -> None:
        themes, problems = load_themes()
        self.problems.extend(problems)
        for theme in themes:
            self.register_theme(theme)
        wanted = self.settings.theme
        if wanted not in self.available_themes:
            self.problems.append(f"theme '{wanted}' from the config file is not available; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME
        if wanted in self.available_themes:
            self._start_with_theme(wanted)
        if not self.settings.keymap:
            return
        known = binding_ids()
        for binding_id in self.settings.keymap:
            if binding_id not in known:
                from ..model.hints import did_you_mean

                hint = did_you_mean(binding_id, known)
                self.problems.append(f"keymap: no key binding has the id '{binding_id}'{hint}")
        self.set_keymap({k: v for k, v in self.settings.keymap.items() if k in known})

    def _start_with_theme(self, name: str) -> None:
        """Start with theme ``name``.

        Setting ``theme`` runs Textual's watcher, which re-parses every stylesheet, restyles
        every widget and lays the screen out again, all before the first frame can be shown.
        Before start-up nothing is parsed or styled yet, so only the watcher's other effects
        are needed.
        """
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{name}", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **URGENCY_VARIABLES}

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
        from .screens.load_error import LoadErrorScreen

        try:
            tree = load_tree(path)
        except LoadError as exc:
            return LoadErrorScreen(path, exc.diagnostics)
        return self.explorer_for(tree)

    def explorer_for(self, tree: Tree) -> Screen[None]:
        return ExplorerScreen(Walk(tree))

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
        if self._owns_process:
            # Start-up's objects live as long as the app: the collector need never scan them again.
            gc.freeze()
            gc.set_threshold(*GC_THRESHOLDS)
        self.ready_signal.publish(None)

    def run_in_process(self) -> None:
        """Run the app as the whole of this process (the command line does), tuning the garbage collector for it.

        The modules imported so far, then everything built to show the first frame, are moved out
        of the collector's sight (``gc.freeze``): they last as long as the process, and scanning
        them again and again costs milliseconds per frame. Apps that share a process (tests) are
        left alone, since frozen objects are never collected.
        """
        self._owns_process = True
        gc.freeze()
        self.run()

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self.settings.theme:
            return
        self.settings.theme = theme.name
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
        if old_mode == "_default":
            for old in old_screens:
                self.workers.cancel_node(old)
            for old in old_screens[1:]:  # a map or notes screen open over the old tree
                await old.remove()
            await old_screens[0].remove_children()
        else:
            await self.remove_mode(old_mode)
        if self.remember:
            remember_tree(path)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        known = binding_ids()
        merged: dict[str, list[str]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if binding.id not in known or (binding.action.startswith("answer(") and binding.id != "answer-1"):
                continue
            display = binding.key_display if binding.action.startswith("answer(") else self.get_key_display(binding)
            merged.setdefault(binding.tooltip or binding.description, []).append(display or key)
        self.push_screen(HelpScreen([(", ".join(keys), description) for description, keys in merged.items()]))

    def _fatal_error(self) -> None:
        """An unexpected error: one line for the user (never a traceback), the details in a log file."""
        import os
        import traceback

        if os.environ.get("TWITCHTREE_DEBUG"):
            super()._fatal_error()
            return
        details = traceback.format_exc()
        where = ""
        try:
            from .. import paths
            from ..model.write import atomic_write

            log = paths.ensure(paths.data_dir()) / "crash.log"
            atomic_write(log, details.encode())
            where = f" The details are in {log}."
        except OSError:
            pass
        summary = details.strip().splitlines()[-1] if details.strip() else "unknown error"
        self.bell()
        self._exit_renderables.append(f"twitchtree: internal error: {summary}.{where} Please report it.")
        self._close_messages_no_wait()

    def get_system_commands(self, screen: Screen[None]) -> Iterable[SystemCommand]:
        from .palette import system_commands

        yield from system_commands(self, screen, self.open_tree if self.OPENS_TREES else None)


KEYMAP_OWNERS = (
    "twitchtree.tui.app:TwitchtreeApp",
    "twitchtree.tui.widgets.walk_view:WalkView",
    "twitchtree.tui.screens.explorer:ExplorerScreen",
    "twitchtree.tui.screens.map:MapScreen",
    "twitchtree.tui.screens.help:HelpScreen",
    "twitchtree.tui.screens.condition:ConditionScreen",
    "twitchtree.tui.screens.authoring:AuthorScreen",
    "twitchtree.tui.screens.editor:EditorScreen",
    "twitchtree.tui.screens.record_case:RecordCaseScreen",
    "twitchtree.tui.screens.coverage:CoverageScreen",
    "twitchtree.tui.screens.confirm:ConfirmScreen",
    "twitchtree.tui.screens.trainee:TraineeScreen",
    "twitchtree.tui.screens.case_list:CaseListScreen",
    "twitchtree.tui.screens.training:TrainingScreen",
    "twitchtree.tui.screens.debrief:DebriefScreen",
)
"""Every class whose bindings a [keymap] in the config file may remap."""


@cache
def binding_ids() -> frozenset[str]:
    """The ids of every remappable key binding, in any of twitchtree's apps."""
    from importlib import import_module

    ids: set[str] = set()
    for owner in KEYMAP_OWNERS:
        module, name = owner.split(":")
        ids.update(b.id for b in getattr(import_module(module), name).BINDINGS if isinstance(b, Binding) and b.id)
    return frozenset(ids)


def run(path: Path) -> int:
    """Run the explorer on ``path`` until the user quits."""
    TwitchtreeApp(path).run_in_process()
    return 0
