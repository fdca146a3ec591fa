"""Gentle live traffic for the demo: the team's simulator (loancs.sim.traffic) when it is
installed, otherwise a small built-in trickle of customers writing on WeChat and web chat
and calling in, so the console always has something arriving."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p

log = logging.getLogger("loancs.demo")

CUSTOMERS = (
    ("wechat", "oDemoSun11223344", "孙悦", "mortgage"),
    ("wechat", "oDemoMa55667788", "马超", "car"),
    ("chat", "v-d3m0c0ffee01", "Lucy Wang", "consumer"),
    ("chat", "v-d3m0c0ffee02", "郭婷", "business"),
    ("phone", "13566667777", "何伟", "mortgage"),
    ("phone", "13655558888", "林芳", "consumer"),
)
LINES = (
    "你好，想咨询一下贷款利率",
    "我的申请提交三天了还没消息",
    "提前还款需要提前多久申请？",
    "月供可以改成每月 20 号扣吗",
    "Is the rate fixed for the whole term?",
    "我想把贷款期限从 24 期改成 36 期",
    "收到放款短信了，谢谢！",
)
CALL_LINES = ("喂，你好，我想问一下我的房贷进度", "大概还要几天能批下来", "好的，明白了，谢谢")


async def simulator_or_trickle(
    url: str, tokens: dict[str, str], stop: asyncio.Event, rate: float, seed: int
) -> str:
    """Run until ``stop`` is set; returns which generator ran ("simulator" or "trickle")."""
    try:
        from loancs.sim.traffic import Simulator  # type: ignore[import-not-found]
    except ImportError:
        Simulator = None  # noqa: N806
    if Simulator is not None:
        try:
            # The simulator counts new conversations a second; ours are a minute. Each
            # conversation is a few turns a few seconds apart: calm enough to read.
            mix = {"wechat": 1.0, "chat": 1.0, "phone": 0.5}
            # A call rings 20 s (long enough to be offered and accepted) and the customer
            # talks for about half a minute before hanging up.
            sim = Simulator(
                url,
                tokens,
                mix,
                rate / 60.0,
                seed,
                pace=3.0,
                drain_s=3.0,
                ring_s=20.0,
                call_pace=8.0,
                answer_extension=False,
            )
            await sim.run(None, stop)
            return "simulator"
        except Exception as exc:  # an interface we did not expect: keep the demo alive
            log.warning("simulator did not run (%s); using the built-in trickle", exc)
    await trickle(url, tokens, stop, rate, seed)
    return "trickle"


async def trickle(
    url: str, tokens: dict[str, str], stop: asyncio.Event, rate: float, seed: int
) -> None:
    """About ``rate`` customer actions a minute, spread over the three channels."""
    rng = random.Random(seed)
    clients: dict[str, LoancsClient] = {}
    calls: set[asyncio.Task] = set()
    try:
        for kind in ("wechat", "chat", "phone"):
            client = LoancsClient(url, tokens[kind], subscribe=False, client_name=f"demo-{kind}")
            await client.start()
            clients[kind] = client
        n = 0
        while not stop.is_set():
            delay = rng.expovariate(max(rate, 0.1) / 60.0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), min(delay, 60.0))
            if stop.is_set():
                break
            n += 1
            channel, value, name, loan = rng.choice(CUSTOMERS)
            identity = p.Identity(
                kind={"wechat": "wechat", "chat": "visitor", "phone": "phone"}[channel],
                value=value,
                name=name,
            )
            try:
                if channel == "phone":  # a call lasts a while: let other customers write meanwhile
                    call = asyncio.create_task(_call(clients["phone"], identity, loan, n, stop))
                    calls.add(call)
                    call.add_done_callback(calls.discard)
                else:
                    await clients[channel].call(
                        p.Ingest,
                        external_id=f"trickle-{seed}-{n}",
                        customer=identity,
                        body=rng.choice(LINES),
                        hints=p.Hints(loan_type=loan),
                    )
            except ClientError as exc:
                log.info("demo traffic: %s", exc)
    finally:
        if calls:
            await asyncio.wait(calls, timeout=5)
        for client in clients.values():
            await client.close()


async def _call(
    phone: LoancsClient, identity: p.Identity, loan: str, n: int, stop: asyncio.Event
) -> None:
    try:
        await _call_steps(phone, identity, loan, n, stop)
    except ClientError as exc:
        log.info("demo call: %s", exc)


async def _call_steps(
    phone: LoancsClient, identity: p.Identity, loan: str, n: int, stop: asyncio.Event
) -> None:
    call_id = f"trickle-call-{n}"
    await phone.call(
        p.CallEvent,
        call_id=call_id,
        event="started",
        customer=identity,
        hints=p.Hints(loan_type=loan),
    )
    with contextlib.suppress(TimeoutError):  # rings long enough to be offered and accepted
        await asyncio.wait_for(stop.wait(), 20.0)
    await phone.call(p.CallEvent, call_id=call_id, event="answered")
    for i, line in enumerate(CALL_LINES):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 10.0)
        if stop.is_set():
            break
        # call() cannot pass Ingest's own `kind` field, so build the frame.
        segment = p.Ingest(
            id=phone.new_id(),
            external_id=f"{call_id}-seg{i}",
            customer=identity,
            body=line,
            kind="transcript",
            call_id=call_id,
        )
        await phone.request(segment)
    await phone.call(
        p.CallEvent,
        call_id=call_id,
        event="ended",
        cause="normal_clearing",
        duration_s=14.0,
        billsec_s=12.0,
    )
