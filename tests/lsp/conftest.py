"""The language server driven by a real LSP client (pytest-lsp) over stdio, in a workspace made in tmp_path.

``editor`` is an :class:`lsp_support.Editor` on a fresh server, driven as
Neovim drives it (``bare_editor``: by a client that declares nothing), whose
workspace holds ``walk.toml`` (a tree using ``lib.toml``), ``lib.toml`` and
``walk-cases.toml``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsp_support import CASES, LIBRARY, TREE, Editor
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "walk.toml").write_text(TREE, encoding="utf-8")
    (tmp_path / "lib.toml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "walk-cases.toml").write_text(CASES, encoding="utf-8")
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "twitchtree", "lsp"]))
async def client(lsp_client: LanguageClient, workspace: Path):
    params = lsp.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=workspace.resolve().as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def editor(client: LanguageClient, workspace: Path) -> Editor:
    return Editor(client, workspace)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "twitchtree", "lsp"]))
async def bare(lsp_client: LanguageClient, workspace: Path):
    """A client that declares no capabilities: an editor older than LSP 3.17."""
    params = lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=workspace.resolve().as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def bare_editor(bare: LanguageClient, workspace: Path) -> Editor:
    return Editor(bare, workspace)
