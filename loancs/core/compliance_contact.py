"""Compatibility name: the contact policy now lives in :mod:`loancs.core.compliance.contact`."""

from loancs.core.compliance.contact import (  # noqa: F401
    ContactDecision,
    ContactPolicy,
    ContactPolicyError,
    check_contact,
    in_quiet_hours,
    local_day,
)
