"""What the language server tests share: the workspace's files, and an editor's view of them (:class:`Editor`).

The workspace holds a tree that uses a condition library, and a case file
for the tree beside it: every cross-file feature has both ends to reach.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

TREE = """\
format = 1
id = "walk"
title = "Walk"
start = "q1"
uses = ["lib.toml"]

[nodes.q1]
type = "question"
text = "Is it spreading?"
conditions = ["cond"]
sources = ["src"]

  [[nodes.q1.answers]]
  label = "Yes"
  next = "q2"

  [[nodes.q1.answers]]
  label = "No"
  next = "home"

[nodes.q2]
type = "question"
text = "Any trouble breathing?"
sources = ["src"]
answers = [
  { label = "Yes", next = "emergency", red_flag = true },
  { label = "No", next = "home" },
]

[nodes.emergency]
type = "outcome"
urgency = "emergency"
title = "Call now"
text = "Call emergency services."
sources = ["src"]

[nodes.home]
type = "outcome"
urgency = "self-care"
title = "Rest"
text = "Watch for changes."
sources = ["src"]
"""

LIBRARY = """\
format = 1

[sources.src]
title = "A source"
url = "https://example.org"

[conditions.cond]
name = "A condition"
summary = "What it is, in one line."
sources = ["src"]
"""

CASES = """\
format = 1
tree = "walk"

[[cases]]
id = "breathless"
title = "Breathless"
patient = "Cannot finish a sentence."
answers = { q1 = "Yes", q2 = "Yes" }

  [cases.expect]
  outcome = "emergency"
  urgency = "emergency"
  must_ask = ["q2"]
"""

WAIT = 30.0
"""Seconds a test waits for the server to publish: generous, as the machine may be busy; never a fixed sleep."""


class Editor:
    """A client's view of the workspace: open files, type, and wait for what the server publishes."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.versions: dict[str, int] = {}

    def uri(self, name: str) -> str:
        return (self.root / name).resolve().as_uri()

    def open(self, name: str, text: str | None = None) -> str:
        uri = self.uri(name)
        text = (self.root / name).read_text(encoding="utf-8") if text is None else text
        self.versions[uri] = 1
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "toml", 1, text)))
        return uri

    def replace(self, name: str, text: str) -> None:
        uri = self.uri(name)
        self.versions[uri] += 1
        change = lsp.TextDocumentContentChangeWholeDocument(text=text)
        identifier = lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(identifier, [change]))

    async def diagnostics(self, name: str, until=lambda found: True) -> list[lsp.Diagnostic]:
        """The diagnostics of ``name`` once the server has published ones for which ``until`` holds."""
        uri = self.uri(name)

        async def wait() -> list[lsp.Diagnostic]:
            while True:
                found = self.client.diagnostics.get(uri)
                if found is not None and until(list(found)):
                    return list(found)
                await self.client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

        return await asyncio.wait_for(wait(), WAIT)

    def position(self, name: str, needle: str, after: int = 0, text: str | None = None) -> lsp.Position:
        """The position just after ``after`` characters into the first ``needle`` of the file's text."""
        text = (self.root / name).read_text(encoding="utf-8") if text is None else text
        offset = text.index(needle) + after
        line = text.count("\n", 0, offset)
        return lsp.Position(line, offset - (text.rfind("\n", 0, offset) + 1))

    def doc(self, name: str) -> lsp.TextDocumentIdentifier:
        return lsp.TextDocumentIdentifier(self.uri(name))

    async def complete(self, name: str, position: lsp.Position) -> lsp.CompletionList:
        result = await self.client.text_document_completion_async(lsp.CompletionParams(self.doc(name), position))
        assert isinstance(result, lsp.CompletionList) and not result.is_incomplete  # the editor filters as one types
        return result


def edit_of(result: lsp.CompletionList, item: lsp.CompletionItem) -> tuple[lsp.Range, str]:
    """What accepting ``item`` replaces and with what: its own edit, or the list's default range (LSP 3.17)."""
    if item.text_edit is not None:
        assert isinstance(item.text_edit, lsp.TextEdit)
        return item.text_edit.range, item.text_edit.new_text
    assert result.item_defaults is not None and isinstance(result.item_defaults.edit_range, lsp.Range)
    return result.item_defaults.edit_range, item.text_edit_text or item.label
