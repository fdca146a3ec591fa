"""Agents: presence (available, break, wrap-up, offline)."""

from __future__ import annotations

from loancs.core.events import Kind
from loancs.store import commands as c
from loancs.store.apply.conversations import check_lease
from loancs.store.tx import OpError, Tx


def set_agent_state(tx: Tx, cmd: c.SetAgentState) -> dict:
    check_lease(tx, cmd.lease_pid)
    row = tx.one("SELECT state FROM agents WHERE id = ?", (cmd.agent_id,))
    if row is None:
        raise OpError("not_found", f"no agent {cmd.agent_id}")
    tx.execute(
        "UPDATE agents SET state = ?, state_reason = ? WHERE id = ?",
        (cmd.state, cmd.reason, cmd.agent_id),
    )
    seq = tx.append_event(
        Kind.AGENT_STATE,
        None,
        cmd.actor,
        {
            "agent": cmd.agent_id,
            "agent_name": cmd.agent_name,
            "state": cmd.state,
            "previous": row[0],
            "reason": cmd.reason,
        },
    )
    return {"seq": seq}
