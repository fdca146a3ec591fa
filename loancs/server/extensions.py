"""Optional server parts (compliance enforcement, routing) attached at start.
Each extension may define on_connect(conn), on_disconnect(conn) and close()."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loancs.server.app import LoancsServer


async def attach_all(server: LoancsServer) -> None:
    try:
        from loancs.server.compliance_ext import ComplianceEnforcer
    except ModuleNotFoundError as exc:  # TEMP while the compliance engine lands
        if exc.name != "loancs.core.compliance":
            raise
        server.compliance = None
    else:
        server.compliance = ComplianceEnforcer(server)
        server.extensions.append(server.compliance)
        await server.compliance.start()
