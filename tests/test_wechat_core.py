"""WeChat signatures, safe-mode envelopes and XML mapping against published vectors."""

from __future__ import annotations

import pytest

from loancs.core import wechat as wx

# wechatpy tests/test_crypto.py::test_decrypt_message
VECTOR_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
VECTOR_XML = b"""<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>
<Encrypt><![CDATA[RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=]]></Encrypt>
<AgentID><![CDATA[1]]></AgentID>
</xml>"""


def test_url_signature_vector():
    assert wx.signature("test", "1410685589", "test") == "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"
    assert wx.check_signature(
        "test", "1410685589", "test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"
    )
    assert not wx.check_signature(
        "test", "1410685589", "tesT", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"
    )


def test_safe_mode_vector_decrypts_to_messense_test():
    crypto = wx.WeChatCrypto("123456", VECTOR_KEY, "wx49f0ab532d5d035a")
    inner = crypto.open_envelope(
        VECTOR_XML, "1411525903", "461056294", "74d92dfeb87ba7c714f89d98870ae5eb62dff26d"
    )
    push = wx.to_push(wx.parse_xml(inner), inner)
    assert (push.openid, push.body, push.kind) == ("messense", "test", "text")
    assert push.external_id == "msg:4363689963896700987"


def test_safe_mode_vector_refuses_wrong_signature_and_wrong_appid():
    crypto = wx.WeChatCrypto("123456", VECTOR_KEY, "wx49f0ab532d5d035a")
    with pytest.raises(wx.WeChatError) as bad_sig:
        crypto.open_envelope(
            VECTOR_XML, "1411525903", "461056295", "74d92dfeb87ba7c714f89d98870ae5eb62dff26d"
        )
    assert bad_sig.value.status == 403
    other = wx.WeChatCrypto("123456", VECTOR_KEY, "wx0000000000000000")
    with pytest.raises(wx.WeChatError) as bad_app:
        other.open_envelope(
            VECTOR_XML, "1411525903", "461056294", "74d92dfeb87ba7c714f89d98870ae5eb62dff26d"
        )
    assert bad_app.value.status == 403


def test_round_trip_pads_to_32_bytes():
    crypto = wx.WeChatCrypto("tok", VECTOR_KEY, "wxappid")
    for size in (0, 1, 11, 12, 13, 44, 500):
        message = ("借" * size).encode()
        encrypted = crypto.encrypt(message, b"r" * 16)
        import base64

        assert len(base64.b64decode(encrypted)) % 32 == 0
        assert crypto.decrypt(encrypted) == message


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>',
        b"<xml><Content>unclosed",
        b"<html></html>",
    ],
)
def test_hostile_or_broken_xml_is_refused(body):
    with pytest.raises(wx.WeChatError) as exc:
        wx.parse_xml(body)
    assert exc.value.status == 400


def _push(**fields):
    xml = wx.build_xml(
        {"ToUserName": "gh_x", "FromUserName": "oUser1", "CreateTime": 1700000000, **fields}
    )
    return wx.to_push(wx.parse_xml(xml), xml)


def test_message_kinds_map_to_inbox_messages():
    voice = _push(MsgType="voice", MediaId="m1", Format="amr", Recognition="我想提前还款", MsgId=11)
    assert (voice.kind, voice.body, voice.attachment["ref"]) == ("voice", "我想提前还款", "m1")
    image = _push(MsgType="image", PicUrl="http://x/p.jpg", MediaId="m2", MsgId=12)
    assert image.kind == "image" and image.attachment == {
        "kind": "image",
        "ref": "m2",
        "url": "http://x/p.jpg",
    }
    click = _push(MsgType="event", Event="CLICK", EventKey="MENU_MORTGAGE")
    assert click.kind == "event" and click.hints == {"loan_type": "mortgage"}
    assert click.external_id == "evt:oUser1:1700000000"
    sub = _push(MsgType="event", Event="subscribe", EventKey="qrscene_branch7", Ticket="t")
    assert "branch7" in sub.body
    odd = _push(MsgType="shortvideo", MediaId="m3", MsgId=13)
    assert odd.kind == "unsupported" and "<MsgType><![CDATA[shortvideo]]>" in odd.raw


def test_cdata_terminator_in_content_survives():
    push = _push(MsgType="text", Content="a]]>b<c>&d", MsgId=1)
    assert push.body == "a]]>b<c>&d"
