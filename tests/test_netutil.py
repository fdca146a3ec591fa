"""The shared HOST:PORT parser and reconnect backoff (loancs/netutil.py), and the signal
waiter every long-lived command uses (loancs/lifecycle.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from loancs.netutil import Backoff, parse_host_port


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:8780", ("127.0.0.1", 8780)),
        ("0.0.0.0:0", ("0.0.0.0", 0)),
        ("pbx.example.cn:5038", ("pbx.example.cn", 5038)),
        ("[::1]:8780", ("::1", 8780)),
        ("[::]:65535", ("::", 65535)),
        (" localhost:80 ", ("localhost", 80)),
    ],
)
def test_host_and_port_are_read(text: str, expected: tuple[str, int]) -> None:
    assert parse_host_port(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("8780", "has no port"),
        (":8780", "has no host"),
        ("host:", "is not a number"),
        ("host:notaport", "is not a number"),
        ("host:80x", "is not a number"),
        ("host:-1", "is not a number"),
        ("host:٣٣", "is not a number"),  # Arabic-Indic digits are digits to str.isdigit
        ("host:70000", "out of range"),
        ("::1:8780", "brackets"),
        ("[::1]8780", "has no port"),
        ("[::1:8780", "no closing"),
        ("[]:8780", "has no host"),
    ],
)
def test_a_bad_address_is_refused_with_a_sentence(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says) as info:
        parse_host_port(text)
    assert "HOST:PORT" in str(info.value) or "range" in says or "brackets" in says


def test_a_gateway_option_names_the_problem_and_exits_2() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "loancs", "gateway", "phone", "--ami", "::1:5038"]
        + ["--user", "u", "--secret", "s", "--token", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "brackets" in out.stderr and "--ami" in out.stderr


def test_backoff_doubles_up_to_the_longest_and_resets() -> None:
    backoff = Backoff(0.2, 1.0, rand=lambda: 0.5)  # no spread at the midpoint
    delays = [round(backoff.next_delay(), 6) for _ in range(5)]
    assert delays == [0.2, 0.4, 0.8, 1.0, 1.0]
    backoff.reset()
    assert backoff.next_delay() == pytest.approx(0.2)
    backoff.longest_next()
    assert backoff.next_delay() == pytest.approx(1.0)


def test_backoff_spreads_each_delay_by_the_jitter() -> None:
    low = Backoff(1.0, 8.0, rand=lambda: 0.0)
    high = Backoff(1.0, 8.0, rand=lambda: 0.999999)
    assert low.next_delay() == pytest.approx(0.8)
    assert high.next_delay() == pytest.approx(1.2, abs=1e-5)
    steady = Backoff(0.5, 5.0, jitter=0.0)
    assert [steady.next_delay() for _ in range(5)] == [0.5, 1.0, 2.0, 4.0, 5.0]
    with pytest.raises(ValueError):
        Backoff(2.0, 1.0)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_command_stops_cleanly_on_one_signal(sig: signal.Signals) -> None:
    """run_until_signal: the signal sets ``stop``; main finishes its own clean-up and its
    return value comes back (no traceback, no KeyboardInterrupt)."""
    script = textwrap.dedent(
        """
        import asyncio, sys
        from loancs.lifecycle import run_until_signal

        async def main(stop):
            print("ready", flush=True)
            await stop.wait()
            await asyncio.sleep(0.05)  # clean-up still runs on the loop
            print("closed", flush=True)
            return 7

        sys.exit(run_until_signal(main))
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.1)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 7, err
    assert out.strip() == "closed"
    assert "Traceback" not in err
