"""The conversations a running server keeps in memory (issue 18).

Routing and visibility need a few facts per conversation (channel, agent, queue, status,
customer). Keeping them for every conversation ever grows with history (~1 KB each, never
freed), so the hub keeps every unresolved conversation and, of the resolved ones, only those
touched most recently (``keep_resolved``); the server loads any other from the store when a
request names it (``LoancsServer.conversation_meta``) and remembers it here.

Each is held as a ``ConvMeta`` (a read-only mapping with the keys of the dicts the store and
the events give): 88 bytes where a dict of the seven facts is ~280, for each of a year's
30,000 open conversations.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from loancs.core.convmeta import FIELDS, ConvMeta

__all__ = ["FIELDS", "KEEP_RESOLVED", "ConvMeta", "MetaCache"]

KEEP_RESOLVED = 5000  # resolved conversations kept, most recently touched first


class MetaCache:
    """``conversation -> meta`` with every unresolved conversation pinned and the resolved
    ones in least-recently-touched order, plus ``customer -> conversations`` for what is held
    (a customer's one conversation as such, a set only for two or more: most have one).

    All of them are in one dict, whose own ``get`` is this cache's: the fan-out looks up
    every event's conversation, and a C call is a fraction of a Python method's."""

    def __init__(self, keep_resolved: int = KEEP_RESOLVED) -> None:
        self.keep_resolved = keep_resolved
        self._held: dict[int, ConvMeta] = {}  # every conversation held, open or resolved
        self._resolved: OrderedDict[int, None] = OrderedDict()  # least recently touched first
        self._by_customer: dict[int, int | set[int]] = {}
        # get(conversation, default=None): the dict's (in C), not a method of this class
        self.get: Callable[..., Any] = self._held.get

    def __getitem__(self, conversation: int) -> ConvMeta:
        return self._held[conversation]

    def __contains__(self, conversation: object) -> bool:
        return conversation in self._held

    def __len__(self) -> int:
        return len(self._held)

    def __iter__(self) -> Iterator[int]:
        return iter(self._held)

    def items(self) -> Iterable[tuple[int, ConvMeta]]:
        return self._held.items()

    def conversations_of(self, customer: int) -> set[int]:
        """The customer's conversations held here."""
        held = self._by_customer.get(customer)
        if held is None:
            return set()
        return {held} if isinstance(held, int) else set(held)

    def load(
        self,
        metas: Mapping[int, Mapping[str, Any]]
        | Iterable[tuple[int, Mapping[str, Any] | tuple[Any, ...]]],
    ) -> None:
        """Hold each of these as setting it would (a server's start: thousands at once,
        into an empty cache: nothing held to compare them with or replace). ``metas``: a
        dict of them, or (conversation, facts) pairs as made (Store.meta_of_open_work:
        the facts a tuple in FIELDS' order, its strings interned already: no dict of
        them all, nor one each, at a start)."""
        pairs = metas.items() if isinstance(metas, Mapping) else metas
        if self._held:
            for conversation, meta in pairs:
                self[conversation] = ConvMeta(*meta) if isinstance(meta, tuple) else meta
            return
        place = self._place
        for conversation, meta in pairs:
            place(conversation, ConvMeta(*meta) if isinstance(meta, tuple) else ConvMeta.of(meta))
        self._trim()

    def __setitem__(self, conversation: int, meta: Mapping[str, Any]) -> None:
        held = self._held.get(conversation)
        if held is not None:
            # (every event of a held conversation comes here: its slots read directly,
            # fewer instructions than two attrgetter/itemgetter tuples; keys beyond the
            # facts are not held, so they do not count)
            try:
                if (  # the same facts (most events of an open conversation): kept
                    held.assigned == meta["assigned"]
                    and held.status == meta["status"]
                    and held.loan_type == meta["loan_type"]
                    and held.urgency == meta["urgency"]
                    and held.priority == meta["priority"]
                    and held.customer == meta["customer"]
                    and held.channel == meta["channel"]
                ):
                    if held.status == "resolved":
                        self._resolved.move_to_end(conversation)  # touched
                    return
            except KeyError:  # a dict without some of them: not the same
                pass
            del self._held[conversation]
            self._resolved.pop(conversation, None)
            if held.customer != meta.get("customer"):
                self._unindex(conversation, held)
        self._place(conversation, ConvMeta.of(meta))
        self._trim()

    def _place(self, conversation: int, meta: ConvMeta) -> None:
        """Hold ``meta`` (not held yet) and index it by its customer."""
        self._held[conversation] = meta
        if meta.status == "resolved":
            self._resolved[conversation] = None
        customer = meta.customer
        held = self._by_customer.get(customer)
        if held is None or held == conversation:
            self._by_customer[customer] = conversation
        elif isinstance(held, int):
            self._by_customer[customer] = {held, conversation}
        else:
            held.add(conversation)

    def _trim(self) -> None:
        while len(self._resolved) > self.keep_resolved:
            gone, _ = self._resolved.popitem(last=False)
            self._unindex(gone, self._held.pop(gone))

    def _unindex(self, conversation: int, meta: ConvMeta) -> None:
        customer = meta.customer
        held = self._by_customer.get(customer)
        if held is None:
            return
        if isinstance(held, int):
            if held == conversation:
                del self._by_customer[customer]
            return
        held.discard(conversation)
        if len(held) == 1:
            self._by_customer[customer] = next(iter(held))
