"""`loancs privacy`: a customer's personal data on request (PIPL art. 45 export, art. 47
erasure), the retention policy, and legal holds. Erasure destroys the customer's key
(crypto-shredding, see loancs/store/privacy.py): the hash chain still verifies."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from loancs.commands.options import DB_HELP, db_target, existing_db

privacy_app = typer.Typer(
    help="Personal data (PIPL): erase or export a customer, retention, legal holds.",
    no_args_is_help=True,
)

DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
CustomerOption = Annotated[int, typer.Option("--customer", help="The customer's number.")]
KeyOption = Annotated[
    Path | None,
    typer.Option(
        "--master-key-file",
        help="The master key file (default: LOANCS_MASTER_KEY, else <db>.key).",
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(privacy_app, name="privacy")


def _open(db: str | Path | None):
    from loancs.store.db import connect_sync

    return connect_sync(existing_db(db))


def _require_customer(conn, customer: int) -> None:
    from loancs.store.privacy import customer_exists

    if not customer_exists(conn, customer):
        typer.echo(f"error: no customer {customer}", err=True)
        raise typer.Exit(1)


def _held(conn, customer: int) -> str | None:
    from loancs.store.privacy import legal_hold

    return legal_hold(conn, customer)


@privacy_app.command("erase")
def erase(
    customer: CustomerOption,
    reason: Annotated[
        str, typer.Option(help="Why (recorded in the log): request, retention ...")
    ] = "request",
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Erase a customer's personal data (their key is destroyed); the chain still verifies.

    Sealed fields in the event log become unreadable; names, identities, message texts and
    notes are scrubbed; `loancs audit verify` still passes. Refused while a legal hold applies.

    Example: [bold]loancs privacy erase --customer 42 --reason "deletion request 2026-118"[/bold]
    """
    from loancs.store.privacy import erase_customer

    conn = _open(db)
    _require_customer(conn, customer)
    hold = _held(conn, customer)
    if hold is not None:
        typer.echo(
            f"error: customer {customer} is on legal hold ({hold}); release it first", err=True
        )
        raise typer.Exit(1)
    result = erase_customer(conn, customer, "admin:cli", reason)
    if json_out:
        typer.echo(json.dumps(result))
    else:
        typer.echo(
            f"erased customer {customer}: key destroyed, {result['messages']} messages,"
            f" {result['identities']} identities and {result['conversations']} conversations"
            " scrubbed"
        )


@privacy_app.command("export")
def export(
    customer: CustomerOption,
    db: DbOption = None,
    master_key_file: KeyOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON here (default: stdout).")
    ] = None,
) -> None:
    """Everything stored about one customer, decrypted, as JSON (a data-subject request).

    The person, identities, conversations, messages, applications and events.

    Example: [bold]loancs privacy export --customer 42 -o customer-42.json[/bold]
    """
    from loancs.store.keys import key_source, load_master_key
    from loancs.store.privacy import Sealer, check_master_key, export_customer

    path = db_target(db)
    conn = _open(path)
    _require_customer(conn, customer)
    master = load_master_key(path, master_key_file)
    check_master_key(conn, master, key_source(path, master_key_file))
    sealer = Sealer(master)
    data = export_customer(conn, sealer, customer)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:  # a missing folder, a directory, no room: a line, no traceback
            raise typer.BadParameter(
                f"cannot write {output}: {exc.strerror or exc}", param_hint="--output"
            ) from None
        typer.echo(f"wrote {output}")


@privacy_app.command("retain")
def retain(
    years: Annotated[
        float | None, typer.Option(help="Erase customers with no activity for longer than this.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="The server's config file ([privacy]).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list who would be erased.")
    ] = False,
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Apply the retention policy: erase customers idle for longer than the limit.

    Idle: no conversation or application activity for --years (default: [privacy]
    retention_years of --config, else 5). Customers on legal hold are kept. Run it daily.

    Example: [bold]loancs privacy retain --years 5 --dry-run[/bold]
    """
    from loancs.store.privacy import erase_customer, idle_customers
    from loancs.store.search import scrub_index

    if years is None:
        from loancs.commands.serve import load_server_config

        years = load_server_config(config).privacy.retention_years
    conn = _open(db)
    due = idle_customers(conn, years)
    if not dry_run:
        for row in due:
            erase_customer(
                conn,
                row["customer"],
                "admin:retention",
                f"retention {years:g} years",
                scrub_search=False,
            )
        if due:
            scrub_index(conn)
    if json_out:
        typer.echo(json.dumps({"erased" if not dry_run else "due": due}))
    else:
        verb = "would erase" if dry_run else "erased"
        typer.echo(f"{verb} {len(due)} customers idle for more than {years:g} years")


@privacy_app.command("hold")
def hold_command(
    customer: CustomerOption,
    reason: Annotated[
        str | None, typer.Option(help="Why the data must be kept (litigation, regulator ...).")
    ] = None,
    release: Annotated[bool, typer.Option("--release", help="Lift the hold.")] = False,
    db: DbOption = None,
) -> None:
    """Put a customer on legal hold (retention and erasure skip them) or release it.

    Example: [bold]loancs privacy hold --customer 42 --reason "court case 2026-17"[/bold]
    """
    from loancs.store import commands
    from loancs.store.writer import apply_now

    if not release and not reason:
        typer.echo("error: say why with --reason (or --release)", err=True)
        raise typer.Exit(2)
    conn = _open(db)
    _require_customer(conn, customer)
    apply_now(conn, commands.SetLegalHold(customer=customer, reason=reason, release=release))
    typer.echo(f"customer {customer}: legal hold {'released' if release else 'on'}")
