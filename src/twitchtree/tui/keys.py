"""twitchtree's key bindings, found in the classes that declare them: what ``?`` lists and ``[keymap]`` remaps.

No list is kept by hand: a new screen's or widget's ``BINDINGS`` show in the
help and can be remapped as soon as the class exists.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.app import App
    from textual.binding import ActiveBinding
    from textual.dom import DOMNode

PACKAGES = ("twitchtree.tui.screens", "twitchtree.tui.widgets")
"""Where twitchtree's screens and widgets live (the apps are in ``twitchtree.tui``)."""
MOVING_KEYS = frozenset(
    {"up", "down", "left", "right", "home", "end", "pageup", "pagedown", "enter", "space", "tab", "shift+tab"}
)
"""Keys that move through (or between) the answers, the path and the notes. The answer keys act ahead of the
focused widget's keys while the walk has the focus, so a keymap may not put them on one of these."""


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings that twitchtree's own classes among ``cls`` and its bases declare."""
    found: list[Binding] = []
    for klass in cls.__mro__:
        if klass.__module__.startswith("twitchtree."):
            found.extend(b for b in vars(klass).get("BINDINGS", ()) if isinstance(b, Binding))
    return found


@cache
def binding_ids() -> frozenset[str]:
    """The id of every key binding in any of twitchtree's apps, screens and widgets (those a keymap may name)."""
    import pkgutil
    from importlib import import_module

    from textual.dom import DOMNode

    modules = [import_module("twitchtree.tui.app"), import_module("twitchtree.tui.author_app")]
    modules.append(import_module("twitchtree.tui.training_app"))
    for package_name in PACKAGES:
        package = import_module(package_name)
        modules += [import_module(f"{package_name}.{m.name}") for m in pkgutil.iter_modules(package.__path__)]
    ids: set[str] = set()
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == module.__name__:
                ids.update(b.id for b in own_bindings(value) if b.id)
    return frozenset(ids)


def usable_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The entries of a ``[keymap]`` that can be applied, and one line for each of the others."""
    known = binding_ids()
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        taken = [k for k in (key.strip() for key in keys.split(",")) if k in MOVING_KEYS]
        if binding_id not in known:
            from ..model.hints import did_you_mean

            problems.append(f"keymap: no key binding has the id '{binding_id}'{did_you_mean(binding_id, known)}")
        elif binding_id.startswith("answer-") and taken:
            problems.append(
                f"keymap: {binding_id} cannot be '{taken[0]}', which moves through the answers and the path"
            )
        else:
            usable[binding_id] = keys
    return usable, problems


def applied_keymap(app: App[object]) -> Mapping[str, str]:
    """The keymap ``app`` applied (see ``usable_keymap``): binding id → keys."""
    return getattr(app, "applied_keymap", {})


def help_rows(app: App[object], active: dict[str, ActiveBinding]) -> list[tuple[str, str]]:
    """(keys, what they do) for each of twitchtree's bindings in ``active``, as remapped; answers as one row."""
    merged: dict[str, list[str]] = {}
    answer_row = ""
    for key, (node, binding, _enabled, _tooltip) in active.items():
        own = own_bindings(type(node))
        if not any((binding.id and binding.id == b.id) or binding == b for b in own):
            continue  # Textual's own keys (copy, focus, scrolling) are Textual's to document
        if binding.action.startswith("answer("):
            if binding.id == "answer-1":
                answer_row = binding.tooltip or binding.description
                merged.setdefault(answer_row, [])
            continue  # one row for all nine, below
        merged.setdefault(binding.tooltip or binding.description, []).append(app.get_key_display(binding) or key)
    if answer_row:
        keymap = applied_keymap(app)
        keys = [keymap.get(f"answer-{n}", str(n)) for n in range(1, 10)]
        displays = [", ".join(app.get_key_display(Binding(k.strip(), "")) for k in key.split(",")) for key in keys]
        merged[answer_row] = [_runs(displays)]
    return [(", ".join(keys), description) for description, keys in merged.items() if description]


def _runs(keys: list[str]) -> str:
    """``keys`` joined, with runs of three or more digits in a row written as a range: "1-9", "a, 2-9"."""
    parts: list[list[str]] = []
    for key in keys:
        run = parts[-1] if parts else None
        if run and key.isdigit() and run[-1].isdigit() and int(key) == int(run[-1]) + 1:
            run.append(key)
        else:
            parts.append([key])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) >= 3 else ", ".join(run) for run in parts)
