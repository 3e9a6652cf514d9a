"""The explorer's widgets, one per module, imported lazily to keep start-up fast."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .conditions_panel import ConditionsPanel
    from .key_footer import KeyFooter
    from .outcome_view import OutcomeView
    from .path_panel import PathPanel
    from .question_card import QuestionCard
    from .walk_view import WalkView

_MODULES = {
    "ConditionsPanel": "conditions_panel",
    "KeyFooter": "key_footer",
    "OutcomeView": "outcome_view",
    "PathPanel": "path_panel",
    "QuestionCard": "question_card",
    "WalkView": "walk_view",
}
__all__ = ["ConditionsPanel", "KeyFooter", "OutcomeView", "PathPanel", "QuestionCard", "WalkView"]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(import_module(f".{_MODULES[name]}", __name__), name)
    raise AttributeError(name)
