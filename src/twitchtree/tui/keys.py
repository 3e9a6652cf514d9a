"""twitchtree's key bindings, found in the classes that declare them: what ``?`` lists and ``[keymap]`` remaps.

No list is kept by hand: a new screen's or widget's ``BINDINGS`` show in the
help and can be remapped as soon as the class exists.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import ActiveBinding
    from textual.dom import DOMNode

PACKAGES = ("twitchtree.tui.screens", "twitchtree.tui.widgets")
"""Where twitchtree's screens and widgets live (the apps are in ``twitchtree.tui``)."""


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


def help_rows(app: App[object], active: dict[str, ActiveBinding]) -> list[tuple[str, str]]:
    """(keys, what they do) for each of twitchtree's bindings in ``active``, as remapped; answers as one row."""
    merged: dict[str, list[str]] = {}
    for key, (node, binding, _enabled, _tooltip) in active.items():
        own = own_bindings(type(node))
        if not any((binding.id and binding.id == b.id) or binding == b for b in own):
            continue  # Textual's own keys (copy, focus, scrolling) are Textual's to document
        if binding.action.startswith("answer(") and binding.id != "answer-1":
            continue  # 1-9 is one row
        display = binding.key_display if binding.action.startswith("answer(") else app.get_key_display(binding)
        merged.setdefault(binding.tooltip or binding.description, []).append(display or key)
    return [(", ".join(keys), description) for description, keys in merged.items() if description]
