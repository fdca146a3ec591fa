"""Fuzz a real `loancs serve` like the outside harness did (issue 14) and print the figures:
frames sent, error codes, `internal` errors, connections closed without an error frame, and
the server's RSS and idle CPU before and after.

    PYTHONPATH=. python scripts/fuzz_harness.py --frames 200000
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import seed_accounts, spawn_server  # noqa: E402
from tests.test_security_limits import cpu_s, rss_mb  # noqa: E402
from tests.test_security_robustness import _fuzz_connection, _random_frame  # noqa: E402


async def fuzz(url: str, tokens: dict, frames: int, seed: int) -> tuple[dict, int]:
    rng = random.Random(seed)
    stats = {"clean": 0, "errors": 0, "explained_closes": 0, "internal": [], "silent_closes": []}
    who = [tokens[k] for k in ("agent", "supervisor", "wechat", "system", "phone", "admin")]
    who += ["visitor", None]
    sent = 0
    while sent < frames:
        sessions = []
        for i in range(8):
            batch = [_random_frame(rng) for _ in range(rng.randrange(5, 60))]
            sent += len(batch)
            sessions.append(_fuzz_connection(url, who[(sent + i) % len(who)], batch, stats))
        await asyncio.gather(*sessions)
    return stats, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp()) / "fuzz.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    pid = server.proc.pid
    try:
        time.sleep(1.0)
        before = rss_mb(pid)
        started = time.monotonic()
        stats, sent = asyncio.run(fuzz(server.url, tokens, args.frames, args.seed))
        took = time.monotonic() - started
        time.sleep(3.0)
        cpu0 = cpu_s(pid)
        time.sleep(2.0)
        idle = (cpu_s(pid) - cpu0) / 2.0
        after = rss_mb(pid)
    finally:
        server.terminate()
    print(f"frames sent           {sent} in {took:.0f} s")
    print(f"error frames          {stats['errors']}")
    print(f"internal errors       {len(stats['internal'])}")
    print(f"silent closes         {len(stats['silent_closes'])}")
    print(f"closes with a reason  {stats['explained_closes']}")
    print(f"server RSS            {before:.0f} MB -> {after:.0f} MB; idle CPU after {idle:.1%}")
    if stats["internal"] or stats["silent_closes"]:
        print(Counter(str(x)[:120] for x in stats["internal"] + stats["silent_closes"]))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
