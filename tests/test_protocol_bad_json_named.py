"""Frames that are not JSON for a reason a gateway's author can fix are named (session 26:
found against a live server, where these got msgspec's bare "JSON is malformed: invalid
character (byte 0)" or "unexpected end of escaped utf-16 surrogate pair (byte 109)")."""

from __future__ import annotations

import pytest

from loancs.core import protocol as p


def _refusal(frame: str) -> p.ProtocolError:
    with pytest.raises(p.ProtocolError) as info:
        p.decode_client_frame(frame.encode("utf-8"), 65536)
    assert info.value.code == "bad_json"
    return info.value


@pytest.mark.parametrize(
    ("frame", "half"),
    [
        ('{"type": "say", "id": "v-3", "body": "好的\\ud83d 谢谢"}', "\\ud83d"),
        ('{"type": "ping", "id": "o\\udfffx"}', "\\udfff"),
        (
            '{"type": "ingest", "id": "a", "external_id": "b", "customer": {"kind": "wechat",'
            ' "value": "o\\ud800"}, "body": "hi"}',
            "\\ud800",
        ),
    ],
)
def test_half_an_emoji_inside_a_string_is_named(frame: str, half: str) -> None:
    error = _refusal(frame)
    assert "half of a UTF-16 surrogate pair" in error.message, error.message
    assert half in error.message.lower()


def test_a_byte_order_mark_is_named() -> None:
    error = _refusal('\ufeff{"type": "ping", "id": "p-1"}')
    assert "byte-order mark" in error.message, error.message


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_named_as_not_json_numbers(value: str) -> None:
    error = _refusal('{"type": "ingest", "id": "wx-9", "hints": {"amount": ' + value + "}}")
    assert f"`{value}`" in error.message and "not a JSON number" in error.message, error.message


def test_the_words_nan_and_infinity_in_a_string_are_fine() -> None:
    assert p.decode_client_frame(b'{"type": "ping", "id": "NaN"}', 65536).id == "NaN"
    assert "truncated" in _refusal('{"type": "ping"').message
