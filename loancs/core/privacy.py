"""Which parts of an event are personal data (PIPL). Pure.

The hash chain covers every event for ever, so personal data must never sit in it in
plain text: the writer moves these fields of a payload into one ``sealed`` field encrypted
with the customer's own key (crypto-shredding: erasing the key erases them, and the chain,
which covers the ciphertext, still verifies). What stays in clear is what reports and
routing need: ids, kinds, stages, amounts, masked displays, scores, reasons.
"""

from __future__ import annotations

from typing import Any

from loancs.core.pii import mask_text

# Free text a customer or an agent wrote, names, identity values, gateway raw bodies,
# attachments (media ids, recordings), notes and summaries.
SEALED_FIELDS = frozenset(
    {
        "body",
        "note",
        "summary",
        "comment",
        "raw",
        "attachment",
        "recording",
        "name",
        "customer_name",
        "value",
        "text",
        "external_id",
    }
)
SEALED = "sealed"
ERASED = "[erased]"


def split(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(public, secret)``: the secret part is what gets encrypted (empty: nothing to seal)."""
    secret = {k: v for k, v in payload.items() if k in SEALED_FIELDS and v not in (None, "")}
    if not secret:
        return payload, {}
    public = {k: v for k, v in payload.items() if k not in secret}
    return public, secret


# The sealed field's two forms. Before migration 0040_compact_sealed: an object,
# ``{"customer": 7, "data": "<base64>", "fields": ["body", "external_id"]}``, the data the
# secret's fields as a JSON object. Since: an array, ``[7, "<base64>", "body",
# "external_id"]`` (customer, data, then the fields' names), the data the fields' values as
# a JSON array in that order: ~57 fewer bytes an event (store/privacy.py's Sealer.seal).


def sealed_parts(sealed: Any) -> tuple[Any, Any, Any] | None:
    """``(customer, data, fields)`` of a payload's sealed field in either form, or None
    (not a sealed field)."""
    if sealed.__class__ is list:
        if len(sealed) < 2:
            return None
        return sealed[0], sealed[1], sealed[2:]
    if isinstance(sealed, dict):
        return sealed.get("customer"), sealed.get("data"), sealed.get("fields", ())
    return None


def secret_of(fields: Any, opened: Any) -> dict[str, Any]:
    """The sealed fields as a dict from what the data decrypts to (either form)."""
    if opened.__class__ is list:
        return dict(zip(fields, opened, strict=True))
    return dict(opened)


def join(public: dict[str, Any], secret: dict[str, Any] | None) -> dict[str, Any]:
    """The payload as it was written; ``secret`` None: the customer was erased."""
    parts = sealed_parts(public.get(SEALED))
    out = {k: v for k, v in public.items() if k != SEALED}
    if secret is None:
        for name in parts[2] if parts is not None else ():
            out[name] = ERASED
        return out
    out.update(secret)
    return out


def customer_of(payload: dict[str, Any], meta: dict[str, Any] | None) -> int | None:
    customer = payload.get("customer")
    if isinstance(customer, int) and not isinstance(customer, bool):
        return customer
    known = meta.get("customer") if meta is not None else None
    return known if isinstance(known, int) else None


# Text fields an agent reads. mask_text returns the text itself at once when it holds no run
# of digits that could be an ID, card or mobile number (pii.may_hold_pii, exact and cheap).
AGENT_MASKED_FIELDS = ("body", "note", "summary", "text", "comment", "last_excerpt")


def masked_for_agents(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as an agent gets it: ID, card and mobile numbers in its texts masked
    (full values only through `reveal`). The same object when there is nothing to mask."""
    out = payload
    for key in AGENT_MASKED_FIELDS:
        value = payload.get(key)
        if isinstance(value, str):
            masked = mask_text(value)
            if masked is not value and masked != value:
                if out is payload:
                    out = dict(payload)
                out[key] = masked
    return out
