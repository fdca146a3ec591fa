"""Small network helpers shared by the server, the gateways and the clients: parsing a
``HOST:PORT`` option and the reconnect/retry backoff."""

from __future__ import annotations

import asyncio
import os
import random
import ssl
from collections.abc import Callable

EXAMPLE = "use HOST:PORT, e.g. 127.0.0.1:8780 or [::1]:8780"


def why(exc: BaseException) -> str:
    """Why a connection failed, in words: "connection refused" rather than "[Errno 111]
    Connect call failed ('127.0.0.1', 9)", and something rather than nothing for a reset."""
    if isinstance(exc, ssl.SSLError):
        return f"TLS: {(exc.reason or str(exc)).lower().replace('_', ' ')}"
    errno = getattr(exc, "errno", None)
    if isinstance(errno, int) and errno > 0:
        return os.strerror(errno).lower()
    strerror = getattr(exc, "strerror", None)
    if strerror:  # a name that does not resolve ("name or service not known")
        return str(strerror).lower()
    if isinstance(exc, ConnectionResetError):
        return "connection reset by peer"
    return str(exc) or type(exc).__name__


def parse_host_port(text: str) -> tuple[str, int]:
    """``"HOST:PORT"`` or ``"[IPv6]:PORT"`` -> ``(host, port)``.

    The host is required (say ``0.0.0.0`` or ``[::]`` to listen everywhere) and an IPv6
    address goes in brackets, so ``::1:8780`` is never guessed at. Raises ``ValueError`` with
    a sentence that says what is wrong and how to write it.
    """
    value = text.strip()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            raise ValueError(f"{text!r}: the IPv6 address has no closing ']' ({EXAMPLE})")
        host, rest = value[1:end], value[end + 1 :]
        if not rest.startswith(":"):
            raise ValueError(f"{text!r} has no port ({EXAMPLE})")
        port = rest[1:]
    else:
        host, sep, port = value.rpartition(":")
        if not sep:
            raise ValueError(f"{text!r} has no port ({EXAMPLE})")
        if ":" in host:
            raise ValueError(f"{text!r}: put an IPv6 address in brackets, e.g. [::1]:8780")
    if not host:
        raise ValueError(f"{text!r} has no host ({EXAMPLE})")
    if not (port.isascii() and port.isdigit()):
        raise ValueError(f"{text!r}: the port {port!r} is not a number ({EXAMPLE})")
    number = int(port)
    if number > 65535:
        raise ValueError(f"{text!r}: the port {number} is out of range (0-65535)")
    return host, number


class Backoff:
    """Exponential backoff between attempts: ``first``, twice that, ... up to ``longest``,
    each delay spread by +/-``jitter`` (a fraction) so that many clients dropped at once do
    not all come back in the same instant.

        backoff = Backoff(0.2, 5.0)
        while True:
            try: ...; backoff.reset()
            except OSError: await backoff.sleep()
    """

    def __init__(
        self,
        first: float,
        longest: float = float("inf"),
        *,
        jitter: float = 0.2,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if first < 0 or longest < first:
            raise ValueError("backoff needs 0 <= first <= longest")
        self.first = first
        self.longest = longest
        self.jitter = jitter
        self._rand = rand
        self.current = first  # the next delay, before jitter

    def reset(self) -> None:
        """An attempt succeeded: the next failure waits ``first`` again."""
        self.current = self.first

    def longest_next(self) -> None:
        """Retrying soon is pointless (a refused login): the next wait is the longest."""
        self.current = self.longest

    def next_delay(self) -> float:
        """The delay to wait now (jittered); the one after it doubles."""
        delay = self.current * (1 - self.jitter + 2 * self.jitter * self._rand())
        self.current = min(self.longest, self.current * 2)
        return delay

    async def sleep(self) -> None:
        await asyncio.sleep(self.next_delay())
