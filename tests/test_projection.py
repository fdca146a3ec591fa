"""The conversation list folded from events (loancs/core/projection.py): a reader that
follows the stream shows what a fresh list from the server would, and folding is the same
whether it starts from the beginning or from a list fetched half-way."""

from __future__ import annotations

import asyncio
import random
import time
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from loancs.client import ClientError, LoancsClient
from loancs.core import events as ev
from loancs.core import protocol as p
from loancs.core.projection import ROW_FIELDS, STATUSES, Inbox, apply, excerpt

# What the events say about a row (the customer's name and the display of their first
# identity come only with a list; see the module's docstring).
COMPARED = tuple(k for k in ROW_FIELDS if k not in ("id", "customer_display", "customer_name"))


class Stream:
    """Every event a supervisor receives, typed."""

    def __init__(self) -> None:
        self.events: list[ev.Event] = []

    def __call__(self, frame: p.Event) -> None:
        self.events.append(ev.typed(frame))

    async def caught_up(self, client: LoancsClient) -> None:
        head = (await client.request(p.Ping(id=client.new_id()))).seq
        for _ in range(200):
            if self.events and self.events[-1].seq >= head:
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"events stop at {self.events[-1].seq if self.events else 0}")


async def _try(call) -> None:
    try:
        await call
    except ClientError as exc:  # refusals (not yours, resolved ...) change nothing
        assert exc.code in ("forbidden", "conflict", "not_found", "bad_frame"), exc


async def _random_traffic(live, rng: random.Random, steps: int) -> None:
    wechat = await live.client("wechat", subscribe=False)
    chat = await live.client("chat", subscribe=False)
    phone = await live.client("phone", subscribe=False)
    agents = {
        "agent": await live.client("agent", subscribe=False),
        "agent2": await live.client("agent2", subscribe=False),
    }
    sup = await live.client("supervisor", subscribe=False)
    known: list[int] = []
    calls = 0
    future = int(time.time() * 1000) + 86_400_000
    # Every kind that changes a row, once, on one conversation; then random traffic.
    first = await wechat.call(
        p.Ingest,
        external_id="first",
        customer=p.Identity(kind="wechat", value="oFIRST"),
        body="您好",
    )
    cid = first.conversation
    known.append(cid)
    for frame, extra in [
        (p.Barge, {}),
        (p.Reply, {"body": "我来处理"}),
        (p.Note, {"body": "VIP"}),
        (p.Callback, {"due": future, "note": "明早"}),
        (p.SetPriority, {"priority": 40}),
        (p.Snooze, {"until": future}),
        (p.Reopen, {}),
        (p.Resolve, {"outcome": "answered"}),
        (p.Reopen, {}),
        (p.Transfer, {"to_queue": "car"}),
    ]:
        await sup.call(frame, conversation=cid, **extra)
    for step in range(steps):
        action = rng.choice(
            ["ingest"] * 5 + ["call", "reply", "note", "status", "assign", "manage", "read"] * 2
        )
        cid = rng.choice(known) if known else None
        who = agents[rng.choice(list(agents))]
        if action == "ingest" or cid is None:
            gateway, kind = rng.choice([(wechat, "wechat"), (chat, "visitor")])
            body = rng.choice(
                ["房贷提前还款", "在吗？", "我的卡号 6222 0212 3456 7890 123", "好的"]
            )
            hints = p.Hints(
                loan_type=rng.choice(["mortgage", "car", None]),
                amount=rng.choice([None, Decimal("300000")]),
                urgency=rng.choice([None, None, "complaint"]),
            )
            ack = await gateway.call(
                p.Ingest,
                external_id=f"m{step}",
                customer=p.Identity(kind=kind, value=f"c{rng.randrange(6):08d}"),
                body=body * rng.randint(1, 12),
                hints=hints,
            )
            if ack.conversation not in known:
                known.append(ack.conversation)
        elif action == "call":
            calls += 1
            call_id = f"call-{calls}"
            customer = p.Identity(kind="phone", value=f"1380000{rng.randrange(4):04d}")
            for event in ("started", "answered", "ended")[: rng.randint(1, 3)]:
                ack = await phone.call(
                    p.CallEvent,
                    call_id=call_id,
                    event=event,
                    customer=customer if event == "started" else None,
                )
                if ack.conversation not in known:
                    known.append(ack.conversation)
        elif action == "reply":
            await _try(who.call(p.Reply, conversation=cid, body=rng.choice(["您好", "正在查询"])))
        elif action == "note":
            await _try(who.call(p.Note, conversation=cid, body="客户下午回电"))
        elif action == "status":
            frame, extra = rng.choice(
                [
                    (p.Resolve, {"outcome": rng.choice(["answered", None])}),
                    (p.Snooze, {"until": future}),
                    (p.Reopen, {}),
                    (p.Reopen, {}),
                    (p.Callback, {"due": future, "note": "三点后"}),
                ]
            )
            await _try(rng.choice([who, sup]).call(frame, conversation=cid, **extra))
        elif action == "assign":
            await _try(who.call(p.Accept, conversation=cid))
        elif action == "manage":
            frame, extra = rng.choice(
                [
                    (p.SetPriority, {"priority": rng.randrange(100)}),
                    (p.Transfer, {"to_queue": rng.choice(["car", "consumer"])}),
                    (p.Transfer, {"to_agent": rng.choice(["王芳", "李强"])}),
                    (p.Barge, {}),
                ]
            )
            await _try(sup.call(frame, conversation=cid, **extra))
        else:
            await _try(who.call(p.MarkRead, conversation=cid))


async def test_following_the_stream_shows_what_a_fresh_list_shows(live_server) -> None:
    """Random traffic from gateways, agents and a supervisor on a real server: the rows
    folded from the supervisor's events equal the rows of a list fetched afterwards."""
    stream = Stream()
    watcher = await live_server.client("supervisor", on_event=stream)
    await _random_traffic(live_server, random.Random(15), steps=160)
    for attempt in range(20):
        await stream.caught_up(watcher)
        listed = await watcher.call(p.ListConversations, limit=5000)
        inbox = Inbox()
        inbox.apply_all(stream.events)
        folded = {cid: {k: row.get(k) for k in COMPARED} for cid, row in inbox.rows.items()}
        fresh = {row["id"]: {k: row[k] for k in COMPARED} for row in listed}
        if folded == fresh or attempt == 19:
            break
        await asyncio.sleep(0.1)  # the router may still be writing
    kinds = {e.kind for e in stream.events}
    assert {
        ev.Kind.CONVERSATION_OPENED,
        ev.Kind.MESSAGE_SENT,
        ev.Kind.CONVERSATION_ASSIGNED,
        ev.Kind.CONVERSATION_TRANSFERRED,
        ev.Kind.CONVERSATION_RESOLVED,
        ev.Kind.CONVERSATION_SNOOZED,
        ev.Kind.CONVERSATION_REOPENED,
        ev.Kind.CONVERSATION_PRIORITY,
        ev.Kind.CALLBACK_CREATED,
        ev.Kind.CALL_ENDED,
    } <= kinds, kinds
    assert len(fresh) >= 5
    for cid in fresh:
        assert folded.get(cid) == fresh[cid], cid
    assert folded.keys() == fresh.keys()


# ---------------------------------------------------------------- pure properties


def _opened(cid: int, ts: int) -> ev.Event:
    payload = ev.ConversationOpened(
        customer=cid,
        customer_display=f"c{cid}",
        channel="wechat",
        loan_type=None,
        amount=None,
        urgency="normal",
        credit_band=None,
        language=None,
    )
    return ev.Event(seq=0, ts=ts, conversation=cid, actor="t", payload=payload)


def _payloads() -> st.SearchStrategy[ev.Payload]:
    agent = st.sampled_from([None, 1, 2])
    status = st.sampled_from(
        [
            (ev.ConversationResolved, "resolved"),
            (ev.ConversationSnoozed, "snoozed"),
            (ev.ConversationReopened, "open"),
        ]
    )
    return st.one_of(
        st.builds(
            lambda body: ev.MessageReceived(
                message=1,
                customer=1,
                customer_display="",
                channel="wechat",
                kind="text",
                body=body,
                external_id="x",
            ),
            st.text(max_size=100),
        ),
        st.builds(
            lambda a, body, csat: ev.MessageSent(
                message=1, agent=a, agent_name=None, channel="wechat", body=body, csat=csat
            ),
            agent,
            st.text(max_size=20),
            st.booleans(),
        ),
        st.builds(
            lambda cls, a, q: cls(agent=a, from_agent=None, agent_name="n" if a else None, queue=q),
            st.sampled_from(
                [ev.ConversationAssigned, ev.ConversationTransferred, ev.ConversationRequeued]
            ),
            agent,
            st.sampled_from([None, "car"]),
        ),
        st.builds(
            lambda s, outcome: s[0](
                status=s[1],
                previous="open",
                agent=None,
                until=5_000 if s[1] == "snoozed" else None,
                outcome=outcome if s[1] == "resolved" else None,
            ),
            status,
            st.sampled_from([None, "answered"]),
        ),
        st.builds(lambda by: ev.ConversationRead(by=by), agent),
        st.builds(lambda n: ev.ConversationPriority(priority=n), st.integers(0, 100)),
        st.builds(lambda d: ev.CallbackCreated(due=d, note="n", agent=1), st.integers(0, 9)),
        st.just(ev.AssistantHandoff(reason="r", intent="i", summary="s")),
        st.just(
            ev.CallEnded(
                call_id="c",
                channel="phone",
                customer=1,
                cause=None,
                duration_s=None,
                billsec_s=None,
            )
        ),
        st.just(ev.ConversationMonitored(supervisor="s")),
    )


event_lists = st.lists(st.tuples(st.integers(1, 3), _payloads()), max_size=40).map(
    lambda items: (
        [_opened(c, c) for c in (1, 2, 3)]
        + [
            ev.Event(seq=i, ts=100 + i, conversation=c, actor="t", payload=pl)
            for i, (c, pl) in enumerate(items, start=1)
        ]
    )
)


@settings(max_examples=300, deadline=None)
@given(event_lists, st.integers(0, 43))
def test_a_list_fetched_half_way_then_the_rest_equals_folding_everything(events, cut) -> None:
    """The console lists, then applies what follows: the same rows as following from the
    start, wherever the list was taken."""
    everything = Inbox()
    everything.apply_all(events)
    halfway = Inbox()
    halfway.apply_all(events[:cut])
    resumed = Inbox()
    resumed.load(halfway.rows.values())
    resumed.apply_all(events[cut:])
    assert resumed.rows == everything.rows


@settings(max_examples=300, deadline=None)
@given(event_lists)
def test_rows_stay_consistent(events) -> None:
    inbox = Inbox()
    for event in events:
        inbox.apply(event)
        row = inbox.rows[event.conversation]
        pl = event.payload
        assert row["status"] in STATUSES
        assert row["unread"] >= 0
        if isinstance(pl, ev.ConversationResolved | ev.ConversationReopened):
            assert row["snoozed_until"] is None
        if isinstance(pl, ev.ConversationRead) or (
            isinstance(pl, ev.MessageSent) and pl.agent is not None and not pl.csat
        ):
            assert row["unread"] == 0
        if isinstance(pl, ev.MessageReceived):
            assert row["status"] == "open" and row["last_message_at"] == event.ts
        if isinstance(pl, ev.ConversationAssigned | ev.ConversationTransferred):
            assert row["assigned_agent"] == pl.agent


def test_the_conversation_on_screen_gets_no_unread_and_unknown_ones_start_partial() -> None:
    rows: dict = {}
    received = ev.MessageReceived(
        message=1,
        customer=4,
        customer_display="138****1234",
        channel="phone",
        kind="text",
        body="请打我手机 13800001234 谢谢",
        external_id="x",
    )
    assert apply(rows, ev.Event(seq=1, ts=50, conversation=9, actor="t", payload=received))
    assert rows[9]["unread"] == 1 and rows[9]["partial"] is False
    assert rows[9]["last_excerpt"] == "请打我手机 138****1234 谢谢"
    apply(rows, ev.Event(seq=2, ts=60, conversation=9, actor="t", payload=received), opened=9)
    assert rows[9]["unread"] == 1
    assigned = ev.ConversationAssigned(agent=3, from_agent=None, agent_name="王芳")
    assert apply(rows, ev.Event(seq=3, ts=70, conversation=10, actor="t", payload=assigned))
    assert rows[10]["partial"] is True and rows[10]["created_at"] is None
    noted = ev.NoteAdded(message=2, agent=3, agent_name="王芳", body="x")
    assert not apply(rows, ev.Event(seq=4, ts=80, conversation=11, actor="t", payload=noted))
    assert 11 not in rows


def test_excerpt_is_one_masked_line() -> None:
    assert excerpt("a\n b\t c") == "a b c"
    assert len(excerpt("长" * 200)) == 80 and excerpt("长" * 200).endswith("…")
