"""``loancs check``: run the compliance engine on a message from the shell.

Exit status: 0 ok, 1 warn, 2 block, 3 usage or rules-file error (never a traceback).

Start-up matters (agents and scripts call it per message): this module imports only typer;
the engine, its rule packs and rich load inside the command.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click.exceptions import UsageError  # typer 0.29 (pinned) vendors click
from typer.core import TyperCommand

from loancs.i18n import detect_lang, tr

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from loancs.core.compliance import CheckResult

EXIT_CODES = {"ok": 0, "warn": 1, "block": 2}
EXIT_USAGE = 3

SEVERITY_STYLE = {
    "block": "bold red underline",
    "warn": "bold yellow underline",
    "info": "cyan underline",
}

TEXT: dict[str, tuple[str, str]] = {
    "error": ("错误", "error"),
    "ok": ("通过：未发现问题", "ok: no issues found"),
    "warn": ("警告：可以发送，但命中会被记录", "warn: may be sent; the hits are recorded"),
    "block": ("拦截：此消息不能发送", "block: this message cannot be sent"),
    "severity": ("级别", "Severity"),
    "rule": ("规则", "Rule"),
    "category": ("类别", "Category"),
    "match": ("命中文字", "Match"),
    "where": ("位置", "at"),
    "explanation": ("规则 / 原因 / 建议", "Rule / why / suggested fix"),
    "why": ("原因", "Why"),
    "fix": ("建议", "Suggested fix"),
    "explain": ("命中原因（概念与模式）", "Why it fired (concepts and patterns)"),
    "pattern": ("模式", "pattern"),
    "no_text": (
        "请提供要检查的文字（或用 - 从标准输入读取）",
        "give the text to check (or - to read stdin)",
    ),
}

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
    typer.echo(f"loancs check: {tr(TEXT, 'error', lang)}: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _highlighted(text: str, result: CheckResult) -> Text:
    from rich.text import Text

    # Text(...) never parses markup: whatever the agent typed is shown as typed.
    rendered = Text(text)
    for hit in result.hits:
        if hit.end > hit.start:
            rendered.stylize(SEVERITY_STYLE.get(hit.severity, "underline"), hit.start, hit.end)
    return rendered


def _render(text: str, result: CheckResult, lang: str, console: Console, explain: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(_highlighted(text, result))
    console.print()
    verdict_style = {"ok": "bold green", "warn": "bold yellow", "block": "bold red"}
    console.print(Text(tr(TEXT, result.verdict, lang), style=verdict_style[result.verdict]))
    if not result.hits:
        return
    table = Table(show_lines=True)
    table.add_column(tr(TEXT, "severity", lang), no_wrap=True)
    table.add_column(tr(TEXT, "match", lang), overflow="fold", max_width=24)
    table.add_column(tr(TEXT, "explanation", lang), overflow="fold", ratio=1)
    for hit in result.hits:
        style = SEVERITY_STYLE.get(hit.severity, "")
        explanation = Text()
        explanation.append(f"{hit.rule} ({hit.category})", style="bold")
        colon = "：" if lang == "zh" else ": "
        explanation.append(f"\n{tr(TEXT, 'why', lang)}{colon}")
        explanation.append(hit.message)
        explanation.append(f"\n{tr(TEXT, 'fix', lang)}{colon}")
        explanation.append(hit.suggestion)
        match = Text(hit.match, style=style)
        match.append(f"\n{tr(TEXT, 'where', lang)} {hit.start}–{hit.end}", style="dim")
        table.add_row(Text(hit.severity, style=style), match, explanation)
    console.print(table)
    if explain:
        console.print(Text(tr(TEXT, "explain", lang), style="bold"))
        for hit in result.hits:
            line = Text(f"{hit.rule}  ", style="bold")
            line.append(f"{tr(TEXT, 'pattern', lang)}: {hit.pattern}")
            for concept, matched in hit.concepts:
                line.append("\n    ")
                line.append(concept if concept == "phrase" else f"@{concept}", style="cyan")
                line.append(" ← ")
                line.append(matched, style=SEVERITY_STYLE.get(hit.severity, ""))
            console.print(line)


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
            help="Show which concept pattern (or phrase) fired and what each concept matched; "
            'with --json adds "explain": [{rule, pattern, concepts: [{concept, match}]}].',
        ),
    ] = False,
) -> None:
    try:
        ui_lang = detect_lang(lang)
    except ValueError as exc:
        _fail(str(exc), "en")
    if text is None:
        _fail(tr(TEXT, "no_text", ui_lang), ui_lang)
    if text == "-":
        text = sys.stdin.read()
        if text.endswith("\n"):
            text = text[:-1]
    from loancs.core.compliance import RuleFileError, load_rules
    from loancs.rules_cache import FileRuleCache

    try:
        ruleset = load_rules(rules, cache=FileRuleCache.default())
    except RuleFileError as exc:
        _fail(str(exc), ui_lang)
    # JSON keeps each rule's own language unless --lang asks for one.
    result = ruleset.check(text, lang=lang and ui_lang if as_json else ui_lang)
    if as_json:
        import json

        payload: dict[str, Any] = result.to_dict()
        if explain:
            payload["explain"] = [hit.explain() for hit in result.hits]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        from rich.console import Console

        _render(text, result, ui_lang, Console(highlight=False), explain)
    raise typer.Exit(EXIT_CODES[result.verdict])


def register(app: typer.Typer) -> None:
    app.command("check", cls=_CheckCommand, help=HELP)(check_command)
