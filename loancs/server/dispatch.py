"""One route per client frame class: who may send it (roles, and for channels which
kinds of gateway), and what handles it. Handler modules collect their routes in a
:class:`Routes`; ``loancs.server.handlers.ROUTES`` joins them, and the server checks the
roles here once, before any handler runs.

A route either has a ``handler`` (a coroutine, run in its own task: reads, and writes that
ask questions first) or a ``direct`` op builder (the hot path: the op goes to the writer
without a task and the ack is sent from the commit callback).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from loancs.server.session import Role, Session
from loancs.store.writer import OpError

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

F = TypeVar("F", bound=msgspec.Struct)
Handler = Callable[["ServerContext", Session, Any], Awaitable[None]]
DirectOp = Callable[["ServerContext", Session, Any], Any]


@dataclass(frozen=True)
class Route:
    frame: type[msgspec.Struct]
    roles: frozenset[Role]
    handler: Handler | None = None
    direct: DirectOp | None = None
    # A channel may send this frame only from these kinds of gateway (None: any kind).
    channels: frozenset[str] | None = None
    refusal: str = ""  # the `forbidden` message for another kind of gateway

    @property
    def tag(self) -> str:
        return str(self.frame.__struct_config__.tag)

    def refuse(self, session: Session) -> OpError | None:
        """Why this session may not send the frame (None: it may)."""
        principal = session.principal
        if principal.role not in self.roles:
            return OpError("forbidden", f"the {principal.role} role may not send {self.tag} frames")
        if (
            self.channels is not None
            and principal.role == "channel"
            and principal.channel_kind not in self.channels
        ):
            return OpError("forbidden", self.refusal)
        return None


class Routes:
    """The routes of one handler module, declared with the handler they route to."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def handles(
        self,
        frame: type[F],
        roles: tuple[Role, ...],
        *,
        channels: tuple[str, ...] | None = None,
        refusal: str = "",
    ) -> Callable[[Callable[[ServerContext, Session, F], Awaitable[None]]], Any]:
        def wrap(fn: Callable[[ServerContext, Session, F], Awaitable[None]]) -> Any:
            self.routes.append(Route(frame, frozenset(roles), fn, None, _kinds(channels), refusal))
            return fn

        return wrap

    def direct(
        self,
        frame: type[F],
        roles: tuple[Role, ...],
        *,
        channels: tuple[str, ...] | None = None,
        refusal: str = "",
    ) -> Callable[[Callable[[ServerContext, Session, F], Any]], Any]:
        def wrap(fn: Callable[[ServerContext, Session, F], Any]) -> Any:
            self.routes.append(Route(frame, frozenset(roles), None, fn, _kinds(channels), refusal))
            return fn

        return wrap


def registry(*modules: Routes) -> dict[type[msgspec.Struct], Route]:
    found: dict[type[msgspec.Struct], Route] = {}
    for routes in modules:
        for route in routes.routes:
            if route.frame in found:
                raise RuntimeError(f"two handlers for {route.tag} frames")
            found[route.frame] = route
    return found


def _kinds(channels: tuple[str, ...] | None) -> frozenset[str] | None:
    return None if channels is None else frozenset(channels)
