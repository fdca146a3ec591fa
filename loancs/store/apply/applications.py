"""Loan applications and their stages, as the lender's loan system pushes them."""

from __future__ import annotations

from loancs.core.events import Kind
from loancs.store import commands as c
from loancs.store.apply.common import fen, receipt, store_receipt, yuan
from loancs.store.apply.customers import customer_for
from loancs.store.tx import Tx


def change_stage(tx: Tx, cmd: c.ChangeStage) -> dict:
    actor = f"channel:{cmd.source}"
    key = f"stage:{cmd.application}:{cmd.stage}:{cmd.at or ''}"
    seen = receipt(tx, cmd.source, key)
    if seen:
        return seen
    customer = customer_for(tx, cmd.identity, actor)
    when = cmd.at or tx.now
    amount = fen(cmd.amount)
    row = tx.one("SELECT id, stage FROM applications WHERE external_id = ?", (cmd.application,))
    if row is None:
        row_id = tx.insert(
            "INSERT INTO applications (external_id, customer_id, loan_type, amount_fen, stage,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cmd.application, customer, cmd.loan_type, amount, cmd.stage, when, when),
        )
        app_id, previous = row_id, None
    else:
        app_id, previous = row
        tx.execute(
            "UPDATE applications SET stage = ?, updated_at = ?,"
            " loan_type = COALESCE(?, loan_type), amount_fen = COALESCE(?, amount_fen)"
            " WHERE id = ?",
            (cmd.stage, when, cmd.loan_type, amount, app_id),
        )
    seq = tx.append_event(
        Kind.APPLICATION_STAGE,
        None,
        actor,
        {
            "application": cmd.application,
            "customer": customer,
            "stage": cmd.stage,
            "previous": previous,
            "loan_type": cmd.loan_type,
            "amount": yuan(amount),
            "note": cmd.note,
            "at": when,
        },
    )
    tx.execute(
        "INSERT INTO application_stages (application_id, stage, ts, note, seq)"
        " VALUES (?, ?, ?, ?, ?)",
        (app_id, cmd.stage, when, cmd.note, seq),
    )
    ack = {"seq": seq, "duplicate": False}
    store_receipt(tx, cmd.source, key, ack)
    return {**ack, "customer": customer}
