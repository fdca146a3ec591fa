"""Entry point (``loancs``, ``python -m loancs``). Each command group lives in
``loancs/commands/<module>.py`` and exposes ``register(app)``; this module only lists them.
The Typer application is in :mod:`loancs.cli_app` (``loancs.cli.app`` still names it).

Command modules are imported lazily: `loancs --help` shows the one-line help from COMMANDS
without importing any of them, and `loancs calc ...` imports only loancs/commands/calc.py.
Supervisors' scripts and monitoring run `loancs --help`, `calc` and `check` often; the start-up
cost is measured by scripts/bench_startup.py and scripts/bench_check_startup.py. A plain
`loancs check MESSAGE [--json] [--rules F] [--lang L] [--explain]` does not import Typer at
all (loancs/commands/check_run.py); help, usage errors and anything else go through Typer.
tests/test_cli_lazy.py checks that COMMANDS matches what the modules register.
"""

from __future__ import annotations

import os
import sys
from typing import Any

# command name -> (module in loancs/commands, one-line help for `loancs --help`).
# A new command: add a row (the order here is the order in --help).
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": (
        "serve",
        "Run the server: merges channel traffic into one store and streams every change live.",
    ),
    "console": (
        "console",
        "Open the agent console: inbox, conversations, customer, calculator, all from the keyboard.",
    ),
    "demo": (
        "demo",
        "Seed a demo database, start the server with simulated traffic and open the console.",
    ),
    "tail": ("tail", "Watch every event live, one line each; reconnects and resumes by itself."),
    "queues": (
        "queues",
        "Queues, agents and service level, refreshed live (for supervisors, fine over SSH).",
    ),
    "check": (
        "check",
        "Check a message against the compliance rules before it reaches a customer.",
    ),
    "calc": (
        "calc",
        "Loan calculator: repayment schedules, prepayment and annualised rate (APR).",
    ),
    "simulate": (
        "simulate",
        "Send simulated borrowers' conversations to a server and print what it measured.",
    ),
    "agent": ("admin", "Agents, supervisors and admins."),
    "channel": ("admin", "Channel gateways (WeChat, phone, web chat, loan system)."),
    "gateway": (
        "gateway",
        "Channel gateways: WeChat Official Account webhook, Asterisk AMI phone events.",
    ),
    "audit": ("audit", "Check the tamper-evident event log."),
    "privacy": (
        "privacy",
        "Personal data (PIPL): erase or export a customer, retention, legal holds.",
    ),
    "report": (
        "report",
        "Reports a lender runs on, from aggregates kept up to date from the event log.",
    ),
    "ask": ("ask", "Ask the self-service assistant what it would answer a borrower."),
    "prequal": (
        "prequal",
        "Pre-screen a borrower against the product catalog: borrower turns on stdin, one a line.",
    ),
    "kb": ("kb", "The assistant's knowledge base (Markdown or TOML entries in a directory)."),
    "backup": (
        "backup",
        "Take a consistent online backup (the server may keep running), then check it.",
    ),
    "restore": ("backup", "Put a backup in place of the database (stop the server first)."),
    "export": (
        "export",
        "Export conversations, customers or events (JSON Lines or CSV), masked by default.",
    ),
    "db": ("db", "The database: schema version, pending migrations, upgrading."),
    "service": ("service", "Run the server as a systemd service (user or system unit)."),
}

# Kept for older references: the modules, in order.
COMMAND_MODULES = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))


LONG_RUNNING = {"serve"}  # stopped by a service manager: a stop while starting is kept


def main() -> None:
    if sys.argv[1:2] == ["check"] and "_LOANCS_COMPLETE" not in os.environ:
        from loancs.commands.check_run import plain_main

        code = plain_main(sys.argv[2:])
        if code is not None:
            raise SystemExit(code)
    if len(sys.argv) > 1 and sys.argv[1] in LONG_RUNNING:
        from loancs.lifecycle import catch_stop_signals_early

        catch_stop_signals_early()
    from loancs.cli_app import run

    run()


def __getattr__(name: str) -> Any:
    """``app``, ``LazyGroup``, ``load_module_commands`` ... from :mod:`loancs.cli_app`,
    imported on first use."""
    if name.startswith("__"):
        raise AttributeError(name)
    import loancs.cli_app

    try:
        return getattr(loancs.cli_app, name)
    except AttributeError:
        raise AttributeError(f"module 'loancs.cli' has no attribute {name!r}") from None
