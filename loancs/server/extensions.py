"""Server parts attached at start: compliance enforcement and routing.
Each may define on_connect(conn), on_disconnect(conn) and close()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loancs.server.compliance_ext import ComplianceEnforcer
from loancs.server.routing_ext import RoutingService

if TYPE_CHECKING:
    from loancs.server.app import LoancsServer


async def attach_all(server: LoancsServer) -> None:
    server.compliance = ComplianceEnforcer(server)
    await server.compliance.start()
    server.extensions.append(server.compliance)
    server.routing = RoutingService(server)
    await server.routing.start()
    server.extensions.append(server.routing)
    from loancs.server.assistant import AssistantService

    server.assistant = AssistantService(server)  # first responder where [assistant] says so
    await server.assistant.start()
    server.extensions.append(server.assistant)
    from loancs.server.csat import CsatService
    from loancs.server.supervisor import SupervisorDesk

    server.supervisor_desk = SupervisorDesk(server)
    await server.supervisor_desk.start()
    server.extensions.append(server.supervisor_desk)
    server.csat = CsatService(server)
    await server.csat.start()
    server.extensions.append(server.csat)
