"""A concept pattern is tried when every one of its concepts occurs in a message: the rule set
lists it under the concept a message least often holds (not its first), so that a check of
an ordinary message (which holds 你 and 我) looks at few patterns, and a pattern fires
exactly as before, whichever of its concepts comes first."""

from __future__ import annotations

import functools

from loancs.core.compliance import RuleSet, load_rules

LENDER = (
    '[[rule]]\nid = "acme.you_pay"\ncategory = "collection"\nseverity = "block"\n'
    'patterns = ["@acme_you .. @acme_pay"]\nmessage = "m"\nsuggestion = "s"\n'
    '[[rule]]\nid = "acme.pay_you"\ncategory = "collection"\nseverity = "warn"\n'
    'patterns = ["@acme_pay & @acme_you & @acme_home"]\nmessage = "m"\nsuggestion = "s"\n'
    '[concepts]\nacme_you = ["你", "您"]\nacme_pay = ["还钱", "还款"]\n'
    'acme_home = ["上门"]\n'
)


def rules_of(text: str) -> list[str]:
    return sorted({h.rule for h in lender_rules().check(text).hits if h.rule.startswith("acme.")})


@functools.cache
def lender_rules() -> RuleSet:
    """The shipped packs and LENDER, compiled once, in the process that runs these tests (at
    import, every xdist worker compiled them while collecting, ~1.2 s of CPU each)."""
    return load_rules(text=LENDER)


def test_a_pattern_is_listed_under_its_rarest_concept() -> None:
    listed = {
        plan[2].id: name
        for name, plans in lender_rules()._patterns_by_key.items()
        for plan in plans
        if plan[2].id.startswith("acme.")
    }
    # 你 (one hanzi) is in most messages; 还钱 and 上门 are two hanzi, and 上门 has fewer terms
    assert listed == {"acme.you_pay": "acme_pay", "acme.pay_you": "acme_home"}


def test_the_patterns_fire_whichever_concept_comes_first() -> None:
    assert rules_of("你今天必须还钱") == ["acme.you_pay"]
    assert rules_of("今天还钱，不然我们上门找你") == ["acme.pay_you"]
    assert rules_of("我们上门找你，今天就还款") == ["acme.pay_you", "acme.you_pay"]
    assert rules_of("你好，欢迎咨询") == []
    assert rules_of("还钱的方式有很多") == []  # the rarest concept alone is not enough
