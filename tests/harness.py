"""An attacker's view of the server: plain ``websockets`` clients that speak the JSON of
docs/protocol.md, nothing from loancs.client. Used by the security tests."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

_ids = itertools.count(1)


class Raw:
    """One websocket; ``frames`` collects everything the server sent, in order."""

    def __init__(self, ws: ClientConnection):
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.closed: tuple[int | None, str] | None = None
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, url: str, token: str | None = None, **hello: Any) -> Raw:
        ws = await connect(url, max_size=None, open_timeout=10)
        raw = cls(ws)
        if token is not None:
            await raw.send({"type": "hello", "token": token, **hello})
            await raw.wait(lambda f: f["type"] in ("welcome", "error"))
        return raw

    async def _read(self) -> None:
        try:
            async for text in self.ws:
                self.frames.append(json.loads(text))
        except ConnectionClosed:
            pass
        rcvd = self.ws.protocol.close_rcvd
        self.closed = (rcvd.code if rcvd else None, rcvd.reason if rcvd else "")

    @property
    def welcome(self) -> dict[str, Any]:
        return next(f for f in self.frames if f["type"] == "welcome")

    async def send(self, frame: dict[str, Any] | str | bytes) -> None:
        await self.ws.send(frame if isinstance(frame, str | bytes) else json.dumps(frame))

    async def wait(self, pred, timeout: float = 15.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        seen = 0
        while True:
            for frame in self.frames[seen:]:
                if pred(frame):
                    return frame
            seen = len(self.frames)
            if self.closed is not None or asyncio.get_running_loop().time() > deadline:
                for frame in self.frames[seen:]:
                    if pred(frame):
                        return frame
                raise AssertionError(f"no matching frame; got {self.frames[-5:]} {self.closed}")
            await asyncio.sleep(0.01)

    async def call(self, frame_type: str, **fields: Any) -> dict[str, Any]:
        """Send a request and return its answer (ack, result or error)."""
        frame_id = fields.pop("id", None) or f"h{next(_ids)}"
        await self.send({"type": frame_type, "id": frame_id, **fields})
        return await self.wait(
            lambda f: f.get("id") == frame_id and f["type"] in ("ack", "result", "error", "pong")
        )

    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        return [f for f in self.frames if f["type"] == "event" and kind in (None, f["kind"])]

    async def wait_closed(self, timeout: float = 15.0) -> tuple[int | None, str]:
        await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        assert self.closed is not None
        return self.closed

    async def close(self) -> None:
        await self.ws.close()
        await asyncio.wait([self._reader], timeout=5)


def wechat_ingest(external_id: str, openid: str, body: str, **extra: Any) -> dict[str, Any]:
    return {
        "external_id": external_id,
        "customer": {"kind": "wechat", "value": openid},
        "body": body,
        **extra,
    }
