"""Sending is exact: what goes out is what the reply box showed when Enter was pressed, the
box is empty afterwards, and nothing typed after Enter leaks into the message sent.

Keys are delivered the way a terminal delivers them at typing speed: all at once, without
waiting for the app to settle between keys (``Pilot.press`` waits, which hid the bug)."""

from __future__ import annotations

import sqlite3
import unicodedata

from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from tests.test_console_flows import SIZE, console, customer_writes, open_first, wait_for


def burst(app: ConsoleApp, keys: list[str]) -> None:
    """Queue key events on the driver back to back, as a fast typist's terminal does."""
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(key))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


def rounds(n: int) -> tuple[list[str], list[str]]:
    """Keys for n replies typed with corrections, and the texts they must produce."""
    keys: list[str] = []
    expected: list[str] = []
    for i in range(n):
        keys += [*f"Echo run {i} alpha", *["backspace"] * 5, *"beta", "enter"]
        expected.append(f"Echo run {i} beta")
        if i % 3 == 1:  # a mid-line edit: cursor left, delete, retype, then Enter
            keys += [*"Fix 1x2", "left", "backspace", "y", "end", "ctrl+w", *"done", "enter"]
            expected.append("Fix done")
    return keys, expected


def test_rounds_expectation_is_what_an_editor_would_do():
    keys, expected = rounds(2)
    assert expected == ["Echo run 0 beta", "Echo run 1 beta", "Fix done"]


async def test_bursts_send_exactly_what_the_box_showed_memory():
    service = MemoryService()
    app = ConsoleApp(service, lang="en", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        cid = next(
            c
            for c, r in app.model.conversations.items()
            if app.model.is_mine(r) and r.get("channel") != "phone"
        )
        app.open_conversation(cid)
        screen = await wait_for(
            pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen
        )
        await pilot.press("r")
        before = len(service._messages(cid))
        keys, expected = rounds(12)
        burst(app, keys)
        await wait_for(
            pilot,
            lambda: len(service._messages(cid)) >= before + len(expected),
            what="every reply stored",
        )
        await pilot.pause(0.2)
        sent = [m["body"] for m in service._messages(cid)[before:]]
        assert sent == expected
        assert screen.composer.text == ""


async def test_typed_bursts_reach_the_database_exactly(live_server):
    cid = await customer_writes(live_server, "在吗", "t1")
    app = console(live_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, app, cid)
        keys, expected = rounds(20)
        burst(app, keys)

        def stored() -> list[str]:
            with sqlite3.connect(live_server.db) as db:
                rows = db.execute(
                    "SELECT body FROM messages WHERE conversation_id = ? AND direction = 'out'"
                    " ORDER BY id",
                    (cid,),
                ).fetchall()
            return [r[0] for r in rows]

        await wait_for(
            pilot, lambda: len(stored()) >= len(expected), timeout=90, what="all replies"
        )
        await pilot.pause(0.3)
        assert stored() == expected
        assert screen.composer.text == ""
        assert app.model.drafts.get(cid) is None


async def test_enter_then_typing_does_not_leak_into_the_sent_text():
    service = MemoryService()
    app = ConsoleApp(service, lang="en", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        cid = next(
            c
            for c, r in app.model.conversations.items()
            if app.model.is_mine(r) and r.get("channel") != "phone"
        )
        app.open_conversation(cid)
        screen = await wait_for(
            pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen
        )
        await pilot.press("r")
        before = len(service._messages(cid))
        burst(app, [*"first", "enter", *"second half"])
        await wait_for(pilot, lambda: screen.composer.text == "second half", what="typed on")
        await wait_for(pilot, lambda: len(service._messages(cid)) == before + 1, what="sent")
        assert service._messages(cid)[-1]["body"] == "first"


async def test_a_resent_reply_key_is_stored_once(live_server):
    from loancs.core import protocol as p

    cid = await customer_writes(live_server, "在吗", "k1")
    agent = await live_server.client("agent")
    await agent.call(p.Accept, conversation=cid)
    first = await agent.call(p.Reply, conversation=cid, body="您好", key="k-123")
    again = await agent.call(p.Reply, conversation=cid, body="您好", key="k-123")
    other = await agent.call(p.Reply, conversation=cid, body="您好", key="k-456")
    assert again.duplicate and again.message == first.message and again.seq == first.seq
    assert not other.duplicate and other.message != first.message
    with sqlite3.connect(live_server.db) as db:
        bodies = db.execute(
            "SELECT body FROM messages WHERE conversation_id = ? AND direction = 'out'", (cid,)
        ).fetchall()
    assert bodies == [("您好",), ("您好",)]


async def test_a_reply_whose_ack_was_lost_is_resent_and_stored_once():
    from loancs.client import ClientError

    class DroppingService(MemoryService):
        """Stores the first reply, then loses the connection before the ack arrives."""

        dropped = False

        def _do_reply(self, conversation, body, key=None):
            ack = super()._do_reply(conversation, body, key)
            if not self.dropped:
                self.dropped = True
                raise ClientError("disconnected", "connection lost; resend")
            return ack

    service = DroppingService()
    app = ConsoleApp(service, lang="en", now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        cid = next(
            c
            for c, r in app.model.conversations.items()
            if app.model.is_mine(r) and r.get("channel") != "phone"
        )
        app.open_conversation(cid)
        screen = await wait_for(
            pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen
        )
        before = len(service._messages(cid))
        await pilot.press("r", *"only once", "enter")
        await wait_for(
            pilot, lambda: "Sent" in str(screen.query_one("#send-status").render()), what="sent"
        )
        assert [m["body"] for m in service._messages(cid)[before:]] == ["only once"]
        assert service.dropped
