"""``loancs check`` without Typer: run the compliance engine on a message and print the
verdict, as JSON or a Rich table. :mod:`loancs.commands.check` (the Typer command, its help
and its usage errors) calls :func:`run`; ``loancs check`` with plain arguments comes here
straight from :func:`loancs.cli.main` (:func:`plain_main`), without importing Typer: the
command is run once per message by agents and scripts, and Typer is most of its start-up.

Exit status: 0 ok, 1 warn, 2 block, 3 usage or rules-file error (never a traceback).
Imports nothing heavy: the engine, its rule packs and Rich load when a message is checked.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from typing import TYPE_CHECKING, Any

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
    "vetoed": (
        "未生效（模型否决的弱规则命中）",
        "Did not fire (weak rules' hits the model vetoed)",
    ),
    "no_text": (
        "请提供要检查的文字（或用 - 从标准输入读取）",
        "give the text to check (or - to read stdin)",
    ),
}


class CheckUsageError(Exception):
    """A message for the user, printed as ``loancs check: error: ...``; exit status 3."""

    def __init__(self, message: str, lang: str) -> None:
        super().__init__(message)
        self.message = message
        self.lang = lang


def error_line(message: str, lang: str) -> str:
    return f"loancs check: {tr(TEXT, 'error', lang)}: {message}"


def run(
    text: str | None,
    as_json: bool = False,
    rules: str | None = None,
    lang: str | None = None,
    explain: bool = False,
) -> int:
    """Check ``text`` ('-' reads standard input), print the result and return the exit
    status; :class:`CheckUsageError` for a bad language, no text or a rules file that
    cannot be used."""
    try:
        ui_lang = detect_lang(lang)
    except ValueError as exc:
        raise CheckUsageError(str(exc), "en") from None
    if text is None:
        raise CheckUsageError(tr(TEXT, "no_text", ui_lang), ui_lang)
    if text == "-":
        text = sys.stdin.read()
        if text.endswith("\n"):
            text = text[:-1]
    from loancs.core.compliance import RuleFileError, load_rules
    from loancs.rules_cache import FileRuleCache

    try:
        ruleset = load_rules(rules, cache=FileRuleCache.default())
    except RuleFileError as exc:
        raise CheckUsageError(str(exc), ui_lang) from None
    # JSON keeps each rule's own language unless --lang asks for one.
    result = ruleset.check(text, lang=lang and ui_lang if as_json else ui_lang)
    if as_json:
        import json

        payload: dict[str, Any] = result.to_dict()
        if explain:
            payload["explain"] = [hit.explain() for hit in result.hits]
            if result.vetoed:  # weak rules' hits the classifier did not confirm
                payload["vetoed"] = [{**hit.to_dict(), **hit.explain()} for hit in result.vetoed]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        from rich.console import Console

        _render(text, result, ui_lang, Console(highlight=False), explain)
    return EXIT_CODES[result.verdict]


_FLAGS = {"--json": "as_json", "--explain": "explain"}
_VALUES = {"--rules": "rules", "--lang": "lang"}


def parse_plain(args: list[str]) -> dict[str, Any] | None:
    """The arguments of ``loancs check`` when they are plain: one message (or '-') and the
    options, each given once, values not starting with '-' (``--rules X`` or
    ``--rules=X``). None for anything else (help, no message, an unknown option, '--',
    repeats ...): Typer then parses them and says what is wrong, exactly as always."""
    found: dict[str, Any] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        name, eq, value = arg.partition("=")
        if arg in _FLAGS:
            key = _FLAGS[arg]
            given: Any = True
        elif name in _VALUES:
            key = _VALUES[name]
            if not eq:
                if i == len(args):
                    return None
                value = args[i]
                i += 1
            if value.startswith("-"):
                return None
            given = value
        elif arg == "-" or not arg.startswith("-"):
            key, given = "text", arg
        else:
            return None
        if key in found:
            return None
        found[key] = given
    if "text" not in found:
        return None
    return found


def plain_main(args: list[str]) -> int | None:
    """Run ``loancs check`` on plain arguments (see :func:`parse_plain`) and return its exit
    status; None when Typer should parse the arguments instead."""
    parsed = parse_plain(args)
    if parsed is None:
        return None
    # one message, then the process ends: the cyclic collector is paused meanwhile (the
    # imports, the rules cache and the check make ~300,000 objects and almost no garbage;
    # its passes over them were ~6% of the start-up's instructions), and what was made is
    # then frozen (gc.freeze: never walked again) so that turning it back on does not
    # start one pass over all of it on the way out
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        code = run(**parsed)
    except CheckUsageError as exc:
        sys.stderr.write(error_line(exc.message, exc.lang) + "\n")
        sys.stderr.flush()
        code = EXIT_USAGE
    finally:
        if paused:
            gc.freeze()
            gc.enable()
    _end_program(code)
    return code


def _end_program(code: int) -> None:
    """When this process is ``loancs check`` itself (``python -m loancs`` or the ``loancs``
    script), end it here with ``code``, its output flushed: the interpreter's teardown frees
    every module and the rules one by one (~15 M instructions of a ~370 M start-up) and runs
    no handler of ours. Any other caller of :func:`loancs.cli.main` gets its SystemExit; an
    output that cannot be flushed (a closed pipe) is left to the interpreter to report."""
    program = sys.modules.get("__main__")
    spec = getattr(program, "__spec__", None)
    if spec is not None:
        if spec.name != "loancs.__main__":
            return
    elif os.path.basename(getattr(program, "__file__", None) or "") != "loancs":
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


# Control characters shown as their pictures, one for one (the hits' offsets stay right):
# a pasted message's ESC sequences cleared the screen or recoloured the terminal.
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_PICTURES.update({0x7F: "\u2421", **{c: "\ufffd" for c in range(0x80, 0xA0)}})
_PICTURES.update({ord(c): "\ufffd" for c in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"})
_PICTURES.update({c: "\ufffd" for c in range(0x2066, 0x206A)})  # bidi marks reorder a line


def _highlighted(text: str, result: CheckResult) -> Text:
    from rich.text import Text

    # Text(...) never parses markup: whatever the agent typed is shown as typed.
    rendered = Text(text.translate(_PICTURES))
    for hit in result.hits:
        if hit.end > hit.start:
            rendered.stylize(SEVERITY_STYLE.get(hit.severity, "underline"), hit.start, hit.end)
    return rendered


_QUOTE_RE = re.compile(r"rate quote: (\w+) ([\d.]+)%(?: over (\d+) periods)?$")
_MODEL_RE = re.compile(r"model (\S+): score ([\d.]+) \(threshold ([\d.]+)\)$")
_PII_RE = re.compile(r"pii: (\w+) \(checksum\)$")
# (the kinds' Chinese names; pii's table, session 33: the kinds sessions 29-32 added)
_PII_KINDS_ZH = {
    "mobile": "手机号",
    "id_card": "身份证号",
    "bank_card": "银行卡号",
    "national_id": "证件号码",
    "passport": "护照号",
    "ssn": "社会安全号",
    "bank_account": "银行账号",
    "email": "电子邮箱",
    "wechat": "微信号 / QQ号 / 聊天账号",
    "dob": "出生日期",
    "cvv": "卡片安全码（CVV）",
    "plate": "车牌号",
}
# (session 34) how a kind is read: only a resident ID has its check character tested every time
# (a card passes Luhn, or follows a card's word mistyped); a mobile, an account, an email ... are
# read by their layout and the words beside them, so "(checksum)" is said of the ID alone


def _pii_how_en(kind: str) -> str:
    if kind == "id_card":
        return "(checksum)"
    if kind == "bank_card":
        return "(Luhn check, or a card's word just before it)"
    if kind == "cvv":
        return "(after its words, or a request for one)"
    return "(by its layout and the words beside it)"


def _pii_how_zh(kind: str) -> str:
    if kind == "id_card":
        return "（校验位通过）"
    if kind == "bank_card":
        return "（Luhn 校验通过，或紧跟“卡号”等字样）"
    if kind == "cvv":
        return "（紧跟“安全码 / CVV”等字样，或索要安全码）"
    return "（按号码格式与前后字样识别）"


_QUOTE_KINDS_ZH = {
    "daily": "日利率",
    "monthly": "月利率",
    "flat_monthly": "月费率（按本金）",
    "biweekly": "双周利率",
    "annual": "年利率",
}


def pattern_text(pattern: str, lang: str) -> str:
    """What made a hit, in the reader's language: the engine writes the patterns it makes
    itself (a rate quote, the model's score, a checksummed number) in English; a rule's own
    pattern is shown as its author wrote it."""
    if lang != "zh":
        m = _PII_RE.match(pattern)
        return f"pii: {m.group(1)} {_pii_how_en(m.group(1))}" if m else pattern
    m = _QUOTE_RE.match(pattern)
    if m:
        kind = _QUOTE_KINDS_ZH.get(m.group(1), m.group(1))
        over = f"，{m.group(3)} 期" if m.group(3) else ""
        return f"利率报价：{kind} {m.group(2)}%{over}"
    m = _MODEL_RE.match(pattern)
    if m:
        return f"模型判定 {m.group(1)}：得分 {m.group(2)}（阈值 {m.group(3)}）"
    m = _PII_RE.match(pattern)
    if m:
        kind = _PII_KINDS_ZH.get(m.group(1), m.group(1))
        return f"个人信息：{kind}{_pii_how_zh(m.group(1))}"
    return pattern


_VETOED_RE = re.compile(r"weak rule vetoed by the model: best score ([\d.]+) \((\S+)\) < ([\d.]+)$")
_CONFIRMED_RE = re.compile(r"weak rule confirmed by the model: (\S+) score ([\d.]+) >= ([\d.]+)$")


def veto_text(why: str, lang: str) -> str:
    """The model's word on a weak rule's hit (compliance/model.py writes it in English), in
    the reader's language."""
    if lang != "zh" or not why:
        return why
    if why.startswith("weak rule: the model does not score so short a sentence"):
        return "弱规则：句子太短，模型不打分，命中保留"
    m = _VETOED_RE.match(why)
    if m:
        return f"弱规则被模型否决：最高得分 {m.group(1)}（{m.group(2)}）< {m.group(3)}"
    m = _CONFIRMED_RE.match(why)
    if m:
        return f"弱规则经模型确认：{m.group(1)} 得分 {m.group(2)} ≥ {m.group(3)}"
    return why


def _render(text: str, result: CheckResult, lang: str, console: Console, explain: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(_highlighted(text, result))
    console.print()
    verdict_style = {"ok": "bold green", "warn": "bold yellow", "block": "bold red"}
    console.print(Text(tr(TEXT, result.verdict, lang), style=verdict_style[result.verdict]))
    if explain and result.vetoed:
        console.print(Text(tr(TEXT, "vetoed", lang), style="bold"))
        for hit in result.vetoed:
            line = Text(f"{hit.rule}  ", style="bold")
            line.append(f"{hit.match!r} {tr(TEXT, 'where', lang)} {hit.start}–{hit.end}")
            line.append(f"\n    {veto_text(hit.veto, lang)}", style="dim")
            console.print(line)
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
        match = Text(hit.match.translate(_PICTURES), style=style)
        match.append(f"\n{tr(TEXT, 'where', lang)} {hit.start}–{hit.end}", style="dim")
        table.add_row(Text(hit.severity, style=style), match, explanation)
    console.print(table)
    if explain:
        console.print(Text(tr(TEXT, "explain", lang), style="bold"))
        for hit in result.hits:
            line = Text(f"{hit.rule}  ", style="bold")
            colon = "：" if lang == "zh" else ": "
            line.append(f"{tr(TEXT, 'pattern', lang)}{colon}{pattern_text(hit.pattern, lang)}")
            for concept, matched in hit.concepts:
                line.append("\n    ")
                line.append(concept if concept == "phrase" else f"@{concept}", style="cyan")
                line.append(" ← ")
                line.append(matched, style=SEVERITY_STYLE.get(hit.severity, ""))
            if hit.veto:
                line.append(f"\n    {veto_text(hit.veto, lang)}", style="dim")
            console.print(line)
