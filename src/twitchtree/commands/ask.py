"""``twitchtree ask TREE``: the same walk as plain line-by-line prompts.

Answers come in on stdin (a number, or the answer's label), text goes out
on stdout: for pipes, scripts and screen readers. Tree Markdown (a question's
help, an outcome's text) is printed as plain text (:mod:`..model.plain_text`).
It ends by printing the outcome and the path. ``b`` goes back, ``r`` restarts,
``q`` quits.
"""

from __future__ import annotations

import argparse
import sys

from ._common import load

COMMANDS = {"b": "back", "back": "back", "r": "restart", "restart": "restart", "q": "quit", "quit": "quit"}


def run(args: argparse.Namespace) -> int:
    from ..model.export import summary
    from ..model.plain_text import plain
    from ..model.text import printable
    from ..model.walk import Walk, WalkError

    tree = load(args.tree)
    if isinstance(tree, int):
        return tree
    out = sys.stdout

    def say(text: str) -> None:  # tree text, and what the user typed, only ever reach the terminal escaped
        out.write(printable(text, multiline=True))

    say(f"{tree.label}\n{tree.disclaimer}\n")
    walk = Walk(tree)
    while not walk.done:
        question = walk.question
        assert question is not None
        say(f"\nQuestion {walk.depth + 1}: {question.text}\n")
        if question.help:
            say(f"{plain(question.help)}\n")  # Markdown as a reader should hear it: no "star star"
        for n, answer in enumerate(question.answers, 1):
            say(f"  {n}) {printable(answer.label)}\n")
        out.write(f"Answer 1-{len(question.answers)}, or b back, r restart, q quit: ")
        out.flush()
        reply = _read_reply()
        if reply is None:
            out.write("\nNo more input: stopped before reaching an outcome.\n")
            return 1
        try:
            if reply.isdecimal():  # not isdigit(): int() refuses digits such as '²'
                # More digits than any question has answers is simply out of range (int() refuses 4,300 and more).
                walk.answer(int(reply) - 1 if len(reply) <= 9 else len(question.answers))
            elif any(a.label.strip().casefold() == reply.casefold() for a in question.answers):
                walk.answer(reply)
            elif COMMANDS.get(reply.casefold()) == "back":
                if not walk.back():
                    out.write("This is the first question.\n")
            elif COMMANDS.get(reply.casefold()) == "restart":
                walk.restart()
            elif COMMANDS.get(reply.casefold()) == "quit":
                out.write("Stopped.\n")
                return 1
            else:
                shown = reply if len(reply) <= 60 else reply[:57] + "..."
                say(f"'{printable(shown)}' is not one of the answers.\n")
        except WalkError as exc:
            say(f"{printable(str(exc))}.\n")
    say("\n" + summary(walk, markdown=False))
    return 0


MAX_REPLY = 65_536
"""Characters of one reply read; a longer line is read to its end and not understood."""


def _read_reply() -> str | None:
    """One line from stdin, stripped; None at the end of input. Never holds more than :data:`MAX_REPLY`."""
    line = sys.stdin.readline(MAX_REPLY)
    if not line:
        return None
    if len(line) == MAX_REPLY and not line.endswith("\n"):
        while True:  # drop the rest of an endless line, a piece at a time
            rest = sys.stdin.readline(MAX_REPLY)
            if not rest or rest.endswith("\n"):
                break
        return "\u2026"  # matches no answer and no command
    return line.strip()
