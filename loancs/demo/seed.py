"""Seed a demo database: agents, channel gateways, and customers with history on phone,
web chat and WeChat, loan applications at different stages, some conversations waiting
right now. History is replayed through the real store ops with a clock set in the past,
so everything in it (events, hash chain, projections) is what the server would have
written."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from loancs.store import commands, ops, queries
from loancs.store.accounts import create_agent, create_channel
from loancs.store.db import Store, connect_sync

MIN = 60_000
HOUR = 60 * MIN
DAY = 24 * HOUR

DEMO_AGENT = "王芳"
COLLEAGUES = (
    ("李强", {"consumer": 1, "mortgage": 2}),
    ("张敏", {"car": 1, "business": 1, "lang:en": 1}),
    ("陈磊", {"collection": 1, "consumer": 2}),
)
SUPERVISOR = "赵主管"
CHANNELS = (
    ("wechat", "wechat-gw"),
    ("phone", "phone-gw"),
    ("chat", "chat-gw"),
    ("system", "core-banking"),
)


@dataclass
class DemoAccounts:
    tokens: dict[str, str] = field(default_factory=dict)  # demo agent, supervisor, channels
    agents: dict[str, int] = field(default_factory=dict)  # name -> id
    customers: int = 0
    conversations: int = 0


class _Clock:
    def __init__(self, now: int):
        self.now = now
        self.value = now

    def at(self, ago_ms: int) -> None:
        self.value = self.now - ago_ms

    def __call__(self) -> int:
        return self.value


def create_accounts(db: Path) -> DemoAccounts:
    conn = connect_sync(db)
    accounts = DemoAccounts()
    skills = {"mortgage": 1, "car": 1, "consumer": 1, "business": 1, "collection": 2, "lang:en": 1}
    agent_id, accounts.tokens["agent"] = create_agent(
        conn, DEMO_AGENT, "agent", skills, {"phone": 1, "chat": 4, "wechat": 4}
    )
    accounts.agents[DEMO_AGENT] = agent_id
    for name, their_skills in COLLEAGUES:
        accounts.agents[name], accounts.tokens[f"agent:{name}"] = create_agent(
            conn, name, "agent", their_skills
        )
    accounts.agents[SUPERVISOR], accounts.tokens["supervisor"] = create_agent(
        conn, SUPERVISOR, "supervisor"
    )
    for kind, name in CHANNELS:
        _, accounts.tokens[kind] = create_channel(conn, name, kind)
    conn.close()
    return accounts


class _Seeder:
    def __init__(self, store: Store, clock: _Clock, accounts: DemoAccounts):
        self.store = store
        self.clock = clock
        self.accounts = accounts
        self.n = 0

    async def run(self, ago: int, op) -> dict[str, Any]:
        self.clock.at(ago)
        return await self.store.apply(op)

    async def says(
        self,
        ago: int,
        channel: str,
        identity: dict,
        body: str,
        hints=None,
        kind="text",
        call_id=None,
    ) -> int:
        self.n += 1
        source = dict(CHANNELS)[channel]
        result = await self.run(
            ago,
            ops.ingest_message(
                source, channel, f"demo-{self.n}", identity, body, kind, hints, None, None, call_id
            ),
        )
        return result["conversation"]

    async def assign(
        self, ago: int, conversation: int, agent: str, reason: str = "accepted by the agent"
    ) -> None:
        await self.run(
            ago,
            ops.assign(
                conversation,
                self.accounts.agents[agent],
                f"agent:{agent}",
                "conversation.assigned",
                {"agent_name": agent, "reason": reason, "reason_code": "accepted"},
            ),
        )

    async def reply(self, ago: int, conversation: int, agent: str, body: str) -> None:
        await self.run(
            ago,
            ops.agent_reply(conversation, self.accounts.agents[agent], agent, "agent", body, []),
        )

    async def note(self, ago: int, conversation: int, agent: str, body: str) -> None:
        await self.run(
            ago, ops.note(conversation, self.accounts.agents[agent], agent, "agent", body)
        )

    async def resolve(self, ago: int, conversation: int, agent: str, outcome: str) -> None:
        await self.run(
            ago,
            ops.set_status(
                conversation,
                self.accounts.agents[agent],
                f"agent:{agent}",
                "agent",
                "resolved",
                outcome=outcome,
                kind="conversation.resolved",
                extra={"agent": self.accounts.agents[agent]},
            ),
        )

    async def stages(
        self,
        identity: dict,
        application: str,
        loan: str,
        amount: str,
        steps: list[tuple[str, int, str | None]],
    ) -> int:
        customer = 0
        for stage, ago, note in steps:
            when = self.clock.now - ago
            result = await self.run(
                ago,
                ops.stage_change(
                    "core-banking", application, identity, stage, loan, Decimal(amount), note, when
                ),
            )
            customer = result["customer"]
        return customer

    async def link(self, ago: int, customer: int, identity: dict) -> None:
        """The same person on another channel (the loan system knows both)."""

        await self.run(
            ago,
            commands.LinkIdentity(
                customer=customer,
                identity=commands.Identity(kind=identity["kind"], value=identity["value"]),
                actor="channel:core-banking",
            ),
        )

    async def call(
        self,
        ago: int,
        call_id: str,
        identity: dict,
        agent: str,
        lines: list[tuple[str, str]],
        hints=None,
        outcome="answered",
    ) -> int:
        frame = {
            "call_id": call_id,
            "event": "started",
            "customer": identity,
            "direction": "inbound",
            "hints": hints,
        }
        result = await self.run(ago, ops.call_event("phone-gw", "phone", frame))
        conversation = result["conversation"]
        await self.assign(ago - 5_000, conversation, agent, "phone call routed")
        await self.run(
            ago - 8_000,
            ops.call_event(
                "phone-gw", "phone", {"call_id": call_id, "event": "answered", "agent": agent}
            ),
        )
        t = ago - 10_000
        for who, text in lines:
            if who == "customer":
                await self.says(t, "phone", identity, text, kind="transcript", call_id=call_id)
            else:
                await self.note(t, conversation, agent, f"（通话中）{text}")
            t -= 20_000
        await self.run(
            t,
            ops.call_event(
                "phone-gw",
                "phone",
                {
                    "call_id": call_id,
                    "event": "ended",
                    "cause": "normal_clearing",
                    "duration_s": (ago - t) / 1000,
                    "billsec_s": (ago - t) / 1000 - 8,
                },
            ),
        )
        await self.run(
            t - 2_000,
            ops.call_event(
                "phone-gw",
                "phone",
                {
                    "call_id": call_id,
                    "event": "recording",
                    "recording": {
                        "kind": "audio",
                        "ref": f"rec/{call_id}.wav",
                        "duration_s": (ago - t) / 1000,
                    },
                },
            ),
        )
        await self.resolve(t - 60_000, conversation, agent, outcome)
        return conversation


def _who(kind: str, value: str, name: str) -> dict[str, str]:
    return {"kind": kind, "value": value, "name": name}


async def seed_history(db: Path, accounts: DemoAccounts, now: int) -> None:
    clock = _Clock(now)
    store = Store(db, "NORMAL", clock=clock)
    await store.open()
    s = _Seeder(store, clock, accounts)
    me = DEMO_AGENT
    try:
        # 张伟: mortgage in risk review; called last month, WeChat last week, writing now.
        zw_phone, zw_wx = (
            _who("phone", "13812345678", "张伟"),
            _who("wechat", "oZhangWei8a7f3c21", "张伟"),
        )
        zw = await s.stages(
            zw_phone,
            "APP-2026-0001",
            "mortgage",
            "1200000",
            [
                ("submitted", 20 * DAY, None),
                ("document_review", 15 * DAY, "收入证明待补"),
                ("risk_review", 3 * DAY, "材料齐全"),
            ],
        )
        await s.link(20 * DAY, zw, zw_wx)
        await s.call(
            21 * DAY,
            "call-zw-1",
            zw_phone,
            "李强",
            [
                ("customer", "你好，我想申请房贷，首付三成可以吗"),
                ("agent", "可以，需要提供收入证明和银行流水"),
                ("customer", "好的，我这周准备好"),
            ],
            {"loan_type": "mortgage", "amount": "1200000"},
        )
        cid = await s.says(
            6 * DAY,
            "wechat",
            zw_wx,
            "收入证明已经上传了，麻烦看一下",
            {"loan_type": "mortgage", "amount": "1200000"},
        )
        await s.assign(6 * DAY - MIN, cid, me)
        await s.reply(6 * DAY - 3 * MIN, cid, me, "收到，材料已转交审核，有进展会通知您。")
        await s.resolve(6 * DAY - 10 * MIN, cid, me, "application_help")
        await s.says(
            4 * MIN,
            "wechat",
            zw_wx,
            "您好，我的房贷现在审批到哪一步了？风控审核一般要多久？",
            {"loan_type": "mortgage", "amount": "1200000"},
        )

        # 李娜: car loan signed; mid-conversation with the demo agent on web chat.
        ln = _who("visitor", "v-7f3a9c0e11d2", "李娜")
        await s.stages(
            ln,
            "APP-2026-0002",
            "car",
            "180000",
            [
                ("submitted", 12 * DAY, None),
                ("approved", 5 * DAY, None),
                ("contract_signed", 1 * DAY, "已电子签约"),
            ],
        )
        cid = await s.says(
            9 * MIN,
            "chat",
            ln,
            "你好，合同签好了，什么时候放款？",
            {"loan_type": "car", "amount": "180000"},
        )
        await s.assign(8 * MIN, cid, me)
        await s.reply(7 * MIN, cid, me, "您好，合同已生效，一般 1-2 个工作日内放款到您的还款卡。")
        await s.says(1 * MIN, "chat", ln, "好的。那月供是多少？18万分36期", None)

        # 王磊: consumer loan repaying; earlier phone call, now on WeChat about prepayment.
        wl_phone, wl_wx = (
            _who("phone", "13987654321", "王磊"),
            _who("wechat", "oWangLei5e6d7c8b", "王磊"),
        )
        wl = await s.stages(
            wl_phone,
            "APP-2025-0417",
            "consumer",
            "50000",
            [
                ("submitted", 200 * DAY, None),
                ("approved", 195 * DAY, None),
                ("disbursed", 190 * DAY, None),
                ("repaying", 160 * DAY, None),
            ],
        )
        await s.link(150 * DAY, wl, wl_wx)
        await s.call(
            40 * DAY,
            "call-wl-1",
            wl_phone,
            "陈磊",
            [
                ("customer", "这个月还款日能推迟几天吗"),
                ("agent", "可以申请一次宽限，不影响征信"),
                ("customer", "好，谢谢"),
            ],
            {"loan_type": "consumer"},
            "repayment_plan",
        )
        await s.says(
            2 * MIN,
            "wechat",
            wl_wx,
            "我想提前还一部分，有违约金吗？",
            {"loan_type": "consumer", "amount": "50000"},
        )

        # 刘洋: business loan rejected, a complaint waiting too long.
        ly = _who("wechat", "oLiuYang0c1d2e3f", "刘洋")
        await s.stages(
            ly,
            "APP-2026-0009",
            "business",
            "800000",
            [
                ("submitted", 9 * DAY, None),
                ("risk_review", 6 * DAY, None),
                ("rejected", 2 * DAY, "经营流水不足"),
            ],
        )
        await s.says(
            12 * MIN,
            "wechat",
            ly,
            "为什么拒绝我的申请？我要投诉！",
            {"loan_type": "business", "urgency": "complaint", "amount": "800000"},
        )

        # 陈静: mortgage settled; the demo agent already answered, waiting on her.
        cj = _who("visitor", "v-19be44d0a7c3", "陈静")
        await s.stages(
            cj,
            "APP-2019-0033",
            "mortgage",
            "600000",
            [
                ("disbursed", 2000 * DAY, None),
                ("repaying", 1990 * DAY, None),
                ("settled", 10 * DAY, "提前结清"),
            ],
        )
        cid = await s.says(30 * MIN, "chat", cj, "贷款结清证明怎么开？", {"loan_type": "mortgage"})
        await s.assign(29 * MIN, cid, me)
        await s.reply(
            27 * MIN, cid, me, "结清证明可以在 App 里申请，3 个工作日内寄出。需要我帮您提交吗？"
        )

        # 黄强: pastes something odd. The console must show it literally and harmlessly.
        hq = _who("visitor", "v-0badc0ffee42", "黄强")
        await s.says(
            3 * MIN,
            "chat",
            hq,
            "[bold]急[/bold] 点这里 [link=http://example.invalid]领取额度[/link] \x1b[31m红色\x1b[0m "
            + "很长" * 120,
            {"loan_type": "consumer"},
        )

        # Emily: an English-speaking borrower on web chat.
        em = _who("visitor", "v-e1e1e1e1e1e1", "Emily Zhou")
        await s.stages(
            em,
            "APP-2026-0015",
            "car",
            "90000",
            [("submitted", 2 * DAY, None), ("document_review", 1 * DAY, "driving licence needed")],
        )
        await s.says(
            6 * MIN,
            "chat",
            em,
            "Hi, can I prepay my car loan early without a penalty? 90k over 24 months.",
            {"loan_type": "car", "language": "en", "amount": "90000"},
        )

        # 赵敏: an overdue consumer loan; the collection team agreed a plan with her yesterday.
        zm, zm_wx = _who("phone", "13700001111", "赵敏"), _who("wechat", "oZhaoMin77aa88bb", "赵敏")
        zmc = await s.stages(
            zm,
            "APP-2025-0101",
            "consumer",
            "30000",
            [("disbursed", 300 * DAY, None), ("repaying", 280 * DAY, None)],
        )
        await s.link(250 * DAY, zmc, zm_wx)
        cid = await s.says(
            DAY + 2 * HOUR,
            "wechat",
            zm_wx,
            "这个月实在周转不开，能分期吗",
            {"loan_type": "collection", "urgency": "overdue"},
        )
        await s.assign(DAY + HOUR, cid, "陈磊")
        await s.reply(
            DAY + HOUR - 5 * MIN,
            cid,
            "陈磊",
            "可以为您申请分 3 期补还逾期部分，不收额外费用，确认后短信通知您。",
        )
        await s.says(DAY + HOUR - 20 * MIN, "wechat", zm_wx, "好的，谢谢", None)
        await s.resolve(DAY, cid, "陈磊", "repayment_plan")
        accounts.customers = 8
        accounts.conversations = await queries.conversation_count(store)
    finally:
        await store.close()


async def seed(db: Path, now: int) -> DemoAccounts:
    """Create a fresh demo database at ``db``; returns the accounts and their tokens."""
    accounts = create_accounts(db)
    await seed_history(db, accounts, now)
    return accounts
