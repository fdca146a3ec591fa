"""Every example in docs/protocol.md decodes with the real decoder, and the decoder
never fails with anything but a ProtocolError carrying a documented code."""

from __future__ import annotations

import json
import re
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
frame_like = st.fixed_dictionaries(
    {"type": st.sampled_from(sorted(p.CLIENT_FRAME_TYPES) + ["x", ""])},
    optional={
        "id": json_values,
        "conversation": json_values,
        "body": json_values,
        "token": json_values,
        "customer": json_values,
        "external_id": json_values,
    },
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=200), frame_like.map(lambda d: json.dumps(d).encode())))
def test_decoder_only_raises_protocol_errors(raw: bytes) -> None:
    try:
        p.decode_client_frame(raw)
    except p.ProtocolError as exc:
        assert exc.code in p.ERROR_CODES


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
