"""The classroom's page: textual-serve's own template, read from the installed package, with one change.

The template links its font from fonts.googleapis.com; a classroom may be
offline, and a visitor's browser should contact no third party. The one
change swaps that link for ``@font-face`` rules that load the same Roboto
Mono from textual-serve's own static files. Nothing else is copied or
edited, so an upgrade of textual-serve brings its new page; if the link is
no longer there, :func:`template` raises :class:`PageDrift`, and a test fails.

The page's inline script and ``onclick`` handlers are hashed for the
Content-Security-Policy (:func:`content_security_policy`), so the policy
allows scripts from the page's own origin and those exact snippets only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib.resources import files

FONT_LINK = re.compile(r'\s*<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/?>', re.S)
LOCAL_FONT = """
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
    </style>"""
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_HANDLER = re.compile(r'\son[a-z]+="([^"]*)"', re.I)


class PageDrift(RuntimeError):
    """textual-serve's template no longer has what this module changes."""


def upstream() -> str:
    """textual-serve's page template, as installed."""
    return (files("textual_serve") / "templates" / "app_index.html").read_text(encoding="utf-8")


@cache
def template() -> str:
    """The template served: textual-serve's, with the font from its own static files."""
    page, swapped = FONT_LINK.subn(LOCAL_FONT, upstream(), count=1)
    if not swapped:
        raise PageDrift("textual-serve's page template no longer links its font from fonts.googleapis.com")
    return page


@cache
def content_security_policy() -> str:
    """Everything from the page's own origin only; the page's inline script and handlers by their hashes."""
    page = template()
    scripts = [_hash(body) for body in _INLINE_SCRIPT.findall(page)]
    handlers = [_hash(code) for code in _HANDLER.findall(page)]
    script_src = " ".join(["'self'", *scripts, *(["'unsafe-hashes'", *handlers] if handlers else [])])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {script_src}",
            # textual.js and xterm.js insert <style> elements as they draw; styles cannot run code.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def _hash(source: str) -> str:
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"
