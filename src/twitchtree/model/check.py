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
    from .document import Document


def check_file(path: Path, display: str | None = None, *, today: date | None = None) -> list[Diagnostic]:
    """Every diagnostic for one file of any kind. Raises OSError if it cannot be read."""
    return check_read(read_document(path, display), today=today)


def check_read(document: Document, *, today: date | None = None) -> list[Diagnostic]:
    """Every diagnostic for a file already read (:func:`.document.read_document`), whose data may be reused."""
    if document.data is not None and kind_of(document.data) == "cases":
        from .cases import check_cases

        return check_cases(document, today=today)
    from .load import check_document

    return check_document(document, today)
