"""Compliance checking of what agents (and the assistant) send: marketing lures, rate quotes
without an annualised rate, abusive collection, personal data.

    from loancs.core.compliance import load_rules
    rules = load_rules()                      # shipped zh + en packs (+ a lender's file)
    result = rules.check("放心，这笔肯定能批下来")
    result.verdict, [(h.rule, h.start, h.end, h.match) for h in result.hits]

Modules: :mod:`.engine` (RuleSet, hits), :mod:`.rules` (rule files), :mod:`.concepts`
(concept patterns), :mod:`.scope` (negation, clauses), :mod:`.pinyin` (sound view),
:mod:`.rates` (rate quotes and their APR), :mod:`.contact` (quiet hours, attempt cap).
"""

from loancs.core.compliance.contact import (
    ContactDecision,
    ContactPolicy,
    ContactPolicyError,
    check_contact,
    in_quiet_hours,
    local_day,
)
from loancs.core.compliance.engine import (
    CheckResult,
    Hit,
    RuleSet,
    default_packs,
    load_rules,
)
from loancs.core.compliance.rules import (
    CATEGORIES,
    SEVERITIES,
    Rule,
    RuleFileError,
    RulePack,
    merge_packs,
    parse_rules,
)

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "CheckResult",
    "ContactDecision",
    "ContactPolicy",
    "ContactPolicyError",
    "Hit",
    "Rule",
    "RuleFileError",
    "RulePack",
    "RuleSet",
    "check_contact",
    "default_packs",
    "in_quiet_hours",
    "load_rules",
    "local_day",
    "merge_packs",
    "parse_rules",
]
