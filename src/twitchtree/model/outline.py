"""What an editor knows about one file as it is typed: its data, its kind, and where every id and key is.

An :class:`Outline` is made from a file's text (an editor's buffer, which
may be half typed). It places each id that :func:`.ids.occurrences` finds
(nodes, conditions, sources, trees, cases, ``uses`` paths) at its span in
the text, lists the nodes for an editor's outline, and tells what the cursor
is on: an id, a key, or a value being typed (:meth:`Outline.context`). The
language server (``twitchtree lsp``) only translates these into the
protocol's terms; this module never sees the protocol. Offsets are
character offsets into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from .ids import occurrences
from .positions import KeyPath, Span, Syntax
from .spec import Kind, kind_of


class Place(NamedTuple):
    """An id at one place: of which kind, whether it is defined there, and the span of the id itself."""

    path: Path
    kind: str
    id: str
    defines: bool
    key: KeyPath
    start: int
    end: int


class Symbol(NamedTuple):
    """One entry of a file's outline: a node, condition, source or case."""

    name: str
    detail: str
    kind: str
    """"question", "outcome", "condition", "source" or "case"."""
    start: int
    end: int
    name_start: int
    name_end: int


class Context(NamedTuple):
    """What the cursor is in: the key path of the table or value, and what has been typed of it."""

    path: KeyPath
    """The table whose keys could go here, or the key whose value is being typed."""
    value: bool
    """True when a value is being typed (after ``=``, or an element of an array)."""
    prefix: str
    """What has been typed of the key or value so far (without its opening quote)."""
    start: int
    """Where that typed text starts: completion replaces from here to the cursor."""
    quoted: bool
    """Whether the value being typed opened with a quote."""
    syntax: Syntax
    """The text up to the end of the cursor's line, scanned: what the context was read from."""


_HEADER_LINE = re.compile(r"[ \t]*\[")
_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_KEY_LINE = re.compile(rf"[ \t]*{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*[ \t]*=")
_BARE = re.compile(r"[A-Za-z0-9_-]*")
MAX_ANALYSED = 4 * 1024 * 1024
"""Characters of text an outline analyses (a 10,000-node tree is about 3 million): a bigger file still gets
``check``'s diagnostics, but no completion, navigation or outline, so that no file can stall the editor."""
_LOOK_BACK = 200
"""Lines searched above the cursor for the start of the statement being typed."""


@dataclass
class Outline:
    path: Path
    text: str
    data: dict[str, Any] | None = None
    """The parsed file, or None while it is not valid TOML."""

    @cached_property
    def syntax(self) -> Syntax:
        return Syntax(self.text)

    @classmethod
    def of(cls, path: Path, text: str) -> Outline:
        """The outline of ``text``; an empty one past :data:`MAX_ANALYSED`."""
        if len(text) > MAX_ANALYSED:
            outline = cls(path, text, None)
            outline.__dict__["syntax"] = Syntax("")
            return outline
        return cls(path, text, _parse(text))

    def lenient(self) -> Outline:
        """This outline with the data read from what the scanner could follow: for a file that never parsed."""
        if self.data is not None or len(self.text) > MAX_ANALYSED:
            return self
        data: dict[str, Any] = {}
        for path, span in self.syntax.values.items():
            literal = self.text[span.start : span.end]
            if literal[:1] not in ("[", "{"):
                value = _literal(literal)
                if value is not None:
                    _put(data, path, value)
        outline = Outline(self.path, self.text, data)
        outline.__dict__["syntax"] = self.syntax
        return outline

    @property
    def kind(self) -> Kind | None:
        return kind_of(self.data) if self.data is not None else None

    # -- ids ----------------------------------------------------------------------------------

    @cached_property
    def places(self) -> list[Place]:
        """Every id in the file, at its span, in file order (a table named in several headers is in each)."""
        if self.data is None:
            return []
        found: list[Place] = []
        for occurrence in occurrences(self.data):
            value = None if occurrence.is_key else self.syntax.values.get(occurrence.key)
            spans = [value] if value is not None else self.syntax.key_spans(occurrence.key)
            for span in spans:
                start, end = _unquoted(self.text, span)
                found.append(
                    Place(self.path, occurrence.kind, occurrence.id, occurrence.defines, occurrence.key, start, end)
                )
        return found

    def place_at(self, offset: int) -> Place | None:
        """The id under the cursor (or just after it), if any."""
        return next((p for p in self.places if p.start <= offset <= p.end), None)

    def defined(self, kind: str) -> dict[str, Place]:
        """The ids of ``kind`` this file defines, each at its first place."""
        found: dict[str, Place] = {}
        for place in self.places:
            if place.kind == kind and place.defines:
                found.setdefault(place.id, place)
        return found

    def key_at(self, offset: int) -> KeyPath | None:
        """The key path of the key under the cursor, if the cursor is on a key."""
        return next((s.path for s in self.syntax.keys if s.start <= offset <= s.end), None)

    # -- outline ------------------------------------------------------------------------------

    def symbols(self) -> list[Symbol]:
        """The file's outline: its nodes (with each question's text or outcome's title), conditions, sources, cases."""
        data = self.data or {}
        found: list[Symbol] = []
        for table, what in (("nodes", None), ("conditions", "condition"), ("sources", "source")):
            entries = data.get(table)
            if not isinstance(entries, dict):
                continue
            for name, entry in entries.items():
                entry = entry if isinstance(entry, dict) else {}
                kind = what or str(entry.get("type", "question"))
                detail = _detail(kind, entry)
                spans = self.syntax.key_spans((table, name))
                if spans:
                    start, end = self._extent((table, name), spans[0])
                    found.append(Symbol(name, detail, kind, start, end, spans[0].start, spans[0].end))
        cases = data.get("cases")
        if isinstance(cases, list):
            for n, case in enumerate(cases):
                if isinstance(case, dict) and isinstance(case.get("id"), str):
                    value = self.syntax.values.get(("cases", n, "id"))
                    if value is not None:
                        start, end = self._extent(("cases", n), value)
                        title = case.get("title")
                        found.append(
                            Symbol(case["id"], str(title or ""), "case", start, end, *_unquoted(self.text, value))
                        )
        return sorted(found, key=lambda s: s.start)

    def _extent(self, prefix: KeyPath, first: Span) -> tuple[int, int]:
        """From the first header of the table at ``prefix`` to just before the next table that is not inside it."""
        tables = self.syntax.tables
        own = self._tables_of.get(prefix)
        if own is None:
            value = self.syntax.values.get(prefix)
            return (first.start, value.end) if value is not None else (first.start, first.end)
        start = tables[own[0]].start
        following = own[1] + 1
        end = tables[following].start if following < len(tables) else len(self.text)
        return start, len(self.text[start:end].rstrip()) + start

    @cached_property
    def _tables_of(self) -> dict[KeyPath, tuple[int, int]]:
        """For each node, condition, source and case: the indexes of its first and last table header."""
        found: dict[KeyPath, tuple[int, int]] = {}
        for n, table in enumerate(self.syntax.tables):
            if len(table.path) >= 2:
                prefix = table.path[:2]
                found[prefix] = (found.get(prefix, (n, n))[0], n)
        return found

    # -- the cursor ---------------------------------------------------------------------------

    def context(self, offset: int) -> Context:
        """What the cursor at ``offset`` is in, read from the text even when it is half typed.

        Only the text up to the end of the cursor's line is scanned (unless the whole text already was),
        so completion costs less the nearer the cursor is to the top.
        """
        text = self.text
        if len(text) > MAX_ANALYSED:
            return Context((), False, "", offset, False, Syntax(""))
        line_end = text.find("\n", offset)
        syntax = self.__dict__.get("syntax") or Syntax(text if line_end < 0 else text[:line_end])
        line_start = text.rfind("\n", 0, offset) + 1
        statement = line_start
        for _ in range(_LOOK_BACK):  # the statement may have started lines above (a multi-line array)
            if _KEY_LINE.match(text, statement) or _HEADER_LINE.match(text, statement) or statement == 0:
                break
            statement = text.rfind("\n", 0, statement - 1) + 1
        if _HEADER_LINE.match(text, statement) and statement < line_start:
            statement = line_start  # a header above: the cursor's line starts the statement
        if _HEADER_LINE.match(text, statement):
            return Context((), False, "", offset, False, syntax)  # typing a header: no completion
        table = syntax.table_at(statement)
        relative, value, prefix, start, quoted = _inline(text, statement, offset)
        return Context((*table, *relative), value, prefix, start, quoted, syntax)


def _inline(text: str, i: int, cursor: int) -> tuple[KeyPath, bool, str, int, bool]:
    """Follow a statement from ``i`` to the cursor: the path it is at, whether in a value, and the typed prefix."""
    stack: list[list[Any]] = [["table", ()]]  # frames: ["table", path] or ["array", path, index]
    keys: list[str] = []
    state = "key"
    current: KeyPath = ()
    while i < cursor:
        char = text[i]
        if char in " \t\r\n":
            i += 1
            continue
        if char == "#":
            end = text.find("\n", i)
            i = cursor if end < 0 else end
            continue
        frame = stack[-1]
        if state == "key":
            if char == "}":
                if len(stack) > 1:
                    stack.pop()
                state, i = "after", i + 1
                continue
            key, end, closed = _token(text, i, cursor)
            if end >= cursor and not closed:
                return frame[1], False, key, i + (1 if char in "\"'" else 0), False
            keys.append(key)
            i = end
            state = "dot"
        elif state == "dot":
            if char == ".":
                state, i = "key", i + 1
            elif char == "=":
                current = (*frame[1], *keys)
                keys = []
                state, i = "value", i + 1
            else:
                return frame[1], False, "", cursor, False
        elif state == "value":
            if char == "[" and not text.startswith("[[", i):
                stack.append(["array", current, 0])
                current = (*current, 0)
                i += 1
            elif char == "{":
                stack.append(["table", current])
                state, i = "key", i + 1
            elif char == "]" and frame[0] == "array":
                stack.pop()
                current = frame[1]
                state, i = "after", i + 1
            else:
                quoted = char in "\"'"
                token, end, closed = _token(text, i, cursor)
                if end >= cursor and not closed:
                    return current, True, token, i + (1 if quoted else 0), quoted
                state, i = "after", end
        elif state == "after":
            if char == ",":
                if frame[0] == "array":
                    frame[2] += 1
                    current = (*frame[1], frame[2])
                    state = "value"
                else:
                    state = "key"
                i += 1
            elif char in "]}" and len(stack) > 1:
                stack.pop()
                current = frame[1]
                i += 1
            else:
                return (), False, "", cursor, False  # past the value: a new statement would need a new line
    if state == "value":
        return current, True, "", cursor, False
    if state == "key":
        return stack[-1][1], False, "", cursor, False
    return (), False, "", cursor, False


def _token(text: str, i: int, cursor: int) -> tuple[str, int, bool]:
    """A key or value token at ``i``: its text (without quotes), where it ends, and whether it is complete."""
    quote = text[i]
    if quote in "\"'":
        j = i + 1
        while j < cursor and text[j] != quote and text[j] != "\n":
            j += 2 if quote == '"' and text[j] == "\\" else 1
        closed = j < cursor and text[j] == quote
        return text[i + 1 : min(j, cursor)], j + 1 if closed else j, closed
    if quote in "[{":
        return "", i, False
    match = _BARE.match(text, i)
    end = match.end() if match and match.end() > i else i + 1
    if end >= cursor:
        return text[i:cursor], cursor, False
    return text[i:end], end, True


def _literal(text: str) -> Any:
    import tomli

    try:
        return tomli.loads(f"v = {text}")["v"]
    except tomli.TOMLDecodeError:
        return None


def _put(data: dict[str, Any], path: KeyPath, value: Any) -> None:
    """Set ``value`` at ``path``, making the tables and arrays on the way (an int part is an array's index)."""
    target: Any = data
    for part, following in zip(path, (*path[1:], None), strict=True):
        if following is None:
            break
        fresh: Any = [] if isinstance(following, int) else {}
        if isinstance(target, dict) and isinstance(part, str):
            target = target.setdefault(part, fresh)
        elif isinstance(target, list) and isinstance(part, int):
            while len(target) <= part:
                target.append(type(fresh)())
            target = target[part]
        else:
            return
    last = path[-1]
    if isinstance(target, dict) and isinstance(last, str):
        target.setdefault(last, value)
    elif isinstance(target, list) and isinstance(last, int):
        while len(target) <= last:
            target.append(None)
        target[last] = value


def _parse(text: str) -> dict[str, Any] | None:
    from .diagnostics import Reporter
    from .document import parse

    try:
        return parse(text, Reporter(""))
    except Exception:  # an editor's half-typed text: whatever the parsers make of it, it is only "not yet TOML"
        return None


def _unquoted(text: str, span: Span) -> tuple[int, int]:
    """The span of an id inside its quotes."""
    start, end = span.start, span.end
    if end - start >= 2 and text[start] in "\"'" and text[end - 1] == text[start]:
        return start + 1, end - 1
    return start, end


def _detail(kind: str, entry: dict[str, Any]) -> str:
    if kind == "outcome":
        return f"{entry.get('urgency', '?')}: {entry.get('title', '')}"
    if kind == "condition":
        return str(entry.get("name", ""))
    if kind == "source":
        return str(entry.get("title", ""))
    return str(entry.get("text", ""))
