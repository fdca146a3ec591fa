"""Beside the transcript: who the customer is (masked), their identities on every channel,
loan applications with a stage timeline, earlier conversations, preferences. A masked
field is shown in full only after an explicit, logged Reveal."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from loancs.core.protocol import APPLICATION_STAGES
from loancs.tui.i18n import t, t_opt
from loancs.tui.safe import amount, one_line
from loancs.tui.widgets.transcript import clock


def mask_name(name: str | None) -> str:
    if not name:
        return "—"
    name = one_line(name, 20)
    return name[0] + "*" * max(1, min(3, len(name) - 1))


def render_customer(data: dict[str, Any] | None, lang: str, revealed: dict[str, str]) -> Text:
    out = Text()
    if data is None:
        out.append(t("cust.loading", lang), style="dim")
        return out

    def section(key: str) -> None:
        out.append("\n" + t(key, lang) + "\n", style="bold underline")

    out.append(t("cust.name", lang) + ": ", style="dim")
    out.append(mask_name(data.get("name")), style="bold")
    out.append(f"   #{data.get('id')}\n", style="dim")
    _assistant_card(out, data, lang)
    section("cust.identities")
    for ident in data.get("identities") or []:
        kind = ident.get("kind")
        out.append(f" {t_opt('id', kind, lang):<6} ", style="dim")
        if kind in revealed:
            out.append(one_line(revealed[kind], 40), style="bold red")
            out.append(" " + t("cust.revealed", lang), style="dim red")
        else:
            out.append(one_line(ident.get("display"), 30))
        out.append("\n")
    section("cust.applications")
    apps = data.get("applications") or []
    if not apps:
        out.append(" " + t("cust.none", lang) + "\n", style="dim")
    for app in apps:
        out.append(f" {one_line(app.get('application'), 24)} ", style="bold")
        out.append(
            f"{t_opt('loan', app.get('loan_type'), lang)} {amount(app.get('amount') or '')}\n"
        )
        reached = {s.get("stage") for s in app.get("timeline") or []}
        current = app.get("stage")
        path = Text(" ")
        for stage in APPLICATION_STAGES:
            if stage == "rejected" and current != "rejected":
                continue
            if stage in reached or stage == current:
                style = "bold reverse green" if stage == current else "green"
                mark = "●"
            else:
                style, mark = "dim", "○"
            path.append(mark, style=style)
        out.append_text(path)
        out.append(" " + t_opt("stage", current, lang) + "\n", style="bold green")
        for step in app.get("timeline") or []:
            out.append(f"   {clock(step.get('ts'), with_date=True)} ", style="dim")
            out.append(t_opt("stage", step.get("stage"), lang))
            if step.get("note"):
                out.append(" · " + one_line(step["note"], 30), style="italic")
            out.append("\n")
    section("cust.history")
    convs = data.get("conversations") or []
    if not convs:
        out.append(" " + t("cust.none", lang) + "\n", style="dim")
    for conv in convs[:12]:
        out.append(f" {clock(conv.get('created_at'), with_date=True)} ", style="dim")
        out.append(f"{t_opt('channel', conv.get('channel'), lang)} ", style="bold")
        out.append(f"#{conv.get('id')} {t_opt('status', conv.get('status'), lang)}", style="dim")
        if conv.get("agent_name"):
            out.append(f" · {one_line(conv['agent_name'], 10)}", style="dim")
        if conv.get("outcome"):
            out.append(f" · {t_opt('outcome', conv['outcome'], lang)}", style="dim")
        out.append("\n   " + one_line(conv.get("last_excerpt") or "", 40) + "\n")
    section("cust.preferences")
    prefs = data.get("preferences") or {}
    if not prefs:
        out.append(" " + t("cust.none", lang) + "\n", style="dim")
    for key, value in prefs.items():
        out.append(f" {one_line(key, 16)}: {one_line(value, 30)}\n")
    return out


# The assistant writes its hand-off summary once, with Chinese labels (the event is the same
# for every console); an English console reads the labels in English. The borrower's own words
# (between 「」) are left as written.
_SUMMARY_LABELS = {
    "置信度": "confidence",
    "标记": "flags",
    "槽位": "slots",
    "已验证": "verified",
    "未验证": "not verified",
    "预审": "pre-screen",
    "产品": "product",
    "用途": "purpose",
    "金额": "amount",
    "期限": "months",
    "年龄": "age",
    "职业": "job",
    "在职月": "months in job",
    "月收入": "monthly income",
    "逾期": "overdue",
    "经营月": "months in business",
    "年营业额": "annual revenue",
    "车价": "car price",
    "房价": "home price",
    "首套": "first home",
    "有房": "owns property",
    "缺材料": "missing documents",
    "未通过": "failed",
}
_SUMMARY_LABEL = re.compile(
    "|".join(sorted(map(re.escape, _SUMMARY_LABELS), key=len, reverse=True))
    + r"|(?<=槽位 )无(?= ·|$)|[（）]"
)


def summary_en(line: str) -> str:
    """One line of the assistant's summary with its labels in English."""

    def label(m: re.Match[str]) -> str:
        word = m.group(0)
        return {"无": "none", "（": " (", "）": ") "}.get(word) or _SUMMARY_LABELS[word]

    parts = re.split(r"(「[^」]*」)", line)  # the borrower's words stay as they are
    return "".join(
        part if part.startswith("「") else _SUMMARY_LABEL.sub(label, part) for part in parts
    )


_SUMMARY_VERIFIED = re.compile(r"\s*·\s*(?:未验证|已验证)\s*$")


def _assistant_card(out: Text, data: dict[str, Any], lang: str) -> None:
    """The self-service assistant's hand-off card (issue 11): its two-line summary, whether
    the borrower is verified, and the pre-screening outcome."""
    card = data.get("assistant") or {}
    if not card.get("summary"):
        return
    zh = lang == "zh"
    out.append("\n" + ("助理摘要" if zh else "Assistant summary") + "\n", style="bold underline")
    for line in str(card["summary"]).splitlines()[:2]:
        # the summary's own "· 未验证" is said once, by the coloured line below
        line = _SUMMARY_VERIFIED.sub("", line)
        out.append(" " + one_line(line if zh else summary_en(line), 120) + "\n")
    verified = card.get("verification")
    out.append(
        " "
        + (
            ("已验证 " + verified)
            if verified and zh
            else ("verified " + verified)
            if verified
            else "未验证身份"
            if zh
            else "not verified"
        )
        + "\n",
        style="green" if verified else "yellow",
    )
    pre = card.get("prequal") or {}
    if pre.get("outcome"):
        missing = ", ".join(pre.get("missing_documents") or [])
        out.append(f" {pre['outcome']} {pre.get('product') or ''} {missing}\n", style="bold")


def follow_row(data: dict[str, Any] | None, cid: int, row: dict[str, Any]) -> dict[str, Any] | None:
    """The customer's data with the open conversation's status (and owner) as the inbox row
    has them now, or None when nothing changes: the pane is read once, when the conversation
    opens, and a reply sent since then turned "open" into "pending" in the header only."""
    if not data or not row.get("status"):
        return None
    convs = data.get("conversations") or []
    changed = False
    fresh = []
    for conv in convs:
        if conv.get("id") == cid and (
            conv.get("status") != row.get("status")
            or row.get("agent_name")
            and conv.get("agent_name") != row.get("agent_name")
        ):
            conv = {**conv, "status": row["status"]}
            if row.get("agent_name"):
                conv["agent_name"] = row["agent_name"]
            changed = True
        fresh.append(conv)
    return {**data, "conversations": fresh} if changed else None


class CustomerPane(VerticalScroll):
    DEFAULT_CSS = """
    CustomerPane { width: 44; border: round $primary-darken-2; padding: 0 1; }
    CustomerPane:focus { border: round $accent; }
    CustomerPane > Static { width: 1fr; }
    """

    def __init__(self, lang: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.lang = lang
        self.data: dict[str, Any] | None = None
        self.revealed: dict[str, str] = {}

    def compose(self):
        yield Static(render_customer(None, self.lang, {}), id="customer-body")

    def show(self, data: dict[str, Any] | None) -> None:
        self.data = data
        self.query_one("#customer-body", Static).update(
            render_customer(data, self.lang, self.revealed)
        )

    def follow(self, cid: int, row: dict[str, Any]) -> None:
        """Keep the open conversation's line in step with its inbox row."""
        fresh = follow_row(self.data, cid, row)
        if fresh is not None:
            self.show(fresh)

    def reveal(self, field: str, value: str) -> None:
        self.revealed[field] = value
        self.show(self.data)
