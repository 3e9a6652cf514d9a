"""Training: the session store (SQLite), scoring against a case, and reports.

Nothing here imports Textual: the terminal app, ``report`` and the tests
all use the same code, and a test proves the package stays Textual-free.
"""
