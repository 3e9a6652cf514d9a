"""Completion over the protocol: :func:`..model.assist.complete`'s items as a ``CompletionList``, kept small.

A tree of a thousand nodes offers a thousand ids after ``next =``, so what
crosses the wire is what the editor needs to show and filter the list:

- the list is complete (``isIncomplete`` false), so the editor filters it
  as the author types and asks again only for the next word;
- the range every item replaces is sent once, as the list's default
  ``editRange``, when the client can read it (LSP 3.17), and each item's
  text only where it differs from its label;
- an item's longer text (``documentation``) is sent when the editor asks for
  that item (``completionItem/resolve``), not with the list;
- the list made for a document's text and cursor is kept, and sent again
  while neither changes nor what it offers (an id defined in a library).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lsprotocol import types as lsp

from ..model.assist import Item, complete

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ..model.project import Project

    Spans = Callable[[int, int], lsp.Range]
    """The protocol's range of a span of character offsets in the file."""

_KINDS = {"id": lsp.CompletionItemKind.Reference, "key": lsp.CompletionItemKind.Property}


class _Made(NamedTuple):
    key: tuple[object, ...]
    items: list[Item]
    answer: lsp.CompletionList


class Completions:
    """The last list made, and what it was made from: one editor types in one place at a time."""

    def __init__(self) -> None:
        self.last: _Made | None = None

    def answer(self, project: Project, path: Path, offset: int, spans: Spans, defaults: bool) -> lsp.CompletionList:
        """The completions at ``offset``; ``defaults``: the client reads a list's default ``editRange``."""
        items = complete(project, path, offset)
        key = (path, project.text(path), offset, defaults)
        last = self.last
        if last is not None and last.key == key and last.items == items:
            return last.answer
        answer = _list(spans, offset, items, defaults)
        self.last = _Made(key, items, answer)
        return answer

    def resolve(self, item: lsp.CompletionItem) -> lsp.CompletionItem:
        """``item`` with its documentation, found by its place in the last list (its ``sortText``)."""
        last = self.last
        n = int(item.sort_text) if item.sort_text and item.sort_text.isdigit() else -1
        if last is not None and 0 <= n < len(last.items) and last.items[n].label == item.label:
            text = last.items[n].documentation
            item.documentation = lsp.MarkupContent(lsp.MarkupKind.Markdown, text) if text else None
        return item


def _list(spans: Spans, offset: int, items: list[Item], defaults: bool) -> lsp.CompletionList:
    ranges: dict[int, lsp.Range] = {}  # every item replaces the same typed text: convert its range once
    for item in items:
        if item.start not in ranges:
            ranges[item.start] = spans(item.start, offset)
    shared = next(iter(ranges.values())) if defaults and len(ranges) == 1 else None
    answer = []
    for n, item in enumerate(items):
        answer.append(
            lsp.CompletionItem(
                item.label,
                kind=_KINDS.get(item.kind, lsp.CompletionItemKind.Value),
                detail=item.detail or None,
                sort_text=f"{n:05}",
                text_edit=None if shared else lsp.TextEdit(ranges[item.start], item.insert),
                text_edit_text=item.insert if shared and item.insert != item.label else None,
            )
        )
    item_defaults = lsp.CompletionItemDefaults(edit_range=shared) if shared else None
    return lsp.CompletionList(is_incomplete=False, items=answer, item_defaults=item_defaults)
