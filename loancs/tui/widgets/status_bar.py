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


def load_parts(model: ConsoleModel, lang: str) -> list[Text]:
    """My open conversations against my capacity, one counter a channel: "网聊 2/3"."""
    load = model.load_by_channel()
    out = []
    for channel in ("phone", "chat", "wechat"):
        if channel not in model.capacity and channel not in load:
            continue
        used, cap = load.get(channel, 0), model.capacity.get(channel)
        style = "bold red" if cap is not None and used >= cap else ""
        part = Text()
        part.append(t_opt("channel", channel, lang) + " ", style="dim")
        part.append(f"{used}/{cap if cap is not None else '–'}", style=style)
        out.append(part)
    return out


def fit_status(head: list[Text], label: str, parts: list[Text], width: int) -> Text:
    """The status line's first row in ``width`` cells (0: as it is). The load counters are
    shown whole or not at all: the app's title gives way first, then the load label, then
    counters from the last, each replaced by the count of those left out ("+1")."""
    keep_title = True
    keep_label = True
    shown = len(parts)

    def build() -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        for i, piece in enumerate(head):
            if i == 1 and not keep_title:
                continue
            line.append_text(piece)
        if parts and (shown or keep_label):
            line.append(" · " + (label + " " if keep_label else ""))
            line.append_text(Text(" ").join(parts[:shown]))
            if shown < len(parts):
                line.append(("" if shown == 0 else " ") + f"+{len(parts) - shown}", style="dim")
        return line

    line = build()
    if width <= 0:
        return line
    for step in ("title", "label", *["part"] * len(parts)):
        if line.cell_len <= width:
            break
        if step == "title":
            keep_title = False
        elif step == "label":
            keep_label = False
        else:
            shown -= 1
        line = build()
    return line


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
        state = t(f"state.{model.state}", lang)
        if model.state == "break" and model.state_reason:
            why = labels.state_reason(model.state_reason, None, lang)
            state += f"（{why}）" if lang == "zh" else f" ({why})"
        link = session.link_state
        head = [
            Text.assemble((" loancs ", "bold reverse")),
            Text.assemble(f" {t('app.title', lang)} ·"),
            Text.assemble(" ", (model.name or "…", "bold"), " · "),
            Text.assemble((f"● {state}", STATE_STYLE.get(model.state, "")), " · "),
            Text.assemble((t("conn.connected", lang), "green"))
            if link == "connected"
            else Text.assemble(
                (t("conn.connecting", lang) if link == "connecting" else link, "yellow")
            ),
        ]
        line = fit_status(head, t("load.label", lang), load_parts(model, lang), self.size.width)
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
