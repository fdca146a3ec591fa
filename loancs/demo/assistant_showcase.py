"""The demo's self-service assistant: web chat answered by the assistant around the clock,
WeChat outside business hours, and a few scripted borrowers so a first look shows it
answering, handing a complaint to a person, and quoting a verified borrower's own loan."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p

log = logging.getLogger("loancs.demo")

CONFIG = """
[assistant]
chat = "always"
wechat = "off_hours"
"""

BORROWERS = (
    ("chat", "v-demo-assist-rate01", "你们的年化利率是多少？"),
    ("chat", "v-demo-assist-car002", "想借二十万买车分3年，有什么产品？"),
    ("chat", "v-demo-assist-angry3", "这利息是抢钱吧？/::@ 我要投诉"),
    ("chat", "v-demo-assist-docs04", "What documents do I need for a renovation loan?"),
    ("wechat", "oDemoAssistChen0001", "我下个月要还多少钱？还剩多少本金？"),
    ("chat", "v-demo-assist-human5", "帮我转人工，我想问问提前还款"),
)


async def showcase(server, tokens: dict[str, str], stop: asyncio.Event, pause: float = 4.0) -> None:
    """Push a loan and a WeChat binding like the lender's systems would, then let a few
    borrowers write, a few seconds apart."""
    for _ in range(200):  # the model loads in a thread after start
        if stop.is_set():
            return
        if getattr(server, "assistant", None) is not None and server.assistant.assistant:
            break
        await asyncio.sleep(0.1)
    clients: dict[str, LoancsClient] = {}
    try:
        for kind in ("system", "chat", "wechat"):
            clients[kind] = LoancsClient(server.url, tokens[kind], subscribe=False)
            await clients[kind].start()
        number = p.Identity(kind="customer_no", value="C20250042", name="陈静")
        await clients["system"].call(
            p.Loan,
            loan="L2025-0042",
            customer=number,
            principal="150000",
            annual_rate="7.2",
            months=24,
            start_date="2025-03-10",
            paid=8,
        )
        await clients["system"].call(p.Bind, customer=number, wechat="oDemoAssistChen0001")
        for n, (channel, who, text) in enumerate(BORROWERS):
            if stop.is_set():
                return
            await clients[channel].call(
                p.Ingest,
                external_id=f"demo-assist-{n}",
                customer=p.Identity(kind="visitor" if channel == "chat" else "wechat", value=who),
                body=text,
            )
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), pause)
    except (ClientError, OSError, KeyError) as exc:
        log.warning("assistant showcase stopped: %s", exc)
    finally:
        for client in clients.values():
            with contextlib.suppress(Exception):
                await client.close()
