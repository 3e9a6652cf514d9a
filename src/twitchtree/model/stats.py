"""A checked tree's counts, which an author's status line shows (kept in the cache with the tree)."""

from __future__ import annotations

from typing import NamedTuple


class Stats(NamedTuple):
    """What an author's status line shows."""

    questions: int
    outcomes: int
    unreachable: int
    paths: int
    """Number of distinct paths from the start to an outcome."""
    expanded: int
    """Number of steps in the anytree structure, shared sub-trees expanded once per path."""
