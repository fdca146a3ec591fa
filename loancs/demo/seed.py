"""Seed a demo database: agents, channel gateways, and customers with history on phone,
web chat and WeChat, loan applications at different stages, some conversations waiting
right now. History is replayed through the real store ops with a clock set in the past,
so everything in it (events, hash chain, projections) is what the server would have
written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec

from loancs.core.events import Kind
from loancs.datafiles import load_toml
from loancs.store import commands
from loancs.store.accounts import create_agent, create_channel
from loancs.store.db import Store, connect_sync

MIN = 60_000
HOUR = 60 * MIN
DAY = 24 * HOUR
UNITS = {"d": DAY, "h": HOUR, "m": MIN, "s": 1000}


# ---------------------------------------------------------------- the stories, as data
# loancs/demo/stories/team.toml and customers.toml (their comments describe the format).


class Member(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    skills: dict[str, int] = {}
    capacity: dict[str, int] | None = None


class Team(msgspec.Struct, forbid_unknown_fields=True):
    me: Member
    colleague: list[Member]
    supervisor: Member
    channels: dict[str, str]  # kind -> gateway name


class StageStep(msgspec.Struct, forbid_unknown_fields=True):
    stage: str
    ago: str
    note: str | None = None


class Application(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    loan: str
    amount: str
    via: str  # the identity the loan system knows: phone, wechat or visitor
    stages: list[StageStep]


class _Step(msgspec.Struct, forbid_unknown_fields=True, tag_field="do"):
    ago: str


class Link(_Step, tag="link"):
    to: str


class Call(_Step, tag="call"):
    id: str
    agent: str
    lines: list[tuple[str, str]]
    hints: dict[str, str] | None = None
    outcome: str = "answered"


class Says(_Step, tag="says"):
    on: str
    body: str
    hints: dict[str, str] | None = None


class Assign(_Step, tag="assign"):
    agent: str


class Reply(_Step, tag="reply"):
    agent: str
    body: str


class Resolve(_Step, tag="resolve"):
    agent: str
    outcome: str


class Customer(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    about: str = ""
    phone: str | None = None
    wechat: str | None = None
    visitor: str | None = None
    application: Application | None = None
    step: list[Link | Call | Says | Assign | Reply | Resolve] = []

    def identity(self, kind: str) -> dict[str, str]:
        value = getattr(self, kind) if kind in ("phone", "wechat", "visitor") else None
        if value is None:
            raise ValueError(f"{self.name} has no {kind} identity in the demo stories")
        return {"kind": kind, "value": value, "name": self.name}


class Stories(msgspec.Struct, forbid_unknown_fields=True):
    customer: list[Customer]


def ago_ms(text: str) -> int:
    """ "1d 1h -5m" -> milliseconds (d, h, m, s; each term may be negative)."""
    terms = re.findall(r"\s*([+-]?\d+)([dhms])", text)
    if not terms or "".join(f"{n}{u}" for n, u in terms) != text.replace(" ", ""):
        raise ValueError(f"{text!r}: write a time ago as terms like '6d -3m'")
    return sum(int(n) * UNITS[u] for n, u in terms)


def load_team(path: Path | None = None) -> Team:
    return load_toml("loancs.demo", "stories/team.toml", Team, path)


def load_stories(path: Path | None = None) -> Stories:
    return load_toml("loancs.demo", "stories/customers.toml", Stories, path)


TEAM = load_team()
DEMO_AGENT = TEAM.me.name
CHANNEL_IDENTITY = {"wechat": "wechat", "chat": "visitor", "phone": "phone"}


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


def create_accounts(db: Path, team: Team = TEAM) -> DemoAccounts:
    conn = connect_sync(db)
    accounts = DemoAccounts()
    me = team.me
    agent_id, accounts.tokens["agent"] = create_agent(
        conn, me.name, "agent", me.skills, me.capacity
    )
    accounts.agents[me.name] = agent_id
    for colleague in team.colleague:
        accounts.agents[colleague.name], accounts.tokens[f"agent:{colleague.name}"] = create_agent(
            conn, colleague.name, "agent", colleague.skills, colleague.capacity
        )
    accounts.agents[team.supervisor.name], accounts.tokens["supervisor"] = create_agent(
        conn, team.supervisor.name, "supervisor"
    )
    for kind, name in team.channels.items():
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
        source = TEAM.channels[channel]
        result = await self.run(
            ago,
            commands.IngestMessage(
                source=source,
                channel=channel,
                external_id=f"demo-{self.n}",
                identity=_identity(identity),
                body=body,
                kind=kind,
                hints=_hints(hints),
                call_id=call_id,
            ),
        )
        return result["conversation"]

    async def assign(
        self, ago: int, conversation: int, agent: str, reason: str = "accepted by the agent"
    ) -> None:
        await self.run(
            ago,
            commands.Assign(
                conversation=conversation,
                agent_id=self.accounts.agents[agent],
                actor=f"agent:{agent}",
                kind=Kind.CONVERSATION_ASSIGNED,
                payload={"agent_name": agent, "reason": reason, "reason_code": "accepted"},
            ),
        )

    async def reply(self, ago: int, conversation: int, agent: str, body: str) -> None:
        await self.run(
            ago,
            commands.AgentReply(
                conversation=conversation,
                agent_id=self.accounts.agents[agent],
                agent_name=agent,
                role="agent",
                body=body,
            ),
        )

    async def note(self, ago: int, conversation: int, agent: str, body: str) -> None:
        await self.run(
            ago,
            commands.AddNote(
                conversation=conversation,
                agent_id=self.accounts.agents[agent],
                agent_name=agent,
                role="agent",
                body=body,
            ),
        )

    async def resolve(self, ago: int, conversation: int, agent: str, outcome: str) -> None:
        await self.run(
            ago,
            commands.SetStatus(
                conversation=conversation,
                agent_id=self.accounts.agents[agent],
                actor=f"agent:{agent}",
                role="agent",
                status="resolved",
                outcome=outcome,
                kind=Kind.CONVERSATION_RESOLVED,
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
                commands.ChangeStage(
                    source="core-banking",
                    application=application,
                    identity=_identity(identity),
                    stage=stage,
                    loan_type=loan,
                    amount=Decimal(amount),
                    note=note,
                    at=when,
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
        def call_event(**fields: Any) -> commands.RecordCall:
            return commands.RecordCall(
                source="phone-gw", channel="phone", call_id=call_id, **fields
            )

        started = call_event(event="started", customer=_identity(identity), hints=_hints(hints))
        result = await self.run(ago, started)
        conversation = result["conversation"]
        await self.assign(ago - 5_000, conversation, agent, "phone call routed")
        await self.run(
            ago - 8_000,
            call_event(event="answered", agent=agent),
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
            call_event(
                event="ended",
                cause="normal_clearing",
                duration_s=(ago - t) / 1000,
                billsec_s=(ago - t) / 1000 - 8,
            ),
        )
        await self.run(
            t - 2_000,
            call_event(
                event="recording",
                recording=commands.Attachment(
                    kind="audio", ref=f"rec/{call_id}.wav", duration_s=(ago - t) / 1000
                ),
            ),
        )
        await self.resolve(t - 60_000, conversation, agent, outcome)
        return conversation


def _identity(identity: dict[str, Any]) -> commands.Identity:
    """The stories write identities and hints as dicts, the way a channel sends them."""
    return msgspec.convert(identity, commands.Identity)


def _hints(hints: dict[str, Any] | None) -> commands.Hints | None:
    return msgspec.convert(hints, commands.Hints) if hints else None


async def seed_history(
    db: Path, accounts: DemoAccounts, now: int, stories: Stories | None = None
) -> None:
    """Replay every customer's story (loancs/demo/stories/customers.toml) through the store."""
    stories = stories or load_stories()
    clock = _Clock(now)
    store = Store(db, "NORMAL", clock=clock)
    await store.open()
    s = _Seeder(store, clock, accounts)
    conversations: set[int] = set()
    try:
        for customer in stories.customer:
            await _replay(s, customer, conversations)
        accounts.customers = len(stories.customer)
        accounts.conversations = len(conversations)
    finally:
        await store.close()


async def _replay(s: _Seeder, customer: Customer, conversations: set[int]) -> None:
    def agent(name: str) -> str:
        return DEMO_AGENT if name == "me" else name

    customer_id = 0
    app = customer.application
    if app is not None:
        steps = [(st.stage, ago_ms(st.ago), st.note) for st in app.stages]
        customer_id = await s.stages(
            customer.identity(app.via), app.id, app.loan, app.amount, steps
        )
    current = 0  # the conversation the last message went to
    for step in customer.step:
        ago = ago_ms(step.ago)
        if isinstance(step, Link):
            if not customer_id:
                raise ValueError(f"{customer.name}: link needs an application (the loan system)")
            await s.link(ago, customer_id, customer.identity(step.to))
        elif isinstance(step, Call):
            lines = [(who, text) for who, text in step.lines]
            conversations.add(
                await s.call(
                    ago,
                    step.id,
                    customer.identity("phone"),
                    agent(step.agent),
                    lines,
                    step.hints,
                    step.outcome,
                )
            )
        elif isinstance(step, Says):
            identity = customer.identity(CHANNEL_IDENTITY[step.on])
            current = await s.says(ago, step.on, identity, step.body, step.hints)
            conversations.add(current)
        elif isinstance(step, Assign):
            await s.assign(ago, current, agent(step.agent))
        elif isinstance(step, Reply):
            await s.reply(ago, current, agent(step.agent), step.body)
        elif isinstance(step, Resolve):
            await s.resolve(ago, current, agent(step.agent), step.outcome)


async def seed(db: Path, now: int) -> DemoAccounts:
    """Create a fresh demo database at ``db``; returns the accounts and their tokens."""
    accounts = create_accounts(db)
    await seed_history(db, accounts, now)
    return accounts
