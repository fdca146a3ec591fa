"""Compliance on the server: every agent reply is checked again before it is stored
and delivered, whatever the console showed. ``block`` refuses the reply (and logs the
attempt for supervisors), ``warn`` lets it through with the hits recorded as events.
Collection conversations also obey quiet hours and the daily contact cap, and WeChat
replies the customer-service window. The rule files reload when they change on disk."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loancs.core.compliance import (
    ContactPolicy,
    RuleFileError,
    RuleSet,
    check_contact,
    load_rules,
    local_day,
)
from loancs.core.events import Kind
from loancs.core.pii import mask_text
from loancs.rules_cache import FileRuleCache
from loancs.store import commands, server_reads
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext
    from loancs.server.session import Session

log = logging.getLogger("loancs.compliance")

COLLECTION_URGENCY = "overdue"
COLLECTION_QUEUE = "collection"


class ComplianceEnforcer:
    def __init__(self, server: ServerContext):
        self.server = server
        self.path: Path | None = server.config.rules_path
        self.version = 1
        self.lender_text: str | None = None
        self.rules: RuleSet = self._load()
        # Quiet hours and the daily cap come from the rule file's [contact] table (so they
        # reload with it) unless the server config sets them.
        self._contact_override = (
            ContactPolicy(**server.config.contact) if server.config.contact else None
        )
        self._mtime = self._stat()
        # When a reply is checked: relative times in it ("过两个小时再打给你") are judged
        # against the quiet hours from this moment (tests move it to 21:00 or 15:00).
        self.clock = lambda: int(time.time() * 1000)
        self._watcher: asyncio.Task | None = None

    def _load(self) -> RuleSet:
        """Shipped packs plus the lender's file, read once so consoles get the same text;
        compiled once per set of rule files and kept in the rules cache that ``loancs check``
        uses (see :mod:`loancs.rules_cache`), so a start or a reload of rules compiled
        before skips the compile."""
        cache = FileRuleCache.default()
        if self.path is None:
            return load_rules(cache=cache)
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else exc
            raise RuleFileError(str(self.path), f"cannot read: {why}") from None
        rules = load_rules(text=text, source=str(self.path), cache=cache)
        self.lender_text = text
        return rules

    @property
    def policy(self) -> ContactPolicy:
        return self._contact_override or self.rules.contact

    def _stat(self) -> float | None:
        try:
            return self.path.stat().st_mtime if self.path else None
        except OSError:
            return None

    async def start(self) -> None:
        if self.path is not None:
            self._watcher = asyncio.create_task(self._watch())

    async def close(self) -> None:
        if self._watcher:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            mtime = self._stat()
            if mtime == self._mtime:
                continue
            self._mtime = mtime
            try:
                self.rules = self._load()
                self.version += 1
                log.info("compliance rules reloaded from %s", self.path)
                await self.server.store.submit(
                    commands.RecordEvent(
                        kind=Kind.COMPLIANCE_RULES_RELOADED,
                        conversation=None,
                        actor="server",
                        payload={
                            "version": self.version,
                            "source": str(self.path),
                            "rules": len(self.rules),
                        },
                    )
                )
            except Exception as exc:  # keep the old rules: a typo must not open the gates
                log.error(
                    "rule file %s not reloaded, keeping the previous rules: %s", self.path, exc
                )

    async def check_reply(self, conn: Session, frame: Any, meta: dict[str, Any]) -> list[dict]:
        now = self.clock()
        result = self.rules.check(frame.body, conn.lang, now_utc_ms=now, contact=self.policy)
        hits = result.to_dict()["hits"]
        if result.verdict == "block":
            blocking = [h for h in hits if h["severity"] == "block"]
            await self.server.store.submit(
                commands.RecordBlockedReply(
                    conversation=frame.conversation,
                    agent_name=conn.principal.name,
                    hits=blocking,
                    agent_id=conn.principal.agent_id,
                    masked=mask_text(frame.body),
                )
            )
            first = blocking[0]
            raise OpError(
                "compliance_blocked",
                f"not sent: {first['message']} ({first['rule']}: {first['match']!r})",
                {"hits": hits},
            )
        if meta.get("urgency") == COLLECTION_URGENCY or meta.get("loan_type") == COLLECTION_QUEUE:
            attempts = await self._attempts_today(meta["customer"], now)
            decision = check_contact(self.policy, now, attempts)
            if not decision.allowed:
                raise OpError(
                    "contact_refused",
                    decision.reason,
                    {"reason_zh": decision.reason_zh, "attempts_today": attempts},
                )
        if meta.get("channel") == "wechat":
            await self._check_wechat_window(frame.conversation, now)
        return [h for h in hits if h["severity"] != "block"]

    async def _attempts_today(self, customer: int, now: int) -> int:
        day = local_day(self.policy, now)
        # Outbound messages to this customer whose lender-local day is today.
        sent = await server_reads.outbound_times(
            self.server.store, customer, now - 36 * 3600 * 1000
        )
        return sum(1 for ts in sent if local_day(self.policy, ts) == day)

    async def _check_wechat_window(self, conversation: int, now: int) -> None:
        last = await server_reads.last_inbound(self.server.store, conversation)
        window_ms = int(self.server.config.wechat_window_hours * 3600 * 1000)
        if last is None or now - last > window_ms:
            hours = self.server.config.wechat_window_hours
            raise OpError(
                "window_closed",
                f"WeChat allows replies only within {hours:g} h of the customer's last message;"
                " wait for the customer to write again or call them",
                {"last_inbound": last},
            )
