"""The apps behind ``twitchtree preview`` and ``twitchtree edit``: the explorer app with an author's first screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .app import TwitchtreeApp
from .screens.editor import EditorScreen
from .screens.preview import PreviewScreen

if TYPE_CHECKING:
    from pathlib import Path

    from textual.screen import Screen


class PreviewApp(TwitchtreeApp):
    """Trees open in a preview that reloads when their files change."""

    REPLACES_TREES = True

    def screen_for(self, path: Path) -> Screen[None]:
        return PreviewScreen(path)


class EditApp(TwitchtreeApp):
    """One file in the editor. Quitting with unsaved changes asks first."""

    OPENS_TREES = False
    REPLACES_TREES = True

    def __init__(self, path: Path, text: str, **kwargs: Any) -> None:
        self.text = text
        super().__init__(path, **kwargs)

    def screen_for(self, path: Path) -> Screen[None]:
        return EditorScreen(path, self.text)

    def unsaved_work(self) -> tuple[Path, str] | None:
        editor = next((s for s in self.screen_stack if isinstance(s, EditorScreen)), None)
        if editor is None or not editor.is_mounted or not editor.modified:
            return None
        return editor.path, editor.source.text

    async def action_quit(self) -> None:
        editor = next((s for s in self.screen_stack if isinstance(s, EditorScreen)), None)
        if editor is None:
            self.exit()
        elif self.screen is editor:
            editor.request_quit()
