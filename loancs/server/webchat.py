"""The embeddable web-chat page: ``/chat`` plus its script and style, served by the
loancs server itself (no CDN, no build step). The page speaks the ``customer`` role
over the same websocket; the Origin check and rate limit live in the server."""

from __future__ import annotations

from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

if TYPE_CHECKING:
    from loancs.server.app import LoancsServer

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
ASSETS = {
    "/chat": ("chat.html", "text/html; charset=utf-8"),
    "/chat/": ("chat.html", "text/html; charset=utf-8"),
    "/chat/chat.js": ("chat.js", "text/javascript; charset=utf-8"),
    "/chat/chat.css": ("chat.css", "text/css; charset=utf-8"),
}


@cache
def _asset(name: str) -> bytes:
    return (WEB_DIR / name).read_bytes()


def _csp(server: LoancsServer, request: Request) -> str:
    host = request.headers.get("Host", "")
    ws = "wss" if server.config.tls_cert else "ws"
    origins = server.config.chat_origins
    if "*" in origins:
        ancestors = "*"
    elif origins:
        ancestors = "'self' " + " ".join(origins)
    else:
        ancestors = "'self'"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        f" connect-src 'self' {ws}://{host}; frame-ancestors {ancestors};"
        " base-uri 'none'; form-action 'none'"
    )


def serve_asset(server: LoancsServer, connection, request: Request) -> Response:
    path = request.path.split("?", 1)[0]
    name, mime = ASSETS[path]
    body = _asset(name)
    headers = Headers(
        [
            ("Content-Type", mime),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-cache"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        ]
    )
    if name.endswith(".html"):
        headers["Content-Security-Policy"] = _csp(server, request)
    return Response(HTTPStatus.OK.value, HTTPStatus.OK.phrase, headers, body)


def install(server: LoancsServer) -> None:
    """Add the chat page and its assets to the server's HTTP routes."""
    for path in ASSETS:
        server.http_routes[path] = serve_asset
