"""The conversations a running server keeps in memory (issue 18).

Routing and visibility need a few facts per conversation (channel, agent, queue, status,
customer). Keeping them for every conversation ever grows with history (~1 KB each, never
freed), so the hub keeps every unresolved conversation and, of the resolved ones, only those
touched most recently (``keep_resolved``); the server loads any other from the store when a
request names it (``LoancsServer.conversation_meta``) and remembers it here.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

KEEP_RESOLVED = 5000  # resolved conversations kept, most recently touched first
# Facts with few distinct values, held once (interned) instead of once per conversation.
SHARED_VALUES = ("channel", "status", "loan_type", "urgency")
_intern = sys.intern


class MetaCache:
    """``conversation -> meta`` with every unresolved conversation pinned and the resolved
    ones in least-recently-touched order, plus ``customer -> conversations`` for what is held
    (a customer's one conversation as such, a set only for two or more: most have one)."""

    def __init__(self, keep_resolved: int = KEEP_RESOLVED) -> None:
        self.keep_resolved = keep_resolved
        self._open: dict[int, dict[str, Any]] = {}
        self._resolved: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._by_customer: dict[int, int | set[int]] = {}

    def get(self, conversation: int, default: Any = None) -> Any:
        found = self._open.get(conversation)
        if found is None:
            found = self._resolved.get(conversation)
        return default if found is None else found

    def __getitem__(self, conversation: int) -> dict[str, Any]:
        found = self.get(conversation)
        if found is None:
            raise KeyError(conversation)
        return found

    def __contains__(self, conversation: object) -> bool:
        return conversation in self._open or conversation in self._resolved

    def __len__(self) -> int:
        return len(self._open) + len(self._resolved)

    def __iter__(self) -> Iterator[int]:
        yield from self._open
        yield from self._resolved

    def items(self) -> Iterator[tuple[int, dict[str, Any]]]:
        yield from self._open.items()
        yield from self._resolved.items()

    def conversations_of(self, customer: int) -> set[int]:
        """The customer's conversations held here."""
        held = self._by_customer.get(customer)
        if held is None:
            return set()
        return {held} if isinstance(held, int) else set(held)

    def load(self, metas: dict[int, dict[str, Any]]) -> None:
        """Hold each of these as setting it would (a server's start: thousands at once,
        into an empty cache: nothing held to compare them with or replace)."""
        if self._open or self._resolved:
            for conversation, meta in metas.items():
                self[conversation] = meta
            return
        place = self._place
        for conversation, meta in metas.items():
            place(conversation, meta)
        self._trim()

    def __setitem__(self, conversation: int, meta: dict[str, Any]) -> None:
        if self._open.get(conversation) == meta:
            return  # the same facts (most events of an open conversation): kept as held
        old = self._open.pop(conversation, None) or self._resolved.pop(conversation, None)
        if old is not None and old.get("customer") != meta.get("customer"):
            self._unindex(conversation, old)
        self._place(conversation, meta)
        self._trim()

    def _place(self, conversation: int, meta: dict[str, Any]) -> None:
        """Hold ``meta`` (not held yet) and index it by its customer."""
        for key in SHARED_VALUES:
            value = meta.get(key)
            if value.__class__ is str:
                meta[key] = _intern(value)
        if meta.get("status") == "resolved":
            self._resolved[conversation] = meta
        else:
            self._open[conversation] = meta
        customer = meta["customer"]
        held = self._by_customer.get(customer)
        if held is None or held == conversation:
            self._by_customer[customer] = conversation
        elif isinstance(held, int):
            self._by_customer[customer] = {held, conversation}
        else:
            held.add(conversation)

    def _trim(self) -> None:
        while len(self._resolved) > self.keep_resolved:
            gone, gone_meta = self._resolved.popitem(last=False)
            self._unindex(gone, gone_meta)

    def _unindex(self, conversation: int, meta: dict[str, Any]) -> None:
        customer = meta.get("customer")
        held = self._by_customer.get(customer)  # type: ignore[arg-type]
        if held is None:
            return
        if isinstance(held, int):
            if held == conversation:
                del self._by_customer[customer]  # type: ignore[arg-type]
            return
        held.discard(conversation)
        if len(held) == 1:
            self._by_customer[customer] = next(iter(held))  # type: ignore[index]
