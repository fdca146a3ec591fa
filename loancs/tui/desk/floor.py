"""What the wallboard shows, computed from the server's floor data and the event stream.
No widgets here: the screen turns these rows into tables, the tests read them directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loancs.core import event_labels as labels
from loancs.core.events import Kind
from loancs.core.pii import mask_text
from loancs.tui.desk.i18n import t
from loancs.tui.safe import one_line

CHANNELS = ("phone", "chat", "wechat")


def mmss(ms: int | None) -> str:
    if ms is None or ms < 0:
        return "-"
    s = ms // 1000
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


@dataclass
class Alert:
    key: str  # the same condition is raised once until it clears
    at: int
    text: str
    level: str = "warning"  # warning | error


@dataclass
class FloorState:
    """The desk's memory between refreshes: conversations it learned about from events,
    the alerts raised, and who is on the bot."""

    lang: str
    sla_s: int = 30
    break_limit_ms: int = 15 * 60_000
    bot_limit_ms: int = 5 * 60_000
    conversations: dict[int, dict[str, Any]] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    active: set[str] = field(default_factory=set)  # keys of conditions still true
    on_bot: dict[int, int] = field(default_factory=dict)  # conversation -> since
    names: dict[int, str] = field(default_factory=dict)
    raised: int = 0  # alerts raised so far (the screen redraws when it moves)

    # ------------------------------------------------------------ events

    def raise_alert(self, key: str, at: int, text: str, level: str = "warning") -> None:
        if key in self.active:
            return
        self.active.add(key)
        self.raised += 1
        self.alerts.insert(0, Alert(key, at, one_line(text, 160), level))
        del self.alerts[200:]

    def learn(self, ev: Any) -> None:
        """One event from the stream (``p.Event``)."""
        pl, conv, lang = ev.payload, ev.conversation, self.lang
        if pl.get("agent") is not None and pl.get("agent_name"):
            self.names[pl["agent"]] = pl["agent_name"]
        info = self.conversations.setdefault(conv, {}) if conv is not None else {}
        for key in ("channel", "customer_display", "loan_type", "language", "urgency"):
            if pl.get(key):
                info[key] = pl[key]
        kind = ev.kind
        if kind == Kind.CONVERSATION_OPENED and pl.get("urgency") == "complaint":
            self.raise_alert(
                f"complaint:{conv}",
                ev.ts,
                t("alert.complaint", lang, conv=conv, text=pl.get("customer_display") or ""),
                "error",
            )
        elif kind == Kind.MESSAGE_INTENT and pl.get("intent") == "complaint":
            self.raise_alert(
                f"complaint:{conv}",
                ev.ts,
                t("alert.complaint", lang, conv=conv, text=labels.event_label(kind, lang)),
                "error",
            )
        elif kind == Kind.COMPLIANCE_BLOCKED:
            who = self.names.get(pl.get("agent"), ev.actor.split(":", 1)[-1])
            rules = ", ".join(map(str, pl.get("rules") or ()))
            self.raise_alert(
                f"blocked:{ev.seq}",
                ev.ts,
                t(
                    "alert.blocked",
                    lang,
                    agent=who,
                    conv=conv,
                    rules=rules,
                    text=mask_text(str(pl.get("masked") or "")),
                ),
                "error",
            )
        elif kind == Kind.COMPLIANCE_HIT and pl.get("action") != "blocked":
            who = ev.actor.split(":", 1)[-1]
            self.raise_alert(
                f"warned:{ev.seq}",
                ev.ts,
                t(
                    "alert.warned",
                    lang,
                    agent=who,
                    conv=conv,
                    rule=pl.get("rule") or "",
                    text=mask_text(str(pl.get("match") or "")),
                ),
            )
        elif kind == Kind.COMPLIANCE_HIT:
            # A blocked hit comes with its ``compliance.blocked`` event (alerted above);
            # alone (an older server), it is the block.
            if any(a.key.startswith("blocked:") and a.at == ev.ts for a in self.alerts):
                return
            who = ev.actor.split(":", 1)[-1]
            self.raise_alert(
                f"blocked:{ev.seq}",
                ev.ts,
                t(
                    "alert.blocked",
                    lang,
                    agent=who,
                    conv=conv,
                    rules=pl.get("rule") or "",
                    text=mask_text(str(pl.get("match") or "")),
                ),
                "error",
            )
        elif kind == Kind.MESSAGE_SENT and ev.actor == "assistant" and conv is not None:
            self.on_bot.setdefault(conv, ev.ts)
        elif (
            kind in (Kind.ASSISTANT_HANDOFF, Kind.CONVERSATION_ASSIGNED, Kind.CONVERSATION_RESOLVED)
            and conv is not None
        ):
            self.on_bot.pop(conv, None)
            self.active.discard(f"bot:{conv}")

    # ------------------------------------------------------------ refresh

    def check(self, floor: dict[str, Any], now: int) -> None:
        """Conditions on the floor snapshot: SLA breach, over capacity, break too long,
        customers left on the bot. Raised once; raised again after they cleared."""
        lang, still = self.lang, set()
        for name, q in floor.get("queues", {}).items():
            if q.get("oldest_wait_ms", 0) > self.sla_s * 1000 and (
                q.get("waiting") or q.get("offered")
            ):
                key = f"sla:{name}"
                still.add(key)
                self.raise_alert(
                    key,
                    now,
                    t(
                        "alert.sla",
                        lang,
                        queue=labels.queue_label(name, lang),
                        wait=mmss(q["oldest_wait_ms"]),
                        sla=self.sla_s,
                    ),
                    "error",
                )
        for a in floor.get("agents", []):
            self.names[a["id"]] = a["name"]
            for ch in CHANNELS:
                load, cap = a.get("load", {}).get(ch, 0), a.get("capacity", {}).get(ch, 0)
                if load > cap:
                    key = f"cap:{a['id']}:{ch}"
                    still.add(key)
                    self.raise_alert(
                        key,
                        now,
                        t(
                            "alert.capacity",
                            lang,
                            agent=a["name"],
                            channel=labels.channel_label(ch, lang),
                            load=load,
                            cap=cap,
                        ),
                        "error",
                    )
            since = a.get("state_since_ms")
            if (
                a.get("state") == "break"
                and since is not None
                and now - since > self.break_limit_ms
            ):
                key = f"break:{a['id']}"
                still.add(key)
                self.raise_alert(
                    key,
                    now,
                    t(
                        "alert.break",
                        lang,
                        agent=a["name"],
                        time=mmss(now - since),
                        reason=labels.state_reason(a.get("state_reason"), None, lang) or "-",
                    ),
                )
        # Every waiting complaint, also one that came in before the desk opened or waits past
        # the page of waiting work the floor lists.
        for w in floor.get("complaints", []):
            info = self.conversations.get(w["id"], {})
            text = (
                f"{labels.queue_label(w.get('queue'), lang)} {info.get('customer_display') or ''}"
            )
            self.raise_alert(
                f"complaint:{w['id']}",
                now,
                t("alert.complaint", lang, conv=w["id"], text=text),
                "error",
            )
        for conv, since in list(self.on_bot.items()):
            if now - since > self.bot_limit_ms:
                key = f"bot:{conv}"
                still.add(key)
                self.raise_alert(key, now, t("alert.bot", lang, conv=conv, time=mmss(now - since)))
        # Event alerts (blocks, warnings, complaints) stay; conditions clear when they end.
        self.active = {
            k
            for k in self.active
            if k in still or k.split(":")[0] not in ("sla", "cap", "break", "bot")
        }

    # ------------------------------------------------------------ rows

    def queue_rows(self, floor: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        rows = []
        for name, q in floor.get("queues", {}).items():
            sl = q.get("service_level")
            rows.append(
                (
                    name,
                    [
                        labels.queue_label(name, self.lang, short=True),
                        q.get("waiting", 0),
                        q.get("offered", 0),
                        ("wait", q.get("oldest_wait_ms", 0)),
                        ("sl", sl),
                        q.get("answered_today", 0),
                        q.get("abandoned_today", 0),
                    ],
                )
            )
        return rows

    def agent_rows(self, floor: dict[str, Any], now: int) -> list[tuple[str, list[Any]]]:
        rows = []
        for a in floor.get("agents", []):
            since = a.get("state_since_ms")
            state = labels.state_label(a.get("state"), self.lang)
            if a.get("state_reason") and a.get("state") == "break":
                state += f" ({labels.state_reason(a['state_reason'], None, self.lang)})"
            loads = [
                f"{a.get('load', {}).get(ch, 0)}/{a.get('capacity', {}).get(ch, 0)}"
                for ch in CHANNELS
            ]
            rows.append(
                (
                    str(a["id"]),
                    [
                        a["name"],
                        ("state", a.get("state"), state),
                        mmss(now - since) if since else "-",
                        *loads,
                        t("yes", self.lang) if a.get("connected") else t("no", self.lang),
                    ],
                )
            )
        return rows

    def work_rows(
        self, floor: dict[str, Any], listed: list[dict[str, Any]], now: int
    ) -> list[tuple[str, list[Any]]]:
        """Waiting work from the router, then conversations in hand (from the list)."""
        lang, rows, seen = self.lang, [], set()
        names = {a["id"]: a["name"] for a in floor.get("agents", [])} | self.names
        by_id = {c["id"]: c for c in listed}
        for w in floor.get("waiting", []):
            seen.add(w["id"])
            info = {**by_id.get(w["id"], {}), **self.conversations.get(w["id"], {})}
            status = t(f"status.{w.get('status', 'waiting')}", lang)
            if w.get("offered_to"):
                status += f" → {names.get(w['offered_to'], '?')}"
            rows.append(
                (
                    str(w["id"]),
                    [
                        w["id"],
                        info.get("customer_display") or "-",
                        labels.queue_label(w["queue"], lang, short=True),
                        status,
                        ("wait", w.get("wait_ms", 0)),
                        w.get("priority", 0),
                        labels.urgency_label(w.get("urgency"), lang),
                    ],
                )
            )
        for c in listed:
            if c["id"] in seen or c.get("assigned_agent") is None or c.get("status") == "resolved":
                continue
            queue = labels.queue_name(c.get("channel"), c.get("loan_type"), c.get("language"))
            age = now - (c.get("created_at") or now)
            rows.append(
                (
                    str(c["id"]),
                    [
                        c["id"],
                        c.get("customer_display") or "-",
                        labels.queue_label(queue, lang, short=True),
                        f"{t('status.assigned', lang)} · {c.get('agent_name') or names.get(c['assigned_agent'], '?')}",
                        ("age", age),
                        c.get("priority", 0),
                        labels.urgency_label(c.get("urgency"), lang),
                    ],
                )
            )
        return rows


def explain_priority(waiting: dict[str, Any], lang: str) -> str | None:
    """``#41 priority 42 = urgency 30 + channel 5 + waited 7`` from the server's breakdown."""
    parts = waiting.get("explain")
    if not parts:
        return None
    order = ("override", "urgency", "channel", "amount", "credit", "waited")
    shown = [
        f"{t('explain.' + k, lang)} {round(parts[k])}"
        for k in order
        if k in parts and (parts[k] or k in ("override", "urgency"))
    ]
    return t(
        "explain", lang, conv=waiting["id"], total=waiting.get("priority"), parts=" + ".join(shown)
    )
