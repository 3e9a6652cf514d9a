"""``twitchtree serve [--host 127.0.0.1] [--port 8000] [--db PATH] [--cases PATH...]``: a classroom in the browser.

textual-serve runs ``twitchtree train --db DB`` once per browser tab, so
each visitor has their own session (and is asked for their name), and
every session records to the one database. The default binds to loopback
only; any other address prints a warning, since anyone who can reach that
network can use it. The page is textual-serve's own, less its web-font
link, so it works without the internet and sends visitors nowhere else.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

from ._common import USAGE, fail

WEB = Path(__file__).resolve().parent.parent / "web"


def run(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        return fail("serve needs the textual-serve package: pip install 'textual-serve>=1.1'")
    from ..training.catalogue import load_catalogue
    from .train import open_store

    if not 0 < args.port < 65536:
        return fail(f"--port {args.port}: give a port from 1 to 65535")
    cases = [Path(p).resolve() for p in args.cases] if args.cases else []
    catalogue = load_catalogue(cases or None)
    for problem in catalogue.problems:
        print(problem, file=sys.stderr)
    if not catalogue.entries:
        return fail("no cases to train on", USAGE)
    store, unusable = open_store(args.db)
    if store is None:
        return fail(f"{unusable}; serve needs a database every visitor can record to", 1)
    db = store.path.resolve()
    store.close()
    if not is_loopback(args.host):
        print(
            f"twitchtree: warning: serving on {args.host}, not on loopback: anyone who can reach this computer "
            "over that network can open it, train and see the cases, with no password. "
            "Use --host 127.0.0.1 to keep it to this computer.",
            file=sys.stderr,
        )
    command = [sys.executable, "-m", "twitchtree", "train", "--db", str(db)]
    if cases:
        command += ["--cases", *map(str, cases)]

    class ClassroomServer(Server):
        async def handle_index(self, request: Any) -> Any:
            # Links in the page follow the address the visitor used (the bind address may be 0.0.0.0).
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    server = ClassroomServer(
        shlex.join(command), host=args.host, port=args.port, title="twitchtree training", templates_path=WEB
    )
    print(f"twitchtree: recording every session to {db}", file=sys.stderr)
    try:
        server.serve()
    except OSError as exc:
        return fail(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}", 1)
    return 0


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this computer only (127.0.0.0/8, ::1 or localhost)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
