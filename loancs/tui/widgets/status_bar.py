"""The line at the top of every screen: who I am, my state, the connection; a red banner
while the server is away, and any conversation being offered to me with its countdown."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from loancs.tui.i18n import t, t_opt
from loancs.tui.safe import one_line

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

    def render(self) -> Text:
        app = self.app
        lang = app.lang
        model = app.model
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(" loancs ", style="bold reverse")
        line.append(f" {t('app.title', lang)} · ")
        line.append(model.name or "…", style="bold")
        line.append(" · ")
        state = t(f"state.{model.state}", lang)
        if model.state == "break" and model.state_reason:
            state += (
                f"（{t_opt('dlg.reason', model.state_reason, lang)}）"
                if lang == "zh"
                else f" ({t_opt('dlg.reason', model.state_reason, lang)})"
            )
        line.append(f"● {state}", style=STATE_STYLE.get(model.state, ""))
        line.append(" · ")
        link = app.link_state
        if link == "connected":
            line.append(t("conn.connected", lang), style="green")
        else:
            line.append(
                t("conn.connecting", lang) if link == "connecting" else link, style="yellow"
            )
        lines = [line]
        if link not in ("connected", "connecting"):
            key = f"conn.{link}" if f"conn.{link}" in _LINK_KEYS else "conn.reconnecting"
            banner = Text(
                " ⚠ " + t(key, lang, detail=one_line(app.link_detail, 80)) + " ",
                style="bold white on dark_red",
                no_wrap=True,
                overflow="ellipsis",
            )
            lines.append(banner)
        now = app.now()
        for offer in list(model.offers.values())[:2]:
            row = model.conversations.get(offer.conversation, {})
            secs = max(0, (offer.expires_at - now) // 1000)
            text = t(
                "offer.text",
                lang,
                id=offer.conversation,
                channel=t_opt("channel", row.get("channel"), lang),
                loan=t_opt("loan", row.get("loan_type"), lang),
                reason=one_line(offer.reason, 50),
                secs=secs,
            )
            lines.append(
                Text(" ➜ " + text, style="bold black on yellow", no_wrap=True, overflow="ellipsis")
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
