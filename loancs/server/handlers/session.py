"""Frames about the session itself: a second hello, resume, ping."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loancs.core import protocol as p
from loancs.server.dispatch import Routes
from loancs.server.session import ANYONE, Session

if TYPE_CHECKING:
    from loancs.server.context import ServerContext

routes = Routes()


@routes.handles(p.Hello, ANYONE)
async def second_hello(server: ServerContext, session: Session, frame: p.Hello) -> None:
    session.error("already_hello", "hello was already sent on this connection")


@routes.handles(p.Resume, ANYONE)
async def resume(server: ServerContext, session: Session, frame: p.Resume) -> None:
    refused = server.since_error(frame.since)
    if refused is not None:
        raise refused
    server.subscribe(session, frame.since)


@routes.handles(p.Ping, ANYONE)
async def ping(server: ServerContext, session: Session, frame: p.Ping) -> None:
    session.send(p.Pong(id=frame.id, seq=server.hub.last_seq))
