"""Running a long-lived command (server, gateway, simulator, tail) until Ctrl-C or SIGTERM:
both signals ask it to stop cleanly, once, on the running event loop."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


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
