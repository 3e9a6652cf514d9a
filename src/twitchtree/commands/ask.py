"""``twitchtree ask TREE``: the same walk as plain line-by-line prompts.

Answers come in on stdin (a number, or the answer's label), text goes out
on stdout: for pipes, scripts and screen readers. It ends by printing the
outcome and the path. ``b`` goes back, ``r`` restarts, ``q`` quits.
"""

from __future__ import annotations

import argparse
import sys

from ._common import load

COMMANDS = {"b": "back", "back": "back", "r": "restart", "restart": "restart", "q": "quit", "quit": "quit"}


def run(args: argparse.Namespace) -> int:
    from ..model.export import summary
    from ..model.walk import Walk, WalkError

    tree = load(args.tree)
    if isinstance(tree, int):
        return tree
    out = sys.stdout
    out.write(f"{tree.label}\n{tree.disclaimer}\n")
    walk = Walk(tree)
    while not walk.done:
        question = walk.question
        assert question is not None
        out.write(f"\nQuestion {walk.depth + 1}: {question.text}\n")
        if question.help:
            out.write(f"{question.help.strip()}\n")
        for n, answer in enumerate(question.answers, 1):
            out.write(f"  {n}) {answer.label}\n")
        out.write(f"Answer 1-{len(question.answers)}, or b back, r restart, q quit: ")
        out.flush()
        line = sys.stdin.readline()
        if not line:
            out.write("\nNo more input: stopped before reaching an outcome.\n")
            return 1
        reply = line.strip()
        try:
            if reply.isdecimal():  # not isdigit(): int() refuses digits such as '²'
                walk.answer(int(reply) - 1)
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
                out.write(f"'{reply}' is not one of the answers.\n")
        except WalkError as exc:
            out.write(f"{exc}.\n")
    out.write("\n" + summary(walk, markdown=False))
    return 0
