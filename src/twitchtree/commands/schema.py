"""``twitchtree schema``: the JSON Schema of the file format, made from its records (:mod:`..model.schema`)."""

from __future__ import annotations

import argparse
import json


def run(args: argparse.Namespace) -> int:
    from ..model.schema import schema_for

    print(json.dumps(schema_for(args.kind), indent=2, ensure_ascii=False))
    return 0
