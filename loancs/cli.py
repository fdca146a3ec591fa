"""Typer entry point. Each command group lives in ``loancs/commands/<name>.py`` and
exposes ``register(app)``; this module only assembles them."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from loancs import __version__

app = typer.Typer(
    name="loancs",
    help="loancs: one inbox for a lender's phone, web chat and WeChat borrowers.",
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

COMMAND_MODULES = (
    "serve",
    "admin",
    "tail",
    "queues",
    "audit",
    "calc",
    "check",
    "console",
    "demo",
    "gateway",
    "simulate",
    "report",
    "ask",
    "prequal",
    "kb",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"loancs {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """loancs: one inbox for a lender's phone, web chat and WeChat borrowers."""


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module_name = f"loancs.commands.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # command group not built yet
            raise
        module.register(app)


_register_all()


def main() -> None:
    from loancs.core.config import ConfigError

    try:
        app()
    except ConfigError as exc:  # a config file that cannot be used: one line, no traceback
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
