"""``twitchtree serve``: a classroom in the browser, safe to open by default.

``twitchtree serve [--host 127.0.0.1] [--port 8000] [--db PATH|URL] [--cases PATH...] [--token CODE]
[--max-trainees N] [--public-url URL]``

Each browser tab gets its own ``twitchtree train --visitor`` process (so
each visitor is asked for their name), and every session records to the one
database: a file, or a PostgreSQL URL that several ``serve`` instances
share. Visitors need the access code: a random one is made at each start
(``--token`` or ``TWITCHTREE_TOKEN`` sets it) and the full address to share
is printed. See :mod:`twitchtree.web` for what the server refuses. The
default binds to loopback only; any other address prints a warning.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import shlex
import socket
import sys
from pathlib import Path

from ._common import USAGE, fail

TOKEN_VARIABLE = "TWITCHTREE_TOKEN"
MB_PER_TRAINEE = 100
"""Memory set aside per visitor: a visitor's process measures about 60 MB (docs/capacity.md)."""
TRAINEES_PER_CORE = 20
"""Visitors per CPU core: about 40 on a 2-core machine keep it well under half busy (docs/capacity.md)."""
MAX_DEFAULT_TRAINEES = 200
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
"""Access code letters: lowercase, without 0/o, 1/l/i, so a code read off a projector is typed right."""


def run(args: argparse.Namespace) -> int:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return fail("serve needs the textual-serve package: pip install 'textual-serve>=1.1'")
    from ..model.text import printable
    from ..training.store import StoreError, display, open_store
    from ..web.classroom import ClassroomServer
    from ..web.guard import Policy
    from .train import DB_VARIABLE, database, load_cases

    if not 0 < args.port < 65536:
        return fail(f"--port {args.port}: give a port from 1 to 65535")
    token = args.token if args.token is not None else os.environ.get(TOKEN_VARIABLE) or new_token()
    if len(token) < 8 or len(token) > 128 or not token.isascii() or not token.isprintable() or " " in token:
        return fail("--token: an access code is 8 to 128 printable ASCII characters, without spaces")
    public_url = getattr(args, "public_url", None)
    if public_url is not None:
        public_url = public_url.rstrip("/")
        if not _is_origin(public_url):
            return fail("--public-url: give the address visitors use, like https://class.example.org (no path)")
    max_trainees = args.max_trainees if args.max_trainees is not None else default_max_trainees()
    if max_trainees < 1:
        return fail("--max-trainees: give 1 or more")
    cases = [str(Path(p).resolve()) for p in args.cases] if args.cases else []
    catalogue = load_cases(cases or None)
    if not catalogue.entries:
        return fail("no cases to train on", USAGE)
    location = database(args.db)
    try:
        open_store(location).close()  # created (or migrated) once, before visitors race to do it
    except StoreError as exc:
        return fail(f"{printable(str(exc))}; serve needs a database every visitor can record to", 1)
    if not is_loopback(args.host):
        print(
            f"twitchtree: warning: serving on {printable(args.host)}, not on loopback: anyone who can reach this "
            "computer over that network can open the page; only the access code keeps them out. "
            "Use --host 127.0.0.1 to keep it to this computer.",
            file=sys.stderr,
        )
    command = ["exec", sys.executable, "-m", "twitchtree", "train", "--visitor"]
    if cases:
        command += ["--cases", *cases]
    policy = Policy(token=token, max_trainees=max_trainees, loopback=is_loopback(args.host), public_url=public_url)
    server = ClassroomServer(
        " ".join(shlex.quote(part) if part != "exec" else part for part in command),
        policy=policy,
        host=args.host,
        port=args.port,
        title="twitchtree training",
        # The visitors' processes get the database through their environment, so a URL's password
        # never appears on a command line, where `ps` would show it.
        environment={DB_VARIABLE: location},
    )
    try:
        server.listen()  # before the address is printed: a busy port must not print one to share
    except OSError as exc:
        return fail(f"cannot serve on {printable(args.host)}:{args.port}: {exc.strerror or exc}", 1)
    print(f"twitchtree: recording every session to {printable(display(location))}", file=sys.stderr)
    print(f"twitchtree: up to {max_trainees} trainees at once (--max-trainees)", file=sys.stderr)
    shared = f"{public_url}/?token={token}" if public_url else address(args.host, args.port, token)
    print(f"twitchtree: share this address with the class: {shared}", file=sys.stderr)
    server.serve()
    return 0


def new_token() -> str:
    """A fresh access code like ``k7mq-3xh9-tw2p-r8dn`` (about 79 bits)."""
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def default_max_trainees() -> int:
    """As many visitors as this machine holds: its memory available now at ``MB_PER_TRAINEE`` each, and
    ``TRAINEES_PER_CORE`` for each core this process may use, whichever is fewer (1 to 200)."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    available = _available_mb()
    by_memory = 20 if available is None else int(available * 0.8) // MB_PER_TRAINEE
    return max(1, min(MAX_DEFAULT_TRAINEES, by_memory, cores * TRAINEES_PER_CORE))


def _available_mb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def address(host: str, port: int, token: str) -> str:
    """The address to share: this computer's name when the server listens on every address."""
    name = host.strip("[]")
    try:
        if ipaddress.ip_address(name).is_unspecified:
            name = socket.gethostname()
    except ValueError:
        pass
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}:{port}/?token={token}"


def _is_origin(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.path and not parts.query


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this computer only (127.0.0.0/8, ::1 or localhost)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
