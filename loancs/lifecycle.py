"""Running a long-lived command (server, gateway, simulator, tail) until Ctrl-C or SIGTERM:
both signals ask it to stop cleanly, once, on the running event loop."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

from loancs.core.gcpause import collector_paused

T = TypeVar("T")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


# Collect the youngest generation every this many new container objects (Python's default
# is 700): the short-lived objects of one message die before a collection promotes them.
SERVING_GC_THRESHOLD = (20_000, 10, 10)


def tune_gc_for_serving() -> None:
    """For a long-running process, once it has started: what start-up built (modules, rules,
    the open conversations) is moved out of the collector's way (``gc.freeze``: never
    scanned again, still freed when no longer referenced), and young objects are collected
    less often. Without it the server spent a few percent of its CPU per message in
    collections, and full ones walked every conversation held in memory."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVING_GC_THRESHOLD)


@contextlib.contextmanager
def building_to_keep() -> Iterator[None]:
    """No cyclic garbage collection while a start builds what it keeps (the open work: tens
    of thousands of objects at a year's backlog): they all live on, and each collection
    their number sets off walked everything built so far (full ones ~45 ms at 1M
    messages). Not over the whole start: what else it builds is garbage soon."""
    with collector_paused():  # counted: a worker thread's own pause ending cannot end this one
        try:
            yield
        finally:
            _keep_built()


def _keep_built() -> None:
    """What was built moves to the oldest generation at once (``gc.freeze`` then
    ``unfreeze``: two list splices, nothing walked). Left young, the first collection after
    walked all of it to find it alive (~30 ms of CPU at a year's open work, before the
    server served). Not once something is frozen for good (``tune_gc_for_serving``):
    unfreezing would undo that."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


_early: list[int] = []  # stop signals that arrived before the loop took them over


def _remember(signum: int, _frame: object) -> None:
    if _early:  # asked twice: stop now, the way the signal would have
        signal.signal(signum, signal.SIG_DFL)
        signal.raise_signal(signum)
    _early.append(signum)


def catch_stop_signals_early() -> None:
    """From now on SIGINT/SIGTERM are remembered instead of killing the process, until
    :func:`stop_on_signals` takes them over: a service manager that stops the server while it
    is still starting gets the same clean stop (and its message) as one that waits."""
    for sig in STOP_SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            signal.signal(sig, _remember)


def stop_on_signals(stop: asyncio.Event | None = None) -> asyncio.Event:
    """SIGINT and SIGTERM set ``stop`` (a new event when none is given), which is returned.
    Call it from a coroutine: the handlers belong to the running loop (and go with it). Where
    the loop cannot take signal handlers (not the main thread, Windows) nothing is installed.
    A signal caught early (:func:`catch_stop_signals_early`) sets it at once."""
    event = stop if stop is not None else asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, event.set)
    if _early:
        _early.clear()
        event.set()
    return event


def run_until_signal(main: Callable[[asyncio.Event], Awaitable[T]]) -> T:
    """``asyncio.run(main(stop))`` where SIGINT/SIGTERM set ``stop`` so it can close cleanly."""

    async def runner() -> T:
        return await main(stop_on_signals())

    return asyncio.run(runner())
