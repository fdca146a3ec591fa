"""The calculator as an agent uses it: amount and term from what the customer wrote, a rate
that says where it comes from, the first payment of 等额本金 labelled as such, no invented
0.00 penalty, errors as sentences (never CLI flags), and the open tab's summary inserted."""

from __future__ import annotations

from textual.widgets import Input, Select, Static, TabbedContent

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.prefill import from_messages
from loancs.tui.screens.calculator import CalculatorScreen
from tests.test_console_flows import wait_for


def test_amount_and_term_from_the_customers_words():
    assert from_messages(["好的。那月供是多少？18万分36期"]).principal == "180000"
    assert from_messages(["借196,000元分十二期"]).months == "12"
    said = from_messages(["I want 200,000 over 3 years", "and the rate?"])
    assert (said.principal, said.months) == ("200000", "36")
    assert from_messages(["年化利率4.9%"]).principal is None  # a rate is not an amount


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def opened_calculator(app, pilot, source: str):
    """Press c on the inbox and wait until the calculator has drawn its first result (the
    screen is on the stack before that): its rate source line says ``source``."""
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await pilot.press("c")
    calc = await wait_for(pilot, lambda: isinstance(app.screen, CalculatorScreen) and app.screen)
    await wait_for(pilot, lambda: source in text_of(calc, "#calc-source"), what="source")
    return calc


async def test_calculator_labels_sources_and_errors():
    app = ConsoleApp(MemoryService(), lang="zh", now=lambda: T0, ticking=False)
    async with app.run_test(size=(120, 40)) as pilot:
        calc = await opened_calculator(app, pilot, "利率来源")
        calc.query_one("#method", Select).value = "equal-principal"
        await wait_for(pilot, lambda: "首月还款" in text_of(calc, "#calc-result"), what="method")
        calc.query_one(TabbedContent).active = "tab-prepay"
        await wait_for(pilot, lambda: "违约金" in text_of(calc, "#prepay-result"), what="prepay")
        prepay = text_of(calc, "#prepay-result")
        assert "0.00" not in prepay.split("违约金")[1] and "合同" in prepay
        shown = text_of(calc, "#calc-result")
        calc.query_one("#principal", Input).value = "abc"
        await wait_for(pilot, lambda: text_of(calc, "#calc-result") != shown, what="error")
        error = text_of(calc, "#calc-result")
        assert "--" not in error and "本金" in error
        calc.query_one("#principal", Input).value = "100000"
        await wait_for(pilot, lambda: "提前还款" in (calc.summary_for_tab() or ""), what="summary")
        assert "提前还款" in (calc.summary_for_tab() or "")
        assert "年化利率" in (calc.summary_for_tab() or "")


async def test_the_english_calculator_says_where_the_rate_is_from_in_english():
    """The English calculator read "Rate from：an example rate…", with a Chinese colon."""
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        calc = await opened_calculator(app, pilot, "Rate from")
        assert text_of(calc, "#calc-source").startswith("Rate from: an example rate")


def test_an_amount_is_read_as_an_agent_types_it():
    from loancs.tui.prefill import typed_amount

    for typed in ("800,000", "800，000", "８００，０００", "80万", "80万元", "80w", "800000元"):
        assert typed_amount(typed) == "800000", typed
    assert typed_amount("1.5万") == "15000" and typed_amount("50k") == "50000"
    assert typed_amount("abc") == "abc"  # left for the calculator to name the field


async def test_the_calculator_takes_80wan_and_a_chinese_comma():
    """An agent typing 80万 (or 800，000 with the IME's comma) got "本金：expected a number"."""
    app = ConsoleApp(MemoryService(), lang="zh", now=lambda: T0, ticking=False)
    async with app.run_test(size=(120, 40)) as pilot:
        calc = await opened_calculator(app, pilot, "利率来源")
        for typed in ("80万", "800，000"):
            calc.query_one("#principal", Input).value = "abc"
            await wait_for(pilot, lambda: calc.spec is None, what="a bad principal")
            calc.query_one("#principal", Input).value = typed
            await wait_for(pilot, lambda: calc.spec is not None, what=typed)
            assert calc.spec.principal == 800000, typed
        calc.query_one(TabbedContent).active = "tab-prepay"
        calc.query_one("#amount", Input).value = "5万"
        await wait_for(pilot, lambda: "违约金" in text_of(calc, "#prepay-result"), what="prepay")
        assert "✗" not in text_of(calc, "#prepay-result")
