"""The loan calculator: principal, rate, term and method give a schedule as you type; tabs
for prepayment and APR. From a conversation, ctrl+s puts a compliant summary (it always
states the APR) into the reply box."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Select, Static, TabbedContent, TabPane

from loancs.core.finance import (
    METHODS,
    PREPAY_MODES,
    LoanInputError,
    LoanSpec,
    apr_from_spec,
    format_money,
    method_name,
    prepay,
    schedule,
    summary_text,
)
from loancs.tui.i18n import t
from loancs.tui.keys import bind_scope
from loancs.tui.prefill import from_messages, typed_amount
from loancs.tui.screens.base import ConsoleScreen
from loancs.tui.session import Session
from loancs.tui.widgets.key_footer import KeyFooter
from loancs.tui.widgets.status_bar import StatusBar

TABS = ("tab-schedule", "tab-prepay", "tab-apr")
FLAG_LABELS = {
    "--principal": "calc.principal",
    "--rate": "calc.rate",
    "--months": "calc.months",
    "--method": "calc.method",
    "--after": "calc.after",
    "--amount": "calc.amount",
    "--mode": "calc.mode",
    "--fee": "calc.fee",
    "--flat-fee": "calc.flat_fee",
}


def _field(label: str, widget: Widget) -> Vertical:
    return Vertical(Label(label), widget, classes="field")


@lru_cache(maxsize=1)
def _catalog() -> Any:
    try:
        from loancs.assistant_files import read_catalog

        return read_catalog()
    except Exception:  # no catalog: the calculator says its rate is an example
        return None


def product_for(loan_type: str | None) -> Any:
    """The lender's product for a loan type (its lowest APR starts the calculator)."""
    catalog = _catalog()
    if catalog is None or not loan_type:
        return None
    return next((prod for prod in catalog.products if prod.type == loan_type), None)


class CalculatorScreen(ConsoleScreen[str | None]):
    DEFAULT_CSS = """
    CalculatorScreen .fields { height: auto; }
    CalculatorScreen .field { width: 1fr; height: auto; padding: 0 1 0 0; }
    CalculatorScreen .field Label { color: $text-muted; }
    CalculatorScreen #calc-result { height: auto; padding: 0 1; border: round $primary; }
    CalculatorScreen #calc-summary { height: auto; padding: 0 1; color: $text; }
    CalculatorScreen #calc-source { height: auto; padding: 0 1; color: $text-muted; }
    CalculatorScreen TabbedContent { height: 1fr; }
    CalculatorScreen #schedule { height: 1fr; }
    CalculatorScreen .tab-result { height: auto; padding: 1; }
    """

    def __init__(
        self,
        session: Session,
        lang: str,
        for_reply: bool,
        principal: str = "200000",
        months: str = "36",
        *,
        rate: str = "4.9",
        rate_source: str = "",
        reply_lang: str | None = None,
        prefilled_from: str = "",
    ):
        super().__init__(session, lang)
        self.for_reply = for_reply
        self.defaults = {"principal": principal, "rate": rate, "months": months}
        self.rate_source = rate_source or t("calc.rate_from.default", lang)
        self.prefilled_from = prefilled_from
        self.reply_lang = reply_lang or lang  # the summary speaks the customer's language
        self.spec: LoanSpec | None = None
        self.prepay_result: Any = None
        self.apr_result: dict[str, Any] | None = None
        bind_scope(self, "calculator", lang)

    @classmethod
    def for_conversation(
        cls, session: Session, lang: str, row: dict[str, Any], said: list[str]
    ) -> CalculatorScreen:
        """The calculator, pre-filled from a conversation: amount and term from what the
        customer wrote (``said``, else the application's amount), the rate from the lender's
        product for this loan type; the summary is in the customer's language."""
        principal, months, prefilled = "200000", "36", ""
        rate, source, reply_lang = "4.9", "", lang
        amount = row.get("amount")
        if amount:
            principal = str(amount).split(".")[0] if str(amount).endswith(".00") else str(amount)
        found = from_messages(said)
        if found.principal or found.months:
            principal = found.principal or principal
            months = found.months or months
            prefilled = t("calc.prefilled", lang)
        product = product_for(row.get("loan_type"))
        if product is not None:
            rate = f"{product.apr_min:g}"
            months = months if found.months else str(product.default_term)
            source = t(
                "calc.rate_from.product",
                lang,
                name=product.display_name(lang),
                low=f"{product.apr_min:g}",
                high=f"{product.apr_max:g}",
            )
        if row.get("language") in ("zh", "en"):
            reply_lang = row["language"]
        return cls(
            session,
            lang,
            True,
            principal,
            months,
            rate=rate,
            rate_source=source,
            reply_lang=reply_lang,
            prefilled_from=prefilled,
        )

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield StatusBar(self.session, lang)
        with Horizontal(classes="fields"):
            yield _field(
                t("calc.principal", lang), Input(self.defaults["principal"], id="principal")
            )
            yield _field(t("calc.rate", lang), Input(self.defaults["rate"], id="rate"))
            yield _field(t("calc.months", lang), Input(self.defaults["months"], id="months"))
            yield _field(
                t("calc.method", lang),
                Select(
                    [(method_name(m, lang), m) for m in METHODS],
                    value="annuity",
                    allow_blank=False,
                    id="method",
                ),
            )
        yield Static(id="calc-source")
        yield Static(id="calc-result")
        with TabbedContent(id="tabs"):
            with TabPane(t("calc.tab.schedule", lang), id="tab-schedule"):
                yield DataTable(id="schedule", zebra_stripes=True, cursor_type="row")
            with TabPane(t("calc.tab.prepay", lang), id="tab-prepay"):
                with Horizontal(classes="fields"):
                    yield _field(t("calc.after", lang), Input("12", id="after"))
                    yield _field(t("calc.amount", lang), Input("50000", id="amount"))
                    yield _field(
                        t("calc.mode", lang),
                        Select(
                            [(t(f"mode.{m}", lang), m) for m in PREPAY_MODES],
                            value="reduce-payment",
                            allow_blank=False,
                            id="mode",
                        ),
                    )
                yield Static(id="prepay-result", classes="tab-result")
            with TabPane(t("calc.tab.apr", lang), id="tab-apr"):
                with Horizontal(classes="fields"):
                    yield _field(t("calc.fee", lang), Input("0", id="fee"))
                    yield _field(t("calc.flat_fee", lang), Input("0", id="flat"))
                yield Static(id="apr-result", classes="tab-result")
        yield Static(id="calc-summary")
        yield KeyFooter("calculator")

    def on_mount(self) -> None:
        table = self.query_one("#schedule", DataTable)
        width = 12 if self.size.width < 100 else 14
        for key in ("period", "payment", "principal", "interest", "balance"):
            table.add_column(t(f"calc.col.{key}", self.lang), key=key, width=width)
        for inp in self.query(Input):
            inp.cursor_blink = self.session.ticking
        self.query_one("#principal", Input).focus()
        self.recompute()

    def _value(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        assert isinstance(widget, (Input, Select))
        return str(widget.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "rate" and event.value != self.defaults["rate"]:
            self.rate_source = t("calc.rate_from.typed", self.lang)
        self.recompute()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.recompute()

    def _error(self, exc: Exception) -> Text:
        """A sentence naming the field as the form labels it (never a CLI flag)."""
        lang = self.lang
        text = exc.text(lang) if isinstance(exc, LoanInputError) else str(exc)
        flag, sep, rest = text.partition(": ")
        if sep and flag.startswith("--"):
            label = t(FLAG_LABELS.get(flag, "calc.field"), lang)
            text = f"{label}：{rest}。" if lang == "zh" else f"{label}: {rest}."
        elif not isinstance(exc, LoanInputError):
            text = t("calc.bad_number", lang)
        return Text("✗ " + text, style="bold red")

    def recompute(self) -> None:
        lang = self.lang
        result = self.query_one("#calc-result", Static)
        try:
            # LoanSpec parses and checks the text itself (its errors name the field).
            spec = LoanSpec(
                principal=cast(Decimal, typed_amount(self._value("principal"))),
                annual_rate_pct=cast(Decimal, self._value("rate")),
                months=cast(int, self._value("months")),
                method=self._value("method"),
            )
            sched = schedule(spec)
            apr = apr_from_spec(spec).to_json_dict()
        except (LoanInputError, InvalidOperation, ValueError) as exc:
            self.spec = None
            result.update(self._error(exc))
            self.query_one("#calc-summary", Static).update("")
            return
        self.spec = spec
        colon = "：" if lang == "zh" else ": "
        source = Text(t("calc.rate_source", lang) + colon + self.rate_source, style="dim")
        if self.prefilled_from:
            source.append("  · " + self.prefilled_from, style="dim")
        self.query_one("#calc-source", Static).update(source)
        first = spec.method != "annuity"  # 等额本金: the payment falls; show the first one
        line = Text()
        for key, value in (
            ("calc.first_payment" if first else "calc.payment", format_money(sched.payment)),
            ("calc.total_interest", format_money(sched.total_interest)),
            ("calc.total_payment", format_money(sched.total_payment)),
            ("calc.apr", apr["apr"] + "%"),
        ):
            line.append(t(key, lang) + " ", style="dim")
            line.append(value + "   ", style="bold")
        result.update(line)
        table = self.query_one("#schedule", DataTable)
        table.clear()
        for row in sched.rows:
            table.add_row(
                str(row.period),
                *(
                    Text(format_money(v), justify="right")
                    for v in (row.payment, row.principal, row.interest, row.balance)
                ),
            )
        summary = Text(t("calc.summary", lang) + ": ", style="dim")
        summary.append(self.summary_for_tab() or "")
        if not self.for_reply:
            summary.append("  (" + t("calc.no_reply", lang) + ")", style="dim italic")
        self.query_one("#calc-summary", Static).update(summary)
        self._prepay(spec)
        self._apr(spec)

    def _prepay(self, spec: LoanSpec) -> None:
        out = self.query_one("#prepay-result", Static)
        lang = self.lang
        try:
            amount = typed_amount(self._value("amount")) or "0"
            res = prepay(spec, int(self._value("after") or 0), Decimal(amount), self._value("mode"))
        except (LoanInputError, InvalidOperation, ValueError) as exc:
            out.update(self._error(exc))
            return
        self.prepay_result = res
        text = Text()
        for key, value in (
            ("calc.new_payment", format_money(res.new_payment)),
            ("calc.remaining", str(res.remaining_months)),
            ("calc.saved", format_money(res.interest_saved)),
            ("calc.settlement", format_money(res.settlement_amount)),
        ):
            text.append(f"{t(key, lang)}: ", style="dim")
            text.append(value + "\n", style="bold")
        # No penalty rule is known here: say so instead of showing an invented 0.00.
        text.append(f"{t('calc.penalty', lang)}: ", style="dim")
        text.append(t("calc.penalty_contract", lang) + "\n", style="italic")
        out.update(text)

    def _apr(self, spec: LoanSpec) -> None:
        out = self.query_one("#apr-result", Static)
        lang = self.lang
        try:
            res = apr_from_spec(
                spec,
                cast(Decimal, self._value("fee") or "0"),
                cast(Decimal, self._value("flat") or "0"),
            ).to_json_dict()
        except (LoanInputError, InvalidOperation, ValueError) as exc:
            out.update(self._error(exc))
            return
        self.apr_result = res
        text = Text()
        for key, value in (
            ("calc.apr", res["apr"] + "%"),
            ("calc.effective", res["effective_annual_rate"] + "%"),
            ("calc.irr", res["monthly_irr"] + "%"),
        ):
            text.append(f"{t(key, lang)}: ", style="dim")
            text.append(value + "\n", style="bold")
        out.update(text)

    # ------------------------------------------------------------------ actions
    def summary_for_tab(self) -> str | None:
        """The summary of the tab that is open, in the customer's language; every one
        states the APR (a compliant quote)."""
        spec, lang = self.spec, self.reply_lang
        if spec is None:
            return None
        try:
            active = self.query_one(TabbedContent).active
        except Exception:
            active = TABS[0]
        base = summary_text(spec, lang)
        apr = apr_from_spec(spec).to_json_dict()["apr"]
        if active == "tab-prepay" and self.prepay_result is not None:
            res = self.prepay_result
            return t(
                "calc.say.prepay",
                lang,
                amount=format_money(res.amount),
                after=res.after,
                mode=t(f"mode.{res.mode}", lang),
                payment=format_money(res.new_payment),
                months=res.remaining_months,
                saved=format_money(res.interest_saved),
                apr=apr,
            )
        if active == "tab-apr" and self.apr_result is not None:
            return t(
                "calc.say.apr",
                lang,
                principal=format_money(spec.principal),
                months=spec.months,
                fee=self._value("fee") or "0",
                flat=self._value("flat") or "0",
                apr=self.apr_result["apr"],
                effective=self.apr_result["effective_annual_rate"],
            )
        return base

    def on_tabbed_content_tab_activated(self) -> None:
        self.recompute()

    def action_insert(self) -> None:
        if not self.for_reply:
            self.notify(t("calc.no_reply", self.lang), severity="warning")
            return
        text = self.summary_for_tab()
        if text is None:
            self.ring()
            return
        self.dismiss(text)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_next_method(self) -> None:
        select = self.query_one("#method", Select)
        select.value = METHODS[(METHODS.index(str(select.value)) + 1) % len(METHODS)]

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = (
            TABS[(TABS.index(tabs.active) + 1) % len(TABS)] if tabs.active in TABS else TABS[0]
        )
