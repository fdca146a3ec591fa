"""One conversation's facts as a running server holds them (issue 18): channel, agent,
queue, status, customer, urgency, priority. Pure: the hub's cache (server/meta.py) holds one
per unresolved conversation, and ``core.visibility.audience`` reads its attributes directly
(the fan-out asks it for every event: an attribute is read in C, a Mapping's ``get`` is a
Python call)."""

from __future__ import annotations

import sys
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar

import msgspec

# The facts, in the order of Store.conversation_meta's dicts.
FIELDS = ("channel", "assigned", "loan_type", "status", "customer", "urgency", "priority")
# Facts with few distinct values, held once (interned) instead of once per conversation.
SHARED_VALUES = ("channel", "status", "loan_type", "urgency")
_intern = sys.intern
facts_of_dict = itemgetter(*FIELDS)  # a dict's facts as a tuple (in C)
# A ConvMeta's, in C from its slots (its fields are FIELDS, in order): an attrgetter of the
# seven looked each up by name, ~3x the instructions (MetaCache compares two for every event).
_astuple = msgspec.structs.astuple
facts_of_meta = _astuple


def _shared(value: Any) -> Any:
    return _intern(value) if value.__class__ is str else value


if TYPE_CHECKING:  # what the registration below makes it, for the type checker

    class _Struct(msgspec.Struct, Mapping[str, Any]):  # noqa: D101
        pass
else:
    _Struct = msgspec.Struct


class _ReadAsDict(_Struct):
    """A struct read as the dict it replaced: ``get``, ``[]``, ``in``, ``keys`` / ``items`` /
    ``values``, ``dict(it)``, equal to a dict of the same values (and to a struct of its class
    with the same values, compared in C), unhashable as a dict is. Its keys are its fields;
    each subclass names them once more as a frozenset (``_keys``) for a lookup in C."""

    _keys: ClassVar[frozenset[str]] = frozenset()

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in self._keys else default

    def __getitem__(self, key: str) -> Any:
        if key in self._keys:
            return getattr(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self.__struct_fields__)

    def __len__(self) -> int:
        return len(self.__struct_fields__)

    def keys(self) -> KeysView[str]:
        return KeysView(self)

    def items(self) -> ItemsView[str, Any]:
        return ItemsView(self)

    def values(self) -> ValuesView[Any]:
        return ValuesView(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(_astuple(self) == _astuple(other))
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({dict(self.items())!r})"


class ConvMeta(_ReadAsDict, array_like=True, gc=False):
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

    _keys: ClassVar[frozenset[str]] = frozenset(FIELDS)

    @classmethod
    def of(cls, meta: Mapping[str, Any]) -> ConvMeta:
        """Held from the store's or an event's dict (or a ConvMeta from elsewhere: one
        decoded from the writer's answers), its few-valued strings interned. A ConvMeta
        whose strings are interned already is its own held form (it never changes)."""
        if isinstance(meta, cls) and meta.__class__ is cls:
            channel, assigned, loan, status, customer, urgency, priority = facts_of_meta(meta)
            if (  # its strings interned already (ProcessWriter._unfold's): itself, not a copy
                _shared(channel) is channel
                and _shared(loan) is loan
                and _shared(status) is status
                and _shared(urgency) is urgency
            ):
                return meta
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


Mapping.register(ConvMeta)


_INGEST_FIELDS = ("seq", "conversation", "message", "duplicate", "opened", "customer")


class IngestAck(_ReadAsDict, array_like=True, gc=False):
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

    _keys: ClassVar[frozenset[str]] = frozenset(_INGEST_FIELDS)


Mapping.register(IngestAck)
