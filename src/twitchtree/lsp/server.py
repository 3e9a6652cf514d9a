"""``twitchtree lsp``: a language server over stdio, on pygls; it only translates between the protocol and the model.

Diagnostics are ``check``'s (:meth:`.model.project.Project.check`), for the
file being typed and for the files that depend on it; completion, hover and
quick fixes come from :mod:`..model.assist`, definitions, references and
renames from :mod:`..model.project`, the outline from
:mod:`..model.outline`. Positions cross the protocol in UTF-16 units, through
:func:`..model.columns.convert_column` only.

Checks are debounced (:data:`DEBOUNCE` seconds after the last change: a
newer change within it replaces the waiting check, so a burst of keystrokes
is checked once) and run one at a time in a worker thread, so the server
keeps answering while a big file is checked. A check that has started runs
to its end; if its text has changed meanwhile it is thrown away, and the
newest text of each file waits to be checked. The files that use the one
checked (:meth:`.Project.dependents`) are checked again only when what they
read of it, its parsed data, has changed: not for a comment or a blank line.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..model.assist import fixes, hover
from ..model.columns import convert_column
from ..model.project import Project, RenameError
from .completion import Completions

if TYPE_CHECKING:
    from ..model.diagnostics import Diagnostic
    from ..model.outline import Place
    from ..model.project import Edit

DEBOUNCE = 0.05
"""Seconds of quiet after a change before the file is checked: long enough to gather the changes an editor
sends for one keystroke (an edit and its auto-closed quote), short against the check itself."""
_UNSEEN = object()
_SYMBOLS = {
    "question": lsp.SymbolKind.Function,
    "outcome": lsp.SymbolKind.Event,
    "condition": lsp.SymbolKind.Class,
    "source": lsp.SymbolKind.Constant,
    "case": lsp.SymbolKind.Struct,
}


class TwitchtreeServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("twitchtree", __version__)
        self.project = Project()
        self.pending: dict[Path, asyncio.Task[None]] = {}
        self.lock = asyncio.Lock()
        self.started: set[asyncio.Task[None]] = set()
        """Checks past their wait: they run to the end (a newer text is checked after them)."""
        self.completions = Completions()
        self.edit_range_default = False
        """Whether the client reads a completion list's default ``editRange`` (LSP 3.17)."""
        self.propagated: dict[Path, object] = {}
        """Each file's :meth:`.Project.signature` when the files that use it were last checked."""

    # -- positions: the one place they cross -----------------------------------------------------

    def offset(self, path: Path, position: lsp.Position) -> int:
        """The character offset in ``path``'s text of an LSP position (UTF-16)."""
        text = self.project.text(path) or ""
        start = 0
        for _ in range(position.line):
            start = text.find("\n", start) + 1
            if start == 0:
                return len(text)
        end = text.find("\n", start)
        line = text[start : len(text) if end < 0 else end]
        return start + convert_column(line, position.character, "utf-16", "character")

    def position(self, text: str, offset: int) -> lsp.Position:
        start = text.rfind("\n", 0, offset) + 1
        line = text.count("\n", 0, start)
        return lsp.Position(line, convert_column(text[start:offset], offset - start, "character", "utf-16"))

    def range(self, path: Path, start: int, end: int) -> lsp.Range:
        text = self.project.text(path) or ""
        return lsp.Range(self.position(text, start), self.position(text, end))

    def diagnostic(self, lines: list[str], found: Diagnostic) -> lsp.Diagnostic:
        """A ``check`` diagnostic (line, byte column) as the protocol's, to the end of its line."""
        line = lines[found.line - 1] if 0 < found.line <= len(lines) else ""
        column = convert_column(line, found.col - 1, "utf-8", "utf-16")
        end = convert_column(line, len(line.rstrip()), "character", "utf-16")
        severity = lsp.DiagnosticSeverity.Error if found.is_error else lsp.DiagnosticSeverity.Warning
        where = lsp.Range(lsp.Position(found.line - 1, column), lsp.Position(found.line - 1, max(end, column)))
        return lsp.Diagnostic(where, found.message, severity=severity, source="twitchtree")

    def location(self, path: Path, start: int, end: int) -> lsp.Location:
        return lsp.Location(uri(path), self.range(path, start, end))

    # -- diagnostics ---------------------------------------------------------------------------

    def schedule(self, path: Path) -> None:
        """Check ``path`` and what depends on it after :data:`DEBOUNCE`; a newer change replaces this one
        while it waits."""
        previous = self.pending.pop(path, None)
        if previous is not None and previous not in self.started:
            previous.cancel()
        self.pending[path] = asyncio.get_running_loop().create_task(self._check_later(path))

    async def _check_later(self, path: Path) -> None:
        await asyncio.sleep(DEBOUNCE)
        task = asyncio.current_task()
        assert task is not None
        async with self.lock:  # one check at a time: the newest text of each file waits, older ones are gone
            self.started.add(task)
            try:
                await self._check(path)
            finally:
                self.started.discard(task)
                if self.pending.get(path) is task:
                    del self.pending[path]

    async def _check(self, path: Path) -> None:
        if not await self._publish(path):
            return  # changed while it was checked: its newer check follows, and reaches the dependents
        loop = asyncio.get_running_loop()
        signature = await loop.run_in_executor(None, self.project.signature, path)  # made by the check: cheap
        if self.propagated.get(path, _UNSEEN) == signature:
            return  # what the other files read of it is the same: their diagnostics are too
        for target in await loop.run_in_executor(None, self.project.dependents, path):
            await self._publish(target)
        self.propagated[path] = signature

    async def _publish(self, target: Path) -> bool:
        """Check ``target`` in the worker thread and publish its diagnostics, unless its text changed meanwhile."""
        text = self.project.text(target)
        found = await asyncio.get_running_loop().run_in_executor(None, self.project.check, target)
        if text != self.project.text(target):
            return False
        lines = (text or "").split("\n")
        params = lsp.PublishDiagnosticsParams(uri(target), [self.diagnostic(lines, d) for d in found])
        self.text_document_publish_diagnostics(params)
        return True


def uri(path: Path) -> str:
    found = from_fs_path(str(path))
    assert found is not None
    return found


def path_of(document_uri: str) -> Path:
    return Path(to_fs_path(document_uri) or document_uri).resolve()


server = TwitchtreeServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: TwitchtreeServer, params: lsp.InitializeParams) -> None:
    folders = [path_of(f.uri) for f in params.workspace_folders or []]
    if not folders and params.root_uri:
        folders = [path_of(params.root_uri)]
    ls.project = Project(folders)
    completion = params.capabilities.text_document.completion if params.capabilities.text_document else None
    defaults = completion.completion_list.item_defaults if completion and completion.completion_list else None
    ls.edit_range_default = "editRange" in (defaults or ())


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: TwitchtreeServer, params: lsp.DidOpenTextDocumentParams) -> None:
    path = path_of(params.text_document.uri)
    ls.project.open(path, params.text_document.text)
    ls.schedule(path)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: TwitchtreeServer, params: lsp.DidChangeTextDocumentParams) -> None:
    document = ls.workspace.get_text_document(params.text_document.uri)  # pygls applies the changes
    path = path_of(params.text_document.uri)
    ls.project.open(path, document.source)
    ls.schedule(path)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: TwitchtreeServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.project.changed()
    ls.schedule(path_of(params.text_document.uri))


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: TwitchtreeServer, params: lsp.DidCloseTextDocumentParams) -> None:
    path = path_of(params.text_document.uri)
    ls.project.close(path)
    ls.schedule(path)  # what is on disk now stands


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_files(ls: TwitchtreeServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    ls.project.changed()
    for change in params.changes:
        ls.schedule(path_of(change.uri))


# -- features --------------------------------------------------------------------------------------


@server.feature(
    lsp.TEXT_DOCUMENT_COMPLETION,
    lsp.CompletionOptions(trigger_characters=['"', "=", " ", "[", ",", "{", "."], resolve_provider=True),
)
def completion(ls: TwitchtreeServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    path = path_of(params.text_document.uri)
    offset = ls.offset(path, params.position)
    spans = functools.partial(ls.range, path)
    return ls.completions.answer(ls.project, path, offset, spans, ls.edit_range_default)


@server.feature(lsp.COMPLETION_ITEM_RESOLVE)
def completion_resolve(ls: TwitchtreeServer, item: lsp.CompletionItem) -> lsp.CompletionItem:
    return ls.completions.resolve(item)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def on_hover(ls: TwitchtreeServer, params: lsp.HoverParams) -> lsp.Hover | None:
    path = path_of(params.text_document.uri)
    found = hover(ls.project, path, ls.offset(path, params.position))
    if found is None:
        return None
    text, start, end = found
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text), ls.range(path, start, end))


def _place(ls: TwitchtreeServer, document: lsp.TextDocumentIdentifier, position: lsp.Position) -> Place | None:
    path = path_of(document.uri)
    return ls.project.place_at(path, ls.offset(path, position))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: TwitchtreeServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    place = _place(ls, params.text_document, params.position)
    found = ls.project.definition(place) if place is not None else None
    return ls.location(found.path, found.start, found.end) if found is not None else None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: TwitchtreeServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    place = _place(ls, params.text_document, params.position)
    if place is None:
        return []
    found = ls.project.references(place)
    if not params.context.include_declaration:
        found = [p for p in found if not p.defines]
    return [ls.location(p.path, p.start, p.end) for p in found]


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: TwitchtreeServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
    place = _place(ls, params.text_document, params.position)
    if place is None or place.kind not in ("node", "condition", "source", "tree"):
        return None
    return ls.range(place.path, place.start, place.end)


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: TwitchtreeServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    place = _place(ls, params.text_document, params.position)
    if place is None:
        return None
    try:
        edits = ls.project.rename(place, params.new_name)
    except RenameError as exc:
        raise ValueError(str(exc)) from None  # pygls answers the request with this message as its error
    return workspace_edit(ls, edits)


def workspace_edit(ls: TwitchtreeServer, edits: list[Edit]) -> lsp.WorkspaceEdit:
    changes: dict[str, list[lsp.TextEdit]] = {}
    for edit in edits:
        changes.setdefault(uri(edit.path), []).append(
            lsp.TextEdit(ls.range(edit.path, edit.start, edit.end), edit.text)
        )
    return lsp.WorkspaceEdit(changes=changes)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def symbols(ls: TwitchtreeServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    path = path_of(params.text_document.uri)
    outline = ls.project.outline(path)
    if outline is None:
        return []
    return [
        lsp.DocumentSymbol(
            name=s.name,
            detail=" ".join(s.detail.split())[:120] or None,
            kind=_SYMBOLS.get(s.kind, lsp.SymbolKind.Object),
            range=ls.range(path, s.start, s.end),
            selection_range=ls.range(path, s.name_start, s.name_end),
        )
        for s in outline.symbols()
    ]


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def code_action(ls: TwitchtreeServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    path = path_of(params.text_document.uri)
    actions: list[lsp.CodeAction] = []
    for found in params.context.diagnostics:
        if found.source not in (None, "twitchtree"):
            continue
        offset = ls.offset(path, found.range.start)
        for action in fixes(ls.project, path, offset, found.message):
            actions.append(
                lsp.CodeAction(
                    action.title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[found],
                    edit=workspace_edit(ls, action.edits),
                    is_preferred=action.preferred or None,
                )
            )
    return actions


def run(**_: Any) -> int:
    """Serve over stdin and stdout until the client says exit."""
    with contextlib.suppress(KeyboardInterrupt):
        server.start_io()
    return 0
