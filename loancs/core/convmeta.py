"""One conversation's facts as a running server holds them (issue 18): channel, agent,
queue, status, customer, urgency, priority. Pure: the hub's cache (server/meta.py) holds one
per unresolved conversation, and ``core.visibility.audience`` reads its attributes directly
(the fan-out asks it for every event: an attribute is read in C, a Mapping's ``get`` is a
Python call)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from operator import attrgetter, itemgetter
from typing import Any

# The facts, in the order of Store.conversation_meta's dicts.
FIELDS = ("channel", "assigned", "loan_type", "status", "customer", "urgency", "priority")
# Facts with few distinct values, held once (interned) instead of once per conversation.
SHARED_VALUES = ("channel", "status", "loan_type", "urgency")
_intern = sys.intern
_KEYS = frozenset(FIELDS)
facts_of_dict = itemgetter(*FIELDS)  # a dict's facts as a tuple (in C)
facts_of_meta = attrgetter(*FIELDS)  # a ConvMeta's


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
            channel, assigned, loan, status, customer, urgency, priority = facts_of_dict(meta)
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
            return bool(facts_of_meta(self) == facts_of_meta(other))
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ConvMeta({dict(self.items())!r})"
