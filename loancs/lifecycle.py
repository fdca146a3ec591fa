"""Running a long-lived command (server, gateway, simulator, tail) until Ctrl-C or SIGTERM:
both signals ask it to stop cleanly, once, on the running event loop."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from collections.abc import Awaitable, Callable
from typing import TypeVar

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


def stop_on_signals(stop: asyncio.Event | None = None) -> asyncio.Event:
    """SIGINT and SIGTERM set ``stop`` (a new event when none is given), which is returned.
    Call it from a coroutine: the handlers belong to the running loop (and go with it). Where
    the loop cannot take signal handlers (not the main thread, Windows) nothing is installed."""
    event = stop if stop is not None else asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, event.set)
    return event


async def wait_for_signal() -> None:
    """Return when SIGINT or SIGTERM arrives."""
    await stop_on_signals().wait()


def run_until_signal(main: Callable[[asyncio.Event], Awaitable[T]]) -> T:
    """``asyncio.run(main(stop))`` where SIGINT/SIGTERM set ``stop`` so it can close cleanly."""

    async def runner() -> T:
        return await main(stop_on_signals())

    return asyncio.run(runner())
