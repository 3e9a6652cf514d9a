"""``twitchtree schema``: the JSON Schema of the file format, generated from its models."""

from __future__ import annotations

import argparse
import json


def run(args: argparse.Namespace) -> int:
    from ..model.format import model_for

    schema = model_for(args.kind).model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    print(json.dumps(schema, indent=2))
    return 0
