"""Creating accounts outside a running server (the admin commands, the demo seed, tests):
a fresh token, shown once to the caller, and a command that stores only its hash, applied
through the same writer code as everything else."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from loancs.store import commands as c
from loancs.store.db import hash_token, new_token
from loancs.store.writer import apply_now


def create_agent(
    conn: sqlite3.Connection,
    name: str,
    role: str = "agent",
    skills: dict[str, int] | None = None,
    capacity: dict[str, int] | None = None,
    actor: str = "admin:cli",
) -> tuple[int, str]:
    """Add an agent (and its event); return (id, token shown once). OpError when the name
    is taken or the role unknown."""
    token = new_token(role)
    result: dict[str, Any] = apply_now(
        conn,
        c.CreateAgent(
            name=name,
            role=role,
            token_hash=hash_token(token),
            skills=skills or {},
            capacity=capacity,
            actor=actor,
        ),
    )
    return result["agent"], token


def create_channel(
    conn: sqlite3.Connection, name: str, kind: str, actor: str = "admin:cli"
) -> tuple[int, str]:
    """Add a channel gateway; return (id, token shown once)."""
    token = new_token("channel")
    result = apply_now(
        conn, c.CreateChannel(name=name, kind=kind, token_hash=hash_token(token), actor=actor)
    )
    return result["channel"], token


def list_agents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, name, role, skills, capacity, state, disabled FROM agents ORDER BY id"
    ).fetchall()
    return [
        {
            "id": r[0],
            "name": r[1],
            "role": r[2],
            "skills": json.loads(r[3]),
            "capacity": json.loads(r[4]),
            "state": r[5],
            "disabled": bool(r[6]),
        }
        for r in rows
    ]


def list_channels(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT id, name, kind, disabled FROM channels ORDER BY id").fetchall()
    return [{"id": r[0], "name": r[1], "kind": r[2], "disabled": bool(r[3])} for r in rows]
