"""Random frames against the live server, and the collection contact rules on replies."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.asyncio.client import connect

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from tests.conftest import make_config, seed_accounts

scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=30)
values = st.recursive(
    scalars,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
    max_leaves=8,
)
frames = st.one_of(
    st.binary(max_size=120),
    st.text(max_size=120),
    st.fixed_dictionaries(
        {"type": st.sampled_from(sorted(p.CLIENT_FRAME_TYPES) + ["nope"])},
        optional={
            k: values
            for k in (
                "id",
                "conversation",
                "body",
                "customer",
                "external_id",
                "since",
                "state",
                "priority",
                "status",
                "until",
                "token",
            )
        },
    ).map(json.dumps),
)


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    """One server for all examples, on its own loop in a thread."""
    import threading

    db = tmp_path_factory.mktemp("fuzz") / "f.db"
    tokens = seed_accounts(db)
    loop = asyncio.new_event_loop()
    server = LoancsServer(make_config(db))
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    yield server, tokens
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(20)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    batch=st.lists(frames, min_size=1, max_size=8),
    who=st.sampled_from(["agent", "supervisor", "wechat"]),
)
def test_random_frames_never_break_the_server(fuzz_server, batch, who) -> None:
    server, tokens = fuzz_server

    async def session() -> None:
        async with connect(server.url, max_size=None) as ws:
            await ws.send(json.dumps({"type": "hello", "token": tokens[who], "subscribe": False}))
            assert json.loads(await ws.recv())["type"] == "welcome"
            for frame in batch:
                await ws.send(frame)
            await ws.send(json.dumps({"type": "ping", "id": "still-there"}))
            while True:  # every frame is answered or dropped; the connection lives on
                answer = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert answer["type"] in ("error", "ack", "result", "pong")
                if answer["type"] == "error":
                    assert answer["code"] in p.ERROR_CODES and answer["message"]
                if answer.get("id") == "still-there" and answer["type"] == "pong":
                    break
        # and everybody else is still served
        client = LoancsClient(server.url, tokens["supervisor"], subscribe=False, reconnect=False)
        await client.start()
        await client.call(p.Ping)
        await client.close()

    asyncio.run(session())


async def collection_conversation(url: str, tokens: dict) -> tuple[LoancsClient, int]:
    phone = LoancsClient(url, tokens["phone"], subscribe=False)
    await phone.start()
    ack = await phone.call(
        p.Ingest,
        external_id="col-1",
        body="我这个月还不上了",
        customer=p.Identity(kind="phone", value="13900001111"),
        hints=p.Hints(urgency="overdue"),
    )
    await phone.close()
    sup = LoancsClient(url, tokens["supervisor"], subscribe=False)
    await sup.start()
    return sup, ack.conversation


@pytest.mark.parametrize(
    ("contact", "allowed_replies", "reason"),
    [
        ({"quiet_start": "00:00", "quiet_end": "23:59"}, 0, "quiet"),
        ({"quiet_start": "00:00", "quiet_end": "00:00", "daily_cap": 2}, 2, "cap"),
    ],
)
async def test_collection_replies_obey_quiet_hours_and_daily_cap(
    tmp_path, contact, allowed_replies, reason
) -> None:
    db = tmp_path / "c.db"
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db, contact=contact))
    await server.start()
    try:
        sup, conversation = await collection_conversation(server.url, tokens)
        for i in range(allowed_replies):
            await sup.call(p.Reply, conversation=conversation, body=f"您好，提醒您第{i + 1}次")
        with pytest.raises(ClientError) as info:
            await sup.call(p.Reply, conversation=conversation, body="您好，再次提醒还款")
        assert info.value.code == "contact_refused"
        assert info.value.detail["reason_zh"]
        assert reason in info.value.message.lower() or "cap" in info.value.message.lower()
        await sup.close()
    finally:
        await server.stop()
