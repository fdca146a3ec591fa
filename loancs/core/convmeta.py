"""One conversation's facts as a running server holds them (issue 18): channel, agent,
queue, status, customer, urgency, priority. Pure: the hub's cache (server/meta.py) holds one
per unresolved conversation, and ``core.visibility.audience`` reads its attributes directly
(the fan-out asks it for every event: an attribute is read in C, a Mapping's ``get`` is a
Python call)."""

from __future__ import annotations

import sys
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import msgspec

# The facts, in the order of Store.conversation_meta's dicts.
FIELDS = ("channel", "assigned", "loan_type", "status", "customer", "urgency", "priority")
# Facts with few distinct values, held once (interned) instead of once per conversation.
SHARED_VALUES = ("channel", "status", "loan_type", "urgency")
_intern = sys.intern
_KEYS = frozenset(FIELDS)
facts_of_dict = itemgetter(*FIELDS)  # a dict's facts as a tuple (in C)
# A ConvMeta's, in C from its slots (its fields are FIELDS, in order): an attrgetter of the
# seven looked each up by name, ~3x the instructions (MetaCache compares two for every event).
facts_of_meta = msgspec.structs.astuple


def _shared(value: Any) -> Any:
    return _intern(value) if value.__class__ is str else value


if TYPE_CHECKING:  # what the registration below makes it, for the type checker

    class _Struct(msgspec.Struct, Mapping[str, Any]):  # noqa: D101
        pass
else:
    _Struct = msgspec.Struct


class ConvMeta(_Struct, array_like=True, gc=False):
    """One conversation's facts as the hub holds them: read as the store's dict is read
    (``meta.get("assigned")``, ``meta["channel"]``, ``dict(meta)``, equal to a dict of the
    same facts), never changed (a change is a new one).

    A msgspec struct without garbage-collector tracking (its values are ints, strings and
    None: no cycle can pass through it): 72 bytes where a slotted class was 88 and a dict
    of the seven facts ~280, made in C, never visited by a collection (a year's 30,000
    open conversations are held), and decodable as it is from msgpack: the seven values
    in FIELDS' order (``array_like``), so the writer's answers can carry one (requests.md).
    A ``collections.abc.Mapping`` by registration: a struct cannot inherit the ABC."""

    channel: Any = None
    assigned: Any = None
    loan_type: Any = None
    status: Any = None
    customer: Any = None
    urgency: Any = None
    priority: Any = None

    @classmethod
    def of(cls, meta: Mapping[str, Any]) -> ConvMeta:
        """Held from the store's or an event's dict (or a ConvMeta from elsewhere: one
        decoded from the writer's answers), its few-valued strings interned."""
        if isinstance(meta, cls) and meta.__class__ is cls:
            channel, assigned, loan, status, customer, urgency, priority = facts_of_meta(meta)
        else:
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

    def keys(self) -> KeysView[str]:
        return KeysView(self)

    def items(self) -> ItemsView[str, Any]:
        return ItemsView(self)

    def values(self) -> ValuesView[Any]:
        return ValuesView(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is ConvMeta:
            return bool(facts_of_meta(self) == facts_of_meta(other))
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ConvMeta({dict(self.items())!r})"


Mapping.register(ConvMeta)


_INGEST_FIELDS = ("seq", "conversation", "message", "duplicate", "opened", "customer")
_INGEST_KEYS = frozenset(_INGEST_FIELDS)
_ingest_facts = msgspec.structs.astuple  # (an IngestAck's fields are _INGEST_FIELDS, in order)


class IngestAck(_Struct, array_like=True, gc=False):
    """A new customer message's answer (store/apply/conversations.py ``ingest_message``):
    what the sender's ack needs (seq, conversation, message, duplicate) and what the
    server's services may ask (opened, customer). One crosses the writer's pipe for every
    message taken in: six values in a row (``array_like``), where a six-key map's keys were
    most of its decode, read by the server's ack as attributes. Read elsewhere as the dict
    it replaced (``get``, ``[]``, ``dict(ack)``, equal to a dict of the same values), never
    changed; a ``collections.abc.Mapping`` by registration, as ConvMeta."""

    # (as the store gave them: decoded as sent, whatever the backend's types)
    seq: Any
    conversation: Any
    message: Any
    duplicate: Any
    opened: Any
    customer: Any

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in _INGEST_KEYS else default

    def __getitem__(self, key: str) -> Any:
        if key in _INGEST_KEYS:
            return getattr(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in _INGEST_KEYS

    def __iter__(self) -> Iterator[str]:
        return iter(_INGEST_FIELDS)

    def __len__(self) -> int:
        return len(_INGEST_FIELDS)

    def keys(self) -> KeysView[str]:
        return KeysView(self)

    def items(self) -> ItemsView[str, Any]:
        return ItemsView(self)

    def values(self) -> ValuesView[Any]:
        return ValuesView(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is IngestAck:
            return bool(_ingest_facts(self) == _ingest_facts(other))
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IngestAck({dict(self.items())!r})"


Mapping.register(IngestAck)
