"""``twitchtree train [--cases PATH...] [--trainee NAME] [--db PATH|URL]``: practise on cases, with a debrief.

Sessions are recorded to ``--db``: a file path (SQLite) or a
``postgresql://`` URL; without it, ``TWITCHTREE_DB``, then
``sessions.sqlite3`` in the user data folder. A database that is damaged
or refuses writes is reported and left alone; training goes on without
recording, so nobody is stopped from walking a case. One that is locked or
unreachable is waited for in the background.

``--visitor`` (hidden) is how ``serve`` starts the app for a browser
visitor: nothing the visitor does changes the operator's files.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import USAGE, fail

if TYPE_CHECKING:
    from ..training.catalogue import Catalogue
    from ..training.recorder import Recorder

DB_VARIABLE = "TWITCHTREE_DB"


def run(args: argparse.Namespace) -> int:
    from ..training.trainee import TraineeError, check_trainee

    visitor = bool(getattr(args, "visitor", False))
    trainee = None
    if args.trainee is not None:
        try:
            trainee = check_trainee(args.trainee)
        except TraineeError as exc:
            return fail(f"--trainee: {exc}")
    catalogue = load_cases(args.cases, quiet=visitor)  # serve has reported the problems once already
    if not catalogue.entries:
        return fail("no cases to train on" + (" in " + ", ".join(map(_name, args.cases)) if args.cases else ""), USAGE)
    recorder, problem = open_recorder(args.db)
    if problem and not visitor:
        print(f"twitchtree: {_printable(problem)}", file=sys.stderr)
        print("twitchtree: training goes on, but this session is not being recorded", file=sys.stderr)
    from ..tui.training_app import TrainingApp

    try:
        return TrainingApp(
            catalogue, trainee=trainee, recorder=recorder, store_problem=problem, visitor=visitor
        ).run_in_process()
    finally:
        if recorder is not None:
            # A visitor who leaves is ended within seconds by serve: flush what can be flushed by then.
            unsaved = recorder.close(wait=1.0 if visitor else 5.0)
            if unsaved and not visitor:
                print(
                    f"twitchtree: {unsaved} recorded {'step was' if unsaved == 1 else 'steps were'} not saved: "
                    f"{_printable(recorder.detail or 'the session database did not answer in time')}",
                    file=sys.stderr,
                )


def load_cases(paths: list[str] | None, *, quiet: bool = False) -> Catalogue:
    """The catalogue; every case file it could not load is reported on stderr, and the rest are kept."""
    from ..training.catalogue import load_catalogue

    catalogue = load_catalogue([Path(p) for p in paths] if paths else None)
    for problem in [] if quiet else catalogue.problems:
        print(problem, file=sys.stderr)  # escaped by the catalogue
    return catalogue


def database(db: str | None) -> str:
    """Where sessions go: ``--db``, else ``TWITCHTREE_DB``, else the file in the user data folder."""
    from .. import paths

    return db or os.environ.get(DB_VARIABLE) or str(paths.sessions_db())


def open_recorder(db: str | None) -> tuple[Recorder | None, str | None]:
    """A recorder for the session database, or None and the reason nothing can be recorded."""
    from .. import paths
    from ..training.recorder import open_recorder as recorder_for

    location = database(db)
    if location == str(paths.sessions_db()):
        try:
            paths.ensure(paths.sessions_db().parent)
        except OSError as exc:
            return None, f"{paths.data_dir()}: cannot create the user data folder: {exc.strerror or exc}"
    return recorder_for(location)


def _printable(text: str) -> str:
    from ..model.text import printable

    return printable(text)


def _name(path: str) -> str:
    return _printable(path)
