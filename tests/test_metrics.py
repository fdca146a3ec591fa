"""`GET /metrics` on a real `loancs serve`: what Prometheus scrapes after real traffic."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from tests.conftest import seed_accounts, spawn_server

pytestmark = pytest.mark.slow


def scrape(url: str) -> dict[tuple[str, tuple], float]:
    http = url.replace("ws", "http", 1) + "/metrics"
    with urllib.request.urlopen(http, timeout=10) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = resp.read().decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_after_real_traffic(tmp_path) -> None:
    db = tmp_path / "m.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    try:
        before = scrape(server.url)
        assert value(before, "loancs_messages_received_total", channel="wechat") == 0
        assert ("process_cpu_seconds_total", ()) in before  # the process collector

        async def traffic() -> None:
            wechat = LoancsClient(server.url, tokens["wechat"], subscribe=False, reconnect=False)
            await wechat.start()
            acks = []
            for i in range(5):
                acks.append(
                    await wechat.call(
                        p.Ingest,
                        external_id=f"wx-metrics-{i}",
                        body=f"我想问问车贷 {i}",
                        customer=p.Identity(kind="wechat", value=f"oMETRICS00000000000{i}"),
                    )
                )
            agent = LoancsClient(server.url, tokens["agent"], reconnect=False)
            await agent.start()
            await agent.call(p.SetState, state="available")
            sup = LoancsClient(server.url, tokens["supervisor"], subscribe=False, reconnect=False)
            await sup.start()
            reply = await sup.call(
                p.Reply, conversation=acks[0].conversation, body="您好，月利率1%，请问贷款金额？"
            )
            with pytest.raises(ClientError):
                await sup.call(p.Reply, conversation=acks[1].conversation, body="保证下款")
            await wechat.call(
                p.Delivery,
                message=reply.message,
                status="failed",
                reason="WeChat API error 40003: invalid openid",
            )
            samples = scrape(server.url)
            assert value(samples, "loancs_connections", role="agent") == 1
            assert value(samples, "loancs_connections", role="supervisor") == 1
            assert value(samples, "loancs_connections", role="channel") == 1
            assert (
                sum(v for (n, labels), v in samples.items() if n == "loancs_agents") >= 2
            )  # every agent is counted in some state
            await agent.close()
            await sup.close()
            await wechat.close()

        asyncio.run(traffic())
        after = scrape(server.url)
        assert value(after, "loancs_messages_received_total", channel="wechat") == 5
        assert value(after, "loancs_ack_latency_seconds_count") == 5
        assert value(after, "loancs_ack_latency_seconds_bucket", le="+Inf") == 5
        assert value(after, "loancs_writer_batch_ops_count") >= 1
        assert value(after, "loancs_writer_batch_ops_sum") >= 5
        assert value(after, "loancs_writer_commit_seconds_count") >= 1
        assert value(after, "loancs_compliance_total", outcome="warned") >= 1
        assert value(after, "loancs_compliance_total", outcome="blocked") >= 1
        assert value(after, "loancs_wechat_api_errors_total", code="40003") == 1
        assert value(after, "loancs_events_total", kind="message.received") == 5
        waiting = sum(
            v for (n, _), v in after.items() if n == "loancs_queue_waiting"
        )  # four conversations nobody took
        assert waiting >= 3
        assert any(n == "loancs_queue_oldest_wait_seconds" and v > 0 for (n, _), v in after.items())
        assert ("loancs_assistant_contained_total", ()) in after
    finally:
        assert server.terminate() == 0
