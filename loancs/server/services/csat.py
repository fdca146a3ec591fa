"""CSAT: after a conversation is resolved, ask the customer for a rating in their channel
and language (web chat: buttons on ``csat.requested``; WeChat: a message asking for a reply
1-5, taken by the ingest path without opening a new request; phone: nothing). Nobody is
asked twice within ``window_days``; answers later than ``answer_hours`` are refused, a
repeated answer is acknowledged without a second rating."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from loancs.core.events import Kind
from loancs.store import commands, server_reads
from loancs.store.writer import OpError, StoredEvent

_RESOLVED = str(Kind.CONVERSATION_RESOLVED)  # compared for every event: a plain string

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

log = logging.getLogger("loancs.csat")

PROMPTS = {
    "wechat": (
        "本次服务已结束。请回复数字 1-5 为我们的服务打分（5 为非常满意）。",
        "This conversation is closed. Please reply with a number from 1 to 5 to rate our"
        " service (5 = very satisfied).",
    ),
    "chat": ("请为本次服务打分", "How did we do? Please rate this conversation"),
}


@dataclass(frozen=True)
class CsatSettings:
    enabled: bool = True
    window_days: float = 30.0  # nobody is asked twice within this
    answer_hours: float = 72.0  # answers later than this are not taken
    channels: tuple[str, ...] = ("chat", "wechat")

    @classmethod
    def from_config(cls, raw: Any) -> CsatSettings:
        if raw is None:
            return cls()
        if isinstance(raw, CsatSettings):
            return raw
        get = raw.get if isinstance(raw, dict) else lambda k, d=None: getattr(raw, k, d)
        return cls(
            enabled=bool(get("enabled", True)),
            window_days=float(get("window_days", 30.0)),
            answer_hours=float(get("answer_hours", 72.0)),
            channels=tuple(get("channels", ("chat", "wechat"))),
        )


class CsatService:
    def __init__(self, server: ServerContext):
        self.server = server
        # A table given in code (tests) wins; else the --config file's [csat].
        raw = server.config.csat or server.config.file.csat
        self.settings = CsatSettings.from_config(raw)
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self.server.hub.listeners.append(self._on_events)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def _on_events(self, events: list[StoredEvent]) -> None:
        if not self.settings.enabled or not self.server.leads:
            return  # of several servers on one database, the routing leader asks
        for event in events:
            if event.kind != _RESOLVED or event.conversation is None:
                continue
            channel = (event.meta or {}).get("channel")
            if channel not in self.settings.channels:
                continue
            task = asyncio.create_task(self._ask(event.conversation, channel))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _ask(self, conversation: int, channel: str) -> None:
        language = await server_reads.conversation_language(self.server.store, conversation)
        lang = "en" if (language or "").startswith("en") else "zh"
        prompt = PROMPTS["wechat"][0 if lang == "zh" else 1] if channel == "wechat" else None
        try:
            await self.server.store.submit(
                commands.RequestCsat(
                    conversation=conversation,
                    prompt=prompt,
                    window_ms=int(self.settings.window_days * 86_400_000),
                    answer_ms=int(self.settings.answer_hours * 3_600_000),
                )
            )
        except OpError as exc:  # reopened meanwhile: no rating then
            log.info("no rating request for %s: %s", conversation, exc.message)
