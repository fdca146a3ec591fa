"""read_rates: the parser of `loancs check`, with no rule set, keeping the quotes the check lets
pass (asked about, reported, beside their APR)."""

from decimal import Decimal

import pytest

from loancs.core.compliance.rates import read_rates


@pytest.mark.parametrize(
    ("text", "rate", "kind", "months"),
    [
        ("三分利一年多少", "3", "monthly", None),
        ("人家说是三分利", "3", "monthly", None),
        ("两分钱一块", "2", "monthly", None),
        ("日息万五", "0.05", "daily", None),
        ("日息5厘", "0.05", "daily", None),
        ("月息一分五，年化18%", "1.5", "monthly", None),
        ("一千块每天利息三毛五", "0.035", "daily", None),
        ("每期手续费0.6% 分12期", "0.6", "flat_monthly", 12),
        ("daily rate 0.05%, what is that per year?", "0.05", "daily", None),
        ("2% a month, apr?", "2", "monthly", None),
    ],
)
def test_a_stated_rate_is_read_with_its_period(text, rate, kind, months) -> None:
    quotes = read_rates(text)
    assert quotes, text
    q = quotes[0]
    assert (q.rate_pct, q.kind, q.months) == (Decimal(rate), kind, months)
    assert 0 <= q.start < q.end <= len(text)


@pytest.mark.parametrize("text", ["年利率18%", "一分利息都不收", "借10万分36期", "hello"])
def test_no_periodic_rate_is_read_where_none_is_stated(text) -> None:
    assert read_rates(text) == []


def test_spoken_money_typed_with_digits_reads_whole() -> None:
    # "2元5" is 2.5 yuan on each 10,000 a day, not 2 (lead, session 24)
    quotes = read_rates("每万元每天利息2元5，年化算下来多少")
    assert quotes and (quotes[0].rate_pct, quotes[0].kind) == (Decimal("0.025"), "daily")
