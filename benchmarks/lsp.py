"""`twitchtree lsp` on a 1,000-node tree, driven over stdio by pygls's client as an editor drives it.

Prints the median time from a change to its diagnostics (debounce included)
and the median completion time of node ids after `next = "`, each request
answered and read back into the client's objects. Every change makes a text
the server has not seen (a new dangling id, then a new title), so nothing
is answered from what an earlier check found. The client declares what
Neovim declares for completion (a list's default edit range, LSP 3.17).
Run alone with ``python -m benchmarks.lsp [RUNS]``; ``make bench`` runs it
as the ``lsp`` figure, against its targets.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from . import generate

TWITCHTREE = str(Path(sys.executable).with_name("twitchtree"))
CAPABILITIES = lsp.ClientCapabilities(
    text_document=lsp.TextDocumentClientCapabilities(
        completion=lsp.CompletionClientCapabilities(
            completion_item=lsp.ClientCompletionItemOptions(snippet_support=True),
            completion_list=lsp.CompletionListCapabilities(item_defaults=["editRange", "insertTextFormat", "data"]),
        )
    )
)


async def measure(runs: int) -> tuple[float, float]:
    work = Path(tempfile.mkdtemp(prefix="twitchtree-lsp-bench-"))
    path = generate.write(work, "medium.toml", generate.balanced(1_000, "medium"))
    text = path.read_text(encoding="utf-8")
    uri = path.resolve().as_uri()
    client = LanguageClient("bench", "1")
    published: asyncio.Queue[lsp.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    await client.start_io(TWITCHTREE, "lsp")
    await client.initialize_async(lsp.InitializeParams(capabilities=CAPABILITIES, root_uri=work.as_uri()))
    client.initialized(lsp.InitializedParams())
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "toml", 1, text)))
    await asyncio.wait_for(published.get(), 60)

    changes: list[float] = []
    for version in range(2, runs + 2):
        broken = version % 2 == 0  # an error appears, then goes
        if broken:
            wanted = text.replace('next = "q2"', f'next = "q2x{version}"', 1)
        else:
            wanted = text.replace('title = "Outcome o998"', f'title = "Outcome o998, {version}"', 1)
        started = time.perf_counter()
        identifier = lsp.VersionedTextDocumentIdentifier(version=version, uri=uri)
        change = lsp.TextDocumentContentChangeWholeDocument(text=wanted)
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(identifier, [change]))
        while True:
            params = await asyncio.wait_for(published.get(), 60)
            if params.uri == uri and bool(params.diagnostics) == broken:
                break
        changes.append(time.perf_counter() - started)

    line = text[: text.index('next = "q2"')].count("\n")
    position = lsp.Position(line, len('  next = "'))
    completions: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        result = await client.text_document_completion_async(
            lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri), position=position)
        )
        completions.append(time.perf_counter() - started)
        items = result.items if isinstance(result, lsp.CompletionList) else result or []
        assert len(items) >= 999, len(items)  # every node of the tree
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return statistics.median(changes), statistics.median(completions)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    change, completion = asyncio.run(measure(runs))
    print(f"{change * 1000:.1f} {completion * 1000:.1f}")


if __name__ == "__main__":
    main()
