"""Loans as the lender's loan system has them (terms and instalments paid)."""

from __future__ import annotations

from loancs.core.events import Kind
from loancs.store import commands as c
from loancs.store.apply.common import fen, receipt, store_receipt
from loancs.store.apply.customers import customer_for
from loancs.store.tx import Tx


def push_loan(tx: Tx, cmd: c.PushLoan) -> dict:
    """The lender's loan system says what a loan looks like now (idempotent per content)."""
    actor = f"channel:{cmd.source}"
    key = f"loan:{cmd.loan}:{cmd.paid}:{cmd.status}"
    seen = receipt(tx, cmd.source, key)
    if seen:
        return seen
    customer = customer_for(tx, cmd.customer, actor)
    values = (
        customer,
        fen(cmd.principal),
        str(cmd.annual_rate),
        cmd.months,
        cmd.start_date,
        cmd.method,
        cmd.paid,
        cmd.status,
        tx.now,
    )
    row = tx.one("SELECT id FROM loans WHERE external_id = ?", (cmd.loan,))
    if row is None:
        tx.execute(
            "INSERT INTO loans (customer_id, principal_fen, annual_rate, months, start_date,"
            " method, paid, status, updated_at, external_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (*values, cmd.loan),
        )
    else:
        tx.execute(
            "UPDATE loans SET customer_id = ?, principal_fen = ?, annual_rate = ?, months = ?,"
            " start_date = ?, method = ?, paid = ?, status = ?, updated_at = ? WHERE id = ?",
            (*values, row[0]),
        )
    seq = tx.append_event(
        Kind.LOAN_UPDATED,
        None,
        actor,
        {"loan": cmd.loan, "customer": customer, "paid": cmd.paid, "status": cmd.status},
    )
    ack = {"seq": seq, "duplicate": False}
    store_receipt(tx, cmd.source, key, ack)
    return {**ack, "customer": customer}
