"""``twitchtree report [--db PATH|URL] [--trainee NAME] [--format table|csv|json] [--session ID]``.

Per case and per trainee: attempts, correct urgency, under- and
over-triage, mean score and mean time; ``--session ID`` replays one
recorded walk step by step beside the case's reference path. The database
(a file, or a ``postgresql://`` URL; ``TWITCHTREE_DB`` when ``--db`` is not
given) is only read, and never migrated. The output is written as it is
read, so a report on many sessions starts at once. Exit codes: 0, 1 for a
database that cannot be used, 2 for a usage error (no database at that
path, an unknown session).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import fail

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..model.tree import Tree
    from ..training.store import SessionRecord, Store


def run(args: argparse.Namespace) -> int:
    from ..model.text import printable
    from ..training import report
    from ..training.store import StoreError, is_url, open_store
    from .train import database

    location = database(args.db)
    if not is_url(location) and not Path(location).exists():
        return fail(f"{printable(location)}: no session database here (no training has been recorded to it yet)")
    try:
        with open_store(location, create=False) as store:
            if args.session is not None:
                return _replay(store, args.session)
            built = report.build(store, args.trainee)
            render = {"table": report.table, "csv": report.to_csv, "json": report.to_json}[args.format]
            _write_as_it_comes(render(built))
    except StoreError as exc:
        return fail(printable(str(exc)), 1)
    return 0


def _write_as_it_comes(chunks: Iterator[str], every: float = 0.02) -> None:
    """Write ``chunks`` to stdout, flushed at once and then every ``every`` seconds while they keep coming.

    A pipe's buffer would otherwise hold the first lines until 8 KB had piled up: a
    program reading the report would wait for the database to add up every total.
    """
    flushed = -every
    for chunk in chunks:
        sys.stdout.write(chunk)
        if (now := time.monotonic()) - flushed >= every:
            sys.stdout.flush()
            flushed = now


def _replay(store: Store, session_id: int) -> int:
    from ..model.text import printable
    from ..training.report import replay

    session = store.session(session_id)
    if session is None:
        return fail(f"there is no session {session_id} in {printable(store.where)}")
    tree, note = _tree_of(session)
    sys.stdout.write(replay(session, store.steps(session_id), tree, note))
    return 0


def _tree_of(session: SessionRecord) -> tuple[Tree | None, str]:
    """The session's tree, for question texts, and a note on whether it changed since."""
    from ..model.cases import read_cases
    from ..model.diagnostics import LoadError

    try:
        tree = read_cases(Path(session.case_file)).load_tree()
    except (LoadError, OSError, ValueError):
        return None, f"the case file {session.case_file} or its tree cannot be loaded now; showing node ids"
    if tree.id != session.tree_id:
        return None, f"the case file now names tree '{tree.id}'; showing node ids"
    if tree.content_hash != session.tree_hash:
        return tree, f"tree {tree.id} has changed since this session"
    return tree, f"tree {tree.id}, unchanged since"
