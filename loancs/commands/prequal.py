"""``loancs prequal``: run an off-hours pre-screening dialogue from the shell.

    printf '想借10万装修\\n36期\\n32岁\\n上班族\\n3年\\n月入1.5万\\n没有\\n是的\\n身份证和收入证明都有\\n' \\
      | loancs prequal --catalog loancs/data/assistant/catalog.toml --json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

HELP = """Pre-screen a borrower against the product catalog: borrower turns on stdin, one a line.

Prints the outcome (likely_eligible, needs_documents, likely_ineligible, handoff_human),
the product, missing documents, failed rules, the facts gathered, the assistant's reply
and the two-line summary an agent sees. An indication, never a credit decision.

Example:

  printf '想借20万买车\\n3年\\n35\\n上班\\n月薪2万\\n没有逾期\\n车价30万\\n都有\\n' | loancs prequal --json
"""


def run_dialogue(assistant, turns: list[str], lang: str | None, now_ms: int) -> dict:
    from loancs.core.assistant.answer import Context
    from loancs.core.assistant.prequal import Prescreen, facts_json
    from loancs.core.assistant.text import fold

    screen = Prescreen(assistant.catalog)
    reply, transcript = "", []
    first = next((t for t in turns if t.strip()), "")
    lang = lang or fold(first).lang
    ctx = Context(now_ms=now_ms, lang=lang)
    finished = False
    for turn in turns:
        if not turn.strip():
            continue
        reply, finished = assistant.prescreen_turn(screen, turn, lang, ctx)
        transcript.append({"borrower": turn, "assistant": reply})
        if finished:
            break
    decision = screen.decide()
    if not finished:
        # The borrower stopped answering: what we know decides, a person follows up.
        reply = assistant.outcome_text(decision, screen, lang, ctx)
    return {
        "outcome": decision.outcome,
        "product": decision.product.id if decision.product else None,
        "missing_documents": decision.missing_documents,
        "failed_rules": decision.failed_rules,
        "facts": facts_json(screen.facts),
        "reply": reply,
        "summary": assistant.summary(None, screen, None),
        "transcript": transcript,
    }


def register(app: typer.Typer) -> None:
    @app.command("prequal", help=HELP)
    def prequal(
        catalog: Annotated[
            Path | None, typer.Option("--catalog", metavar="FILE", help="Product catalog TOML.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
        at: Annotated[
            str | None,
            typer.Option("--at", metavar="ISO-8601", help="Pretend it is this time."),
        ] = None,
        lang: Annotated[str | None, typer.Option("--lang", help="zh or en.")] = None,
        kb: Annotated[Path | None, typer.Option("--kb", metavar="DIR", hidden=True)] = None,
    ) -> None:
        from loancs.assistant_files import build_assistant
        from loancs.commands.ask import parse_at
        from loancs.core.assistant.catalog import CatalogError

        try:
            assistant = build_assistant(kb, catalog)
        except (OSError, CatalogError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(3) from None
        turns = [line.rstrip("\n") for line in sys.stdin]
        result = run_dialogue(assistant, turns, lang, parse_at(at))
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False))
            return
        for step in result["transcript"]:
            typer.echo(f"> {step['borrower']}")
            typer.echo(f"  {step['assistant']}")
        typer.echo("")
        typer.echo(f"{result['outcome']}  {result['product'] or ''}")
        typer.echo(result["summary"])
