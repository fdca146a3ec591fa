"""Same-minutes A/B of the server's main-process CPU per message with 200 agents.

    python scripts/ab_agents_cpu.py --rounds 8 --messages 10000 TREE_A TREE_B [TREE_C ...]

Each TREE is a checkout of loancs (``git worktree add --detach /tmp/before main``). One
``loancs serve`` per tree runs from that tree, all at once, each on its own fresh database
with its own 200 agents (4 worker processes, as ``loadtest.py``'s agents phase) and the
burst that gives every agent its conversations. Then, round after round, ``--messages``
customer messages are sent to one server at a time (8 connections, window 100), the trees
taking turns (the order reversed every round), and each window's CPU of the server's main
process and writer child is read from /proc.

On a machine others load, one window's CPU per message moves by 10-20 % with the same code;
the windows of the trees alternate every few seconds, so what the load does falls on all of
them alike. The medians, and the median of the paired differences, are the figures to quote.
The load client is this tree's ``scripts/loadtest.py`` (the first tree's, for all servers).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadtest as lt  # noqa: E402

from loancs.store.accounts import create_agent, create_channel  # noqa: E402
from loancs.store.db import connect_sync  # noqa: E402


def start(tree: Path, db: Path) -> tuple[subprocess.Popen, str]:
    """``loancs serve`` from ``tree`` (its own code, whatever this script's is)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(tree)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "loancs", "serve", "--db", str(db), "--port", "0"]
        + ["--log-level", "warning", "--sync", "full"],
        cwd=tree,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        match = re.search(r"serving on (ws://\S+)", line)
        if match:
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, match.group(1)
    raise SystemExit(f"loancs from {tree} did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--messages", type=int, default=10000, help="per window")
    parser.add_argument("--agents", type=int, default=200)
    args = parser.parse_args()
    setups = []
    dbs: list[Path] = []  # removed at the end
    results: list[list[tuple[float, float, float]]] = [[] for _ in args.trees]
    try:
        for tree in args.trees:
            db = Path(tempfile.mkdtemp(prefix="loancs-ab-")) / "agents.db"
            dbs.append(db)
            conn = connect_sync(db)
            _, channel = create_channel(conn, "load-wechat", "wechat")
            capacity = {"phone": 1, "chat": 5, "wechat": max(5, -(-500 // args.agents) + 2)}
            tokens = [
                create_agent(conn, f"agent{i}", "agent", {"car": 1}, capacity)[1]
                for i in range(args.agents)
            ]
            conn.close()
            proc, url = start(tree, db)
            workers = lt.Workers(url, tokens, 4, 0.2)
            setups.append((tree, proc, url, channel, workers))
            workers.wait_ready()
            burst = lt.burst_phase(url, channel, workers, 500, 50, 1.0)
            print(f"{tree}: {url}, {burst['accepted']} of 500 conversations taken", flush=True)
        offset = 30_000_000
        for r in range(args.rounds):
            order = list(enumerate(setups))
            for k, (tree, proc, url, channel, workers) in order if r % 2 == 0 else order[::-1]:
                pids = {"main": [proc.pid], "writer": lt.children(proc.pid)}
                meter = lt.CpuMeter(pids, url.replace("ws", "http", 1))
                meter.start()
                rate, _ = asyncio.run(
                    lt.blast(url, channel, 8, args.messages, 100, 500, offset, lt.AGENT_PREFIX, "a")
                )
                meter.stop()
                offset += args.messages
                workers.report()  # the delivery latencies are not kept
                main_us = meter.used["main"] / args.messages * 1e6
                writer_us = meter.used["writer"] / args.messages * 1e6
                results[k].append((main_us, writer_us, meter.per_commit()))
                print(
                    f"round {r + 1} {str(tree):28s} main {main_us:5.0f} µs/msg,"
                    f" writer {writer_us:5.0f} µs/msg, {meter.per_commit():4.0f} ops/commit,"
                    f" {rate:6.0f} msg/s, load {meter.load:5.1f}",
                    flush=True,
                )
    finally:
        for _tree, proc, _url, _channel, workers in setups:
            workers.close()
            lt.stop_server(proc)
        for db in dbs:
            shutil.rmtree(db.parent, ignore_errors=True)
    print()
    for tree, rows in zip(args.trees, results, strict=True):
        if not rows:
            continue
        mains = sorted(row[0] for row in rows)
        print(
            f"{str(tree):28s} main process {statistics.median(mains):5.0f} µs/msg, median of"
            f" {len(mains)} ({', '.join(f'{m:.0f}' for m in mains)}); writer child"
            f" {statistics.median(row[1] for row in rows):5.0f} µs/msg;"
            f" {statistics.median(row[2] for row in rows):.0f} ops per commit"
        )
    for tree, rows in zip(args.trees[1:], results[1:], strict=True):
        diffs = [(b[0] - a[0]) / a[0] * 100 for a, b in zip(results[0], rows, strict=False)]
        if not diffs:
            continue
        print(
            f"{tree} vs {args.trees[0]}: main process {statistics.median(diffs):+.1f} %,"
            f" median of the rounds' differences ({', '.join(f'{d:+.0f}' for d in diffs)})"
        )


if __name__ == "__main__":
    main()
