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

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from loancs.core.convmeta import FIELDS, ConvMeta, facts_of_meta

__all__ = ["FIELDS", "KEEP_RESOLVED", "ConvMeta", "MetaCache"]

KEEP_RESOLVED = 5000  # resolved conversations kept, most recently touched first

_BUCKET = 10  # customers 1024 * k .. 1024 * k + 1023 share one bucket of CustomerIndex
_CUSTOMERS = 1 << 31  # customer ids in -_CUSTOMERS.. _CUSTOMERS - 1 fit a bucket (4 bytes)
_CONVERSATIONS = 1 << 32


class CustomerIndex:
    """customer -> the conversations held of theirs, compactly: two arrays of 4-byte ids
    per 1,024 consecutive customer ids, a conversation beside its customer, in no order (a
    lookup is ``array.index``, a scan in C of a bucket's few hundred ids). A dict of every
    customer with a conversation held (a year's 30,000 open ones: ~1.3 MB of table) was
    the hub's largest; these are 8 bytes a conversation (~0.25 MB). Ids that do not fit
    (past 2**31 or 2**32, negative, None in a partial meta) are kept in a dict beside."""

    __slots__ = ("_buckets", "_odd")

    def __init__(self) -> None:
        # customer >> _BUCKET -> (customers, their conversations), position by position
        self._buckets: dict[int, tuple[array[int], array[int]]] = {}
        self._odd: dict[Any, set[Any]] = {}

    @staticmethod
    def _fits(customer: Any, conversation: Any) -> bool:
        return (
            customer.__class__ is int
            and conversation.__class__ is int
            and -_CUSTOMERS <= customer < _CUSTOMERS
            and 0 <= conversation < _CONVERSATIONS
        )

    def _at(self, bucket: tuple[array[int], array[int]], customer: int, conversation: int) -> int:
        """Where the pair is in its bucket, or -1."""
        customers, conversations = bucket
        at = 0
        while True:
            try:
                at = conversations.index(conversation, at)
            except ValueError:
                return -1
            if customers[at] == customer:
                return at
            at += 1

    def add(self, customer: Any, conversation: Any) -> None:
        if not self._fits(customer, conversation):
            self._odd.setdefault(customer, set()).add(conversation)
            return
        key = customer >> _BUCKET
        bucket = self._buckets.get(key)
        if bucket is None:
            self._buckets[key] = (array("i", (customer,)), array("I", (conversation,)))
        elif self._at(bucket, customer, conversation) < 0:
            bucket[0].append(customer)
            bucket[1].append(conversation)

    def discard(self, customer: Any, conversation: Any) -> None:
        if not self._fits(customer, conversation):
            held = self._odd.get(customer)
            if held is not None:
                held.discard(conversation)
                if not held:
                    del self._odd[customer]
            return
        key = customer >> _BUCKET
        bucket = self._buckets.get(key)
        if bucket is None:
            return
        at = self._at(bucket, customer, conversation)
        if at < 0:
            return
        customers, conversations = bucket
        customers[at] = customers[-1]  # the last pair takes its place: no order to keep
        conversations[at] = conversations[-1]
        del customers[-1], conversations[-1]
        if not customers:
            del self._buckets[key]

    def of(self, customer: Any) -> set[Any]:
        found = set(self._odd.get(customer, ()))
        if customer.__class__ is int and -_CUSTOMERS <= customer < _CUSTOMERS:
            bucket = self._buckets.get(customer >> _BUCKET)
            if bucket is not None:
                customers, conversations = bucket
                at = 0
                while True:
                    try:
                        at = customers.index(customer, at)
                    except ValueError:
                        break
                    found.add(conversations[at])
                    at += 1
        return found


class MetaCache:
    """``conversation -> meta`` with every unresolved conversation pinned and the resolved
    ones in least-recently-touched order, plus ``customer -> conversations`` for what is held
    (``CustomerIndex``).

    All of them are in one dict, whose own ``get`` is this cache's: the fan-out looks up
    every event's conversation, and a C call is a fraction of a Python method's."""

    def __init__(self, keep_resolved: int = KEEP_RESOLVED) -> None:
        self.keep_resolved = keep_resolved
        self._held: dict[int, ConvMeta] = {}  # every conversation held, open or resolved
        self._resolved: OrderedDict[int, None] = OrderedDict()  # least recently touched first
        self._by_customer = CustomerIndex()
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
        return self._by_customer.of(customer)

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
        held, resolved, index = self._held, self._resolved, self._by_customer
        buckets = index._buckets  # as _place and CustomerIndex.add, inline: 30,000 a start
        for conversation, facts in pairs:
            meta = ConvMeta(*facts) if isinstance(facts, tuple) else ConvMeta.of(facts)
            if conversation in held:  # given twice: the second replaces the first
                self[conversation] = meta
                continue
            held[conversation] = meta
            if meta.status == "resolved":
                resolved[conversation] = None
            customer = meta.customer
            if customer.__class__ is int and conversation.__class__ is int:
                bucket = buckets.get(customer >> _BUCKET)
                try:  # the arrays check the ranges of _fits themselves
                    if bucket is None:
                        buckets[customer >> _BUCKET] = (
                            array("i", (customer,)),
                            array("I", (conversation,)),
                        )
                    else:
                        customers = bucket[0]
                        customers.append(customer)
                        try:
                            bucket[1].append(conversation)
                        except OverflowError:
                            del customers[-1]
                            raise
                    continue
                except OverflowError:
                    pass
            index.add(customer, conversation)  # does not fit: beside
        self._trim()

    def __setitem__(self, conversation: int, meta: Mapping[str, Any]) -> None:
        held = self._held.get(conversation)
        if held is not None and meta.__class__ is ConvMeta:  # (decoded as one: compared in C)
            assert isinstance(meta, ConvMeta)
            if facts_of_meta(held) == facts_of_meta(meta):
                if held.status == "resolved":
                    self._resolved.move_to_end(conversation)  # touched
                return
            del self._held[conversation]
            self._resolved.pop(conversation, None)
            if held.customer != meta.customer:
                self._unindex(conversation, held)
        elif held is not None:
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
        self._by_customer.add(meta.customer, conversation)

    def _trim(self) -> None:
        while len(self._resolved) > self.keep_resolved:
            gone, _ = self._resolved.popitem(last=False)
            self._unindex(gone, self._held.pop(gone))

    def _unindex(self, conversation: int, meta: ConvMeta) -> None:
        self._by_customer.discard(meta.customer, conversation)
