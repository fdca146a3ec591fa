"""Readable names for event kinds and queues, in Chinese and English.

Shared by `loancs tail`, `loancs queues`, `loancs report` and the supervisor's desk, so a
supervisor reads "客户消息" or "customer message" rather than ``message.received``, and
"微信 · 消费贷 · 英文" rather than ``wechat/consumer/lang:en``. Pure data and string work.
"""

from __future__ import annotations

from loancs.core.events import Kind

# kind -> (zh, en, group). The group picks the colour and the --kind filter.
EVENT_KINDS: dict[str, tuple[str, str, str]] = {
    Kind.MESSAGE_RECEIVED: ("客户消息", "customer message", "message"),
    Kind.MESSAGE_SENT: ("回复", "reply", "message"),
    Kind.MESSAGE_INTENT: ("意图识别", "intent", "assistant"),
    Kind.NOTE_ADDED: ("内部备注", "note", "message"),
    Kind.CONVERSATION_WHISPER: ("主管耳语", "whisper", "supervisor"),
    Kind.CONVERSATION_OPENED: ("新会话", "new conversation", "conversation"),
    Kind.CONVERSATION_RESOLVED: ("已解决", "resolved", "conversation"),
    Kind.CONVERSATION_SNOOZED: ("稍后处理", "snoozed", "conversation"),
    Kind.CONVERSATION_REOPENED: ("重新打开", "reopened", "conversation"),
    Kind.CONVERSATION_READ: ("已读", "read", "routing"),
    Kind.CONVERSATION_PRIORITY: ("优先级变更", "priority changed", "supervisor"),
    Kind.CONVERSATION_ASSIGNED: ("已分配", "assigned", "routing"),
    Kind.CONVERSATION_TRANSFERRED: ("已转接", "transferred", "routing"),
    Kind.CONVERSATION_OFFERED: ("派单", "offered", "routing"),
    Kind.CONVERSATION_OFFER_EXPIRED: ("派单超时", "offer expired", "routing"),
    Kind.CONVERSATION_DECLINED: ("拒绝接入", "declined", "routing"),
    Kind.CONVERSATION_REQUEUED: ("重新排队", "re-queued", "routing"),
    Kind.CONVERSATION_MONITORED: ("主管监听", "monitored", "supervisor"),
    Kind.AGENT_STATE: ("坐席状态", "agent state", "agent"),
    Kind.AGENT_CREATED: ("新坐席", "agent added", "agent"),
    Kind.AGENT_DISABLED: ("坐席停用", "agent disabled", "agent"),
    Kind.CHANNEL_CREATED: ("新渠道", "channel added", "system"),
    Kind.CHANNEL_DISABLED: ("渠道停用", "channel disabled", "system"),
    Kind.CHANNEL_TOKEN_ROTATED: ("渠道换令牌", "channel token rotated", "system"),
    Kind.CALL_STARTED: ("来电", "call started", "call"),
    Kind.CALL_ANSWERED: ("接通", "call answered", "call"),
    Kind.CALL_ENDED: ("挂断", "call ended", "call"),
    Kind.CALL_RECORDING: ("录音", "recording", "call"),
    Kind.DELIVERY_SENT: ("已送达", "delivered", "routing"),
    Kind.DELIVERY_FAILED: ("发送失败", "delivery failed", "alert"),
    Kind.COMPLIANCE_HIT: ("合规提醒", "compliance warning", "compliance"),
    Kind.COMPLIANCE_BLOCKED: ("合规拦截", "compliance block", "compliance"),
    Kind.COMPLIANCE_RULES_RELOADED: ("规则已更新", "rules reloaded", "system"),
    Kind.CUSTOMER_CREATED: ("新客户", "new customer", "system"),
    Kind.IDENTITY_LINKED: ("身份关联", "identity linked", "system"),
    Kind.IDENTITY_VERIFIED: ("身份已核验", "identity verified", "system"),
    Kind.LOAN_UPDATED: ("贷款更新", "loan updated", "system"),
    Kind.PII_REVEALED: ("查看全号", "PII revealed", "compliance"),
    Kind.DATA_EXPORTED: ("数据导出", "data exported", "compliance"),
    Kind.PRIVACY_ERASED: ("个人信息已删除", "personal data erased", "compliance"),
    Kind.PRIVACY_HOLD: ("法律保全", "legal hold", "compliance"),
    Kind.PRIVACY_HOLD_RELEASED: ("解除保全", "legal hold released", "compliance"),
    Kind.APPLICATION_STAGE: ("申请进度", "application stage", "system"),
    Kind.ASSISTANT_HANDOFF: ("转人工", "hand-off to a person", "assistant"),
    Kind.PREQUAL_COMPLETED: ("预审完成", "pre-screening done", "assistant"),
    Kind.CALLBACK_CREATED: ("预约回电", "callback booked", "conversation"),
    Kind.CSAT_REQUESTED: ("满意度邀评", "rating requested", "csat"),
    Kind.CSAT_ANSWERED: ("满意度评价", "rating", "csat"),
    Kind.TYPING: ("正在输入", Kind.TYPING, "routing"),
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
        Kind.CONVERSATION_OFFERED,
        Kind.CONVERSATION_OFFER_EXPIRED,
        Kind.CONVERSATION_REQUEUED,
        Kind.CONVERSATION_READ,
        Kind.DELIVERY_SENT,
        Kind.TYPING,
    }
)

CHANNELS = {
    "phone": ("电话", "Phone"),
    "chat": ("网聊", "Web chat"),
    "wechat": ("微信", "WeChat"),
    "system": ("系统", "System"),
}
LOANS = {
    "general": ("通用", "General"),  # as the console says it (tui i18n loan.none)
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


URGENCY = {
    "normal": ("普通", "normal"),
    "complaint": ("投诉", "complaint"),
    "overdue": ("逾期", "overdue"),
    "vip": ("VIP", "VIP"),
    "deadline": ("临近截止", "deadline"),
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


def urgency_label(value: str | None, lang: str) -> str:
    key = value or "normal"
    return _pick(URGENCY[key], lang) if key in URGENCY else key


def state_label(state: str | None, lang: str) -> str:
    return _pick(STATES[state], lang) if state in STATES else (state or "-")


# Why an agent's state changed, when the server decided it (``reason_code`` of agent.state)
# or the console offered it (a break reason is stored as its code).
STATE_REASONS = {
    "signed_in": ("已登录", "signed in"),
    "missed_offers": ("连续未接派单", "missed offers"),
    "disconnect_grace": ("断线未回", "disconnected, did not come back"),
    "wrapup_over": ("话后处理结束", "wrap-up over"),
    "lunch": ("午餐", "lunch"),
    "training": ("培训", "training"),
    "meeting": ("开会", "meeting"),
    "rest": ("休息", "rest"),
}
# the English texts of events stored before agent.state had a reason_code (and of the
# agents table's state_reason, which keeps the router's short form)
_REASON_TEXTS = {
    "signed in": "signed_in",
    "missed offers": "missed_offers",
    "disconnected": "disconnect_grace",
    "wrap-up over": "wrapup_over",
}


def state_reason(reason: object, code: object, lang: str) -> str:
    """An agent state's reason in ``lang``: a server-made one by its code (older events by
    their English text), a break reason by its code; anyone's own words as written."""
    key = code if isinstance(code, str) and code in STATE_REASONS else None
    if key is None and isinstance(reason, str):
        key = reason if reason in STATE_REASONS else _REASON_TEXTS.get(reason)
    if key is not None:
        return _pick(STATE_REASONS[key], lang)
    return reason if isinstance(reason, str) else ""


# Shorter English words where a table column must fit 80 columns (the desk's tables); the
# Chinese ones are short already.
_SHORT_EN = {"Web chat": "Chat", "English": "EN", "Chinese": "ZH"}


def queue_label(queue: str | None, lang: str, short: bool = False) -> str:
    """``chat/consumer/lang:en`` -> ``网聊 · 消费贷 · 英文`` (``Web chat · Consumer loan · English``;
    ``short``: ``Chat · Consumer · EN``). Unknown parts are shown as they are."""
    if not queue:
        return "-"
    parts = queue.split("/")
    words = [channel_label(parts[0], lang)]
    if len(parts) > 1:
        words.append(loan_label(parts[1], lang))
    for extra in parts[2:]:
        code = extra.removeprefix("lang:")
        words.append(_pick(LANGUAGES[code], lang) if code in LANGUAGES else extra)
    if short and lang != "zh":
        words = [_SHORT_EN.get(w, w.removesuffix(" loan")) for w in words]
    return " · ".join(words)


def queue_name(channel: str | None, loan: str | None, language: str | None) -> str:
    """The router's own queue key as a string (same spelling as its snapshot)."""
    lang = f"lang:{language}" if language not in (None, "", "zh") else None
    return "/".join(p for p in (channel or "-", loan or "general", lang) if p)
