"""AMI text -> messages -> call events, without sockets."""

from __future__ import annotations

from loancs.channels.ami import AmiParser, CallTracker, format_action

NEWCHANNEL = """Event: Newchannel\r
Privilege: call,all\r
Channel: PJSIP/trunk-cmcc-00000011\r
ChannelState: 0\r
ChannelStateDesc: Down\r
CallerIDNum: 13800001234\r
CallerIDName: <unknown>\r
ConnectedLineNum: <unknown>\r
ConnectedLineName: <unknown>\r
Language: zh\r
AccountCode: \r
Context: from-trunk\r
Exten: 4008205555\r
Priority: 1\r
Uniqueid: 1764403200.17\r
Linkedid: 1764403200.17\r
Timestamp: 1764403200.100000\r
\r
"""


def events_for(linkedid="1764403200.17", agent_leg="1764403200.18", t0=1764403200.0):
    common = f"Uniqueid: {linkedid}\nLinkedid: {linkedid}\nChannel: PJSIP/trunk-cmcc-00000011\nCallerIDNum: 13800001234"
    dest = f"DestChannel: PJSIP/8001-00000012\nDestCallerIDNum: 8001\nDestCallerIDName: 王芳\nDestUniqueid: {agent_leg}\nDestLinkedid: {linkedid}"
    return [
        f"Event: DialBegin\nPrivilege: call,all\n{common}\n{dest}\nDialString: 8001\nTimestamp: {t0 + 2}",
        f"Event: DialEnd\nPrivilege: call,all\n{common}\n{dest}\nDialStatus: ANSWER\nTimestamp: {t0 + 6}",
        f"Event: Newstate\nPrivilege: call,all\nChannel: PJSIP/8001-00000012\nChannelState: 6\nChannelStateDesc: Up\nCallerIDNum: 8001\nCallerIDName: 王芳\nUniqueid: {agent_leg}\nLinkedid: {linkedid}\nTimestamp: {t0 + 6}",
        f"Event: Hangup\nPrivilege: call,all\nChannel: PJSIP/8001-00000012\nUniqueid: {agent_leg}\nLinkedid: {linkedid}\nCause: 16\nCause-txt: Normal Clearing\nTimestamp: {t0 + 95}",
        f"Event: Hangup\nPrivilege: call,all\n{common}\nCause: 16\nCause-txt: Normal Clearing\nTimestamp: {t0 + 95}",
    ]


def wire(text: str) -> bytes:
    return (text.replace("\n", "\r\n") + "\r\n\r\n").encode()


def test_parser_handles_banner_and_split_reads():
    parser = AmiParser()
    data = b"Asterisk Call Manager/5.0.1\r\n" + NEWCHANNEL.encode()
    messages = []
    for i in range(0, len(data), 7):  # arbitrary TCP segmentation
        messages += parser.feed(data[i : i + 7])
    assert parser.banner == "Asterisk Call Manager/5.0.1"
    assert len(messages) == 1 and messages[0]["CallerIDNum"] == "13800001234"
    assert messages[0]["AccountCode"] == ""


def test_format_action():
    assert (
        format_action("Login", Username="u", Secret="s")
        == b"Action: Login\r\nUsername: u\r\nSecret: s\r\n\r\n"
    )


def test_tracker_started_answered_ended_with_durations():
    parser = AmiParser()
    parser.feed(b"Asterisk Call Manager/5.0.1\r\n")
    tracker = CallTracker()
    frames = tracker.process(parser.feed(NEWCHANNEL.encode())[0], now=0)
    assert frames == [
        {
            "call_id": "1764403200.17",
            "event": "started",
            "at": 1764403200100,
            "customer": {"kind": "phone", "value": "13800001234"},
            "direction": "inbound",
            "to": "4008205555",
        }
    ]
    out = []
    for text in events_for():
        for message in parser.feed(wire(text)):
            out += tracker.process(message, now=0)
    assert [f["event"] for f in out] == ["answered", "ended"]
    assert out[0]["agent"] == "王芳"
    ended = out[1]
    assert ended["cause"] == "16 Normal Clearing"
    assert ended["duration_s"] == 94.9 and ended["billsec_s"] == 89.0
    # A replay of the same text after the call ended produces nothing.
    replay = parser.feed(NEWCHANNEL.encode() + b"".join(wire(t) for t in events_for()))
    assert [f for m in replay for f in tracker.process(m, now=0)] == []


def test_unanswered_call_cause_mentions_dial_status():
    tracker = CallTracker()
    parser = AmiParser()
    parser.feed(b"Asterisk Call Manager/5.0.1\r\n")
    tracker.process(parser.feed(NEWCHANNEL.encode())[0], 0)
    busy = "Event: DialEnd\nUniqueid: 1764403200.17\nLinkedid: 1764403200.17\nDialStatus: NOANSWER"
    hang = "Event: Hangup\nUniqueid: 1764403200.17\nLinkedid: 1764403200.17\nCause: 19\nCause-txt: No answer"
    out = [
        f
        for t in (busy, hang)
        for m in parser.feed(wire(t))
        for f in tracker.process(m, 1764403230.0)
    ]
    assert [f["event"] for f in out] == ["ended"]
    assert out[0]["cause"] == "19 No answer (NOANSWER)" and out[0]["billsec_s"] == 0.0


def test_reconcile_ends_vanished_calls_and_adopts_unknown_live_ones():
    tracker = CallTracker()
    tracker.process(
        {"Event": "Newchannel", "Uniqueid": "A", "Linkedid": "A", "CallerIDNum": "13800000001"},
        100.0,
    )
    live = [
        {
            "Event": "CoreShowChannel",
            "Uniqueid": "B",
            "Linkedid": "B",
            "CallerIDNum": "13800000002",
            "ChannelStateDesc": "Ring",
        },
    ]
    frames = tracker.reconcile(live, 130.0)
    assert [(f["call_id"], f["event"]) for f in frames] == [("A", "ended"), ("B", "started")]
    assert frames[0]["duration_s"] == 30.0


def test_withheld_number_is_still_a_call_of_its_own():
    tracker = CallTracker()
    frames = tracker.process(
        {
            "Event": "Newchannel",
            "Uniqueid": "X1",
            "Linkedid": "X1",
            "CallerIDNum": "<unknown>",
            "CallerIDName": "<unknown>",
        },
        5.0,
    )
    assert frames[0]["customer"] == {"kind": "phone", "value": "anonymous:X1", "name": "未显示号码"}


async def test_an_ami_that_cannot_be_reached_is_not_a_connection_lost(caplog) -> None:
    """`loancs gateway phone --ami HOST:PORT` with nothing listening logged "AMI connection
    to HOST:PORT lost: [Errno 111] Connect call failed" at every retry: never connected."""
    import asyncio
    import logging
    import socket

    from loancs.channels.ami import AmiClient

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    caplog.set_level(logging.WARNING, logger="loancs.ami")
    client = AmiClient("127.0.0.1", port, "u", "s", lambda frames: None, first_backoff=0.05)
    client.start()
    for _ in range(100):
        if caplog.records:
            break
        await asyncio.sleep(0.02)
    await client.close()
    said = caplog.records[0].getMessage()
    assert said == f"cannot reach AMI at 127.0.0.1:{port} (connection refused); retrying", said
