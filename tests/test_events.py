"""The event vocabulary (loancs/core/events.py): every event a client receives decodes as
the payload its kind promises, and the helpers refuse what does not fit."""

from __future__ import annotations

import ast
import asyncio
import time
import types
import typing
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loancs.client import LoancsClient
from loancs.core import events
from loancs.core import protocol as p
from loancs.core.event_labels import EVENT_KINDS
from loancs.demo.seed import seed
from loancs.server.app import LoancsServer, ServerConfig


async def test_every_event_of_a_seeded_history_decodes_as_its_payload(tmp_path):
    """The demo's history (every channel, stages, resolutions, ratings ...) replayed to a
    supervisor over a real websocket: each event's payload is exactly its Struct's dict."""
    accounts = await seed(tmp_path / "demo.db", int(time.time() * 1000))
    server = LoancsServer(ServerConfig(db_path=tmp_path / "demo.db", port=0, synchronous="NORMAL"))
    await server.start()
    received: list[p.Event] = []
    try:
        client = LoancsClient(
            server.url, accounts.tokens["supervisor"], since=0, on_event=received.append
        )
        async with client:
            head = client.welcome.seq
            assert head > 50
            for _ in range(200):
                if received and received[-1].seq >= head:
                    break
                await asyncio.sleep(0.05)
    finally:
        await server.stop()
    assert [e.seq for e in received] == list(range(1, head + 1))
    for event in received:
        payload = events.decode(event.kind, event.payload)
        assert events.kind_of(payload) == event.kind
        assert events.to_dict(payload) == event.payload, event.kind
    kinds = {e.kind for e in received}
    assert {
        events.Kind.CONVERSATION_OPENED,
        events.Kind.MESSAGE_RECEIVED,
        events.Kind.MESSAGE_SENT,
        events.Kind.CONVERSATION_ASSIGNED,
        events.Kind.CONVERSATION_RESOLVED,
        events.Kind.APPLICATION_STAGE,
        events.Kind.AGENT_CREATED,
    } <= kinds


def test_kinds_are_the_strings_on_the_wire() -> None:
    assert events.Kind.MESSAGE_RECEIVED == "message.received"
    assert {"message.received": 1}[events.Kind.MESSAGE_RECEIVED] == 1
    assert events.payload_type("conversation.assigned") is events.ConversationAssigned
    assert set(events.PAYLOADS) == set(events.Kind)


def test_optional_fields_are_left_out_and_required_ones_kept_even_when_null() -> None:
    sent = events.MessageSent(message=7, agent=None, agent_name=None, channel="chat", body="hi")
    assert events.to_dict(sent) == {
        "message": 7,
        "agent": None,
        "agent_name": None,
        "channel": "chat",
        "body": "hi",
    }
    prompt = events.MessageSent(
        message=8, agent=None, agent_name=None, channel="wechat", body="1-5?", csat=True
    )
    assert events.to_dict(prompt)["csat"] is True
    exported = events.DataExported(
        what="events",
        from_="2026-11-01",
        to=None,
        format="csv",
        rows=3,
        revealed=False,
        reason=None,
        out="stdout",
    )
    assert events.to_dict(exported)["from"] == "2026-11-01"
    assert events.decode("data.exported", events.to_dict(exported)) == exported


def test_decode_refuses_what_does_not_fit_and_ignores_unknown_fields() -> None:
    with pytest.raises(events.EventError, match="unknown event kind"):
        events.decode("conversation.teleported", {})
    with pytest.raises(events.EventError, match="conversation.priority"):
        events.decode("conversation.priority", {"priority": "high"})
    with pytest.raises(events.EventError, match="priority"):
        events.decode("conversation.priority", {})
    later = events.decode("conversation.priority", {"priority": 90, "added_later": True})
    assert later == events.ConversationPriority(priority=90)


def test_erased_personal_fields_still_decode() -> None:
    """After `loancs privacy erase` a replay carries "[erased]" in sealed fields."""
    payload = {
        "message": 3,
        "customer": 1,
        "customer_display": "138****1234",
        "channel": "wechat",
        "kind": "image",
        "body": "[erased]",
        "external_id": "[erased]",
        "attachment": "[erased]",
    }
    assert events.decode("message.received", payload).attachment == "[erased]"


def test_every_labelled_kind_exists() -> None:
    """`loancs tail` and the desk name kinds in core/event_labels.py: no label for a kind
    that is never written."""
    assert set(EVENT_KINDS) == set(events.Kind)


SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8)


def _strategy(tp: object) -> st.SearchStrategy:
    """Values of a payload field's type, as JSON can carry them."""
    options = (
        typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else ()
    )
    if options:
        return st.one_of(*(_strategy(o) for o in options))
    origin = typing.get_origin(tp)
    if origin is list:
        return st.lists(_strategy(typing.get_args(tp)[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(st.text(max_size=6), _strategy(typing.get_args(tp)[1]), max_size=3)
    simple = {
        type(None): st.none(),
        str: st.text(max_size=20),
        int: st.integers(-(2**63), 2**63 - 1),
        float: st.floats(allow_nan=False, allow_infinity=False),
        bool: st.booleans(),
        typing.Any: SCALARS,
    }
    return simple[tp]


@pytest.mark.parametrize("kind", sorted(events.Kind))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_payload_survives_the_log(kind: str, data: st.DataObject) -> None:
    """What the store writes (to_dict, through JSON) reads back as the same Struct."""
    cls = events.payload_type(kind)
    hints = typing.get_type_hints(cls)
    values = {
        f.name: data.draw(_strategy(hints[f.name]), label=f.name)
        for f in msgspec.structs.fields(cls)
    }
    payload = cls(**values)
    stored = msgspec.json.decode(msgspec.json.encode(events.to_dict(payload)))
    assert events.decode(kind, stored) == payload


def test_no_event_kind_is_spelled_as_a_string_outside_the_vocabulary() -> None:
    """Every module names kinds as events.Kind.X: a typo is an AttributeError at import, not
    an event nobody handles. (tui/i18n.py's "call.<state>" keys are message keys.)"""
    root = Path(__file__).resolve().parent.parent
    kinds = {str(k) for k in events.Kind if "." in k}  # "typing" is also a widget id, a group
    exempt = {"loancs/core/events.py", "loancs/tui/i18n.py"}
    found = []
    for path in sorted((root / "loancs").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in exempt:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        tags = {id(k.value) for n in ast.walk(tree) if isinstance(n, ast.ClassDef)
                for k in n.keywords if k.arg == "tag"}  # fmt: skip
        found += [
            f"{name}:{node.lineno} {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in kinds and id(node) not in tags
        ]
    assert found == []
