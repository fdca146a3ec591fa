"""An in-memory stand-in for the server, for snapshot tests and the benchmark: the same
frames in, the same shapes out, deterministic data, no sockets. Behaviour a user relies
on (compliance refusals, reconnects) is tested against the real server instead.

Every change it makes is an event with the real payload Struct, folded into its rows by
the core projection, the same fold the console applies to what it receives."""

from __future__ import annotations

import itertools
from typing import Any

import msgspec

from loancs.client import ClientError
from loancs.core import events as ev
from loancs.core import protocol as p
from loancs.core.pii import mask_identity
from loancs.core.projection import ACTIVE, Inbox, Row, inbox_key
from loancs.tui.service import EventSink, StatusSink, WaitingSink
from loancs.tui.session import activity_of

T0 = 1_767_225_600_000  # 2026-01-01 00:00 UTC: a fixed "now" for stable screens
NAMES = ("张伟", "李娜", "王磊", "刘洋", "陈静", "杨帆", "赵敏", "黄强", "周丽", "吴刚")
LOANS = ("mortgage", "car", "consumer", "business", None)
CHANNELS = ("wechat", "phone", "chat")
LINES_IN = (
    "你好，我想问一下房贷审批到哪一步了？",
    "提前还款有没有违约金？",
    "I uploaded my bank statement yesterday, is it enough?",
    "这个月的还款日能不能推迟几天",
    "[bold]urgent[/bold] please call me back \x1b[31mnow\x1b[0m",
    "车贷利率是多少？月供大概多少钱",
)
LINES_OUT = (
    "您好，我是您的贷款顾问王芳，正在为您查询。",
    "您的申请目前在风控审核阶段，预计 2 个工作日内有结果。",
    "Thanks, we received the statement and it is being reviewed.",
)


def _identity(i: int) -> tuple[str, str]:
    channel = CHANNELS[i % 3]
    if channel == "phone":
        return "phone", f"138{i:08d}"
    if channel == "wechat":
        return "wechat", f"oWx{i:012d}Ab"
    return "visitor", f"v-{i:08x}"


class MemoryService:
    def __init__(
        self,
        conversations: int = 40,
        transcript: int = 12,
        now: int = T0,
        me: int = 1,
        name: str = "王芳",
    ):
        self.on_event: EventSink | None = None
        self.on_status: StatusSink | None = None
        self.on_waiting: WaitingSink | None = None  # an in-memory floor sends no summaries
        self.now = now
        self.me = me
        self.name = name
        self.seq = itertools.count(1000)
        self.msg_ids = itertools.count(10_000_000)
        self.reply_keys: dict[str, p.Ack] = {}
        self.inbox = Inbox()
        self.state = "offline"
        self.transcripts: dict[int, list[dict[str, Any]]] = {}
        self.transcript_len = transcript
        self.revealed: list[tuple[int, str, str]] = []
        self.inbox.load(self._row(i) for i in range(1, conversations + 1))

    @property
    def rows(self) -> dict[int, Row]:
        return self.inbox.rows

    # ------------------------------------------------------------------ data
    def _row(self, i: int) -> dict[str, Any]:
        kind, value = _identity(i)
        assigned = self.me if i % 4 == 1 else (None if i % 4 in (2, 3) else 2)
        status = "open" if i % 3 else "pending"
        last = self.now - (i * 37_000) % 900_000
        return {
            "id": i,
            "customer": i,
            "customer_display": mask_identity(kind, value),
            "customer_name": NAMES[i % len(NAMES)],
            "channel": CHANNELS[i % 3],
            "status": status,
            "priority": 1 if i == 3 else 0,
            "loan_type": LOANS[i % len(LOANS)],
            "amount": f"{(i % 9 + 1) * 50000}.00",
            "urgency": "complaint" if i == 5 else "normal",
            "credit_band": None,
            "language": None,
            "assigned_agent": assigned,
            "agent_name": {self.me: self.name, 2: "李强"}.get(assigned or 0),
            "created_at": last - 3_600_000,
            "first_response_at": None,
            "resolved_at": None,
            "snoozed_until": None,
            "last_message_at": last,
            "last_excerpt": LINES_IN[i % len(LINES_IN)],
            "unread": i % 3,
            "outcome": None,
        }

    def _messages(self, cid: int) -> list[dict[str, Any]]:
        if cid not in self.transcripts:
            row = self.rows[cid]
            n = self.transcript_len
            out = []
            for k in range(n):
                inbound = k % 2 == 0
                out.append(
                    {
                        "id": cid * 100_000 + k,
                        "seq": k + 1,
                        "ts": row["last_message_at"] - (n - k) * 60_000,
                        "direction": "in" if inbound else "out",
                        "author": row["customer_display"] if inbound else self.name,
                        "body": (LINES_IN if inbound else LINES_OUT)[
                            (k // 2) % len(LINES_IN if inbound else LINES_OUT)
                        ],
                        "kind": "text",
                        "channel": row["channel"],
                        "external_id": None,
                        "attachment": None,
                        "delivery": None if inbound else "sent",
                    }
                )
            self.transcripts[cid] = out
        return self.transcripts[cid]

    def _customer(self, customer: int) -> dict[str, Any]:
        row = self.rows[customer]
        kind, value = _identity(customer)
        day = 86_400_000
        return {
            "id": customer,
            "name": row["customer_name"],
            "created_at": self.now - 400 * day,
            "preferences": {"language": "zh", "contact": "wechat"},
            "identities": [
                {
                    "kind": kind,
                    "display": mask_identity(kind, value),
                    "since": self.now - 400 * day,
                },
                {"kind": "phone", "display": "139****0001", "since": self.now - 90 * day},
            ][: 1 if kind == "phone" else 2],
            "applications": [
                {
                    "application": f"APP-2025-{customer:04d}",
                    "loan_type": row["loan_type"] or "consumer",
                    "amount": row["amount"],
                    "stage": "risk_review",
                    "created_at": self.now - 20 * day,
                    "updated_at": self.now - 2 * day,
                    "timeline": [
                        {"stage": "submitted", "ts": self.now - 20 * day, "note": None},
                        {
                            "stage": "document_review",
                            "ts": self.now - 12 * day,
                            "note": "收入证明已补",
                        },
                        {"stage": "risk_review", "ts": self.now - 2 * day, "note": None},
                    ],
                }
            ],
            "conversations": [
                {
                    "id": customer,
                    "channel": row["channel"],
                    "status": row["status"],
                    "loan_type": row["loan_type"],
                    "created_at": row["created_at"],
                    "resolved_at": None,
                    "last_excerpt": row["last_excerpt"],
                    "agent_name": row["agent_name"],
                    "outcome": None,
                },
                {
                    "id": 900_000 + customer,
                    "channel": "phone",
                    "status": "resolved",
                    "loan_type": row["loan_type"],
                    "created_at": self.now - 30 * day,
                    "resolved_at": self.now - 30 * day + 600_000,
                    "last_excerpt": "已告知所需材料清单",
                    "agent_name": "李强",
                    "outcome": "answered",
                },
            ],
        }

    # ------------------------------------------------------------------ protocol
    def _emit(self, cid: int | None, payload: ev.Payload) -> int:
        seq = next(self.seq)
        event = p.Event(
            seq=seq,
            ts=self.now,
            kind=ev.kind_of(payload),
            conversation=cid,
            actor="memory",
            payload=ev.to_dict(payload),
        )
        self.inbox.apply(ev.typed(event))
        if self.on_event is not None:
            self.on_event(event)
        return seq

    async def start(self) -> p.Welcome:
        if self.on_status is not None:
            self.on_status("connected", "memory")
        return p.Welcome(
            role="agent", name=self.name, actor=f"agent:{self.name}", seq=999, agent_id=self.me
        )

    async def typing(self, conversation: int, active: bool) -> None:
        return None

    async def close(self) -> None:
        return None

    async def call(self, kind: type[msgspec.Struct], **f: Any) -> Any:
        name = kind.__struct_config__.tag
        handler = getattr(self, f"_do_{name}", None)
        if handler is None:
            raise ClientError("unknown_type", f"{name} is not simulated")
        return handler(**f)

    def _do_list_conversations(
        self,
        status=None,
        mine=False,
        limit=200,
        query=None,
        before=None,
        order=None,
        after=None,
        before_id=None,
    ):
        rows = [r for r in self.rows.values() if not status or r["status"] in status]
        if mine:
            rows = [r for r in rows if r["assigned_agent"] == self.me]
        if query:
            rows = [
                r for r in rows if query in f"#{r['id']} {r['customer_name']} {r['last_excerpt']}"
            ]
        if order == "inbox":  # the server's inbox order, a page after ``after``
            rows = sorted((r for r in rows if r["status"] in ACTIVE), key=inbox_key)
            if after is not None:
                rows = [r for r in rows if inbox_key(r) > tuple(after)]
        else:  # the server's activity order: last activity, then id, newest first
            rows.sort(key=lambda r: (-activity_of(r), -r["id"]))
            if before is not None:
                rows = [
                    r
                    for r in rows
                    if activity_of(r) < before
                    or (before_id is not None and activity_of(r) == before and r["id"] < before_id)
                ]
        return [dict(r) for r in rows[: min(limit, 5000)]]

    def _do_get_conversation(self, conversation, before=None, limit=200):
        if conversation not in self.rows:
            raise ClientError("not_found", f"no conversation {conversation}")
        messages = self._messages(conversation)[-limit:]
        calls = []
        if self.rows[conversation]["channel"] == "phone":
            calls = [
                {
                    "call_id": f"c-{conversation}",
                    "direction": "inbound",
                    "state": "answered",
                    "started_at": self.now - 120_000,
                    "answered_at": self.now - 110_000,
                    "ended_at": None,
                    "agent": self.name,
                    "cause": None,
                    "duration_s": None,
                    "billsec_s": None,
                }
            ]
        return {
            "conversation": dict(self.rows[conversation]),
            "messages": list(messages),
            "calls": calls,
        }

    def _do_get_customer(self, customer):
        if customer not in self.rows:
            raise ClientError("not_found", f"no customer {customer}")
        return self._customer(customer)

    def _do_list_agents(self):
        return [
            {
                "id": self.me,
                "name": self.name,
                "role": "agent",
                "skills": {"mortgage": 1},
                "capacity": {},
                "state": "available",
                "state_reason": None,
            },
            {
                "id": 2,
                "name": "李强",
                "role": "agent",
                "skills": {"consumer": 1},
                "capacity": {},
                "state": "available",
                "state_reason": None,
            },
        ]

    def _ack(self, seq: int, cid: int | None = None, message: int | None = None) -> p.Ack:
        return p.Ack(id="m", seq=seq, conversation=cid, message=message)

    def _do_reply(self, conversation, body, key=None):
        if key is not None and key in self.reply_keys:
            return self.reply_keys[key]
        mid = next(self.msg_ids)
        self._messages(conversation).append(
            {
                "id": mid,
                "seq": 0,
                "ts": self.now,
                "direction": "out",
                "author": self.name,
                "body": body,
                "kind": "text",
                "channel": self.rows[conversation]["channel"],
                "external_id": None,
                "attachment": None,
                "delivery": "queued",
            }
        )
        seq = self._emit(
            conversation,
            ev.MessageSent(
                message=mid,
                agent=self.me,
                agent_name=self.name,
                channel=self.rows[conversation]["channel"],
                body=body,
            ),
        )
        ack = self._ack(seq, conversation, mid)
        if key is not None:
            self.reply_keys[key] = ack
        return ack

    def _do_note(self, conversation, body):
        mid = next(self.msg_ids)
        seq = self._emit(
            conversation,
            ev.NoteAdded(message=mid, agent=self.me, agent_name=self.name, body=body),
        )
        return self._ack(seq, conversation, mid)

    def _assign(self, conversation: int, payload: ev.Payload) -> p.Ack:
        return self._ack(self._emit(conversation, payload), conversation)

    def _do_accept(self, conversation: int) -> p.Ack:
        return self._assign(
            conversation,
            ev.ConversationAssigned(
                agent=self.me,
                from_agent=self.rows[conversation].get("assigned_agent"),
                agent_name=self.name,
                reason="accepted by the agent",
                reason_code="accepted",
            ),
        )

    def _do_decline(self, conversation: int, reason: str | None = None) -> p.Ack:
        return self._ack(next(self.seq), conversation)

    def _do_transfer(
        self,
        conversation: int,
        to_agent: str | None = None,
        to_queue: str | None = None,
        note: str | None = None,
    ) -> p.Ack:
        return self._assign(
            conversation,
            ev.ConversationTransferred(
                agent=2 if to_agent else None,
                from_agent=self.rows[conversation].get("assigned_agent"),
                agent_name=to_agent,
                queue=to_queue,
                note=note,
                reason="transfer",
                reason_code="transfer" if to_agent else "transfer_queue",
            ),
        )

    def _status(self, conversation: int, payload: ev.Payload) -> p.Ack:
        return self._ack(self._emit(conversation, payload), conversation)

    def _change(self, conversation: int) -> dict[str, Any]:
        row = self.rows[conversation]
        return {"previous": row["status"], "agent": row.get("assigned_agent")}

    def _do_resolve(self, conversation: int, outcome: str | None = None) -> p.Ack:
        change = self._change(conversation)
        return self._status(
            conversation, ev.ConversationResolved(status="resolved", outcome=outcome, **change)
        )

    def _do_callback(self, conversation: int, due: int, note: str = "") -> p.Ack:
        seq = self._emit(conversation, ev.CallbackCreated(due=due, note=note, agent=self.me))
        return self._ack(seq, conversation)

    def _do_snooze(self, conversation: int, until: int) -> p.Ack:
        change = self._change(conversation)
        return self._status(
            conversation, ev.ConversationSnoozed(status="snoozed", until=until, **change)
        )

    def _do_reopen(self, conversation: int) -> p.Ack:
        change = self._change(conversation)
        return self._status(conversation, ev.ConversationReopened(status="open", **change))

    def _do_mark_read(self, conversation: int) -> p.Ack:
        seq = self._emit(conversation, ev.ConversationRead(by=self.me))
        return self._ack(seq, conversation)

    def _do_set_state(
        self, state: str, reason: str | None = None, outcome: str | None = None
    ) -> p.Ack:
        previous, self.state = self.state, state
        seq = self._emit(
            None,
            ev.AgentState(
                agent=self.me,
                agent_name=self.name,
                state=state,
                previous=previous,
                reason=reason or outcome,
            ),
        )
        return self._ack(seq)

    def _do_reveal(self, customer, field, reason):
        kind, value = _identity(customer)
        self.revealed.append((customer, field, reason))
        return {
            "field": field,
            "value": value if field == kind else "13900000001",
            "seq": next(self.seq),
        }
