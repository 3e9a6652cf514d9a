"""The ``twitchtree`` command: one entry point, each command's code imported only when it runs.

``twitchtree [TREE]`` opens the explorer; every other first word names a
command. Exit codes: 0 success, 1 a problem in the input (a tree with
errors, a failing case), 2 a usage error or a path that cannot be read
(``check``, ``test`` and ``fmt`` report a file that is there but cannot be
read, such as a FIFO, as one error line at 1:1, as ``show`` and ``ask`` do,
and exit 2).
A user never sees a traceback: unexpected errors are summarised in one
line unless ``TWITCHTREE_DEBUG=1`` is set.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

COMMANDS: dict[str, str] = {
    "check": "validate tree, library and case files (folders recurse)",
    "show": "print a tree as an outline",
    "export": "export a tree's graph as Mermaid, Graphviz DOT or JSON",
    "schema": "print the JSON Schema of the file format, for editor completion",
    "fmt": "rewrite a file in canonical form",
    "new": "write a small valid tree to start from",
    "ask": "walk a tree with plain line-by-line prompts",
    "test": "run case files against their trees",
    "edit": "edit a tree beside a live preview",
    "preview": "walk a tree that reloads whenever its file changes",
    "train": "practise on cases, with a debrief after each",
    "report": "report on recorded training sessions",
    "serve": "serve the app in a browser, for a classroom",
    "diff": "compare two versions of a tree: changes, and the cases and sessions that now end elsewhere",
    "lsp": "language server for editors, over stdin and stdout: diagnostics, completion, definition, rename",
}

EPILOG = """\
TREE is a path to a tree file or the id of a bundled tree (default: muscle-symptoms).
Run `twitchtree COMMAND --help` for a command's options.
twitchtree is educational software, not a diagnostic device."""


def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="twitchtree",
        description="Walk, author and teach with clinical-education decision trees.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    explore = sub.add_parser("explore", help="open the explorer (the default command)")
    explore.add_argument("tree", nargs="?", metavar="TREE")
    for name, summary in COMMANDS.items():
        command = sub.add_parser(name, help=summary, description=summary[:1].upper() + summary[1:] + ".")
        _ARGUMENTS.get(name, lambda p: None)(command)
    return parser


def _check(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.epilog = (
        "Each problem is one line, PATH:LINE:COL: error|warning: message. Exit status: 0 no errors "
        "(warnings allowed), 1 errors, 2 usage errors and paths that cannot be read (a file that is there is "
        "reported as an error line too)."
    )


def _tree(p: argparse.ArgumentParser) -> None:
    p.add_argument("tree", metavar="TREE", help="a tree file or a bundled tree id")


def _ask(p: argparse.ArgumentParser) -> None:
    text = "a tree file or a bundled tree id (default: muscle-symptoms)"
    p.add_argument("tree", nargs="?", metavar="TREE", help=text)


def _show(p: argparse.ArgumentParser) -> None:
    _tree(p)
    p.add_argument("--depth", type=int, metavar="N", help="stop N steps below the start")


def _export(p: argparse.ArgumentParser) -> None:
    _tree(p)
    p.add_argument("--format", "-f", required=True, choices=["mermaid", "dot", "json"])
    p.add_argument("--output", "-o", metavar="FILE", help="write here (never overwrites) instead of stdout")


def _schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=["tree", "library", "cases"], default="tree")


def _fmt(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--force", action="store_true", help="rewrite files with comments too (the comments are lost)")
    text = "change nothing; exit 1 if a file is not canonical (its comments aside), naming the first line that differs"
    p.add_argument("--check", action="store_true", help=text)


def _new(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="id of the new tree; the file is ID.toml")
    p.add_argument("--dir", default=".", metavar="DIR", help="folder to write it in (default: here)")


def _test(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders")
    p.epilog = (
        "Exit status: 0 every case passed, 1 a case failed or a case file has errors (its problems are "
        "PATH:LINE:COL lines), 2 usage errors and paths that cannot be read."
    )


def _edit(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="the tree file")


DB_HELP = "session database: a file, or a postgresql:// URL (default: $TWITCHTREE_DB, else in your user data folder)"


def _train(p: argparse.ArgumentParser) -> None:
    import argparse

    p.add_argument("--cases", nargs="+", metavar="PATH", help="case files or folders (default: the bundled cases)")
    p.add_argument("--trainee", metavar="NAME", help="who is training (default: your user name)")
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--visitor", action="store_true", help=argparse.SUPPRESS)  # serve's browser visitors


def _report(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--trainee", metavar="NAME", help="only this trainee")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--session", type=int, metavar="ID", help="replay one recorded session step by step")


def _serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this computer only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    p.add_argument("--cases", nargs="+", metavar="PATH", help="case files or folders (default: the bundled cases)")
    p.add_argument(
        "--token",
        metavar="CODE",
        help="the access code visitors need (default: $TWITCHTREE_TOKEN, else a new random one)",
    )
    p.add_argument(
        "--max-trainees", type=int, metavar="N", help="visitors at once (default: what this computer's memory holds)"
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address visitors use, when a reverse proxy stands in front (e.g. https://class.example.org)",
    )


def _diff(p: argparse.ArgumentParser) -> None:
    where = "a tree file, a bundled tree id, or REV:PATH read from git"
    p.add_argument("old", nargs="?", metavar="OLD", help=where)
    p.add_argument("new", nargs="?", metavar="NEW", help=where)
    p.add_argument("--format", "-f", choices=["text", "markdown", "json"], default="text")
    p.add_argument("--cases", nargs="+", metavar="PATH", help="case files or folders (default: those beside the trees)")
    p.add_argument("--no-cases", action="store_true", help="replay no case")
    p.add_argument(
        "--db", metavar="PATH|URL", help="session database to replay (default: yours, if it exists; '' for none)"
    )
    p.add_argument(
        "--fail-on",
        choices=["de-escalation", "safety", "any"],
        action="append",
        help="exit 1 only when a change of this kind is found, else 0 (repeatable): for sign-off in CI",
    )
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="colour in text output")
    p.add_argument("--textconv", metavar="FILE", help="print FILE as one fact per line, for git's textconv")


_ARGUMENTS = {
    "check": _check,
    "show": _show,
    "export": _export,
    "schema": _schema,
    "fmt": _fmt,
    "new": _new,
    "ask": _ask,
    "test": _test,
    "edit": _edit,
    "preview": _edit,
    "train": _train,
    "report": _report,
    "serve": _serve,
    "diff": _diff,
}


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        # A terminal whose encoding cannot show a character gets an escape, never an exception.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        return _run(args_list)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        if os.environ.get("TWITCHTREE_DEBUG"):
            raise
        from .model.text import printable

        print(f"twitchtree: internal error: {type(exc).__name__}: {printable(str(exc))[:500]}", file=sys.stderr)
        print("twitchtree: set TWITCHTREE_DEBUG=1 to see the details, and please report it", file=sys.stderr)
        return 70


def _run(argv: list[str]) -> int:
    named = bool(argv) and (argv[0] in COMMANDS or argv[0] == "explore" or argv[0].startswith("-"))
    if not named and len(argv) <= 1:
        # `twitchtree [TREE]`, the everyday start: no parser to build.
        from types import SimpleNamespace

        return _explore(SimpleNamespace(command="explore", tree=argv[0] if argv else None))
    if not named:
        argv = ["explore", *argv]
    args = _parser().parse_args(argv)
    if args.command is None:
        args = _parser().parse_args(["explore"])
    if args.command == "explore":
        return _explore(args)
    return int(import_module(f"twitchtree.commands.{args.command}").run(args) or 0)


def _explore(args: object) -> int:
    return int(import_module("twitchtree.commands.explore").run(args) or 0)
