"""Readable names for event kinds and queues, in Chinese and English.

Shared by `loancs tail`, `loancs queues`, `loancs report` and the supervisor's desk, so a
supervisor reads "客户消息" or "customer message" rather than ``message.received``, and
"微信 · 消费贷 · 英文" rather than ``wechat/consumer/lang:en``. Pure data and string work.
"""

from __future__ import annotations

# kind -> (zh, en, group). The group picks the colour and the --kind filter.
EVENT_KINDS: dict[str, tuple[str, str, str]] = {
    "message.received": ("客户消息", "customer message", "message"),
    "message.sent": ("回复", "reply", "message"),
    "message.intent": ("意图识别", "intent", "assistant"),
    "note.added": ("内部备注", "note", "message"),
    "conversation.whisper": ("主管耳语", "whisper", "supervisor"),
    "conversation.opened": ("新会话", "new conversation", "conversation"),
    "conversation.resolved": ("已解决", "resolved", "conversation"),
    "conversation.snoozed": ("稍后处理", "snoozed", "conversation"),
    "conversation.reopened": ("重新打开", "reopened", "conversation"),
    "conversation.read": ("已读", "read", "routing"),
    "conversation.priority": ("优先级变更", "priority changed", "supervisor"),
    "conversation.assigned": ("已分配", "assigned", "routing"),
    "conversation.transferred": ("已转接", "transferred", "routing"),
    "conversation.offered": ("派单", "offered", "routing"),
    "conversation.offer_expired": ("派单超时", "offer expired", "routing"),
    "conversation.declined": ("拒绝接入", "declined", "routing"),
    "conversation.requeued": ("重新排队", "re-queued", "routing"),
    "conversation.monitored": ("主管监听", "monitored", "supervisor"),
    "agent.state": ("坐席状态", "agent state", "agent"),
    "agent.created": ("新坐席", "agent added", "agent"),
    "agent.disabled": ("坐席停用", "agent disabled", "agent"),
    "channel.created": ("新渠道", "channel added", "system"),
    "channel.disabled": ("渠道停用", "channel disabled", "system"),
    "call.started": ("来电", "call started", "call"),
    "call.answered": ("接通", "call answered", "call"),
    "call.ended": ("挂断", "call ended", "call"),
    "call.recording": ("录音", "recording", "call"),
    "delivery.sent": ("已送达", "delivered", "routing"),
    "delivery.failed": ("发送失败", "delivery failed", "alert"),
    "compliance.hit": ("合规提醒", "compliance warning", "compliance"),
    "compliance.blocked": ("合规拦截", "compliance block", "compliance"),
    "compliance.rules_reloaded": ("规则已更新", "rules reloaded", "system"),
    "customer.created": ("新客户", "new customer", "system"),
    "identity.linked": ("身份关联", "identity linked", "system"),
    "identity.verified": ("身份已核验", "identity verified", "system"),
    "loan.updated": ("贷款更新", "loan updated", "system"),
    "pii.revealed": ("查看全号", "PII revealed", "compliance"),
    "data.exported": ("数据导出", "data exported", "compliance"),
    "privacy.erased": ("个人信息已删除", "personal data erased", "compliance"),
    "privacy.hold": ("法律保全", "legal hold", "compliance"),
    "privacy.hold_released": ("解除保全", "legal hold released", "compliance"),
    "application.stage": ("申请进度", "application stage", "system"),
    "assistant.handoff": ("转人工", "hand-off to a person", "assistant"),
    "prequal.completed": ("预审完成", "pre-screening done", "assistant"),
    "callback.created": ("预约回电", "callback booked", "conversation"),
    "csat.requested": ("满意度邀评", "rating requested", "csat"),
    "csat.answered": ("满意度评价", "rating", "csat"),
    "typing": ("正在输入", "typing", "routing"),
}

GROUPS = (
    "message",
    "conversation",
    "routing",
    "agent",
    "call",
    "compliance",
    "supervisor",
    "assistant",
    "csat",
    "alert",
    "system",
)
GROUP_STYLE = {
    "message": "white",
    "conversation": "cyan",
    "routing": "bright_black",
    "agent": "blue",
    "call": "bright_cyan",
    "compliance": "bold red",
    "supervisor": "bold magenta",
    "assistant": "green",
    "csat": "yellow",
    "alert": "red",
    "system": "bright_black",
}

# Routing chatter that `loancs tail` hides unless --verbose.
CHATTER = frozenset(
    {
        "conversation.offered",
        "conversation.offer_expired",
        "conversation.requeued",
        "conversation.read",
        "delivery.sent",
        "typing",
    }
)

CHANNELS = {
    "phone": ("电话", "Phone"),
    "chat": ("网聊", "Web chat"),
    "wechat": ("微信", "WeChat"),
    "system": ("系统", "System"),
}
LOANS = {
    "general": ("综合", "General"),
    "mortgage": ("房贷", "Mortgage"),
    "car": ("车贷", "Car loan"),
    "consumer": ("消费贷", "Consumer loan"),
    "business": ("经营贷", "Business loan"),
    "collection": ("催收", "Collections"),
}
LANGUAGES = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}
STATES = {
    "available": ("空闲", "available"),
    "break": ("小休", "on break"),
    "wrapup": ("话后处理", "wrap-up"),
    "offline": ("离线", "offline"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def event_label(kind: str, lang: str) -> str:
    entry = EVENT_KINDS.get(kind)
    return _pick(entry[:2], lang) if entry else kind


def event_group(kind: str) -> str:
    entry = EVENT_KINDS.get(kind)
    if entry:
        return entry[2]
    return kind.split(".", 1)[0] if kind.split(".", 1)[0] in GROUPS else "system"


def channel_label(channel: str | None, lang: str) -> str:
    return _pick(CHANNELS[channel], lang) if channel in CHANNELS else (channel or "-")


def loan_label(loan: str | None, lang: str) -> str:
    key = loan or "general"
    return _pick(LOANS[key], lang) if key in LOANS else key


def state_label(state: str | None, lang: str) -> str:
    return _pick(STATES[state], lang) if state in STATES else (state or "-")


def queue_label(queue: str | None, lang: str) -> str:
    """``chat/consumer/lang:en`` -> ``网聊 · 消费贷 · 英文`` (``Web chat · Consumer loan · English``).
    Unknown parts are shown as they are."""
    if not queue:
        return "-"
    parts = queue.split("/")
    words = [channel_label(parts[0], lang)]
    if len(parts) > 1:
        words.append(loan_label(parts[1], lang))
    for extra in parts[2:]:
        code = extra.removeprefix("lang:")
        words.append(_pick(LANGUAGES[code], lang) if code in LANGUAGES else extra)
    return " · ".join(words)


def queue_name(channel: str | None, loan: str | None, language: str | None) -> str:
    """The router's own queue key as a string (same spelling as its snapshot)."""
    lang = f"lang:{language}" if language not in (None, "", "zh") else None
    return "/".join(p for p in (channel or "-", loan or "general", lang) if p)
