"""`python -m twitchtree` runs the same entry point as the `twitchtree` script."""

from twitchtree.cli import main

raise SystemExit(main())
