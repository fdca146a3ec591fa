"""The line at the top of every screen: who I am, my state, the connection; a red banner
while the server is away, and any conversation being offered to me with its countdown."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from loancs.core import event_labels as labels
from loancs.tui.i18n import t, t_opt
from loancs.tui.safe import one_line
from loancs.tui.session import STATUS, Session
from loancs.tui.state import ConsoleModel, Offer
from loancs.tui.widgets.transcript import clock

OFFER_REASONS = {"sticky", "skill", "spill_over", "general"}
MISSED_WHY = {
    "offer_timeout",
    "agent_break",
    "agent_offline",
    "agent_disconnected",
    "transferred",
    "dequeued",
}


def offer_reason(offer: Offer, row: dict[str, Any], lang: str) -> str:
    """Why this conversation came to me, in words an agent understands (never the
    router's internal text)."""
    code = str(offer.payload.get("reason_code") or "")
    loan = t_opt("loan", row.get("loan_type"), lang)
    if code == "skill" and (offer.payload.get("tier") or 1) > 1:
        return t("offer.reason.skill2", lang, loan=loan)
    if code in OFFER_REASONS:
        return t(f"offer.reason.{code}", lang, loan=loan)
    return t("offer.reason.other", lang)


def offer_line(n: int, offer: Offer, row: dict[str, Any], secs: int, lang: str) -> str:
    """One offer in the banner. A conversation the console has not loaded yet (the row is a
    placeholder until its get_conversation answers) has no channel or loan to show: once it
    said "(None, general)"."""
    fields = {"n": n, "id": offer.conversation, "reason": offer_reason(offer, row, lang)}
    if row.get("channel") is None:
        return t("offer.text_bare", lang, secs=secs, **fields)
    return t(
        "offer.text",
        lang,
        channel=t_opt("channel", row.get("channel"), lang),
        loan=t_opt("loan", row.get("loan_type"), lang),
        secs=secs,
        **fields,
    )


def load_text(model: ConsoleModel, lang: str) -> Text:
    """My open conversations against my capacity, per channel: "网聊 2/3"."""
    load = model.load_by_channel()
    out = Text()
    channels = [c for c in ("phone", "chat", "wechat") if c in model.capacity or c in load]
    for i, channel in enumerate(channels):
        used, cap = load.get(channel, 0), model.capacity.get(channel)
        style = "bold red" if cap is not None and used >= cap else ""
        if i:
            out.append(" ")
        out.append(t_opt("channel", channel, lang) + " ", style="dim")
        out.append(f"{used}/{cap if cap is not None else '–'}", style=style)
    return out


STATE_STYLE = {
    "available": "bold green",
    "break": "bold yellow",
    "wrapup": "bold cyan",
    "offline": "dim",
}


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar { height: auto; background: $panel; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, session: Session, lang: str) -> None:
        super().__init__()
        self.session = session
        self.lang = lang

    def on_mount(self) -> None:
        self.session.changed.subscribe(self, self._changed, immediate=True)

    def _changed(self, what: str) -> None:
        if what == STATUS:
            self.refresh(layout=True)

    def render(self) -> Text:
        session = self.session
        lang = self.lang
        model = session.model
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(" loancs ", style="bold reverse")
        line.append(f" {t('app.title', lang)} · ")
        line.append(model.name or "…", style="bold")
        line.append(" · ")
        state = t(f"state.{model.state}", lang)
        if model.state == "break" and model.state_reason:
            why = labels.state_reason(model.state_reason, None, lang)
            state += f"（{why}）" if lang == "zh" else f" ({why})"
        line.append(f"● {state}", style=STATE_STYLE.get(model.state, ""))
        line.append(" · ")
        link = session.link_state
        if link == "connected":
            line.append(t("conn.connected", lang), style="green")
        else:
            line.append(
                t("conn.connecting", lang) if link == "connecting" else link, style="yellow"
            )
        load = load_text(model, lang)
        if load.plain:
            line.append(" · " + t("load.label", lang) + " ")
            line.append_text(load)
        lines = [line]
        if link == "connecting" and session.link_detail:  # a first connection that timed out
            slow = t("conn.slow", lang, detail=one_line(session.link_detail, 80))
            lines.append(
                Text(" … " + slow, style="bold black on yellow", no_wrap=True, overflow="ellipsis")
            )
        if link not in ("connected", "connecting"):
            key = f"conn.{link}" if f"conn.{link}" in _LINK_KEYS else "conn.reconnecting"
            banner = Text(
                " ⚠ " + t(key, lang, detail=one_line(session.link_detail, 80)) + " ",
                style="bold white on dark_red",
                no_wrap=True,
                overflow="ellipsis",
            )
            lines.append(banner)
        now = session.now()
        offers = list(model.offers.values())
        for n, offer in enumerate(offers[:2], 1):
            row = model.conversations.get(offer.conversation, {})
            secs = max(0, (offer.expires_at - now) // 1000)
            text = offer_line(n, offer, row, secs, lang)
            lines.append(
                Text(" ➜ " + text, style="bold black on yellow", no_wrap=True, overflow="ellipsis")
            )
        if offers:
            tail = t("offer.keys", lang)
            if len(offers) > 2:
                tail = t("offer.more", lang, n=len(offers) - 2) + " · " + tail
            lines.append(Text("   " + tail, style="yellow", no_wrap=True, overflow="ellipsis"))
        for missed in model.recent_missed(now)[:1]:
            why = missed.why if missed.why in MISSED_WHY else "other"
            lines.append(
                Text(
                    " ⚠ "
                    + t(
                        "offer.missed",
                        lang,
                        id=missed.conversation,
                        time=clock(missed.at)[:5],
                        why=t(f"offer.why.{why}", lang),
                    ),
                    style="bold yellow",
                    no_wrap=True,
                    overflow="ellipsis",
                )
            )
        joined = Text("\n").join(lines)
        joined.no_wrap = True
        joined.overflow = "ellipsis"
        return joined


_LINK_KEYS = {
    "conn.reconnecting",
    "conn.resync",
    "conn.server_stopping",
    "conn.failed",
    "conn.error",
    "conn.closed",
}
