"""``twitchtree lsp``: the language server, over stdin and stdout (pygls is imported only here)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from ..lsp.server import run as serve

    return serve()
