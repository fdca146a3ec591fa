"""How report figures are named and written, in Chinese and English (shared by
`loancs report` and the desk's reports tab). Pure."""

from __future__ import annotations

from typing import Any

from loancs.core import event_labels as labels

COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "group": ("分组", "group"),
    "intent": ("意图", "intent"),
    "messages": ("消息数", "messages"),
    "message_share": ("消息占比", "message share"),
    "conversations": ("会话数", "conversations"),
    "conversation_share": ("会话占比", "conversation share"),
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


def column_label(name: str, lang: str) -> str:
    pair = COLUMN_LABELS.get(name)
    return (pair[0] if lang == "zh" else pair[1]) if pair else name


def cell(column: str, value: Any, by: str | None, lang: str) -> str:
    if value is None:
        return "-"
    if column in RATIOS:
        return f"{value:.0%}" if isinstance(value, float) else str(value)
    if column == "group":
        if by == "queue":
            return labels.queue_label(value, lang)
        if by == "channel":
            return labels.channel_label(value, lang)
        if by == "product":
            return labels.loan_label(value, lang)
    return str(value)
