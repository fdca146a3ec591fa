"""Every example in docs/protocol.md decodes with the real decoder, and the decoder
never fails with anything but a ProtocolError carrying a documented code."""

from __future__ import annotations

import json
import re
import types
import typing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loancs.core import events
from loancs.core import protocol as p

DOC = Path(__file__).resolve().parent.parent / "docs" / "protocol.md"
BLOCKS = re.findall(r"```json (client|server)\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S)


def test_doc_has_examples_of_every_client_frame() -> None:
    documented = {json.loads(body)["type"] for side, body in BLOCKS if side == "client"}
    assert documented == set(p.CLIENT_FRAME_TYPES)


@pytest.mark.parametrize(("side", "body"), BLOCKS)
def test_doc_example_decodes(side: str, body: str) -> None:
    if side == "client":
        frame = p.decode_client_frame(body.encode())
        assert type(frame).__struct_config__.tag == json.loads(body)["type"]
    else:
        frame = p.decode_server_frame(body)
        if isinstance(frame, p.Error):
            assert frame.code in p.ERROR_CODES


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"{not json", "bad_json"),
        (b"[1, 2]", "bad_json"),  # valid JSON, but not an object (as docs/protocol.md says)
        (b'{"type": "teleport", "id": "1"}', "unknown_type"),
        (b'{"type": "reply", "id": "1", "conversation": 3}', "bad_frame"),
        (b'{"type": "reply", "id": "1", "conversation": "3", "body": "x"}', "bad_frame"),
        (b'{"type": "reply", "id": "1", "conversation": 3, "body": "x", "evil": 1}', "bad_frame"),
        (b'{"id": "1"}', "bad_frame"),
        (b"\xff\xfe\x00", "bad_utf8"),
        (b'{"type": "ping", "pad": "' + b"x" * 70000 + b'"}', "too_large"),
    ],
)
def test_bad_frames_get_stable_codes(raw: bytes, code: str) -> None:
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(raw)
    assert info.value.code == code
    assert info.value.message


def test_error_keeps_the_request_id_when_readable() -> None:
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(b'{"type": "reply", "id": "abc", "conversation": 3}')
    assert info.value.frame_id == "abc"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
# A frame's fields as a client could send them. Drawing the JSON values is what costs (~15 ms
# an example, several times that on a busy machine); decoding costs microseconds. So each drawn
# set is decoded under every frame type (and two unknown ones), and each drawn value also alone
# in each field, under every type that has the field (and one that has not: the value is then
# only parsed as JSON, the same way for any type). 100 drawn sets (~350 values) make ~30,000
# frames; every field of every type gets all ~350 values, where 200 frames with a drawn type
# (the test before) gave each type ~5 frames and each field ~100 values in all.
FRAME_FIELDS = ("id", "conversation", "body", "token", "customer", "external_id")
frame_fields = st.fixed_dictionaries({}, optional=dict.fromkeys(FRAME_FIELDS, json_values))
FRAME_TYPES = sorted(p.CLIENT_FRAME_TYPES) + ["x", ""]
FRAME_CLASSES = {frame.__struct_config__.tag: frame for frame in typing.get_args(p.ClientFrame)}
TYPES_WITH = {
    name: [
        *(kind for kind in FRAME_TYPES[:-2] if name in FRAME_CLASSES[kind].__struct_fields__),
        next(kind for kind in FRAME_TYPES if name not in FRAME_CLASSES[kind].__struct_fields__),
    ]
    for name in FRAME_FIELDS
}


def decodes_or_raises_a_protocol_error(raw: bytes) -> None:
    try:
        p.decode_client_frame(raw)
    except p.ProtocolError as exc:
        assert exc.code in p.ERROR_CODES


@settings(max_examples=100, deadline=None)
@given(frame_fields)
def test_decoder_only_raises_protocol_errors(fields: dict) -> None:
    for kind in FRAME_TYPES:
        decodes_or_raises_a_protocol_error(json.dumps({"type": kind, **fields}).encode())
    for value in fields.values():
        for name, kinds in TYPES_WITH.items():
            for kind in kinds:
                frame = json.dumps({"type": kind, name: value}).encode()
                decodes_or_raises_a_protocol_error(frame)


@settings(max_examples=200, deadline=None)  # what the test before drew (half of its 400)
@given(st.binary(max_size=200))
def test_decoder_only_raises_protocol_errors_on_any_bytes(raw: bytes) -> None:
    decodes_or_raises_a_protocol_error(raw)


# ---------------------------------------------------------------- events (core/events.py)

EVENTS_SECTION = DOC.read_text(encoding="utf-8").split("\n## Events\n", 1)[1].split("\n## ", 1)[0]
EVENT_ROWS = [
    (re.findall(r"`([a-z_.]+)`", cells[0]), re.findall(r"`([a-z_]+\??)`", cells[2]))
    for line in EVENTS_SECTION.splitlines()
    if line.startswith("| `")
    for cells in [line.strip("|").split(" | ")]
]


def test_every_event_kind_is_documented_once_and_every_documented_kind_exists() -> None:
    documented = [kind for kinds, _ in EVENT_ROWS for kind in kinds]
    assert len(documented) == len(set(documented)), "a kind is documented twice"
    assert set(documented) == {str(k) for k in events.Kind}


@pytest.mark.parametrize(
    ("kind", "documented"),
    [(kind, names) for kinds, names in EVENT_ROWS for kind in kinds],
)
def test_documented_payload_fields_match_the_payload_struct(kind: str, documented: list) -> None:
    """`name` is always present, `name?` only when set: as events.fields() says."""
    expected = {name if always else f"{name}?" for name, always in events.fields(kind).items()}
    assert set(documented) == expected


def test_every_documented_event_example_decodes_as_its_payload() -> None:
    examples = [
        frame
        for side, body in BLOCKS
        if side == "server"
        for frame in [p.decode_server_frame(body)]
        if isinstance(frame, p.Event)
    ]
    assert examples
    for frame in examples:
        payload = events.decode(frame.kind, frame.payload)
        assert events.kind_of(payload) == frame.kind
        assert events.to_dict(payload) == frame.payload


def test_doc_example_times_are_in_the_future() -> None:
    """A copied `callback` or `snooze` example was refused "must be in the future" once its
    time (1796000000000, 2026-11-29) had passed."""
    import time

    now_ms = time.time() * 1000
    for side, body in BLOCKS:
        frame = json.loads(body)
        for key in ("due", "until"):
            if side == "client" and key in frame:
                assert frame[key] > now_ms + 365 * 86_400_000, (frame["type"], key)


@pytest.mark.parametrize("amount", ["-5", "1e13", "NaN", "Infinity"])
def test_a_nested_value_the_store_cannot_take_is_refused_by_its_path(amount: str) -> None:
    """hints.amount is checked inside its struct (found without isinstance: the checked
    structs are known by type) and the error names it; a good amount passes."""
    frame = {
        "type": "ingest",
        "id": "n1",
        "external_id": "n1",
        "customer": {"kind": "wechat", "value": "oNESTED"},
        "body": "想贷款",
        "hints": {"loan_type": "car", "amount": amount},
    }
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(json.dumps(frame).encode())
    assert info.value.code == "bad_frame"
    assert "`hints.amount`" in info.value.message
    assert info.value.frame_id == "n1"
    frame["hints"] = {"loan_type": "car", "amount": "300000"}
    decoded = p.decode_client_frame(json.dumps(frame))
    assert str(decoded.hints.amount) == "300000"  # type: ignore[union-attr]


def _literal_fields(cls: type) -> list[tuple[str, tuple[str, ...]]]:
    """(name, allowed values) of every enum field of a frame (``X | None`` included)."""
    out = []
    for name, hint in typing.get_type_hints(cls).items():
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        for member in typing.get_args(hint) if union else (hint,):
            if typing.get_origin(member) is typing.Literal:
                out.append((name, typing.get_args(member)))
    return out


ENUM_FIELDS = [
    (frame_cls.__struct_config__.tag, path, allowed)
    for frame_cls in typing.get_args(p.ClientFrame)
    for path, allowed in _literal_fields(frame_cls)
]


def test_every_frame_with_an_enum_field_is_checked() -> None:
    assert len(ENUM_FIELDS) >= 8  # state, kind, event, stage, status, order, direction, ...


@pytest.mark.parametrize(("kind", "field", "allowed"), ENUM_FIELDS)
def test_an_unknown_enum_value_names_the_allowed_ones(kind, field, allowed) -> None:
    """Whatever else the frame lacks, the enum's own error says which values it takes
    (it was msgspec's "Invalid enum value 'x' - at `$.state`", which lists none)."""
    example = next(
        json.loads(body)
        for side, body in BLOCKS
        if side == "client" and json.loads(body)["type"] == kind
    )
    example[field] = "no-such-value"
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(json.dumps(example).encode())
    error = info.value
    if error.message.startswith("Object missing required field"):
        pytest.skip("the example lacks a required field checked first")
    assert error.code == "bad_frame"
    assert error.message == (
        f"`{field}` 'no-such-value' is not one of: {', '.join(map(str, allowed))}"
    ), error.message
    assert error.detail == {"field": field, "allowed": list(allowed)}
    assert error.frame_id == example.get("id")


@pytest.mark.parametrize(
    ("frame", "field", "allowed"),
    [
        (
            {
                "type": "ingest",
                "id": "wx-9",
                "external_id": "m9",
                "body": "hi",
                "customer": {"kind": "fax", "value": "x"},
            },
            "customer.kind",
            ["phone", "wechat", "visitor", "customer_no"],
        ),
        (
            {"type": "list_conversations", "id": "l1", "status": ["open", "closed"]},
            "status[1]",
            ["open", "pending", "snoozed", "resolved"],
        ),
    ],
)
def test_an_unknown_enum_value_inside_a_field_names_the_allowed_ones(frame, field, allowed):
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(json.dumps(frame))
    assert info.value.code == "bad_frame"
    assert info.value.detail == {"field": field, "allowed": allowed}
    assert f"`{field}`" in info.value.message and ", ".join(allowed) in info.value.message


def test_the_documented_enum_error_is_what_the_server_says() -> None:
    """docs/protocol.md's example of a value a field does not take, answer included."""
    text = DOC.read_text(encoding="utf-8")
    frame = re.search(r'```json\n(\{"type": "ingest", "id": "wx-6".*?)\n```', text, re.S)
    answer = re.search(r'```json server\n(\{[^\n]*"id": "wx-6"[^\n]*)\n```', text)
    assert frame and answer
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(frame.group(1))
    assert json.loads(p.encode(info.value.to_frame())) == json.loads(answer.group(1))


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "ping", "id": "a\\ud83d"}',  # the high half at the end of a string
        '{"type": "say", "body": "\\uD83D"}',
    ],
)
def test_half_an_emoji_is_named_not_called_a_truncated_frame(frame: str) -> None:
    """msgspec says "Input data was truncated" for a string ending in half of a UTF-16
    surrogate pair (a client that cut an emoji in two): the gateway's author was sent
    looking for a cut frame."""
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(frame.encode(), 65536)
    assert info.value.code == "bad_json"
    assert "truncated" not in info.value.message
    assert "half of a UTF-16 surrogate pair" in info.value.message
    assert "\\ud83d" in info.value.message.lower()
    # a whole pair and an escaped backslash before "u" are fine
    assert p.decode_client_frame(b'{"type": "ping", "id": "a\\ud83d\\ude00"}', 65536).id == "a😀"
    assert p.decode_client_frame(b'{"type": "ping", "id": "\\\\ud83d"}', 65536).id == "\\ud83d"
    with pytest.raises(p.ProtocolError) as cut:
        p.decode_client_frame(b'{"type": "ping",', 65536)
    assert "truncated" in cut.value.message


@pytest.mark.parametrize(
    ("frame", "code", "frame_id"),
    [
        # the value after the tag: msgspec goes down to skip the unknown field
        ('{"type": "ping", "id": "m-17", "x": %s}', "bad_frame", "m-17"),
        # before the tag: the decoder reads on for the tag and runs out of depth
        ('{"x": %s, "id" : "m-\\"17", "type": "ping"}', "bad_json", 'm-"17'),
        # an "id" only deeper down, or inside a string, is not the frame's
        ('{"a": {"id": "inner"}, "s": "{\\"id\\": \\"no\\"", "x": %s}', "bad_json", None),
    ],
)
def test_a_frame_nested_5000_deep_is_answered_with_its_id(frame: str, code: str, frame_id) -> None:
    """msgspec reads a frame recursively, even to skip a value: 5,000 levels down it gave up
    before the id probe could read the id, and the client could not tell which message was
    refused. The top level is read by a scan that does not go down."""
    deep = "[" * 5000 + "]" * 5000
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame((frame % deep).encode(), 1 << 20)
    assert info.value.code == code
    assert info.value.frame_id == frame_id
    assert info.value.to_frame().id == frame_id


def test_the_id_of_a_deep_frame_is_looked_for_in_its_first_16_kib_only() -> None:
    """The top-level scan is Python, a step a character: over a whole 1 MiB frame of brackets
    (refused as too large, its id looked for) it held the event loop ~0.2 s a frame. An id
    behind 16 KiB of nesting is not looked for; the answer still says what was wrong."""

    def nested(levels: int, rest: str) -> bytes:
        return ('{"x": ' + "[" * levels + "]" * levels + rest + "}").encode()

    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(nested(20_000, ', "id": "m-18", "type": "ping"'), 1 << 20)
    assert info.value.code == "bad_json" and info.value.frame_id is None
    assert "nested too deeply" in info.value.message
    with pytest.raises(p.ProtocolError) as big:
        p.decode_client_frame(nested(600_000, ', "id": "m-19"'), 64 * 1024)
    assert big.value.code == "too_large" and big.value.frame_id is None
    # within the first 16 KiB it is still read
    with pytest.raises(p.ProtocolError) as near:
        p.decode_client_frame(nested(5000, ', "id": "m-20", "type": "ping"'), 1 << 20)
    assert near.value.frame_id == "m-20"


def test_a_refused_frame_with_a_raw_control_character_later_on_keeps_its_id() -> None:
    """msgspec refuses the unknown field before it reaches the raw NUL (not valid JSON); the
    dict probe for the id then failed and the client could not tell which message it was."""
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(b'{"type":"ping","id":"c2","x":"\x00"}', 1 << 20)
    assert info.value.code == "bad_frame" and info.value.frame_id == "c2"
    with pytest.raises(p.ProtocolError) as escaped:
        p.decode_client_frame(b'{"type":"ping","id":"c1","x":"\\u0000"}', 1 << 20)
    assert escaped.value.frame_id == "c1"
