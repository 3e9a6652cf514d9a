"""Run a command and write its peak resident memory (KiB) to a file: ``python -m benchmarks.rss OUT -- CMD...``."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    out = Path(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1 :]
    code = subprocess.call(command)
    out.write_text(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    sys.exit(code)
