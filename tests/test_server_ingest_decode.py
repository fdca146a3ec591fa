"""A customer message (an ``ingest`` frame) is decoded and checked once: msgspec's types check
it as it is decoded, and the second pass over the values msgspec lets through (integers past
64 bits, amounts, non-finite floats, a hint's language) runs only when the frame holds one of
the fields where such a value can sit. Whatever that pass refuses is still refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from loancs.core import protocol as p


def _ingest(**extra: Any) -> bytes:
    frame = {
        "type": "ingest",
        "id": "m1",
        "external_id": "wx-1",
        "customer": {"kind": "wechat", "value": "oDECODE0001"},
        "body": "a=1s5 我想咨询一下车贷",
        **extra,
    }
    return json.dumps(frame, ensure_ascii=False).encode()


@pytest.fixture
def second_passes(monkeypatch: pytest.MonkeyPatch) -> list[type]:
    """The frames _check_values was asked to look through."""
    seen: list[type] = []
    check = p._check_values

    def counted(obj: Any, path: str = "") -> None:
        if not path:
            seen.append(type(obj))
        check(obj, path)

    monkeypatch.setattr(p, "_check_values", counted)
    return seen


def test_a_plain_customer_message_needs_no_second_pass(second_passes: list[type]) -> None:
    for data in (_ingest(), _ingest(hints={"loan_type": "car"}), _ingest(kind="text", raw="x")):
        frame = p.decode_client_frame(data)
        assert isinstance(frame, p.Ingest)
        assert frame.body == "a=1s5 我想咨询一下车贷"
        assert frame.customer == p.Identity(kind="wechat", value="oDECODE0001")
    assert second_passes == []
    # Other frame types still take the second pass.
    p.decode_client_frame(b'{"type": "accept", "id": "a1", "conversation": 7}')
    assert second_passes == [p.Accept]


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"hints": {"loan_type": "car", "amount": "-5"}}, "hints.amount"),
        ({"hints": {"amount": "1e13"}}, "hints.amount"),
        ({"hints": {"amount": "NaN"}}, "hints.amount"),
        ({"hints": {"loan_type": "car", "language": "fr"}}, "hints.language"),
        ({"attachment": {"kind": "image", "ref": "r1", "bytes": 2**64}}, "attachment.bytes"),
        ({"attachment": {"kind": "voice", "ref": "r1", "duration_s": 1e300}}, "duration_s"),
    ],
)
def test_what_the_second_pass_refuses_in_an_ingest_is_still_refused(
    extra: dict[str, Any], says: str, second_passes: list[type]
) -> None:
    with pytest.raises(p.ProtocolError) as err:
        p.decode_client_frame(_ingest(**extra))
    assert err.value.code == "bad_frame"
    assert says in err.value.message
    assert err.value.frame_id == "m1"


def test_an_ingest_with_good_values_in_those_fields_decodes() -> None:
    frame = p.decode_client_frame(
        _ingest(
            hints={"loan_type": "car", "amount": "30000", "language": "zh"},
            attachment={"kind": "image", "ref": "r1", "bytes": 1024},
        )
    )
    assert isinstance(frame, p.Ingest)
    assert frame.hints is not None and str(frame.hints.amount) == "30000"
    assert frame.attachment is not None and frame.attachment.bytes == 1024


def test_the_fields_an_ingest_is_let_through_on_are_all_that_can_hold_a_bad_value() -> None:
    """decode_client_frame lets an Ingest through when its hints' amount and language and
    its attachment are unset: if a field that can hold a number (or a struct) is added to
    Ingest or Hints, that shortcut must learn it too."""
    assert p._checked_fields(p.Ingest) == ("hints", "attachment")
    assert p._checked_fields(p.Hints) == ("amount",)
    assert p._checked_fields(p.Identity) == ()


def test_blank_answers_as_a_strip_of_the_invisible_characters_would() -> None:
    """p.blank looks at the first character before it strips: the same answers."""
    chars = [*p._INVISIBLE[::7], "a", "。", "👍", "\u200d", "\ufeff", " ", "0"]
    texts = [""] + [a + b + c for a in chars for b in ["", *chars] for c in ["", " ", "x"]]
    for text in texts:
        assert p.blank(text) == (not text.strip(p._INVISIBLE)), repr(text)
