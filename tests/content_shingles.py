"""Ten-word runs ("shingles") of text, normalised and hashed, for the test that content is not copied.

The five source articles are not in the repository, so the test compares
against ``tests/data/source-shingles.txt``: one hash per ten-word run of the
articles. ``python -m tests.content_shingles SOURCES_DIR`` rebuilds it.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 10
_WORD = re.compile(r"[a-z0-9']+")
FIXTURE = Path(__file__).parent / "data" / "source-shingles.txt"


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return [w.strip("'") for w in _WORD.findall(text) if w.strip("'")]


def shingles(text: str) -> dict[str, str]:
    """Hash → the run itself, for every run of ten consecutive words."""
    found = words(text)
    runs = (" ".join(found[i : i + RUN]) for i in range(len(found) - RUN + 1))
    return {hashlib.sha256(run.encode()).hexdigest()[:20]: run for run in runs}


def build(sources: Path) -> list[str]:
    hashes: set[str] = set()
    for path in sorted(sources.glob("*.txt")):
        hashes.update(shingles(path.read_text(encoding="utf-8")))
    return sorted(hashes)


if __name__ == "__main__":
    FIXTURE.write_text("\n".join(build(Path(sys.argv[1]))) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE}")
