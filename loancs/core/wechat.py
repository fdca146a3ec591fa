"""WeChat Official Account push messages: signatures, safe-mode (AES) envelopes, XML.

Pure: no sockets, no clock reads, no randomness of its own (the 16 random bytes of an
encrypted envelope are passed in). XML comes from the internet, so it is parsed with
defusedxml: no DTDs, no entity expansion, no external entities.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

BLOCK = 32  # WeChat pads to 32 bytes, not AES's 16


class WeChatError(Exception):
    """A push that must be refused: ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


# ---------------------------------------------------------------- signatures


def signature(*parts: str) -> str:
    """sha1 of the sorted parts joined: the URL signature and the msg_signature."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def check_signature(token: str, timestamp: str, nonce: str, given: str, *extra: str) -> bool:
    expected = signature(token, timestamp, nonce, *extra)
    return hmac.compare_digest(expected, (given or "").lower())


# ---------------------------------------------------------------- safe mode


class WeChatCrypto:
    """AES-256-CBC envelope of safe mode (key = base64(EncodingAESKey + "="), IV = key[:16])."""

    def __init__(self, token: str, encoding_aes_key: str, appid: str):
        if len(encoding_aes_key) != 43:
            raise ValueError("EncodingAESKey must be 43 characters")
        self.token = token
        self.key = base64.b64decode(encoding_aes_key + "=")
        if len(self.key) != 32:
            raise ValueError("EncodingAESKey does not decode to 32 bytes")
        self.appid = appid

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, message: bytes, random16: bytes) -> str:
        if len(random16) != 16:
            raise ValueError("need 16 random bytes")
        plain = random16 + struct.pack(">I", len(message)) + message + self.appid.encode()
        pad = BLOCK - len(plain) % BLOCK
        plain += bytes([pad]) * pad
        enc = self._cipher().encryptor()
        return base64.b64encode(enc.update(plain) + enc.finalize()).decode("ascii")

    def decrypt(self, encrypted: str) -> bytes:
        try:
            data = base64.b64decode(encrypted, validate=True)
        except (ValueError, TypeError):
            raise WeChatError(400, "Encrypt is not base64") from None
        if not data or len(data) % 16:
            raise WeChatError(400, "Encrypt has a wrong length")
        dec = self._cipher().decryptor()
        plain = dec.update(data) + dec.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise WeChatError(400, "bad padding: wrong EncodingAESKey?")
        plain = plain[:-pad]
        if len(plain) < 20:
            raise WeChatError(400, "decrypted message too short")
        (length,) = struct.unpack(">I", plain[16:20])
        message, appid = plain[20 : 20 + length], plain[20 + length :]
        if len(message) != length:
            raise WeChatError(400, "decrypted length field does not match")
        if appid.decode("utf-8", "replace") != self.appid:
            raise WeChatError(403, "the message is for another appid")
        return message

    def msg_signature(self, timestamp: str, nonce: str, encrypted: str) -> str:
        return signature(self.token, timestamp, nonce, encrypted)

    def open_envelope(self, body: bytes, timestamp: str, nonce: str, msg_signature: str) -> bytes:
        """Check msg_signature over the envelope's Encrypt and return the inner XML."""
        fields = parse_xml(body)
        encrypted = fields.get("Encrypt")
        if not encrypted:
            raise WeChatError(400, "safe mode body has no Encrypt")
        if not check_signature(self.token, timestamp, nonce, msg_signature, encrypted):
            raise WeChatError(403, "msg_signature does not match")
        return self.decrypt(encrypted)

    def seal_envelope(
        self, inner: bytes, to_user: str, timestamp: str, nonce: str, random16: bytes
    ) -> tuple[bytes, str]:
        """An encrypted push body as WeChat sends it, and its msg_signature."""
        encrypted = self.encrypt(inner, random16)
        body = build_xml({"ToUserName": to_user, "Encrypt": encrypted})
        return body, self.msg_signature(timestamp, nonce, encrypted)


# ---------------------------------------------------------------- XML


def parse_xml(body: bytes | str) -> dict[str, str]:
    """The flat ``<xml><Field>value</Field>...</xml>`` of a push, hostile input refused."""
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise WeChatError(400, f"XML refused: {type(exc).__name__}") from None
    except Exception as exc:  # ParseError and friends: malformed input
        raise WeChatError(400, f"XML is malformed: {exc}") from None
    if root.tag != "xml":
        raise WeChatError(400, f"root element is <{root.tag}>, not <xml>")
    return {child.tag: (child.text or "").strip() for child in root}


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def build_xml(fields: dict[str, Any]) -> bytes:
    """Serialise a flat push: numbers bare, strings in CDATA (as WeChat does)."""
    parts = ["<xml>"]
    for key, value in fields.items():
        if value is None:
            continue
        text = str(value) if isinstance(value, int) else _cdata(str(value))
        parts.append(f"<{escape(key)}>{text}</{escape(key)}>")
    parts.append("</xml>")
    return "".join(parts).encode("utf-8")


# ---------------------------------------------------------------- messages

# Menu keys a lender configures on its Official Account; the click tells us the topic.
MENU_HINTS: dict[str, dict[str, str]] = {
    "MENU_MORTGAGE": {"loan_type": "mortgage"},
    "MENU_CAR": {"loan_type": "car"},
    "MENU_CONSUMER": {"loan_type": "consumer"},
    "MENU_REPAY": {"loan_type": "consumer"},
    "MENU_OVERDUE": {"urgency": "overdue"},
    "MENU_COMPLAINT": {"urgency": "complaint"},
}
MENU_LABELS: dict[str, str] = {
    "MENU_MORTGAGE": "房贷咨询",
    "MENU_CAR": "车贷咨询",
    "MENU_CONSUMER": "消费贷咨询",
    "MENU_REPAY": "还款与提前还款",
    "MENU_OVERDUE": "逾期与困难协商",
    "MENU_COMPLAINT": "投诉建议",
}


@dataclass
class PushMessage:
    """One push, already mapped to what the channel protocol's Ingest frame carries."""

    openid: str
    external_id: str
    kind: str  # text | voice | image | event | unsupported
    body: str
    msg_type: str
    create_time: int
    hints: dict[str, str] | None = None
    attachment: dict[str, Any] | None = None
    raw: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


def dedup_key(fields: dict[str, str]) -> str:
    """MsgId for messages; FromUserName + CreateTime for events (they have no MsgId)."""
    msg_id = fields.get("MsgId") or fields.get("MsgID")
    if msg_id:
        return f"msg:{msg_id}"
    return f"evt:{fields.get('FromUserName', '')}:{fields.get('CreateTime', '')}"


def to_push(fields: dict[str, str], raw: bytes | str) -> PushMessage:
    """Map a parsed push to an inbox message; never raises for an unknown MsgType."""
    openid = fields.get("FromUserName", "")
    if not openid or len(openid) > 128:
        raise WeChatError(400, "FromUserName (the OpenID) is missing or too long")
    try:
        create_time = int(fields.get("CreateTime") or 0)
    except ValueError:
        raise WeChatError(400, "CreateTime is not a number") from None
    raw_text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    msg_type = fields.get("MsgType", "")
    external_id = dedup_key(fields)

    def push(
        kind: str,
        body: str,
        *,
        hints: dict[str, str] | None = None,
        attachment: dict[str, Any] | None = None,
        raw: str | None = None,
    ) -> PushMessage:
        return PushMessage(
            openid, external_id, kind, body, msg_type, create_time, hints, attachment, raw, fields
        )

    if msg_type == "text":
        return push("text", fields.get("Content", ""))
    if msg_type == "voice":
        recognition = fields.get("Recognition", "")
        attachment = {"kind": "voice", "ref": fields.get("MediaId", "")}
        if fields.get("Format"):
            attachment["mime"] = f"audio/{fields['Format'].lower()}"
        return push("voice", recognition or "[语音消息]", attachment=attachment)
    if msg_type == "image":
        attachment = {"kind": "image", "ref": fields.get("MediaId", "")}
        if fields.get("PicUrl"):
            attachment["url"] = fields["PicUrl"]
        return push("image", "[图片]", attachment=attachment)
    if msg_type == "event":
        event = fields.get("Event", "")
        key = fields.get("EventKey", "")
        if event == "subscribe":
            body = "关注了公众号" + (f"（扫码场景 {key.removeprefix('qrscene_')}）" if key else "")
            return push("event", body)
        if event == "unsubscribe":
            return push("event", "取消关注了公众号")
        if event == "CLICK":
            label = MENU_LABELS.get(key, key)
            hints = MENU_HINTS.get(key)
            return push(
                "event",
                f"点击菜单：{label}",
                hints=dict(hints) if hints else None,
            )
        return push("unsupported", f"[未支持的事件 {event}]", raw=raw_text)
    return push("unsupported", f"[未支持的消息类型 {msg_type or '?'}]", raw=raw_text)


def signed_push(
    token: str,
    inner: bytes,
    timestamp: str,
    nonce: str,
    crypto: WeChatCrypto | None = None,
    random16: bytes | None = None,
    to_user: str = "gh_loancs",
) -> tuple[dict[str, str], bytes]:
    """The query string and body WeChat would POST for ``inner`` (plain or safe mode)."""
    query = {
        "signature": signature(token, timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
    }
    if crypto is None:
        return query, inner
    body, msg_sig = crypto.seal_envelope(inner, to_user, timestamp, nonce, random16 or b"\0" * 16)
    query.update(encrypt_type="aes", msg_signature=msg_sig)
    return query, body
