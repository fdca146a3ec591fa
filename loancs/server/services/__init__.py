"""The server's services, driven by committed events and asked by handlers: compliance
(checks every reply), routing (offers work), the assistant (first responder), the
supervisor's desk (floor and reports), CSAT and agents' waiting-work summaries. Started in
that order, closed in reverse."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loancs.server.services.assistant import AssistantService
from loancs.server.services.compliance import ComplianceEnforcer
from loancs.server.services.csat import CsatService
from loancs.server.services.desk import SupervisorDesk
from loancs.server.services.routing import RoutingService
from loancs.server.services.waiting import WaitingSummaries

if TYPE_CHECKING:
    from loancs.server.context import ServerContext
    from loancs.server.session import Session


@dataclass
class Services:
    compliance: ComplianceEnforcer
    routing: RoutingService
    assistant: AssistantService
    desk: SupervisorDesk
    csat: CsatService
    waiting: WaitingSummaries

    @classmethod
    def build(cls, server: ServerContext) -> Services:
        return cls(
            compliance=ComplianceEnforcer(server),
            routing=RoutingService(server),
            assistant=AssistantService(server),
            desk=SupervisorDesk(server),
            csat=CsatService(server),
            waiting=WaitingSummaries(server),
        )

    def _all(
        self,
    ) -> tuple[
        ComplianceEnforcer
        | RoutingService
        | AssistantService
        | SupervisorDesk
        | CsatService
        | WaitingSummaries,
        ...,
    ]:
        return (self.compliance, self.routing, self.assistant, self.desk, self.csat, self.waiting)

    async def start(self) -> None:
        """Start each in order; when one fails, close those already started and re-raise."""
        started = []
        try:
            for service in self._all():
                await service.start()
                started.append(service)
        except BaseException:
            for service in reversed(started):
                with contextlib.suppress(Exception):
                    await service.close()
            raise

    async def close(self) -> None:
        for service in reversed(self._all()):
            with contextlib.suppress(Exception):
                await service.close()

    async def on_connect(self, session: Session) -> None:
        await self.routing.on_connect(session)

    def on_disconnect(self, session: Session) -> None:
        self.routing.on_disconnect(session)
