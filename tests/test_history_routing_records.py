"""The router's record of each conversation it holds (core/routing/model.py ConvSlot) is
one a garbage collection never visits: a year's ~30,000 open conversations were 30,000
tracked objects each full collection walked (~46,000 tracked with a start's 32,000 queued,
~16,000 now). It holds nothing that refers back to it, and compares by identity as
before (routing itself: test_routing_*)."""

from __future__ import annotations

import gc
import sys
from decimal import Decimal

from loancs.core.routing.model import NO_COOLDOWN, ConvSlot
from loancs.core.routing.router import Router

NOW = 1_700_000_000_000


def _restored(router: Router, n: int) -> list[ConvSlot]:
    loans = ("car", "mortgage", None)
    return [
        router.restored(
            100 + i,
            sys.intern(("wechat", "chat")[i % 2]),
            loans[i % 3],
            Decimal(1000 * (i + 1)),
            sys.intern("complaint" if i % 7 == 0 else "normal"),
            None,
            "en" if i % 5 == 0 else None,
            NOW - i * 1000,
            None,
        )
        for i in range(n)
    ]


def test_a_held_conversation_is_not_tracked_and_no_cycle_passes_through_it() -> None:
    router = Router()
    slots = _restored(router, 300)
    router.enqueue_many(slots, NOW, interned=True)
    held = [router._convs[s.id] for s in slots]
    assert all(h is s for h, s in zip(held, slots, strict=True))
    for slot in held:
        assert not gc.is_tracked(slot)
        assert slot.cooldown is NO_COOLDOWN
        # what it refers to never refers back to it (no cycle can pass through it)
        for value in (getattr(slot, name) for name in ConvSlot.__struct_fields__):
            assert slot not in gc.get_referents(value)
    a, b = slots[0], slots[1]
    assert a == a and a != b and len({a, b, a}) == 2  # identity, as the dataclass (eq=False)
    assert sys.getsizeof(a) <= 16 + 16 * 8


def test_restored_conversations_are_held_waiting() -> None:
    router = Router()
    router.enqueue_many(_restored(router, 60), NOW, interned=True)
    ids = {s.id for s in _restored(Router(), 60)}
    assert set(router._convs) == ids
    assert all(router._convs[i].status == "waiting" for i in ids)
