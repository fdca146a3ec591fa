"""``loancs ask``: put a borrower's question to the self-service assistant from the shell.

loancs ask "借20万买车分3年，月供多少？"
loancs ask "这利息是抢钱吧？" --json
printf '{"text": "利率多少"}\n{"text": "转人工"}\n' | loancs ask --batch --json
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

HELP = """Ask the self-service assistant what it would answer a borrower.

Prints the answer the customer would be sent; --json prints
{"intent", "confidence", "handoff", "answer", "slots", "lang"}. --batch reads JSON Lines
{"text": ...} from stdin and writes one answer line per input, in order.

Examples:

  loancs ask "利率是多少？"

  loancs ask "my loan is 200k at 4.9% over 36 months, I've paid 12, prepay 50k to shorten the term" --json

  printf '{"text": "需要什么材料"}\\n' | loancs ask --batch --json
"""


def parse_at(at: str | None) -> int:
    if not at:
        return int(datetime.now().timestamp() * 1000)
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        from zoneinfo import ZoneInfo

        moment = moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    return int(moment.timestamp() * 1000)


def _account(db: Path | None, customer: int | None):
    if db is None or customer is None:
        return None
    from loancs.commands.options import existing_db
    from loancs.store.assistant_reads import account_sync

    return account_sync(Path(existing_db(db)), customer)


def register(app: typer.Typer) -> None:
    @app.command("ask", help=HELP)
    def ask(
        text: Annotated[str | None, typer.Argument(help="The borrower's message.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
        batch: Annotated[
            bool, typer.Option("--batch", help='Read JSON Lines {"text": ...} from stdin.')
        ] = False,
        kb: Annotated[
            Path | None, typer.Option("--kb", metavar="DIR", help="Knowledge base directory.")
        ] = None,
        catalog: Annotated[
            Path | None, typer.Option("--catalog", metavar="FILE", help="Product catalog TOML.")
        ] = None,
        lang: Annotated[
            str | None, typer.Option("--lang", help="Answer in zh or en (default: the message's).")
        ] = None,
        db: Annotated[
            Path | None,
            typer.Option("--db", metavar="PATH", help="Store with the customer's data."),
        ] = None,
        customer: Annotated[
            int | None, typer.Option("--customer", metavar="ID", help="Answer as this customer.")
        ] = None,
        channel: Annotated[str, typer.Option("--channel", help="chat, wechat or phone.")] = "chat",
        at: Annotated[
            str | None,
            typer.Option(
                "--at", metavar="ISO-8601", help="Pretend it is this time (hours, dates)."
            ),
        ] = None,
    ) -> None:
        if lang is not None and lang not in ("zh", "en"):
            typer.echo("--lang must be zh or en", err=True)
            raise typer.Exit(3)
        if channel not in ("chat", "wechat", "phone"):
            # a mistyped channel used to answer silently with another channel's verify step
            typer.echo(f"--channel must be chat, wechat or phone, not {channel!r}", err=True)
            raise typer.Exit(3)
        if not batch and (not text or not text.strip()):  # "   " too: nothing to answer
            typer.echo("give the borrower's message, or --batch to read JSON Lines", err=True)
            raise typer.Exit(3)
        # A mistyped --db or --at is refused before the assistant loads (seconds: the model).
        account = _account(db, customer)
        try:
            now = parse_at(at)
        except ValueError:
            typer.echo(f"--at must be an ISO-8601 time like 2026-12-03T10:00, not {at!r}", err=True)
            raise typer.Exit(3) from None
        from loancs.assistant_files import build_assistant
        from loancs.core.assistant.answer import Context
        from loancs.core.assistant.catalog import CatalogError

        try:
            assistant = build_assistant(kb, catalog)
        except (OSError, CatalogError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(3) from None

        def one(message: str) -> dict:
            ctx = Context(now_ms=now, channel=channel, lang=lang, account=account)
            return assistant.respond(message, ctx).to_json()

        if batch:
            out = sys.stdout
            for number, line in enumerate(sys.stdin, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    message = item["text"]
                    if not isinstance(message, str):
                        raise TypeError
                except (ValueError, KeyError, TypeError):
                    result = {"error": f'line {number}: expected {{"text": "..."}}'}
                else:
                    result = one(message)
                if as_json:
                    out.write(json.dumps(result, ensure_ascii=False) + "\n")
                else:
                    out.write((result.get("answer") or result.get("error", "")) + "\n")
                out.flush()
            return
        assert text is not None  # checked above: no --batch means a message
        result = one(text)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False))
            return
        typer.echo(result["answer"])
        flag = "→ 人工 / to a person" if result["handoff"] else "answered"
        typer.echo(
            f"[{result['intent']} {result['confidence']:.2f} · {flag}"
            + (f" · {result['reason']}" if result.get("reason") else "")
            + "]",
            err=True,
        )
