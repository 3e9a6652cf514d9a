"""The app's screens, one per module, each with its own stylesheet beside it."""
