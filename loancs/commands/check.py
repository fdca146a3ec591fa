"""``loancs check``: run the compliance engine on a message from the shell.

Exit status: 0 ok, 1 warn, 2 block, 3 usage or rules-file error (never a traceback).

Start-up matters (agents and scripts call it per message): this module imports only typer;
the engine, its rule packs and rich load inside the command. ``loancs check`` with plain
arguments does not come here at all: :func:`loancs.cli.main` runs it through
:mod:`loancs.commands.check_run` without Typer; help, usage errors and anything unusual
are parsed here.
"""

from __future__ import annotations

from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import UsageError  # typer 0.29 (pinned) vendors click
from typer.core import TyperCommand

from loancs.commands.check_run import EXIT_USAGE, CheckUsageError, error_line, run

HELP = """Check a message against the compliance rules (marketing, rate disclosure,
collection, personal data) before it reaches a customer.

Examples:

  loancs check "保证通过，月费率0.5%，分12期"

  echo "0.5% a month, no credit check" | loancs check - --json

  loancs check "我们不能保证通过" --rules lender.toml --lang en

  loancs check "征信的事不用担心，我们不查" --explain

Exit status: 0 ok, 1 warn, 2 block, 3 usage or rules-file error.
"""


class _CheckCommand(TyperCommand):
    """Usage errors exit 3, because 2 already means "block"."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as exc:
            exc.exit_code = EXIT_USAGE
            raise


def _fail(message: str, lang: str) -> NoReturn:
    typer.echo(error_line(message, lang), err=True)
    raise typer.Exit(EXIT_USAGE)


def check_command(
    text: Annotated[
        str | None,
        typer.Argument(help="The message to check; '-' reads it from standard input."),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='Print {"verdict", "hits": [{rule, category, severity, start, end, match, '
            "message, suggestion}]} with offsets into the original text.",
        ),
    ] = False,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules",
            help="A lender's TOML rule file that adds, overrides or disables rules by id and "
            "extends [concepts] (see loancs/rules/zh.toml).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of labels and explanations: zh or en."),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show which concept pattern (or phrase) fired and what each concept matched, "
            "and whether the classifier confirmed or vetoed a weak rule's hit; with --json adds "
            '"explain": [{rule, pattern, concepts: [{concept, match}], veto?}] and "vetoed": '
            "[the vetoed hits].",
        ),
    ] = False,
) -> None:
    try:
        code = run(text, as_json, rules, lang, explain)
    except CheckUsageError as exc:
        _fail(exc.message, exc.lang)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("check", cls=_CheckCommand, help=HELP)(check_command)
