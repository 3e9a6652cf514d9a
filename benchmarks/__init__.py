"""``make bench``: twitchtree's speed as ratios against a bare Textual app or the standard library.

Every figure is measured side by side in one run, alternating the two
sides, and the median of several runs is reported. Timings live here and
in docs/performance.md, never in the tests.
"""
