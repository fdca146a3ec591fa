"""Accounts: agents (people) and channels (gateways), their tokens and their disabling.
Only token hashes are ever stored."""

from __future__ import annotations

import json

from loancs.core.events import Kind
from loancs.store import commands as c
from loancs.store.tx import OpError, Tx

ROLES = ("agent", "supervisor", "admin")
CHANNEL_KINDS = ("wechat", "phone", "chat", "system")
DEFAULT_CAPACITY = {"phone": 1, "chat": 3, "wechat": 3}


def create_agent(tx: Tx, cmd: c.CreateAgent) -> dict:
    if cmd.role not in ROLES:
        raise OpError("bad_frame", f"role must be one of {', '.join(ROLES)}")
    if tx.one("SELECT 1 FROM agents WHERE name = ?", (cmd.name,)):
        raise OpError("conflict", f"an agent named {cmd.name} already exists")
    capacity = cmd.capacity if cmd.capacity is not None else DEFAULT_CAPACITY
    agent = tx.insert(
        "INSERT INTO agents (name, role, token_hash, skills, capacity, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            cmd.name,
            cmd.role,
            cmd.token_hash,
            json.dumps(cmd.skills, ensure_ascii=False),
            json.dumps(capacity),
            tx.now,
        ),
    )
    payload = {
        "agent": agent,
        "agent_name": cmd.name,
        "role": cmd.role,
        "skills": cmd.skills,
        "capacity": capacity,
    }
    seq = tx.append_event(Kind.AGENT_CREATED, None, cmd.actor, payload)
    return {"seq": seq, "agent": agent}


def disable_agent(tx: Tx, cmd: c.DisableAgent) -> dict:
    if tx.execute("UPDATE agents SET disabled = 1 WHERE name = ?", (cmd.name,)).rowcount == 0:
        raise OpError("not_found", f"no agent named {cmd.name}")
    return {"seq": tx.append_event(Kind.AGENT_DISABLED, None, cmd.actor, {"name": cmd.name})}


def _check_kind(kind: str) -> None:
    if kind not in CHANNEL_KINDS:
        raise OpError("bad_frame", f"kind must be one of {', '.join(CHANNEL_KINDS)}")


def _new_channel(tx: Tx, name: str, kind: str, token_hash: str, actor: str) -> tuple[int, int]:
    channel = tx.insert(
        "INSERT INTO channels (name, kind, token_hash, created_at) VALUES (?, ?, ?, ?)",
        (name, kind, token_hash, tx.now),
    )
    payload = {"channel": channel, "name": name, "kind": kind}
    return channel, tx.append_event(Kind.CHANNEL_CREATED, None, actor, payload)


def create_channel(tx: Tx, cmd: c.CreateChannel) -> dict:
    _check_kind(cmd.kind)
    if tx.one("SELECT 1 FROM channels WHERE name = ?", (cmd.name,)):
        raise OpError("conflict", f"a channel named {cmd.name} already exists")
    channel, seq = _new_channel(tx, cmd.name, cmd.kind, cmd.token_hash, cmd.actor)
    return {"seq": seq, "channel": channel}


def issue_channel_token(tx: Tx, cmd: c.IssueChannelToken) -> dict:
    _check_kind(cmd.kind)
    row = tx.one("SELECT id, kind, disabled FROM channels WHERE name = ?", (cmd.name,))
    if row is None:
        channel, seq = _new_channel(tx, cmd.name, cmd.kind, cmd.token_hash, cmd.actor)
        return {"seq": seq, "channel": channel, "created": True}
    channel, kind, disabled = row
    if disabled:
        raise OpError("forbidden", f"the channel {cmd.name} is disabled")
    if kind != cmd.kind:
        raise OpError("conflict", f"the channel {cmd.name} is a {kind} channel, not {cmd.kind}")
    tx.execute("UPDATE channels SET token_hash = ? WHERE id = ?", (cmd.token_hash, channel))
    payload = {"channel": channel, "name": cmd.name, "kind": kind}
    seq = tx.append_event(Kind.CHANNEL_TOKEN_ROTATED, None, cmd.actor, payload)
    return {"seq": seq, "channel": channel, "created": False}


def disable_channel(tx: Tx, cmd: c.DisableChannel) -> dict:
    if tx.execute("UPDATE channels SET disabled = 1 WHERE name = ?", (cmd.name,)).rowcount == 0:
        raise OpError("not_found", f"no channel named {cmd.name}")
    return {"seq": tx.append_event(Kind.CHANNEL_DISABLED, None, cmd.actor, {"name": cmd.name})}
