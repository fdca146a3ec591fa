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
    payload = {
        "agent": cmd.agent_id,
        "agent_name": cmd.agent_name,
        "state": cmd.state,
        "previous": row[0],
        "reason": cmd.reason,
    }
    if cmd.reason_code is not None:  # the server's own reason, for clients to translate
        payload["reason_code"] = cmd.reason_code
    seq = tx.append_event(Kind.AGENT_STATE, None, cmd.actor, payload)
    return {"seq": seq}
