"""Issue 18: when the child's answer arrives and the server holds a batch behind the pipe's
depth, the held batch goes to the child as soon as the answer's place is known (a skipping
decode of its head), before the answer's events are decoded and delivered: the child has its
next batch that much earlier each commit cycle. Answers are still delivered in order, each
once, and a notice or a fold's answer gives no place back."""

from __future__ import annotations

import asyncio
import os
from multiprocessing.connection import Connection
from typing import Any

import msgspec
import pytest

from loancs.store import writer_process
from loancs.store.writer_process import (
    Answer,
    Answers,
    ProcessWriter,
    _encode_answers,
)
from tests.test_writer_gather import ingest

_HEAD = writer_process._HEAD


def _framed(*batches: Answers) -> bytes:
    encoder = msgspec.msgpack.Encoder()
    out = b""
    for b in batches:
        body = _encode_answers(encoder, b.answers, b.events, b.seconds, b.frames, b.backend)
        out += _HEAD(len(body)) + body
    return out


@pytest.fixture
def wired(monkeypatch: Any):
    """A writer with a child's answer pipe (a real one) and its sends and decodes logged."""
    log: list[str] = []
    writer = ProcessWriter("unused.db")
    writer._loop = asyncio.new_event_loop()
    writer.state = "ok"
    writer._write = lambda message: log.append("send")  # type: ignore[method-assign]
    decoder = writer_process._answers

    class Logged:
        def decode(self, data: Any) -> Any:
            log.append("decode")
            return decoder.decode(data)

    monkeypatch.setattr(writer_process, "_answers", Logged())
    r, w = os.pipe()
    recv = Connection(r, writable=False)
    os.set_blocking(r, False)
    delivered: list[int] = []
    real = writer._deliver

    def deliver(batch: Answers, freed: bool = False) -> None:
        delivered.append(batch.frames)
        log.append("deliver")
        if freed:
            real(batch, freed)
        else:  # (as the base tree's _deliver is called)
            real(batch)

    writer._deliver = deliver  # type: ignore[method-assign]
    try:
        yield writer, recv, w, log, delivered
    finally:
        recv.close()
        os.close(w)
        writer._loop.close()


def _fill(writer: ProcessWriter, log: list[str]) -> None:
    for n in range(2):  # the depth
        writer._outgoing.append((n, ingest("E", f"e{n}", "你好")))
        writer._flush()
    writer._outgoing += [(n, ingest("E", f"e{n}", "你好")) for n in range(2, 12)]
    writer._flush()
    assert log == ["send", "send"] and writer._in_pipe == 2  # held behind the depth
    log.clear()


def test_a_held_batch_goes_before_the_answer_is_decoded(wired) -> None:
    writer, recv, w, log, delivered = wired
    _fill(writer, log)
    os.write(w, _framed(Answers([Answer(0, True)], [], 0.001, 1)))
    writer._readable(recv, writer._generation)
    assert log == ["send", "decode", "deliver"]
    assert writer._in_pipe == 2 and not writer._outgoing  # one answered, one sent
    assert delivered == [1]


def test_answers_in_one_read_each_give_one_place_back_once(wired) -> None:
    writer, recv, w, log, delivered = wired
    _fill(writer, log)
    os.write(
        w,
        _framed(
            Answers([], [], 0.0, -2),  # a notice: no place
            Answers([Answer(0, True)], [], 0.001, 0),  # a fold's answer: no place
            Answers([Answer(1, True)], [], 0.001, 1),
            Answers([Answer(2, True)], [], 0.001, 1),
        ),
    )
    writer._readable(recv, writer._generation)
    assert log.count("send") == 1 and log.index("send") < log.index("deliver")
    assert delivered == [-2, 0, 1, 1]
    # two batches answered, one sent meanwhile: one in the pipe, not zero and not two
    assert writer._in_pipe == 1 and not writer._outgoing


def test_nothing_held_nothing_sent(wired) -> None:
    writer, recv, w, log, delivered = wired
    writer._outgoing.append((0, ingest("E", "f0", "你好")))
    writer._flush()
    log.clear()
    os.write(w, _framed(Answers([Answer(0, True)], [], 0.001, 1)))
    writer._readable(recv, writer._generation)
    assert log == ["decode", "deliver"] and writer._in_pipe == 0


def test_an_answer_read_in_two_pieces(wired) -> None:
    writer, recv, w, log, delivered = wired
    _fill(writer, log)
    data = _framed(Answers([Answer(0, True)], [], 0.001, 1), Answers([], [], 0.0, -2))
    os.write(w, data[:7])
    writer._readable(recv, writer._generation)
    assert log == [] and writer._in_pipe == 2
    os.write(w, data[7:])
    writer._readable(recv, writer._generation)  # (the rest joins what waited in _unread)
    assert log == ["send", "decode", "decode", "deliver", "deliver"]
    assert delivered == [1, -2] and not writer._unread
