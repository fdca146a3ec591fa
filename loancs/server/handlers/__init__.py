"""Every client frame's route, one registry keyed by frame class (see dispatch.py)."""

from __future__ import annotations

from loancs.server.dispatch import registry
from loancs.server.handlers import agent, channel, customer, reads, session, supervisor

ROUTES = registry(
    session.routes,
    channel.routes,
    agent.routes,
    reads.routes,
    supervisor.routes,
    customer.routes,
)
