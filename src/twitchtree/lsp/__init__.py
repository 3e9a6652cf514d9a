"""The language server (``twitchtree lsp``): the protocol's side only; the analysis is in :mod:`twitchtree.model`."""
