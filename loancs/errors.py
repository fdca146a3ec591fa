"""Errors an operator fixes (a config file, a database path, a port): the CLI prints them as
one line naming the file, with no traceback (loancs/cli.py: main)."""

from __future__ import annotations


class OperatorError(Exception):
    """Printed as ``error: <message>``; the process exits with ``exit_code``."""

    exit_code = 1


class DatabaseOpenError(OperatorError):
    """The database file cannot be opened, created or migrated."""


class SchemaTooNew(DatabaseOpenError):
    """The database was migrated by a newer loancs than this one."""
