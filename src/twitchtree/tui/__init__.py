"""The Textual front end: the explorer, and the screens and widgets it is built from."""
