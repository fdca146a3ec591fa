"""The server judges a reply's relative times ("过两个小时再打给你") from the moment it is
checked, against the quiet hours the server enforces (its config's [contact] when set)."""

from __future__ import annotations

import datetime as dt

import pytest

from loancs.client import ClientError
from loancs.core import protocol as p
from loancs.server.app import LoancsServer
from tests.conftest import make_config, seed_accounts
from tests.test_server_fuzz_contact import collection_conversation

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def local_ms(hour: int) -> int:
    today = dt.datetime.now(SHANGHAI).date()
    moment = dt.datetime(today.year, today.month, today.day, hour, tzinfo=SHANGHAI)
    return int(moment.timestamp() * 1000)


async def test_a_call_announced_two_hours_ahead_is_judged_at_the_send_time(tmp_path) -> None:
    db = tmp_path / "c.db"
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db, contact={"quiet_start": "22:00", "quiet_end": "08:00"}))
    await server.start()
    try:
        sup, conversation = await collection_conversation(server.url, tokens)
        server.services.compliance.clock = lambda: local_ms(15)  # 17:00 is allowed
        await sup.call(p.Reply, conversation=conversation, body="过两个小时再打给你")
        server.services.compliance.clock = lambda: local_ms(21)  # 23:00 is quiet
        with pytest.raises(ClientError) as info:
            await sup.call(p.Reply, conversation=conversation, body="过两个小时再打给你")
        assert info.value.code == "compliance_blocked"
        assert "quiet-hours" in info.value.message
        await sup.close()
    finally:
        await server.stop()


async def test_the_servers_own_quiet_hours_apply_to_the_text(tmp_path) -> None:
    """A server whose config ends the quiet hours at 06:00 lets "明早七点再打" through."""
    db = tmp_path / "c.db"
    tokens = seed_accounts(db)
    server = LoancsServer(make_config(db, contact={"quiet_start": "23:00", "quiet_end": "06:00"}))
    await server.start()
    try:
        sup, conversation = await collection_conversation(server.url, tokens)
        server.services.compliance.clock = lambda: local_ms(15)
        await sup.call(p.Reply, conversation=conversation, body="明早七点再给你打电话")
        with pytest.raises(ClientError) as info:
            await sup.call(p.Reply, conversation=conversation, body="明早五点再给你打电话")
        assert info.value.code == "compliance_blocked"
        await sup.close()
    finally:
        await server.stop()
