"""twitchtree: walk, author and teach with clinical-education decision trees in a terminal."""

__version__ = "0.1.0"
