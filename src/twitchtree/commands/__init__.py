"""One module per ``twitchtree`` command, each with ``run(args) -> exit code``, imported on demand."""
