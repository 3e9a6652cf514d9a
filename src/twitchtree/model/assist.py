"""What an editor offers an author at the cursor: completion, hover text and quick fixes.

Everything is read from the format's records (:mod:`.spec`): the keys a
table may have and their descriptions, which fields hold ids of which kind,
and the values a field allows; and from the :class:`.project.Project`:
the nodes of the tree, the conditions and sources of the file and of every
library it uses. No list of key names is kept here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, get_args, get_origin, get_type_hints

from .record import Field, Record, record_types, tag_of, unwrap
from .spec import FILES, URGENCY_WORDS, Kind

if TYPE_CHECKING:
    from pathlib import Path

    from .positions import KeyPath, Syntax
    from .project import Edit, Project


class Item(NamedTuple):
    """One completion: what is shown, what is inserted in place of ``start``..cursor, and what it is."""

    label: str
    insert: str
    detail: str
    documentation: str
    kind: Literal["id", "key", "value"]
    start: int


class Action(NamedTuple):
    title: str
    edits: list[Edit]
    preferred: bool = False


# -- what a key path holds -----------------------------------------------------------------------


class Slot(NamedTuple):
    """What a key path of a file holds: its type, and the field (of a record) it belongs to."""

    type: Any
    field: Field | None
    name: str | None
    in_mapping: bool
    """The path ends inside a table keyed by ids (``answers = { q1 = ... }``): its last part is such a key."""


def slot(kind: Kind, path: KeyPath, data: Any, syntax: Syntax) -> Slot | None:
    """What ``path`` holds in a file of ``kind``, following the records; None when the format has no such key.

    ``data`` is the file's data (when it last parsed) and ``syntax`` its text now: a node's ``type`` is read
    from either, to know whether its keys are a question's or an outcome's.
    """
    tp: Any = FILES[kind]
    field: Field | None = None
    name: str | None = None
    in_mapping = False
    for n, part in enumerate(path):
        tp = _choose(tp, path[:n], data, syntax)
        if isinstance(tp, type) and issubclass(tp, Record):
            if not isinstance(part, str) or part not in tp._specs or tp._specs[part].source != "data":
                return None
            field, name = tp._specs[part], part
            tp = unwrap(_hints(tp)[part])[0]
            in_mapping = False
        elif get_origin(tp) is tuple and isinstance(part, int):
            tp = unwrap(get_args(tp)[0])[0]
        elif get_origin(tp) in (Mapping, dict) and isinstance(part, str):
            tp = unwrap(get_args(tp)[1])[0]
            in_mapping = True
        else:
            return None
    return Slot(_choose(tp, path, data, syntax), field, name, in_mapping)


def _choose(tp: Any, path: KeyPath, data: Any, syntax: Syntax) -> Any:
    """A union of records, narrowed to the member whose ``type`` the table at ``path`` says (else kept)."""
    members = record_types(tp)
    if len(members) <= 1:
        return members[0] if members else tp
    tag = syntax.string((*path, "type"))
    if tag is None:
        tag = _get(data, (*path, "type"))
    return next((m for m in members if tag_of(m) == tag), tp)


def _hints(record: type[Record]) -> dict[str, Any]:
    return get_type_hints(record, include_extras=True)


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# -- completion ------------------------------------------------------------------------------------


def complete(project: Project, path: Path, offset: int) -> list[Item]:
    """What may be typed at ``offset`` of the file at ``path``."""
    outline = project.outline(path)
    good = project.good(path)
    if outline is None or good is None or good.kind is None:
        return []
    context = outline.context(offset)
    found = slot(good.kind, context.path, good.data, context.syntax)
    if found is None:
        return []
    after = outline.text[offset : offset + 1]
    if not context.value:
        written = _get(good.data, context.path)
        present = {span.path[-1] for span in context.syntax.keys if span.path[:-1] == context.path}
        present |= set(written) if isinstance(written, dict) else set()
        return _keys(project, path, present, found, context.start)
    return _values(project, path, context.path, found, context.start, context.quoted, after)


def _keys(project: Project, path: Path, present: set[str | int], found: Slot, start: int) -> list[Item]:
    """The keys that may be added to the table: those of its record not ``present`` yet."""
    tp = found.type
    if get_origin(tp) in (Mapping, dict) and found.field is not None and found.field.refers == "node":
        return [  # a case's answers: the questions of its tree
            item._replace(insert=f"{item.label} = ")
            for item in _ids(project, path, "node", start, quoted=True, after="", questions=True)
        ]
    members = record_types(tp)
    if len(members) > 1:  # a node whose type is not written yet
        return [Item("type", "type = ", "question | outcome", "Which kind of node this is.", "key", start)]
    if not members:
        return []
    hints = _hints(members[0])
    return [
        Item(name, f"{name} = ", _type_name(hints[name]), field.doc, "key", start)
        for name, field in members[0]._specs.items()
        if field.source == "data" and name not in present
    ]


def _values(
    project: Project, path: Path, key: KeyPath, found: Slot, start: int, quoted: bool, after: str
) -> list[Item]:
    field = found.field
    if found.in_mapping and field is not None and field.refers == "node" and isinstance(key[-1], str):
        return _labels(project, path, str(key[-1]), start, quoted, after)
    if field is not None and field.refers in ("node", "condition", "source"):
        return _ids(project, path, field.refers, start, quoted, after)
    tp = found.type
    if get_origin(tp) is Literal:
        return [
            Item(str(v), _quote(str(v), quoted, after), "", URGENCY_WORDS.get(str(v), ""), "value", start)
            for v in get_args(tp)
        ]
    if tp is bool and not quoted:
        return [Item(word, word, "", "", "value", start) for word in ("true", "false")]
    return []


def _quote(text: str, quoted: bool, after: str) -> str:
    if not quoted:
        return f'"{text}"'
    return text if after == '"' else f'{text}"'


def _ids(
    project: Project, path: Path, kind: str, start: int, quoted: bool, after: str, *, questions: bool = False
) -> list[Item]:
    items: list[Item] = []
    seen: set[str] = set()
    for source in _definers(project, path, kind):
        outline = project.good(source)
        table = (outline.data or {}).get(f"{kind}s") if outline is not None else None
        if not isinstance(table, dict):
            continue
        where = "" if source == path.resolve() else f" ({source.name})"
        for name, entry in table.items():
            entry = entry if isinstance(entry, dict) else {}
            if name in seen or (questions and entry.get("type") != "question"):
                continue
            seen.add(name)
            detail, documentation = _describe(kind, entry)
            items.append(Item(name, _quote(name, quoted, after), detail + where, documentation, "id", start))
    return items


def _definers(project: Project, path: Path, kind: str) -> list[Path]:
    if kind == "node":
        good = project.good(path)
        tree = project.tree_of(path) if good is not None and good.kind == "cases" else path.resolve()
        return [tree] if tree is not None else []
    return [path.resolve(), *project.libraries(path)]


def _labels(project: Project, path: Path, node_id: str, start: int, quoted: bool, after: str) -> list[Item]:
    tree = project.tree_of(path)
    outline = project.good(tree) if tree is not None else None
    node = _get(outline.data if outline else None, ("nodes", node_id))
    answers = node.get("answers") if isinstance(node, dict) else None
    if not isinstance(answers, list):
        return []
    return [
        Item(
            a["label"],
            _quote(a["label"], quoted, after),
            f"→ {a.get('next', '')}",
            str(a.get("why", "")),
            "value",
            start,
        )
        for a in answers
        if isinstance(a, dict) and isinstance(a.get("label"), str)
    ]


def _describe(kind: str, entry: dict[str, Any]) -> tuple[str, str]:
    """A one-line detail and a longer text for an id's entry."""
    if kind == "node" and entry.get("type") == "outcome":
        urgency = str(entry.get("urgency", ""))
        return f"{urgency}: {entry.get('title', '')}", URGENCY_WORDS.get(urgency, "")
    if kind == "node":
        return str(entry.get("text", "")), str(entry.get("help", ""))
    if kind == "condition":
        return str(entry.get("name", "")), str(entry.get("summary", ""))
    if kind == "source":
        return str(entry.get("title", "")), str(entry.get("url", ""))
    return "", ""


def _type_name(annotation: Any) -> str:
    tp = unwrap(annotation)[0]
    if get_origin(tp) is Literal:
        return " | ".join(map(str, get_args(tp)))
    if get_origin(tp) is tuple:
        return "array"
    if get_origin(tp) in (Mapping, dict) or record_types(tp):
        return "table"
    return {str: "string", int: "integer", bool: "boolean"}.get(tp, getattr(tp, "__name__", "value"))


# -- hover ---------------------------------------------------------------------------------------------


def hover(project: Project, path: Path, offset: int) -> tuple[str, int, int] | None:
    """Markdown about what is under the cursor (an id, or a key), and the span it is about."""
    outline = project.outline(path)
    if outline is None:
        return None
    place = outline.place_at(offset)
    if place is not None:
        definition = project.definition(place)
        owner = project.good(definition.path) if definition is not None else None
        entry = _get(owner.data if owner else None, (f"{place.kind}s", place.id))
        if isinstance(entry, dict):
            return _hover_text(place.kind, place.id, entry), place.start, place.end
        if definition is None and place.kind in ("node", "condition", "source"):
            return f"{place.kind} `{place.id}` is not defined", place.start, place.end
    key = outline.key_at(offset)
    good = project.good(path)
    if key is not None and good is not None and good.kind is not None:
        found = slot(good.kind, key, good.data, outline.syntax)
        if found is not None and found.field is not None and found.name == key[-1]:
            span = next(s for s in outline.syntax.keys if s.path == key and s.start <= offset <= s.end)
            return f"`{found.name}`: {found.field.doc}", span.start, span.end
    return None


def _hover_text(kind: str, name: str, entry: dict[str, Any]) -> str:
    if kind == "node" and entry.get("type") == "outcome":
        urgency = str(entry.get("urgency", ""))
        return f"**Outcome** `{name}`: {entry.get('title', '')}\n\n{URGENCY_WORDS.get(urgency, urgency)}"
    if kind == "node":
        return f"**Question** `{name}`: {entry.get('text', '')}"
    if kind == "condition":
        return f"**Condition** `{name}`: {entry.get('name', '')}\n\n{entry.get('summary', '')}"
    if kind == "source":
        return f"**Source** `{name}`: {entry.get('title', '')}" + (f"\n\n{entry['url']}" if "url" in entry else "")
    return f"`{name}`"


# -- quick fixes --------------------------------------------------------------------------------------------

_HINT = re.compile(r"; did you mean '([^']*)'\?$")
_QUOTED = re.compile(r"'([^']*)'")
_DANGLING = re.compile(r"leads to '([^']*)', which does not exist|start node '([^']*)' does not exist")


def fixes(project: Project, path: Path, offset: int, message: str) -> list[Action]:
    """Quick fixes for the diagnostic ``message`` that starts at ``offset``: "did you mean", "create node"."""
    from .project import Edit

    outline = project.outline(path)
    if outline is None:
        return []
    text = outline.text
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    actions: list[Action] = []
    hint = _HINT.search(message)
    if hint:
        for wrong in reversed(_QUOTED.findall(message[: hint.start()])):
            found = re.search(rf"(?<![\w-]){re.escape(wrong)}(?![\w-])", text[offset:line_end])
            if found:
                edit = Edit(path, offset + found.start(), offset + found.end(), hint[1])
                actions.append(Action(f"Change '{wrong}' to '{hint[1]}'", [edit], preferred=True))
                break
    dangling = _DANGLING.search(message)
    if dangling and outline.kind == "tree":
        node_id = dangling[1] or dangling[2]
        end = len(text)
        gap = "" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
        for kind, body in (
            ("question", 'text = ""\nanswers = [\n  { label = "", next = "" },\n  { label = "", next = "" },\n]\n'),
            ("outcome", 'urgency = ""\ntitle = ""\ntext = ""\n'),
        ):
            table = f'{gap}[nodes.{node_id}]\ntype = "{kind}"\n{body}'
            actions.append(Action(f"Create {kind} '{node_id}'", [Edit(path, end, end, table)]))
    return actions
