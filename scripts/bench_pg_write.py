#!/usr/bin/env python3
"""Instructions a customer message costs the writer's PostgreSQL backend, counted with
valgrind (callgrind): stable on a loaded machine, where CPU time is not.

    python scripts/bench_pg_write.py                      # 1,500 messages, batches of 150
    python scripts/bench_pg_write.py --messages 4500      # longer (plans settle after 5)
    python scripts/bench_pg_write.py --sql "DROP INDEX search_conversation_order_excerpt"

A PostgreSQL of its own (initdb in a temporary directory, fsync on, autovacuum off so two
runs do the same work) runs under callgrind (``--trace-children``: each backend counts its
own instructions). The messages are the load test's (scripts/loadtest.py): 500 returning
WeChat customers, a mortgage hint, a Chinese sentence, through ``commit_batch`` with a
sealer, as a server's writer applies them. Two backends are counted to their exit: one
applies 300 messages then ``--messages``, the other the 300 alone; the difference over
``--messages`` is the figure. ``--sql`` runs on the database before (to see what a part
costs by taking it away). Also printed: the writer's own CPU per message (process time: a
rough figure when the machine is busy). Takes about a minute per 1,500 messages.

Needs valgrind and PostgreSQL's server binaries (Debian's postgresql); run as root (the
database runs as the postgres user) or as a user that may run initdb.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loancs.store import commands as c  # noqa: E402
from loancs.store.db import connect_sync  # noqa: E402
from loancs.store.privacy import Sealer  # noqa: E402
from loancs.store.writer import commit_batch  # noqa: E402
from tests.postgres import _bin, _free_port, init_cluster  # noqa: E402

WARM = 300


def message(i: int, prefix: str, customers: int) -> c.IngestMessage:
    return c.IngestMessage(
        source="load",
        channel="wechat",
        external_id=f"lt-{prefix}-{i}",
        identity=c.Identity(kind="wechat", value=f"oLOAD{i % customers:020d}"),
        body=f"t={1_700_000_000 + i:.6f} 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
        hints=c.Hints(loan_type="mortgage"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--batch", type=int, default=150)
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--sql", action="append", default=[], help="run on the database first")
    parser.add_argument(
        "--writers",
        type=int,
        default=1,
        help="sessions whose batches alternate, as several servers' writers do (2: the figure"
        " is both backends' instructions over the messages)",
    )
    args = parser.parse_args()
    for tool in ("valgrind", _bin("postgres"), _bin("initdb")):
        if tool is None or shutil.which(tool) is None:
            raise SystemExit(f"needs {tool or 'PostgreSQL'} (valgrind, Debian's postgresql)")

    root, data, as_user = init_cluster("loancs-pg-valgrind-")
    port = _free_port()
    log = open(os.path.join(root, "log"), "w")  # noqa: SIM115 (open while it runs)
    postmaster = subprocess.Popen(
        [
            *as_user,
            "valgrind",
            "--tool=callgrind",
            "--trace-children=yes",
            f"--callgrind-out-file={root}/cg.%p",
            str(_bin("postgres")),
            "-D",
            data,
            "-p",
            str(port),
            "-k",
            root,
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "autovacuum=off",
        ],
        stdout=log,
        stderr=log,
    )
    url = f"postgresql://loancs@127.0.0.1:{port}/postgres"
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(2)  # the server accepts sessions once recovery is done
        sealer = Sealer(bytes(range(32)))

        def apply(conn, n: int, prefix: str, first: int = 0) -> None:
            for start in range(first, n, args.batch):
                batch = [
                    (message(i, prefix, args.customers), i)
                    for i in range(start, min(n, start + args.batch))
                ]
                results, _ = commit_batch(conn, lambda: int(time.time() * 1000), batch, sealer)
                assert all(ok for _, ok, _ in results), results

        conn = connect_sync(url)  # migrated; the customers and their conversations made
        for sql in args.sql:
            conn.executescript(sql)
        apply(conn, args.customers * 2, "W")
        conn.close()

        def totals(pid: int) -> int:
            out = Path(root) / f"cg.{pid}"
            for _ in range(120):  # written when the backend exits
                if out.exists() and any(
                    line.startswith(("totals:", "summary:")) for line in out.read_text().split("\n")
                ):
                    break
                time.sleep(0.5)
            for line in out.read_text().splitlines():
                if line.startswith(("totals:", "summary:")):
                    return int(line.split()[1])
            raise SystemExit(f"no callgrind totals for backend {pid}")

        def backend(n: int, prefix: str) -> tuple[int, float]:
            """Instructions of ``--writers`` backends' lives (WARM messages each, then ``n``
            in all, their batches alternating), and the writers' process time for the ``n``."""
            conns = [connect_sync(url) for _ in range(args.writers)]
            for k, conn in enumerate(conns):
                apply(conn, WARM, f"{prefix}w{k}")
            started = time.process_time()
            for start in range(0, n, args.batch):
                conn = conns[start // args.batch % len(conns)]
                apply(conn, min(n, start + args.batch), prefix, start)
            used = time.process_time() - started
            pids = [conn.backend_pid for conn in conns]
            for conn in conns:
                conn.close()
            return sum(totals(pid) for pid in pids), used

        measured, used = backend(args.messages, "A")
        alone, _ = backend(0, "B")
        print(
            f"writer's PostgreSQL backend: {(measured - alone) / args.messages / 1000:.1f}k"
            f" instructions a message ({args.messages} messages, batches of {args.batch},"
            f" {args.customers} customers, {args.writers} writer(s)); the writer's own CPU"
            f" {used / args.messages * 1e6:.0f} µs a message (load average"
            f" {os.getloadavg()[0]:.1f})"
        )
    finally:
        postmaster.terminate()
        postmaster.wait(60)
        log.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
