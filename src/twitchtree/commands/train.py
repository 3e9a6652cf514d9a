"""``twitchtree train [--cases PATH...] [--trainee NAME] [--db PATH]``: practise on cases, with a debrief.

Sessions are recorded to ``--db`` (default: ``sessions.sqlite3`` in the user
data folder). A database that is damaged or locked is reported and left
alone; training goes on without recording, so nobody is stopped from
walking a case.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import USAGE, fail

if TYPE_CHECKING:
    from ..training.store import Store


def run(args: argparse.Namespace) -> int:
    from ..training.catalogue import load_catalogue
    from ..training.trainee import TraineeError, check_trainee

    trainee = None
    if args.trainee is not None:
        try:
            trainee = check_trainee(args.trainee)
        except TraineeError as exc:
            return fail(f"--trainee: {exc}")
    catalogue = load_catalogue([Path(p) for p in args.cases] if args.cases else None)
    if not catalogue.entries:
        for problem in catalogue.problems:
            print(problem, file=sys.stderr)
        return fail("no cases to train on" + (" in " + ", ".join(args.cases) if args.cases else ""), USAGE)
    store, unrecorded = open_store(args.db)
    if unrecorded:
        print(f"twitchtree: {unrecorded}", file=sys.stderr)
        print("twitchtree: training goes on, but this session is not being recorded", file=sys.stderr)
    from ..tui.training_app import TrainingApp

    try:
        return TrainingApp(catalogue, trainee=trainee, store=store, store_problem=unrecorded).run_in_process()
    finally:
        if store is not None:
            store.close()


def open_store(db: str | None) -> tuple[Store | None, str | None]:
    """The session store at ``db`` (default: in the user data folder), or None and the reason."""
    from .. import paths
    from ..training.store import Store, StoreError

    path = Path(db) if db else paths.sessions_db()
    if not db:
        try:
            paths.ensure(path.parent)
        except OSError as exc:
            return None, f"{path.parent}: cannot create the user data folder: {exc.strerror or exc}"
    try:
        return Store.open(path), None
    except StoreError as exc:
        return None, str(exc)
