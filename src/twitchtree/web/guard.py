"""Every request to the classroom passes one middleware: host, origin, access code, room, headers.

In order, a request is refused when

1. its ``Host`` is not this computer's name while the server listens on
   loopback only (a DNS-rebinding page would send its own name): 403;
2. it carries an ``Origin`` other than the page's own, or it opens the
   WebSocket with no ``Origin`` at all (cross-site WebSocket hijacking): 403;
3. it has no valid access code, in the ``token`` query parameter or the
   cookie that a valid one sets: 403. A valid code in the address is then
   kept in the cookie and the address loses it (a redirect, even when the
   class is full), so it is not left in the history or shown on a
   projector; the access log never shows it (:class:`AccessLog`);
4. it would start a visitor's process when the class is full: 503 and a page
   that says so.

A refused request reaches no handler, so it starts no process. Every
response gets the security headers; an unexpected error in a handler is one
line in the log and a plain 500, never a traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import hdrs, web
from aiohttp.abc import AbstractAccessLogger

from .page import content_security_policy

if TYPE_CHECKING:
    from aiohttp.typedefs import Middleware

log = logging.getLogger("twitchtree.serve")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

TOKEN_PARAMETER = "token"
_OPENS_A_VISITOR = {"/ws"}


@dataclass
class Policy:
    token: str
    max_trainees: int
    loopback: bool
    """Listening on loopback only: then the Host must name this computer."""
    public_url: str | None = None
    """The address visitors use when a reverse proxy stands in front (``https://host[:port]``): its
    host is accepted as Host, and its origin as Origin, whatever Host the proxy passes on."""

    @property
    def public_origin(self) -> str | None:
        return self.public_url.lower().rstrip("/") if self.public_url else None

    @property
    def public_host(self) -> str | None:
        return urlsplit(self.public_url).netloc.lower() if self.public_url else None

    @property
    def cookie(self) -> str:
        """The cookie's name: one per access code, so two classrooms on one host keep their own."""
        return "twitchtree_code_" + hashlib.sha256(self.token.encode()).hexdigest()[:12]


def security_headers(response: web.StreamResponse) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")


def guard(policy: Policy, visitors: Callable[[], int]) -> Middleware:
    """The middleware; ``visitors()`` counts the visitors' processes running now."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        response: web.StreamResponse
        try:
            refusal = _refusal(policy, request)
            if refusal is not None:
                response = refusal
            elif TOKEN_PARAMETER in request.query and request.method == "GET" and request.path == "/":
                response = _enter(policy, request)
            elif request.path in _OPENS_A_VISITOR | {"/"} and visitors() >= policy.max_trainees:
                response = _full(policy, request)
            else:
                response = await handler(request)
        except web.HTTPException as exc:
            response = exc
        except Exception as exc:  # one line, never a traceback with locals
            log.error("error: %s %s: %s: %s", request.method, request.path, type(exc).__name__, exc)
            response = web.Response(status=500, text="twitchtree: internal error\n")
        if not response.prepared:  # a WebSocket has sent its headers already
            security_headers(response)
        return response

    return middleware


def _refusal(policy: Policy, request: web.Request) -> web.Response | None:
    who = request.remote or "?"
    host = request.headers.get(hdrs.HOST, "")
    if policy.loopback and not _is_loopback_name(host) and host.lower() != policy.public_host:
        log.warning("refused %s: Host %r is not this computer", who, host)
        return _page(403, "Unknown address", "This classroom answers only at the address it was started on.")
    origin = request.headers.get(hdrs.ORIGIN)
    websocket = request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"
    if (origin is not None or websocket) and not _same_origin(policy, origin, host):
        log.warning("refused %s: Origin %r is not this classroom's page", who, origin)
        return _page(403, "Refused", "Only this classroom's own page may connect.")
    if not _has_code(policy, request):
        log.warning("refused %s: %s %s without the access code", who, request.method, request.path)
        return _page(
            403,
            "Access code needed",
            "This classroom needs its access code. Open the full address your trainer gave you, "
            "the one that ends in ?token=…",
        )
    return None


def _full(policy: Policy, request: web.Request) -> web.Response:
    if request.path in _OPENS_A_VISITOR:
        log.warning("refused %s: the class is full (%d trainees)", request.remote or "?", policy.max_trainees)
    trainees = "1 trainee is" if policy.max_trainees == 1 else f"{policy.max_trainees} trainees are"
    return _page(
        503,
        "The class is full",
        f"The class is full: {trainees} training now, the most this classroom takes. "
        "Try again in a few minutes, or ask your trainer.",
    )


def _enter(policy: Policy, request: web.Request) -> web.Response:
    """A valid code in the address: keep it in a cookie, and show the page at an address without it."""
    query = {k: v for k, v in request.query.items() if k != TOKEN_PARAMETER}
    target = request.rel_url.with_query(query)
    response = web.HTTPSeeOther(location=str(target))
    secure = (policy.public_url or "").lower().startswith("https://")  # behind an https proxy: never sent in clear
    response.set_cookie(policy.cookie, policy.token, httponly=True, samesite="Lax", path="/", secure=secure)
    log.info("a visitor entered the code from %s", request.remote or "?")
    return response


def _has_code(policy: Policy, request: web.Request) -> bool:
    given = request.query.get(TOKEN_PARAMETER) or request.cookies.get(policy.cookie) or ""
    return hmac.compare_digest(given.encode("utf-8", "replace"), policy.token.encode("utf-8"))


def _same_origin(policy: Policy, origin: str | None, host: str) -> bool:
    if origin is None or origin == "null":
        return False
    if policy.public_origin is not None and origin.lower().rstrip("/") == policy.public_origin:
        return True
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:
        return False
    return bool(netloc) and netloc.lower() == host.lower()


def _is_loopback_name(host: str) -> bool:
    """Whether a Host header names this computer: localhost, 127.x.y.z or ::1, with any port."""
    try:
        name = urlsplit(f"//{host}").hostname or ""
    except ValueError:
        return False
    if name.rstrip(".") == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _page(status: int, title: str, message: str) -> web.Response:
    from html import escape

    body = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} · twitchtree</title></head>"
        f'<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">'
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>\n"
    )
    return web.Response(status=status, text=body, content_type="text/html")


class AccessLog(AbstractAccessLogger):
    """One line per request, ``ADDRESS "METHOD PATH" STATUS BYTES``, never with the access code in it.

    The operator's terminal is often the one on the projector, and logs are
    shipped elsewhere: the query string is left out when it holds the code
    (a right one or a guess), and what is left is escaped by the log's formatter.
    """

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        target = request.path if TOKEN_PARAMETER in request.query else request.path_qs
        hidden = "?token=…" if TOKEN_PARAMETER in request.query else ""
        self.logger.info(
            '%s "%s %s%s HTTP/%d.%d" %d %d',
            request.remote or "?",
            request.method,
            target,
            hidden,
            *request.version,
            response.status,
            response.body_length,
        )
