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

import sys
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from operator import attrgetter, itemgetter
from typing import Any

KEEP_RESOLVED = 5000  # resolved conversations kept, most recently touched first
# The facts, in the order of Store.conversation_meta's dicts.
FIELDS = ("channel", "assigned", "loan_type", "status", "customer", "urgency", "priority")
# Facts with few distinct values, held once (interned) instead of once per conversation.
SHARED_VALUES = ("channel", "status", "loan_type", "urgency")
_intern = sys.intern
_KEYS = frozenset(FIELDS)
_of_dict = itemgetter(*FIELDS)  # a dict's facts as a tuple (in C)
_of_meta = attrgetter(*FIELDS)  # a ConvMeta's
_FACTS = len(FIELDS)


def _shared(value: Any) -> Any:
    return _intern(value) if value.__class__ is str else value


class ConvMeta(Mapping[str, Any]):
    """One conversation's facts as the hub holds them: read as the store's dict is read
    (``meta.get("assigned")``, ``meta["channel"]``, equal to a dict of the same facts),
    never changed (a change is a new one). Slots, not a dict: 88 bytes instead of ~280."""

    __slots__ = FIELDS
    channel: Any
    assigned: Any
    loan_type: Any
    status: Any
    customer: Any
    urgency: Any
    priority: Any

    def __init__(
        self,
        channel: Any,
        assigned: Any,
        loan_type: Any,
        status: Any,
        customer: Any,
        urgency: Any,
        priority: Any,
    ) -> None:
        self.channel = channel
        self.assigned = assigned
        self.loan_type = loan_type
        self.status = status
        self.customer = customer
        self.urgency = urgency
        self.priority = priority

    @classmethod
    def of(cls, meta: Mapping[str, Any]) -> ConvMeta:
        """Held from the store's or an event's dict, its few-valued strings interned."""
        if meta.__class__ is cls:
            return meta
        try:
            channel, assigned, loan, status, customer, urgency, priority = _of_dict(meta)
        except KeyError:  # a partial dict: the facts it lacks are None
            channel, assigned, loan, status, customer, urgency, priority = (
                meta.get(key) for key in FIELDS
            )
        return cls(
            _shared(channel),
            assigned,
            _shared(loan),
            _shared(status),
            customer,
            _shared(urgency),
            priority,
        )

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in _KEYS else default

    def __getitem__(self, key: str) -> Any:
        if key in _KEYS:
            return getattr(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in _KEYS

    def __iter__(self) -> Iterator[str]:
        return iter(FIELDS)

    def __len__(self) -> int:
        return len(FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is ConvMeta:
            return bool(_of_meta(self) == _of_meta(other))
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ConvMeta({dict(self.items())!r})"


class MetaCache:
    """``conversation -> meta`` with every unresolved conversation pinned and the resolved
    ones in least-recently-touched order, plus ``customer -> conversations`` for what is held
    (a customer's one conversation as such, a set only for two or more: most have one)."""

    def __init__(self, keep_resolved: int = KEEP_RESOLVED) -> None:
        self.keep_resolved = keep_resolved
        self._open: dict[int, ConvMeta] = {}
        self._resolved: OrderedDict[int, ConvMeta] = OrderedDict()
        self._by_customer: dict[int, int | set[int]] = {}

    def get(self, conversation: int, default: Any = None) -> Any:
        found = self._open.get(conversation)
        if found is None:
            found = self._resolved.get(conversation)
        return default if found is None else found

    def __getitem__(self, conversation: int) -> ConvMeta:
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

    def items(self) -> Iterator[tuple[int, ConvMeta]]:
        yield from self._open.items()
        yield from self._resolved.items()

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
        if self._open or self._resolved:
            for conversation, meta in pairs:
                self[conversation] = ConvMeta(*meta) if isinstance(meta, tuple) else meta
            return
        place = self._place
        for conversation, meta in pairs:
            place(conversation, ConvMeta(*meta) if isinstance(meta, tuple) else ConvMeta.of(meta))
        self._trim()

    def __setitem__(self, conversation: int, meta: Mapping[str, Any]) -> None:
        held = self._open.get(conversation)
        if held is not None:
            try:  # (every event of a held conversation comes here: compared in C)
                if _of_meta(held) == _of_dict(meta) and len(meta) == _FACTS:
                    return  # the same facts (most events of an open conversation): kept
            except KeyError:  # a dict without some of them: not the same
                pass
        old = held if held is not None else self._resolved.get(conversation)
        if old is not None:
            (self._open if held is not None else self._resolved).pop(conversation)
            if old.customer != meta.get("customer"):
                self._unindex(conversation, old)
        self._place(conversation, ConvMeta.of(meta))
        self._trim()

    def _place(self, conversation: int, meta: ConvMeta) -> None:
        """Hold ``meta`` (not held yet) and index it by its customer."""
        if meta.status == "resolved":
            self._resolved[conversation] = meta
        else:
            self._open[conversation] = meta
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
            gone, gone_meta = self._resolved.popitem(last=False)
            self._unindex(gone, gone_meta)

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
