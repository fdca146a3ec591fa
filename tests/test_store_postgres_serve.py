"""`loancs serve` on a real PostgreSQL (issue 16): the database named in the server's
config file, gateways and consoles unchanged, every acknowledged message committed there,
search on PostgreSQL's trigram indexes, and `loancs audit verify` passing on the chain the
server wrote."""

from __future__ import annotations

import asyncio
import time

import asyncpg
from typer.testing import CliRunner

from loancs.cli import app
from loancs.client import LoancsClient
from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from tests.conftest import make_config, query_rows, seed_accounts, spawn_server

runner = CliRunner()


async def _rows(url: str, sql: str, *args) -> list[tuple]:
    pg = await asyncpg.connect(url)
    try:
        return [tuple(r) for r in await pg.fetch(sql, *args)]
    finally:
        await pg.close()


def test_serve_on_postgres_from_the_config_file_and_the_chain_verifies(tmp_path, postgres):
    url = postgres.fresh_database()
    tokens = seed_accounts(url)
    config = tmp_path / "server.toml"
    config.write_text(
        f'[server]\ndb = "{url}"\n\n[privacy]\nmaster_key_file = "{tmp_path / "master.key"}"\n'
    )
    server = spawn_server(None, "--config", str(config))

    async def traffic() -> tuple[p.Ack, list[dict], list[dict]]:
        seen: list[p.Event] = []
        sup = LoancsClient(server.url, tokens["supervisor"], on_event=seen.append)
        wechat = LoancsClient(server.url, tokens["wechat"], subscribe=False)
        await sup.start()
        await wechat.start()
        try:
            first = await wechat.call(
                p.Ingest,
                external_id="pg-1",
                customer=p.Identity(kind="wechat", value="oPgZhang0000000001", name="张伟"),
                body="想了解提前还款的违约金",
                hints=p.Hints(loan_type="mortgage"),
            )
            again = await wechat.call(
                p.Ingest,
                external_id="pg-1",
                customer=p.Identity(kind="wechat", value="oPgZhang0000000001"),
                body="想了解提前还款的违约金",
            )
            assert again.duplicate and again.message == first.message
            await wechat.call(
                p.Ingest,
                external_id="pg-2",
                customer=p.Identity(kind="wechat", value="oPgWang00000000002"),
                body="车贷利率是多少",
            )
            # Acknowledged means committed: another connection sees the row at once.
            assert await _rows(url, "SELECT body FROM messages WHERE id = $1", first.message) == [
                ("想了解提前还款的违约金",)
            ]
            reply = await sup.call(p.Reply, conversation=first.conversation, body="您好，请稍等")
            for _ in range(100):
                if any(e.kind == "message.sent" for e in seen):
                    break
                await asyncio.sleep(0.05)
            found = await sup.call(p.ListConversations, query="请稍等")  # the last message
            by_name = await sup.call(p.ListConversations, query="张")  # a name's first character
            assert reply.seq > first.seq
            # Reports fold beside the writer (their own session), up to what was committed.
            report = await sup.call(
                p.GetReport, report="service", from_ms=0, to_ms=int(time.time() * 1000) + 1
            )
            [row] = report["rows"]
            assert row[report["columns"].index("opened")] == 2
            # After a fold the search index has no pending entries left for a writer to
            # move in the middle of its batch (the roll-up session moved them).
            await _rows(url, "CREATE EXTENSION IF NOT EXISTS pgstattuple")
            assert await _rows(
                url,
                "SELECT pending_tuples FROM pgstatginindex('search_conversation_order_excerpt')",
            ) == [(0,)]
            # An operator tells the server's sessions apart in pg_stat_activity.
            roles = await _rows(
                url,
                "SELECT DISTINCT application_name FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            assert {"loancs writer", "loancs read", "loancs listen", "loancs rollup"} <= {
                r[0] for r in roles
            }
            return first, found, by_name
        finally:
            await sup.close()
            await wechat.close()

    try:
        first, found, by_name = asyncio.run(traffic())
    finally:
        code = server.terminate()
    assert code == 0
    assert [r["id"] for r in found] == [first.conversation]
    assert [r["id"] for r in by_name] == [first.conversation]

    counts = asyncio.run(
        _rows(url, "SELECT (SELECT count(*) FROM messages), (SELECT max(seq) FROM events)")
    )
    assert counts[0][0] == 3  # two customer messages and the reply, the retry stored once
    verified = runner.invoke(app, ["audit", "verify", "--db", url])
    assert verified.exit_code == 0, verified.output
    assert verified.output.startswith(f"all {counts[0][1]} events verify")


async def test_the_server_comes_back_by_itself_when_postgres_drops_its_connections(postgres):
    url = postgres.fresh_database()
    tokens = seed_accounts(url)
    server = LoancsServer(make_config(url))
    await server.start()
    wechat = LoancsClient(server.url, tokens["wechat"], subscribe=False)
    sup = LoancsClient(server.url, tokens["supervisor"], subscribe=False)
    try:
        await wechat.start()
        await sup.start()
        who = p.Identity(kind="wechat", value="oPgRestart000000001")
        first = await wechat.call(p.Ingest, external_id="r-1", customer=who, body="第一条")
        # The database drops every connection of this server (a restart, a failover).
        database = url.rsplit("/", 1)[1]
        killed = query_rows(
            postgres.url(),
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?",
            (database,),
        )
        assert killed and all(ok for (ok,) in killed)
        second = await wechat.call(p.Ingest, external_id="r-2", customer=who, body="第二条")
        listed = await sup.call(p.ListConversations)
        health = server.store.health()
    finally:
        await wechat.close()
        await sup.close()
        await server.stop()
    assert second.seq > first.seq and second.conversation == first.conversation
    assert [r["id"] for r in listed] == [first.conversation]
    assert query_rows(url, "SELECT body FROM messages ORDER BY id") == [("第一条",), ("第二条",)]
    assert health["ok"] and health["restarts"] == 0  # the same writer, a new connection
