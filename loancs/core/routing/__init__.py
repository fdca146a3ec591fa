"""The routing engine: which agent gets which waiting conversation, and why.

Pure and deterministic: no clock reads (every call takes ``now_ms``), no randomness, ties
broken by agent id. Modules:

- ``policy``: every knob (``RoutingPolicy``), priorities and tier waits;
- ``model``: inputs (``AgentInfo``, ``Waiting``), actions (``Offer`` ...) and the
  router's records;
- ``queues``: waiting conversations in priority order, and the timers;
- ``matching``: who may take what (``eligible``) and who gets it;
- ``snapshot``: the plain-data view for supervisors and metrics;
- ``router``: ``Router``, which holds the state and applies what happened.
"""

from loancs.core.routing.model import (
    AGENT_STATES,
    Action,
    AgentBreak,
    AgentInfo,
    AgentOffline,
    AgentView,
    Offer,
    OfferExpired,
    QueuedView,
    Requeued,
    Restored,
    Waiting,
    WrapupEnded,
    restored_waiting,
)
from loancs.core.routing.policy import CHANNELS, RoutingPolicy
from loancs.core.routing.router import Router

__all__ = [
    "AGENT_STATES",
    "CHANNELS",
    "Action",
    "AgentBreak",
    "AgentInfo",
    "AgentOffline",
    "AgentView",
    "Offer",
    "OfferExpired",
    "QueuedView",
    "Requeued",
    "Restored",
    "Router",
    "RoutingPolicy",
    "Waiting",
    "restored_waiting",
    "WrapupEnded",
]
