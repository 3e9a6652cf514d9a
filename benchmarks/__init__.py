"""``make bench``: twitchtree's speed as ratios against a bare Textual app or the standard library.

Every figure is measured side by side in one run, in pairs of runs that
alternate which side goes first. Each side's median time is shown, and the
ratio is the median of the pairs' ratios, so a machine that slows down for
a while slows both sides of a pair alike. Timings live here and in
docs/performance.md, never in the tests.
"""
