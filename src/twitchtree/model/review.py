"""The one check made again on every load, the cached ones included: a ``review_by`` date that has passed.

Kept apart from :mod:`.graph` so that a warm start of a tree with a review date
(the bundled trees have one) does not import the graph checks.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Reporter


def review_warning(review_by: date | None, reporter: Reporter, today: date | None = None) -> None:
    """Warn when the tree's ``review_by`` date has passed. Never cached: it depends on today."""
    if review_by is not None and review_by < (today or date.today()):
        message = f"review_by date {review_by.isoformat()} has passed; this tree is due for review"
        reporter.warning(("review_by",), message)
