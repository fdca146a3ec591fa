"""``loancs kb lint DIR``: find mistakes in a knowledge base before the server loads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

kb_app = typer.Typer(
    help="The assistant's knowledge base (Markdown or TOML entries in a directory).",
    no_args_is_help=True,
)


@kb_app.command("lint")
def lint_command(
    directory: Annotated[Path, typer.Argument(help="Knowledge base directory.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print problems as JSON.")] = False,
) -> None:
    """Report duplicate questions and ids, unknown intents, missing answers and answers that
    fail the compliance check. Exit 0 clean, 1 problems, 3 unreadable directory.

    Example: loancs kb lint loancs/data/assistant/kb
    """
    from loancs.assistant_files import compliance_check, kb_files
    from loancs.core.assistant.kb import KnowledgeBase, lint

    if not directory.is_dir():
        typer.echo(f"error: {directory} is not a directory", err=True)
        raise typer.Exit(3)
    kb = KnowledgeBase.build(kb_files(directory))
    problems = lint(kb, compliance_check())
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "entries": len(kb.entries),
                    "problems": [
                        {"source": p.source, "entry": p.entry, "message": p.message}
                        for p in problems
                    ],
                },
                ensure_ascii=False,
            )
        )
    else:
        for problem in problems:
            typer.echo(str(problem))
        typer.echo(f"{len(kb.entries)} entries, {len(problems)} problems")
    raise typer.Exit(1 if problems else 0)


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")
