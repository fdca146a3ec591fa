"""What the server answers over plain HTTP on its own port: ``/healthz``, ``/metrics``
(Prometheus) and the embeddable web-chat page, ``/chat`` plus its script and style (no
CDN, no build step; the page speaks the ``customer`` role over the same websocket, and
the Origin check and rate limit live in the server)."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from loancs import __version__
from loancs.server.metrics import CONTENT_TYPE

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

HttpRoute = Callable[["ServerContext", ServerConnection, Request], Awaitable[Response] | Response]

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


def _csp(server: ServerContext, request: Request) -> str:
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


def serve_asset(server: ServerContext, connection: ServerConnection, request: Request) -> Response:
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


def index(server: ServerContext) -> Response:
    """``GET /`` from a browser (a websocket client on ``/`` is upgraded instead): what this
    port is and where to go, as plain text."""
    chat = server.config.webchat
    lines = [
        f"loancs {__version__}",
        "",
        "This port speaks the loancs websocket protocol (consoles, the desk, gateways).",
        *(["  /chat      web chat for customers"] if chat else []),
        "  /healthz   health (JSON)",
        "  /metrics   Prometheus metrics",
        "",
        "这是 loancs 服务器的 WebSocket 端口（坐席控制台、主管看板、渠道网关）。",
        *(["  /chat      客户网页在线客服"] if chat else []),
        "  /healthz   健康检查（JSON）",
        "  /metrics   Prometheus 指标",
        "",
    ]
    body = "\n".join(lines).encode("utf-8")
    headers = Headers(
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-cache"),
            ("X-Content-Type-Options", "nosniff"),
        ]
    )
    return Response(HTTPStatus.OK.value, HTTPStatus.OK.phrase, headers, body)


def json_response(status: HTTPStatus, body: Any) -> Response:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = Headers(
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
        ]
    )
    return Response(status.value, status.phrase, headers, data)


def healthz(server: ServerContext, connection: ServerConnection, request: Request) -> Response:
    writer = server.store.writer
    body: dict[str, Any] = {
        "status": "stopping" if server.stopping else "ok",
        "version": __version__,
        "seq": server.hub.last_seq,
        "connections": len(server.connections),
        "subscribers": len(server.hub.subscribers),
        "uptime_s": round(time.time() - server.started_at, 1),
        "writer_pending": writer.pending if writer else 0,
    }
    if server.cluster is not None:  # several servers on one database: who decides routing
        body["routing"] = "leader" if server.leads else "follower"
    storage = server.store.health()
    body["storage"] = storage
    if not storage.pop("ok") and not server.stopping:
        body["status"] = "storage_unavailable"  # it answers, but cannot store anything
    status = HTTPStatus.OK if body["status"] == "ok" else HTTPStatus.SERVICE_UNAVAILABLE
    return json_response(status, body)


def metrics(server: ServerContext, connection: ServerConnection, request: Request) -> Response:
    body = server.metrics.render()
    headers = Headers(
        [
            ("Content-Type", CONTENT_TYPE),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ]
    )
    return Response(HTTPStatus.OK.value, HTTPStatus.OK.phrase, headers, body)


def routes(chat: bool) -> dict[str, HttpRoute]:
    """The paths the server answers over HTTP (the chat page only where web chat is on)."""
    found: dict[str, HttpRoute] = {"/healthz": healthz, "/metrics": metrics}
    if chat:
        for path in ASSETS:
            found[path] = serve_asset
    return found
