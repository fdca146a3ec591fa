"""What the assistant may read about a borrower: who they proved to be, their applications
with the stage timeline, and their loans; and its own notes on a conversation for the
console's customer pane."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from loancs.core.assistant.account import Account

_APPS = (
    "SELECT a.id, a.external_id, a.loan_type, a.amount_fen, a.stage, a.updated_at,"
    " (SELECT note FROM application_stages s WHERE s.application_id = a.id"
    "  ORDER BY s.ts DESC, s.seq DESC LIMIT 1) AS note"
    " FROM applications a WHERE a.customer_id = ? ORDER BY a.updated_at DESC"
)
_LOANS = (
    "SELECT external_id, principal_fen, annual_rate, months, start_date, method, paid, status"
    " FROM loans WHERE customer_id = ? AND status = 'active' ORDER BY id"
)


def _day(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, UTC).astimezone().strftime("%Y-%m-%d")


def _account(verification: Any, apps: list, loans: list) -> Account:
    return Account(
        verified=True,
        method=verification["method"] if verification else "operator",
        applications=[
            {
                "id": a["external_id"],
                "stage": a["stage"],
                "loan_type": a["loan_type"],
                "updated": _day(a["updated_at"]),
                "note": a["note"],
            }
            for a in apps
        ],
        loans=[
            {
                "id": loan["external_id"],
                "principal": str(Decimal(loan["principal_fen"]) / 100),
                "annual_rate": loan["annual_rate"],
                "months": loan["months"],
                "start_date": loan["start_date"],
                "method": loan["method"],
                "paid": loan["paid"],
            }
            for loan in loans
        ],
    )


async def account_for(store, chatting_customer: int) -> Account:
    """The borrower's own data if this customer has verified, else an empty unverified one."""
    verification = await store.fetchone(
        "SELECT account_id, method, verified_at FROM verifications WHERE customer_id = ?",
        (chatting_customer,),
    )
    if verification is None:
        return Account(verified=False)
    account = verification["account_id"]
    apps = await store.fetchall(_APPS, (account,))
    loans = await store.fetchall(_LOANS, (account,))
    return _account(verification, apps, loans)


def account_sync(db: Path, customer: int) -> Account:
    """For ``loancs ask --db --customer``: a customer who verified gets their account's data;
    the lender-side record itself (loans pushed for it) is answered as the operator sees it;
    an unverified chat identity gets the verification prompt."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        verification = conn.execute(
            "SELECT account_id, method FROM verifications WHERE customer_id = ?", (customer,)
        ).fetchone()
        account = verification["account_id"] if verification else customer
        apps = conn.execute(_APPS, (account,)).fetchall()
        loans = conn.execute(_LOANS, (account,)).fetchall()
    finally:
        conn.close()
    if verification is None and not apps and not loans:
        # A chatting identity that never verified (and holds no data of its own): the
        # assistant answers it as it would the customer, asking to verify first.
        return Account(verified=False)
    return _account(verification, apps, loans)


async def conversation_state(store, conversation: int) -> dict[str, Any] | None:
    """The assistant's notes on a conversation: what the customer pane shows an agent."""
    row = await store.fetchone(
        "SELECT s.intent, s.confidence, s.slots, s.reason, s.summary, s.prequal, s.handed_off,"
        " v.method AS verification, v.verified_at FROM assistant_state s"
        " JOIN conversations c ON c.id = s.conversation_id"
        " LEFT JOIN verifications v ON v.customer_id = c.customer_id"
        " WHERE s.conversation_id = ?",
        (conversation,),
    )
    if row is None:
        return None
    return {
        "intent": row["intent"],
        "confidence": row["confidence"],
        "slots": json.loads(row["slots"] or "{}"),
        "verified": row["verification"] is not None,
        "verification": row["verification"],
        "summary": row["summary"],
        "reason": row["reason"],
        "handed_off": bool(row["handed_off"]),
        "prequal": json.loads(row["prequal"]) if row["prequal"] else None,
    }


async def customer_extras(store, customer: int) -> dict[str, Any]:
    """Loans and verification for the customer pane (the verified account's loans)."""
    verification = await store.fetchone(
        "SELECT account_id, method, verified_at FROM verifications WHERE customer_id = ?",
        (customer,),
    )
    account = verification["account_id"] if verification else customer
    loans = [
        {
            "loan": r["external_id"],
            "principal": f"{Decimal(r['principal_fen']) / 100:.2f}",
            "annual_rate": r["annual_rate"],
            "months": r["months"],
            "start_date": r["start_date"],
            "method": r["method"],
            "paid": r["paid"],
            "status": r["status"],
        }
        for r in await store.fetchall(
            "SELECT external_id, principal_fen, annual_rate, months, start_date, method, paid,"
            " status FROM loans WHERE customer_id = ? ORDER BY id",
            (account,),
        )
    ]
    latest = await store.fetchone(
        "SELECT s.conversation_id FROM assistant_state s JOIN conversations c"
        " ON c.id = s.conversation_id WHERE c.customer_id = ?"
        " ORDER BY (c.status != 'resolved') DESC, s.updated_at DESC LIMIT 1",
        (customer,),
    )
    return {
        "loans": loans,
        "assistant": (
            {"conversation": latest["conversation_id"]}
            | (await conversation_state(store, latest["conversation_id"]) or {})
            if latest
            else None
        ),
        "verification": (
            {"method": verification["method"], "at": verification["verified_at"]}
            if verification
            else None
        ),
    }
