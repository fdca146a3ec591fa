"""How report figures are named and written, in Chinese and English (shared by
`loancs report` and the desk's reports tab). Pure."""

from __future__ import annotations

from typing import Any

from loancs.core import event_labels as labels

# The assistant's intent taxonomy (loancs/core/assistant/intents.py), for people.
INTENT_LABELS: dict[str, tuple[str, str]] = {
    "greeting_smalltalk": ("问候闲聊", "greeting / small talk"),
    "rate_inquiry": ("利率咨询", "rates"),
    "apply_how": ("如何申请", "how to apply"),
    "required_documents": ("所需材料", "documents needed"),
    "eligibility": ("申请条件", "eligibility"),
    "loan_limit": ("额度", "loan limit"),
    "product_recommendation": ("产品推荐", "which product"),
    "application_status": ("申请进度", "application status"),
    "repayment_schedule": ("还款计划", "repayment schedule"),
    "prepayment": ("提前还款", "prepayment"),
    "repayment_method_change": ("变更还款方式", "change repayment method"),
    "overdue_hardship": ("逾期与困难", "overdue / hardship"),
    "contract_terms": ("合同条款", "contract terms"),
    "fees": ("费用", "fees"),
    "credit_report_impact": ("征信影响", "credit report"),
    "account_change": ("账户变更", "account change"),
    "complaint": ("投诉", "complaint"),
    "human_request": ("要求人工", "asked for a person"),
    "fraud_report": ("举报诈骗", "fraud report"),
    "other": ("其他", "other"),
}


def intent_label(intent: str | None, lang: str) -> str:
    pair = INTENT_LABELS.get(intent or "")
    return (pair[0] if lang == "zh" else pair[1]) if pair else str(intent)


COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "group": ("分组", "group"),
    "intent": ("意图", "intent"),
    "messages": ("消息数", "messages"),
    "message_share": ("消息占比", "msg share"),
    "conversations": ("会话数", "conversations"),
    "conversation_share": ("会话占比", "conv. share"),
    "opened": ("新会话", "opened"),
    "customer_messages": ("客户消息", "customer msgs"),
    "first_responses": ("首次响应", "first responses"),
    "first_response_avg_s": ("平均首响(秒)", "avg first resp. s"),
    "service_level": ("服务水平", "service level"),
    "resolved": ("已解决", "resolved"),
    "handling_avg_s": ("平均处理(秒)", "avg handling s"),
    "resolution_rate": ("解决率", "resolution rate"),
    "reopen_rate": ("重开率", "reopen rate"),
    "abandoned": ("放弃", "abandoned"),
    "abandonment_rate": ("放弃率", "abandonment"),
    "replies": ("回复数", "replies"),
    "outcomes": ("结果", "outcomes"),
    "csat_avg": ("满意度", "CSAT"),
    "csat_answers": ("评价数", "ratings"),
    "rule": ("规则", "rule"),
    "category": ("类别", "category"),
    "warnings": ("提醒", "warnings"),
    "blocked": ("拦截", "blocked"),
    "requested": ("邀评", "requested"),
    "answered": ("已评", "answered"),
    "response_rate": ("回复率", "response rate"),
    "score_avg": ("平均分", "avg score"),
    "handoffs": ("转人工", "hand-offs"),
    "containment": ("自助解决率", "containment"),
    "handoff_reasons": ("转人工原因", "hand-off reasons"),
    "prequal_outcomes": ("预审结果", "pre-screening"),
}
RATIOS = {
    "message_share",
    "conversation_share",
    "service_level",
    "resolution_rate",
    "reopen_rate",
    "abandonment_rate",
    "response_rate",
    "containment",
}


# Shorter labels for a table too wide for the screen.
SHORT_LABELS: dict[str, tuple[str, str]] = {"conversations": ("会话数", "conv.")}
# Text figures (a list of outcomes): listed under a table too wide for the screen.
ASIDE = frozenset({"outcomes"})


def column_label(name: str, lang: str, short: bool = False) -> str:
    pair = (SHORT_LABELS.get(name) if short else None) or COLUMN_LABELS.get(name)
    return (pair[0] if lang == "zh" else pair[1]) if pair else name


def two_lines(label: str) -> str:
    """A column label on two lines, cut where its longer line is shortest (at a space, or
    before a bracket: 平均首响(秒))."""
    cuts = [i for i, ch in enumerate(label) if ch in " (（" and i > 0]
    if not cuts:
        return label
    best = min(cuts, key=lambda i: max(len(label[:i]), len(label[i:].lstrip())))
    return label[:best] + "\n" + label[best:].lstrip()


def cell(column: str, value: Any, by: str | None, lang: str) -> str:
    if value is None:
        return "-"
    if column in RATIOS:
        return f"{value:.0%}" if isinstance(value, float) else str(value)
    if column == "intent":
        return intent_label(value, lang)
    if column == "group" and value == "all":
        return "全部" if lang == "zh" else "all"
    if column == "group":
        if by == "queue":
            return labels.queue_label(value, lang)
        if by == "channel":
            return labels.channel_label(value, lang)
        if by == "product":
            return labels.loan_label(value, lang)
    return str(value)
