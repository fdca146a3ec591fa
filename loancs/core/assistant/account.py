"""A borrower's own data as the assistant may use it (light: no model imports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Account:
    """What the lender's systems pushed for this borrower; empty unless verified."""

    verified: bool = False
    method: str | None = None  # "wechat_binding", "sms_code", "login_token", "operator"
    applications: list[dict[str, Any]] = field(default_factory=list)
    loans: list[dict[str, Any]] = field(default_factory=list)
