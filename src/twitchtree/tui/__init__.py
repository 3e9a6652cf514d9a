"""The Textual front end: the explorer, and the screens and widgets it is built from."""

GC_THRESHOLDS = (20_000, 20, 20)
"""The garbage collector's thresholds in a process that an app owns, from before its modules are imported.

Start-up and each frame allocate thousands of short-lived objects; a collection per 700 of them
(Python's default) costs a few milliseconds a frame, and about 2 % of the instructions to the
explorer's first frame. The walk creates little cyclic garbage."""
