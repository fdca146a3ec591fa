"""The writer child reads a frame from the server with its commands in one decode; a frame
holding a command it cannot read is read command by command instead, so only that command
is refused (as before) and the others are stored."""

from __future__ import annotations

import msgspec

from loancs.store import commands as c
from loancs.store import writer_process as wp


def _ingest(n: int) -> c.IngestMessage:
    return c.IngestMessage(
        source="gw",
        channel="wechat",
        external_id=f"frame-{n}",
        identity=c.Identity(kind="wechat", value="oFRAMEREAD0001"),
        body=f"第{n}条 — 房贷提前还款",
        hints=c.Hints(loan_type="mortgage"),
    )


def _frame(items: list[tuple[int, bytes]]) -> bytes:
    return msgspec.msgpack.encode([(token, msgspec.Raw(raw)) for token, raw in items])


def test_a_frame_is_read_with_its_commands_and_a_bad_one_apart() -> None:
    read = wp._frame_reader(msgspec.msgpack.Decoder(wp.Batch | None))
    commands = [_ingest(1), c.MarkRead(conversation=3, agent_id=1, actor="agent:a"), _ingest(2)]
    encoded = [msgspec.msgpack.encode(command) for command in commands]
    frame = read(_frame(list(enumerate(encoded))))
    assert frame is not None
    assert [token for token, _ in frame] == [0, 1, 2]
    assert [command for _, command in frame] == commands  # decoded, not Raw
    # A command the writer cannot read (an unknown tag): the frame's commands stay Raw, the
    # readable ones decode apart to the same commands, the bad one fails alone.
    bad = msgspec.msgpack.encode({"type": "NoSuchCommand", "x": 1})
    frame = read(_frame([(0, encoded[0]), (1, bad), (2, encoded[2])]))
    assert frame is not None
    assert all(item.__class__ is msgspec.Raw for _, item in frame)
    decoder = msgspec.msgpack.Decoder(wp.AnyCommand)
    assert decoder.decode(frame[0][1]) == commands[0]
    assert decoder.decode(frame[2][1]) == commands[2]
    try:
        decoder.decode(frame[1][1])
    except msgspec.DecodeError:
        pass
    else:
        raise AssertionError("an unknown command decoded")
    assert read(msgspec.msgpack.encode(None)) is None  # the server's stop
