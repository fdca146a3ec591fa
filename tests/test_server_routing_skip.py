"""Routing listens to every committed event (RoutingService._on_events); the bulk of them
under load, customer messages in conversations someone already carries, change nothing
there and are passed over without a call of ``_apply`` (~0.8k instructions a message); a
message of a conversation nobody carries still goes to ``_apply`` (which queues it)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from loancs.core.convmeta import ConvMeta
from loancs.server.services.routing import RoutingService
from loancs.store.writer import StoredEvent


def _received(seq: int, conversation: int, assigned: int | None) -> StoredEvent:
    meta = ConvMeta("wechat", assigned, "car", "open", 5, None, 0)
    return StoredEvent(seq, 1, "message.received", conversation, "channel:gw", {}, meta, True)


def test_only_messages_of_conversations_nobody_carries_reach_apply() -> None:
    service = RoutingService.__new__(RoutingService)
    service.server = SimpleNamespace(assistant=None)
    service.leading = True
    applied: list[int] = []

    def apply(event: StoredEvent, now: int, new_customers: set[int]) -> bool:
        applied.append(event.seq)
        return False

    service._apply = apply  # type: ignore[method-assign]
    dict_meta: Any = {"assigned": 3, "channel": "wechat"}  # (a store's dict: asked as before)
    events = [_received(1, 7, 3), _received(2, 8, None), _received(3, 7, 3)]
    events.append(StoredEvent(4, 1, "message.received", 9, "channel:gw", {}, dict_meta, True))
    events.append(StoredEvent(5, 1, "conversation.assigned", 8, "system", {"agent": 3}, None))
    service._on_events(events)
    assert applied == [2, 4, 5]
