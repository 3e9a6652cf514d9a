"""The Textual front end: the explorer, and the screens and widgets it is built from."""

GC_THRESHOLDS = (20_000, 20, 20)
"""The garbage collector's thresholds in a process that an app owns, from its first frame on.

Each frame allocates thousands of short-lived objects; a collection per 700 of them (Python's
default) costs a few milliseconds a frame. The walk creates little cyclic garbage. Before the
first frame the explorer's command leaves the collector off (``commands/explore.py``): the garbage
start-up leaves (about a thousand objects on the bundled tree) is frozen with the rest of start-up's
objects and never freed, which costs far less than the collections it would take to find it."""
