"""``twitchtree schema``: the JSON Schema of the file format, made from its records (:mod:`..model.schema`)."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from ..model.schema import schema_text

    sys.stdout.write(schema_text(args.kind))
    return 0
