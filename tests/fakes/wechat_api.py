"""A local fake of the WeChat API: /cgi-bin/token and /cgi-bin/message/custom/send.

Scriptable: ``fail_next`` holds errcodes (or HTTP statuses as negative ints below -100)
returned by the next send calls; ``expire_tokens()`` invalidates every issued token so the
next send gets 42001.
"""

from __future__ import annotations

import itertools
import json

from aiohttp import web


class FakeWeChatApi:
    def __init__(self, appid: str = "wxfake0000000001", secret: str = "s3cret"):
        self.appid = appid
        self.secret = secret
        self.valid_tokens: set[str] = set()
        self.token_requests = 0
        self.sent: list[dict] = []
        self.send_attempts = 0
        self.fail_next: list[int] = []
        self._ids = itertools.count(1)
        self.runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def expire_tokens(self) -> None:
        self.valid_tokens.clear()

    async def token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        q = request.query
        if q.get("appid") != self.appid or q.get("secret") != self.secret:
            return web.json_response({"errcode": 40013, "errmsg": "invalid appid"})
        token = f"TOKEN{next(self._ids)}"
        self.valid_tokens.add(token)
        return web.json_response({"access_token": token, "expires_in": 7200})

    async def send(self, request: web.Request) -> web.Response:
        self.send_attempts += 1
        if request.query.get("access_token") not in self.valid_tokens:
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        if self.fail_next:
            code = self.fail_next.pop(0)
            if code < -100:
                return web.Response(status=-code, text="upstream error")
            return web.json_response({"errcode": code, "errmsg": f"scripted {code}"})
        body = json.loads(await request.read())
        self.sent.append(body)
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def start(self) -> FakeWeChatApi:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self.token)
        app.router.add_post("/cgi-bin/message/custom/send", self.send)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001
        return self

    async def close(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
