"""What ``twitchtree check`` reports for one file of any kind: a tree, a condition library or a case file.

The file's kind is decided from its parsed data (:func:`.spec.kind_of`);
a case file is checked against its tree (:mod:`.cases`), a tree or a
library by the loader (:mod:`.load`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .document import read_document
from .spec import kind_of

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from .diagnostics import Diagnostic


def check_file(path: Path, display: str | None = None, *, today: date | None = None) -> list[Diagnostic]:
    """Every diagnostic for one file of any kind. Raises OSError if it cannot be read."""
    document = read_document(path, display)
    if document.data is not None and kind_of(document.data) == "cases":
        from .cases import check_cases

        return check_cases(document, today=today)
    from .load import check_document

    return check_document(document, today)
