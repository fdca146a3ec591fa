"""Errors an operator fixes (a config file, a database path, a port): the CLI prints them as
one line naming the file, with no traceback (loancs/cli.py: main)."""

from __future__ import annotations


class OperatorError(Exception):
    """Printed as ``error: <message>``; the process exits with ``exit_code``."""

    exit_code = 1


class DatabaseOpenError(OperatorError):
    """The database file cannot be opened, created or migrated: a wrong path, a missing
    directory, an unreadable file. An operator's error, exit 2 (as a bad option is)."""

    exit_code = 2


class SchemaTooNew(DatabaseOpenError):
    """The database was migrated by a newer loancs than this one: exit 1, the database is
    right but this loancs is too old (scripts tell it from a wrong path, exit 2)."""

    exit_code = 1
