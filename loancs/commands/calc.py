"""``loancs calc``: repayment schedules, prepayment and annualised rates from the shell.

Every value option is read as text and validated by the engine, so any bad input ends in
one line naming the flag and exit status 2 (never a traceback).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, cast

import typer
from rich.console import Console
from rich.table import Table

from loancs.core.finance import (
    AprResult,
    Instalment,
    LoanInputError,
    LoanSpec,
    PenaltyRule,
    apr_from_flows,
    apr_from_spec,
    format_money,
    method_name,
    parse_flows,
    parse_months,
    pct_str,
    prepay,
    quote_to_apr,
    schedule,
    to_decimal,
)
from loancs.i18n import detect_lang, tr

calc_app = typer.Typer(
    name="calc",
    help="Loan calculator: repayment schedules, prepayment and annualised rate (APR).\n\n"
    "Example: loancs calc schedule --principal 1000000 --rate 4.9 --months 360",
    rich_markup_mode="rich",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_BAD_INPUT = 2
HEAD_TAIL = 12  # rows shown at each end of a long schedule without --all

TEXT: dict[str, tuple[str, str]] = {
    "error": ("错误", "error"),
    "principal": ("贷款金额", "Principal"),
    "rate": ("年利率", "Annual rate"),
    "apr": ("年化利率（单利，IRR法）", "APR (simple, IRR method)"),
    "effective": ("实际年化利率（复利）", "Effective annual rate (compound)"),
    "monthly_irr": ("月内部收益率", "Monthly IRR"),
    "months": ("期数", "Months"),
    "method": ("还款方式", "Method"),
    "rounding": ("取整方式", "Rounding"),
    "display": ("展示口径（与公开计算器一致）", "display (matches public calculators)"),
    "ledger": ("记账口径（逐期取整，末期轧差）", "ledger (rows to the cent, last absorbs residue)"),
    "payment": ("首期月供", "First payment"),
    "total_interest": ("总利息", "Total interest"),
    "total_payment": ("还款总额", "Total repaid"),
    "period": ("期", "No."),
    "col_payment": ("月供", "Payment"),
    "col_principal": ("本金", "Principal"),
    "col_interest": ("利息", "Interest"),
    "col_balance": ("剩余本金", "Balance"),
    "truncated": (
        "共{n}期，仅显示前{k}期和后{k}期；加 --all 查看全部。",
        "{n} instalments; showing the first {k} and last {k}. Use --all for every row.",
    ),
    "schedule_title": ("还款计划", "Repayment schedule"),
    "new_schedule_title": ("提前还款后的还款计划", "Schedule after prepayment"),
    "prepay_title": ("提前还款", "Prepayment"),
    "after": ("在第几期后", "After instalment"),
    "mode": ("方式", "Mode"),
    "reduce-payment": ("减少月供", "reduce payment"),
    "shorten-term": ("缩短期限（月供不变，末期较少）", "shorten term (same payment, smaller last)"),
    "settle": ("一次性结清", "settle in full"),
    "balance_before": ("提前还款前剩余本金", "Balance before prepayment"),
    "amount": ("提前还本金额", "Principal prepaid"),
    "new_payment": ("新月供", "New payment"),
    "remaining_months": ("剩余期数", "Months remaining"),
    "final_payment": ("末期还款", "Final payment"),
    "interest_saved": ("节省利息", "Interest saved"),
    "penalty": ("违约金", "Penalty"),
    "accrued_interest": ("应计利息（按日/360）", "Accrued interest (days/360)"),
    "settlement_amount": ("本次需支付", "Due now"),
    "before_totals": ("原计划 总利息 / 还款总额", "Before: total interest / total repaid"),
    "after_totals": ("提前还款后 总利息 / 还款总额", "After: total interest / total repaid"),
    "apr_title": ("年化利率（IRR法）", "Annualised rate (IRR method)"),
    "upfront_fee": ("前置手续费", "Upfront fee"),
    "flat_fee": ("每月固定费率（按本金）", "Flat monthly fee (of principal)"),
    "flows": ("现金流笔数", "Cash flows"),
    "quote": ("报价", "Quote"),
    "apr_note": (
        "年化利率 = 12 × 月内部收益率（单利）；实际年化 = (1+月IRR)^12 − 1。",
        "APR = 12 × monthly IRR (simple); effective = (1 + monthly IRR)^12 − 1.",
    ),
    "required": ("必须提供", "is required"),
    "both": (
        "不能与贷款参数同时使用：请二选一",
        "cannot be combined with the loan flags: use one or the other",
    ),
}

# ------------------------------------------------------------------ shared options

Principal = Annotated[
    str | None,
    typer.Option("--principal", "-p", metavar="YUAN", help="Loan amount in yuan, e.g. 1000000."),
]
Rate = Annotated[
    str | None,
    typer.Option("--rate", "-r", metavar="PCT", help="Nominal annual rate in percent, e.g. 4.9."),
]
Months = Annotated[
    str | None, typer.Option("--months", "-n", metavar="N", help="Term in months, e.g. 360.")
]
Method = Annotated[
    str,
    typer.Option(
        "--method",
        "-m",
        metavar="METHOD",
        help="annuity (等额本息) | equal-principal (等额本金) | "
        "interest-only (先息后本) | bullet (一次性还本付息).",
    ),
]
Rounding = Annotated[
    str,
    typer.Option(
        "--rounding",
        metavar="display|ledger",
        help="display (default: exact, round only what is shown) | ledger (rows to the cent).",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")]
Lang = Annotated[
    str | None,
    typer.Option(
        "--lang", metavar="zh|en", help="zh or en (default: LOANCS_LANG, then the locale)."
    ),
]
ShowAll = Annotated[bool, typer.Option("--all", help="Show every row of a long schedule.")]

# the largest daily or monthly rate `calc apr` takes, in percent (1025% a day still works)
MAX_QUOTE_PCT = 1_000_000


def register(app: typer.Typer) -> None:
    app.add_typer(calc_app, name="calc")


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _resolve_lang(lang: str | None) -> str:
    try:
        return detect_lang(lang)
    except ValueError as exc:
        _fail(f"error: --lang: {exc}")
    return "en"  # unreachable


def _run(lang: str | None, body: Callable[[str], None]) -> None:
    """Run a command body; bad input becomes one line on stderr and exit status 2."""
    code = _resolve_lang(lang)
    try:
        body(code)
    except LoanInputError as exc:
        _fail(f"{tr(TEXT, 'error', code)}: {exc.text(code)}")
    except typer.BadParameter as exc:
        name = exc.param_hint or (exc.param.opts[0] if exc.param else "")
        _fail(f"{tr(TEXT, 'error', code)}: {name}: {exc.message}")


def _require(value: str | None, flag: str, lang: str) -> str:
    if value is None or not value.strip():
        raise LoanInputError(flag, "is required", "必须提供")
    return value


def _spec(
    principal: str | None,
    rate: str | None,
    months: str | None,
    method: str,
    rounding: str,
    lang: str,
    *,
    rate_default: str | None = None,
) -> LoanSpec:
    principal = _require(principal, "--principal", lang)
    rate = rate if rate is not None else rate_default
    rate = _require(rate, "--rate", lang)
    months = _require(months, "--months", lang)
    return LoanSpec(
        principal=to_decimal(principal, "--principal"),
        annual_rate_pct=to_decimal(rate, "--rate"),
        months=parse_months(months),  # range checked by LoanSpec
        method=method,
        rounding=rounding,
    )


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _echo_json(obj: dict[str, Any]) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False))


def _kv_table(title: str, pairs: list[tuple[str, str]]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left", box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for key, value in pairs:
        table.add_row(key, value)
    return table


def _rows_table(title: str, rows: tuple[Instalment, ...], lang: str, show_all: bool) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(tr(TEXT, "period", lang), justify="right")
    for key in ("col_payment", "col_principal", "col_interest", "col_balance"):
        table.add_column(tr(TEXT, key, lang), justify="right")
    shown: list[Instalment | None] = list(rows)
    if not show_all and len(rows) > 2 * HEAD_TAIL + 1:
        shown = [*rows[:HEAD_TAIL], None, *rows[-HEAD_TAIL:]]
    for row in shown:
        if row is None:
            table.add_row("…", "…", "…", "…", "…")
            continue
        table.add_row(
            str(row.period),
            format_money(row.payment),
            format_money(row.principal),
            format_money(row.interest),
            format_money(row.balance),
        )
    if len(shown) < len(rows):
        table.caption = tr(TEXT, "truncated", lang, n=len(rows), k=HEAD_TAIL)
    return table


def _spec_pairs(spec: LoanSpec, lang: str) -> list[tuple[str, str]]:
    apr = apr_from_spec(spec).to_json_dict()
    return [
        (tr(TEXT, "principal", lang), format_money(spec.principal)),
        (tr(TEXT, "rate", lang), f"{pct_str(spec.annual_rate_pct)}%"),
        (tr(TEXT, "apr", lang), f"{apr['apr']}%"),
        (tr(TEXT, "months", lang), str(spec.months)),
        (tr(TEXT, "method", lang), method_name(spec.method, lang)),
        (tr(TEXT, "rounding", lang), tr(TEXT, spec.rounding, lang)),
    ]


# ------------------------------------------------------------------ commands


@calc_app.command("schedule")
def schedule_command(
    principal: Principal = None,
    rate: Rate = None,
    months: Months = None,
    method: Method = "annuity",
    rounding: Rounding = "display",
    as_json: Json = False,
    show_all: ShowAll = False,
    lang: Lang = None,
) -> None:
    """Monthly payment, total interest and the full repayment schedule.

    Example: loancs calc schedule --principal 1000000 --rate 4.9 --months 360 --method annuity
    """

    def body(code: str) -> None:
        spec = _spec(principal, rate, months, method, rounding, code)
        result = schedule(spec)
        if as_json:
            _echo_json(result.to_json_dict())
            return
        pairs = _spec_pairs(spec, code) + [
            (tr(TEXT, "payment", code), format_money(result.payment)),
            (tr(TEXT, "total_interest", code), format_money(result.total_interest)),
            (tr(TEXT, "total_payment", code), format_money(result.total_payment)),
        ]
        console = _console()
        console.print(_kv_table(tr(TEXT, "schedule_title", code), pairs))
        console.print(_rows_table("", result.rows, code, show_all))

    _run(lang, body)


@calc_app.command("prepay")
def prepay_command(
    principal: Principal = None,
    rate: Rate = None,
    months: Months = None,
    method: Method = "annuity",
    rounding: Rounding = "display",
    after: Annotated[
        str | None,
        typer.Option(
            "--after",
            "-k",
            metavar="K",
            help="Prepay right after this instalment (0 = before the first).",
        ),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount",
            "-a",
            metavar="YUAN",
            help="Principal to prepay, in yuan (not needed for settle).",
        ),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option(
            "--mode",
            metavar="MODE",
            help="reduce-payment (减少月供) | shorten-term (缩短期限) | settle (结清).",
        ),
    ] = None,
    penalty_pct: Annotated[
        str | None,
        typer.Option(
            "--penalty-pct",
            metavar="PCT",
            help="Penalty (违约金) in percent of the amount prepaid.",
        ),
    ] = None,
    penalty_months: Annotated[
        str | None,
        typer.Option(
            "--penalty-months",
            metavar="N",
            help="Charge the penalty only when prepaying within this many months (default: always).",
        ),
    ] = None,
    days: Annotated[
        str,
        typer.Option(
            "--days",
            metavar="DAYS",
            help="Settle: days since the last due date, for accrued interest.",
        ),
    ] = "0",
    as_json: Json = False,
    show_all: ShowAll = False,
    lang: Lang = None,
) -> None:
    """Prepay part of the principal (or settle) after instalment K: new payment, term, interest saved.

    Example: loancs calc prepay --principal 1000000 --rate 4.9 --months 360 --after 24 --amount 200000 --mode shorten-term
    """

    def body(code: str) -> None:
        spec = _spec(principal, rate, months, method, rounding, code)
        after_text = _require(after, "--after", code)
        mode_text = _require(mode, "--mode", code)
        rule = _penalty_rule(penalty_pct, penalty_months)
        # The texts as typed: prepay parses them and words the errors.
        result = prepay(
            spec, cast(Any, after_text), cast(Any, amount), mode_text, rule, cast(Any, days)
        )
        if as_json:
            _echo_json(result.to_json_dict())
            return
        pairs = _spec_pairs(spec, code) + [
            (tr(TEXT, "after", code), str(result.after)),
            (tr(TEXT, "mode", code), tr(TEXT, result.mode, code)),
            (tr(TEXT, "balance_before", code), format_money(result.balance_before)),
            (tr(TEXT, "amount", code), format_money(result.amount)),
        ]
        if result.mode == "settle":
            pairs += [
                (tr(TEXT, "accrued_interest", code), format_money(result.accrued_interest)),
                (tr(TEXT, "penalty", code), format_money(result.penalty)),
                (tr(TEXT, "settlement_amount", code), format_money(result.settlement_amount)),
            ]
        else:
            pairs += [
                (tr(TEXT, "penalty", code), format_money(result.penalty)),
                (tr(TEXT, "new_payment", code), format_money(result.new_payment)),
                (tr(TEXT, "remaining_months", code), str(result.remaining_months)),
                (tr(TEXT, "final_payment", code), format_money(result.final_payment)),
            ]
        pairs += [
            (tr(TEXT, "interest_saved", code), format_money(result.interest_saved)),
            (
                tr(TEXT, "before_totals", code),
                f"{format_money(result.before_total_interest)} / "
                f"{format_money(result.before_total_payment)}",
            ),
            (
                tr(TEXT, "after_totals", code),
                f"{format_money(result.after_total_interest)} / "
                f"{format_money(result.after_total_payment)}",
            ),
        ]
        console = _console()
        console.print(_kv_table(tr(TEXT, "prepay_title", code), pairs))
        if result.rows:
            console.print(
                _rows_table(tr(TEXT, "new_schedule_title", code), result.rows, code, show_all)
            )

    _run(lang, body)


def _penalty_rule(pct: str | None, months: str | None) -> PenaltyRule | None:
    if pct is None and months is None:
        return None
    within = None
    if months is not None:
        text = months.strip()
        if not text.isdigit():
            raise LoanInputError(
                "--penalty-months",
                f"expected a whole number of months, got {months!r}",
                f"需要整数月数，收到 {months!r}",
            )
        within = int(text)
    return PenaltyRule(to_decimal(pct if pct is not None else "0", "--penalty-pct"), within)


@calc_app.command("apr")
def apr_command(
    principal: Principal = None,
    rate: Rate = None,
    months: Months = None,
    method: Method = "annuity",
    rounding: Rounding = "display",
    upfront_fee: Annotated[
        str | None,
        typer.Option(
            "--upfront-fee", metavar="YUAN", help="Fee deducted up front, in yuan (砍头息/手续费)."
        ),
    ] = None,
    flat_monthly_fee: Annotated[
        str | None,
        typer.Option(
            "--flat-monthly-fee",
            metavar="PCT",
            help="Flat fee per month in percent of the original principal (等本等息), e.g. 0.5.",
        ),
    ] = None,
    flows: Annotated[
        str | None,
        typer.Option(
            "--flows",
            metavar="FLOWS",
            help='Explicit monthly cash flows from month 0, "amount*count" repeats: "-99000,8833.3*12".',
        ),
    ] = None,
    daily_rate: Annotated[
        str | None,
        typer.Option(
            "--daily-rate",
            metavar="PCT",
            help="Convert a daily-rate quote (percent a day, 日息) to an APR.",
        ),
    ] = None,
    monthly_rate: Annotated[
        str | None,
        typer.Option(
            "--monthly-rate",
            metavar="PCT",
            help="Convert a monthly-rate quote (percent a month, 月息) to an APR.",
        ),
    ] = None,
    as_json: Json = False,
    lang: Lang = None,
) -> None:
    """Annualised rate (年化利率) by the IRR method: simple APR, effective rate, monthly IRR.

    Example: loancs calc apr --principal 100000 --months 12 --flat-monthly-fee 0.5

    Example: loancs calc apr --flows "-99000,8833.3*12"
    """

    def body(code: str) -> None:
        loan_given = any(v is not None for v in (principal, rate, months, upfront_fee))
        pairs: list[tuple[str, str]] = []
        source: dict[str, Any]
        quotes = [
            (f, v) for f, v in (("--daily-rate", daily_rate), ("--monthly-rate", monthly_rate)) if v
        ]
        if flows is not None:
            if loan_given or flat_monthly_fee is not None or quotes:
                raise LoanInputError("--flows", *_both())
            values = parse_flows(flows)
            result = apr_from_flows(values)
            source = {"source": "flows", "flows": [f"{v:f}" for v in values]}
            pairs.append((tr(TEXT, "flows", code), str(len(values))))
        elif quotes:
            flag, value = quotes[0]
            if loan_given or flat_monthly_fee is not None or len(quotes) > 1:
                raise LoanInputError(flag, *_both())
            kind = "daily" if flag == "--daily-rate" else "monthly"
            quoted = to_decimal(value, flag)
            if quoted > MAX_QUOTE_PCT:
                # a calculator question, not a figure anyone quotes: the effective rate of a
                # daily 1e30% has ~4,000 digits and did not fit the decimal context (a traceback)
                raise LoanInputError(
                    flag,
                    f"must be at most {MAX_QUOTE_PCT:,} percent, got {value}",
                    f"不能超过 {MAX_QUOTE_PCT:,}%，收到 {value}",
                )
            result = quote_to_apr(kind, quoted)
            source = {"source": "quote", "quote": kind, "quote_rate": pct_str(quoted)}
            pairs.append((tr(TEXT, "quote", code), f"{flag} {pct_str(quoted)}%"))
        else:
            spec = _spec(principal, rate, months, method, rounding, code, rate_default="0")
            fee = to_decimal(upfront_fee or "0", "--upfront-fee")
            flat = to_decimal(flat_monthly_fee or "0", "--flat-monthly-fee")
            result = apr_from_spec(spec, fee, flat)
            source = {
                "source": "loan",
                **spec.inputs_json(),
                "upfront_fee": f"{fee:.2f}",
                "flat_monthly_fee": pct_str(flat),
            }
            pairs += _spec_pairs(spec, code)[:2] + _spec_pairs(spec, code)[3:5]
            pairs += [
                (tr(TEXT, "upfront_fee", code), format_money(fee)),
                (tr(TEXT, "flat_fee", code), f"{pct_str(flat)}%"),
            ]
        if as_json:
            _echo_json({**result.to_json_dict(), **source})
            return
        _print_apr(result, pairs, code)

    _run(lang, body)


def _both() -> tuple[str, str]:
    zh, en = TEXT["both"]
    return en, zh


def _print_apr(result: AprResult, pairs: list[tuple[str, str]], lang: str) -> None:
    shown = result.to_json_dict()
    pairs = pairs + [
        (tr(TEXT, "apr", lang), f"[bold]{shown['apr']}%[/bold]"),
        (tr(TEXT, "effective", lang), f"{shown['effective_annual_rate']}%"),
        (tr(TEXT, "monthly_irr", lang), f"{shown['monthly_irr']}%"),
    ]
    console = _console()
    console.print(_kv_table(tr(TEXT, "apr_title", lang), pairs))
    console.print(tr(TEXT, "apr_note", lang), markup=False)


if __name__ == "__main__":  # pragma: no cover
    calc_app(sys.argv[1:])
