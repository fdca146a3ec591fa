"""Simulated borrower traffic across phone, web chat and WeChat, for demos and load tests.

``rate`` is **new conversations per second** (Poisson arrivals); each conversation has
2-6 customer turns spaced by about ``pace`` seconds (0 = back to back). Conversations are
realistic multi-turn Chinese (about one in six in English) on applications, rates,
contract terms, repayment and prepayment, application status, overdue and hardship, and
complaints. About ``returning`` of them come from a customer seen before (same phone
number, OpenID or visitor id), so sticky routing and history matter.

- WeChat: real signed XML POSTed to the webhook when ``wechat_webhook`` is given (menu
  CLICK events carry the topic, some turns are voice with Recognition, a few pushes are
  re-sent as WeChat retries do), else Ingest frames on the wechat channel.
- Web chat: a visitor session per conversation (``customer`` role, Say frames).
- Phone: call started (IVR hints) -> answered -> transcript segments -> ended -> recording.
- Applications: stage changes pushed on the ``system`` channel (Stage frames).

All phone numbers are 1380000xxxx: valid-looking, clearly fake.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import string
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import msgspec

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.core import wechat as wx
from loancs.datafiles import load_toml

# ---------------------------------------------------------------- the scenario library


class Scenario(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    topic: str
    lang: str
    turns: tuple[str, ...]  # what the borrower says, in order
    agent: tuple[str, ...] = ()  # what an agent says on the phone (transcripts)
    loan_type: str | None = None
    amount: tuple[int, int] | None = None  # yuan range, rounded to 1000
    urgency: str | None = None
    menu: str | None = None  # WeChat menu key clicked first
    ivr: str | None = None  # IVR digits pressed on the phone
    stages: tuple[str, ...] = ()  # application stage pushes that belong to the story


class Library(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """loancs/sim/scenarios/borrowers.toml: the stories and the names customers get."""

    surnames: str
    given: tuple[str, ...]
    scenario: tuple[Scenario, ...]


def load_library(path: Path | None = None) -> Library:
    """The scenario library (the shipped one by default). A file that does not match the
    format (a misspelt key, a wrong type) raises ``ValueError`` naming the file and the key."""
    return load_toml("loancs.sim", "scenarios/borrowers.toml", Library, path)


LIBRARY = load_library()
SCENARIOS: tuple[Scenario, ...] = LIBRARY.scenario
SURNAMES = LIBRARY.surnames
GIVEN = LIBRARY.given


# ---------------------------------------------------------------- stats


@dataclass
class SimStats:
    started: Counter = field(default_factory=Counter)  # conversations by channel
    returning: int = 0
    messages: int = 0  # customer messages acknowledged as stored
    duplicates: int = 0  # deliberate resends answered as duplicates
    calls: int = 0
    transcripts: int = 0
    stages: int = 0
    errors: Counter = field(default_factory=Counter)
    webhook_status: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)  # a uniform sample
    acks: int = 0  # latencies seen (the sample keeps at most SAMPLE of them)
    elapsed_s: float = 0.0

    SAMPLE = 100_000

    def record_latency(self, ms: float, rng: random.Random) -> None:
        """Reservoir sampling: long runs keep a bounded, unbiased sample."""
        self.acks += 1
        if len(self.latencies_ms) < self.SAMPLE:
            self.latencies_ms.append(ms)
        else:
            slot = rng.randrange(self.acks)
            if slot < self.SAMPLE:
                self.latencies_ms[slot] = ms

    def percentile(self, q: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> dict[str, Any]:
        return {
            "elapsed_s": round(self.elapsed_s, 2),
            "conversations": dict(self.started),
            "returning_customers": self.returning,
            "messages": self.messages,
            "messages_per_s": round(self.messages / self.elapsed_s, 1) if self.elapsed_s else 0,
            "duplicates": self.duplicates,
            "calls": self.calls,
            "transcript_segments": self.transcripts,
            "stage_changes": self.stages,
            "errors": dict(self.errors),
            "webhook_status": {str(k): v for k, v in self.webhook_status.items()},
            "ack_ms": {
                "p50": _round(self.percentile(0.50)),
                "p95": _round(self.percentile(0.95)),
                "p99": _round(self.percentile(0.99)),
                "max": _round(max(self.latencies_ms) if self.latencies_ms else None),
            },
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# ---------------------------------------------------------------- customers


@dataclass
class SimCustomer:
    channel: str
    identity: p.Identity
    name: str
    application: str | None = None
    stage_index: int = -1
    busy: bool = False
    visitor_token: str | None = None  # issued by the server at the visitor's first hello


class CustomerPool:
    """Fake borrowers; ``returning`` of the picks reuse someone seen before."""

    def __init__(self, rng: random.Random, returning: float):
        self.rng = rng
        self.returning = returning
        self.seen: dict[str, list[SimCustomer]] = {"phone": [], "wechat": [], "chat": []}
        self.used_numbers: set[str] = set()
        self.apps = 0

    def _phone(self) -> str:
        while True:
            number = f"1380000{self.rng.randrange(10000):04d}"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def _openid(self) -> str:
        alphabet = string.ascii_letters + string.digits + "-_"
        return "oSIM" + "".join(self.rng.choice(alphabet) for _ in range(24))

    def _visitor(self) -> str:
        alphabet = string.ascii_letters + string.digits
        return "sim" + "".join(self.rng.choice(alphabet) for _ in range(21))

    def pick(self, channel: str) -> tuple[SimCustomer, bool]:
        known = [c for c in self.seen[channel] if not c.busy]
        if known and self.rng.random() < self.returning:
            customer = self.rng.choice(known)
            customer.busy = True
            return customer, True
        name = self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2)))
        )
        if channel == "phone" or (channel not in self.seen):
            identity = p.Identity(kind="phone", value=self._phone())
        elif channel == "wechat":
            identity = p.Identity(kind="wechat", value=self._openid())
        else:
            identity = p.Identity(kind="visitor", value=self._visitor())
        customer = SimCustomer(channel, identity, name, busy=True)
        self.seen[channel].append(customer)
        return customer, False

    def new_application(self) -> str:
        self.apps += 1
        return f"SIM-{self.rng.randrange(100000, 999999)}-{self.apps:05d}"


# ---------------------------------------------------------------- the simulator


def parse_mix(text: str) -> dict[str, int]:
    """``phone:2,chat:5,wechat:3`` -> weights."""
    mix: dict[str, int] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, _, weight = part.partition(":")
        name = name.strip()
        if name not in ("phone", "chat", "wechat"):
            raise ValueError(f"unknown channel {name!r} in mix (phone, chat, wechat)")
        try:
            mix[name] = int(weight or "1")
        except ValueError:
            raise ValueError(f"weight of {name} must be a whole number") from None
        if mix[name] < 0:
            raise ValueError(f"weight of {name} must not be negative")
    if not any(mix.values()):
        raise ValueError("the mix needs at least one channel with a weight above 0")
    return mix


class Simulator:
    def __init__(
        self,
        server_url: str,
        tokens: dict[str, str],
        mix: Mapping[str, float],
        rate: float,
        seed: int | None = None,
        wechat_webhook: str | None = None,
        wechat_config: Any = None,
        *,
        pace: float = 1.0,
        returning: float = 0.3,
        resend: float = 0.03,
        chat_via: str = "visitor",
        drain_s: float = 30.0,
        ring_s: float | None = None,
        call_pace: float | None = None,
        answer_extension: bool = True,
    ):
        if rate <= 0:
            raise ValueError("rate must be above 0 (conversations per second)")
        self.server_url = server_url
        self.tokens = tokens
        self.mix = {k: v for k, v in mix.items() if v > 0}
        self.rate = rate
        self.rng = random.Random(seed)
        self.wechat_webhook = wechat_webhook
        self.wechat_config = wechat_config
        self.pace = pace
        self.resend = resend
        self.chat_via = chat_via
        self.drain_s = drain_s
        # Calls: how long one rings before it is answered (None: like any other pause),
        # the pause between spoken turns, and whether the answering extension is named
        # (the demo leaves it out: the agent who accepted the offer answers).
        self.ring_s = ring_s
        self.call_pace = call_pace
        self.answer_extension = answer_extension
        self.pool = CustomerPool(self.rng, returning)
        self._sample_rng = random.Random(seed)  # separate: sampling must not change the traffic
        self.stats = SimStats()
        self.clients: dict[str, LoancsClient] = {}
        self._client_locks: dict[str, asyncio.Lock] = {}
        self.session: aiohttp.ClientSession | None = None
        self._msg_ids = self.rng.randrange(10**17, 9 * 10**17)
        self._calls = 0
        if wechat_webhook and wechat_config is None:
            raise ValueError("a WeChat webhook needs wechat_config (its token, AES key, appid)")

    # -------------------------------------------------------------- helpers

    def _cfg(self, name: str, default: Any = None) -> Any:
        cfg = self.wechat_config
        if cfg is None:
            return default
        if isinstance(cfg, dict):
            return cfg.get(name, default)
        return getattr(cfg, name, default)

    async def _client(self, kind: str) -> LoancsClient:
        """The channel's client, connected. It is published only once it has connected
        (a client published before could be used by another conversation task while it
        was still saying hello, which failed with ``disconnected``)."""
        client = self.clients.get(kind)
        if client is not None:
            return client
        lock = self._client_locks.setdefault(kind, asyncio.Lock())
        async with lock:
            client = self.clients.get(kind)
            if client is None:
                token = self.tokens.get(kind)
                if not token:
                    raise ValueError(f"no channel token for {kind!r}")
                client = LoancsClient(
                    self.server_url, token, subscribe=False, client_name=f"simulator-{kind}"
                )
                await client.start()
                self.clients[kind] = client
        return client

    async def _pause(self) -> None:
        if self.pace > 0:
            await asyncio.sleep(self.pace * self.rng.uniform(0.5, 1.5))

    def _fill(self, text: str, scenario: Scenario, amount: Decimal | None, app: str) -> str:
        total = (amount or Decimal(1_000_000)) / 10000
        return text.format(
            amount=f"{amount or Decimal(50000):,.0f}", total=f"{total:.0f}", app=app or "SIM-0"
        )

    def _hints(self, scenario: Scenario, amount: Decimal | None) -> p.Hints | None:
        if not (scenario.loan_type or scenario.urgency or amount):
            return None
        return p.Hints(
            loan_type=scenario.loan_type,
            amount=amount,
            urgency=scenario.urgency,  # type: ignore[arg-type]
            language=scenario.lang,
        )

    async def _timed(self, coro) -> Any:
        start = time.perf_counter()
        result = await coro
        self.stats.record_latency((time.perf_counter() - start) * 1000, self._sample_rng)
        return result

    def _error(self, exc: BaseException) -> None:
        code = exc.code if isinstance(exc, ClientError) else type(exc).__name__
        self.stats.errors[code] += 1

    # -------------------------------------------------------------- run

    async def run(
        self,
        duration_s: float | None,
        stop: asyncio.Event | None = None,
        conversations: int | None = None,
    ) -> SimStats:
        """Start conversations until ``duration_s`` passes, ``conversations`` have started
        or ``stop`` is set, then let the ones in flight finish (at most ``drain_s``)."""
        stop = stop or asyncio.Event()
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        tasks: set[asyncio.Task] = set()
        began = time.monotonic()
        channels = list(self.mix)
        weights = [self.mix[c] for c in channels]
        try:
            for kind in channels:  # connect up front: a wrong token fails fast
                if kind == "wechat" and self.wechat_webhook:
                    continue
                if kind == "chat" and self.chat_via == "visitor":
                    continue
                await self._client(kind)
            started = 0
            while not stop.is_set():
                if duration_s is not None and time.monotonic() - began >= duration_s:
                    break
                if conversations is not None and started >= conversations:
                    break
                started += 1
                channel = self.rng.choices(channels, weights)[0]
                task = asyncio.create_task(self._conversation(channel))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                gap = self.rng.expovariate(self.rate)
                if duration_s is not None:
                    gap = min(gap, max(0.0, duration_s - (time.monotonic() - began)))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), gap)
            if tasks:
                _, late = await asyncio.wait(tasks, timeout=self.drain_s)
                for task in late:
                    task.cancel()
                if late:
                    await asyncio.wait(late, timeout=5)
        finally:
            self.stats.elapsed_s = time.monotonic() - began
            for client in self.clients.values():
                await client.close()
            self.clients.clear()
            await self.session.close()
        return self.stats

    async def _conversation(self, channel: str) -> None:
        scenario = self.rng.choice(SCENARIOS)
        customer, returning = self.pool.pick(channel)
        self.stats.started[channel] += 1
        self.stats.returning += returning
        amount = None
        if scenario.amount:
            low, high = scenario.amount
            amount = Decimal(self.rng.randrange(low // 1000, high // 1000 + 1) * 1000)
        if scenario.stages and customer.application is None:
            customer.application = self.pool.new_application()
        try:
            if channel == "wechat":
                await self._wechat(customer, scenario, amount)
            elif channel == "chat":
                await self._chat(customer, scenario, amount)
            else:
                await self._phone(customer, scenario, amount)
            if scenario.stages and "system" in self.tokens:
                await self._stages(customer, scenario, amount)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._error(exc)
        finally:
            customer.busy = False

    # -------------------------------------------------------------- WeChat

    async def _wechat(self, customer: SimCustomer, scenario: Scenario, amount) -> None:
        openid = customer.identity.value
        fields: dict[str, Any]
        if scenario.menu and self.rng.random() < 0.6:
            fields = {"MsgType": "event", "Event": "CLICK", "EventKey": scenario.menu}
            await self._wechat_push(openid, fields, None, scenario, amount)
            await self._pause()
        for i, line in enumerate(scenario.turns[: self.rng.randint(2, len(scenario.turns))]):
            text = self._fill(line, scenario, amount, customer.application or "")
            self._msg_ids += 1
            if self.rng.random() < 0.15:
                fields = {
                    "MsgType": "voice",
                    "MediaId": f"media_{self._msg_ids:x}",
                    "Format": "amr",
                    "Recognition": text,
                    "MsgId": self._msg_ids,
                }
            else:
                fields = {"MsgType": "text", "Content": text, "MsgId": self._msg_ids}
            await self._wechat_push(
                openid, fields, self._msg_ids, scenario, amount if i == 0 else None
            )
            await self._pause()

    async def _wechat_push(self, openid, fields, msg_id, scenario, amount) -> None:
        create = int(time.time())
        if fields["MsgType"] == "event":
            # events dedup on FromUserName + CreateTime: keep ours distinct
            create += self.rng.randrange(1, 10**6)
        if self.wechat_webhook:
            xml = wx.build_xml(
                {
                    "ToUserName": "gh_loancs_sim",
                    "FromUserName": openid,
                    "CreateTime": create,
                    **fields,
                }
            )
            await self._post_webhook(xml)
            if self.rng.random() < self.resend:
                await self._post_webhook(xml, resend=True)
            return
        client = await self._client("wechat")
        external = f"msg:{msg_id}" if msg_id else f"evt:{openid}:{create}"
        kind: p.MessageKind = "text"
        body = fields.get("Content", "")
        hints = self._hints(scenario, amount)
        attachment = None
        if fields["MsgType"] == "voice":
            kind, body = "voice", fields["Recognition"]
            attachment = p.Attachment(kind="voice", ref=fields["MediaId"], mime="audio/amr")
        elif fields["MsgType"] == "event":
            kind, body = "event", f"点击菜单：{wx.MENU_LABELS.get(fields['EventKey'], '')}"
            hints = msgspec.convert(wx.MENU_HINTS.get(fields["EventKey"], {}), p.Hints)
        frame = p.Ingest(
            id=client.new_id(),
            external_id=external,
            customer=p.Identity(kind="wechat", value=openid),
            body=body,
            kind=kind,
            hints=hints,
            attachment=attachment,
        )
        await self._timed(client.request(frame))
        self.stats.messages += 1
        if self.rng.random() < self.resend:
            ack = await client.request(p.Ingest(**{**_fields(frame), "id": client.new_id()}))
            self.stats.duplicates += bool(ack.duplicate)

    async def _post_webhook(self, inner: bytes, resend: bool = False) -> None:
        assert self.session is not None and self.wechat_webhook is not None
        token = self._cfg("token", "")
        crypto = None
        if self._cfg("aes_key"):
            crypto = wx.WeChatCrypto(token, self._cfg("aes_key"), self._cfg("appid", ""))
        timestamp = str(int(time.time()))
        nonce = str(self.rng.randrange(10**8, 10**9))
        query, body = wx.signed_push(token, inner, timestamp, nonce, crypto, self.rng.randbytes(16))
        start = time.perf_counter()
        try:
            async with self.session.post(self.wechat_webhook, params=query, data=body) as resp:
                text = await resp.text()
                status = resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._error(exc)
            return
        self.stats.webhook_status[status] += 1
        if status == 200 and text == "success":
            if resend:
                self.stats.duplicates += 1
            else:
                self.stats.messages += 1
                self.stats.record_latency((time.perf_counter() - start) * 1000, self._sample_rng)
        else:
            self.stats.errors[f"http_{status}"] += 1

    # -------------------------------------------------------------- web chat

    async def _chat(self, customer: SimCustomer, scenario: Scenario, amount) -> None:
        hints = self._hints(scenario, amount) if self.rng.random() < 0.5 else None
        turns = scenario.turns[: self.rng.randint(2, len(scenario.turns))]
        if self.chat_via != "visitor":
            client = await self._client("chat")
            for i, line in enumerate(turns):
                text = self._fill(line, scenario, amount, customer.application or "")
                frame = p.Ingest(
                    id=client.new_id(),
                    external_id=f"{customer.identity.value}:{client.new_id()}",
                    customer=customer.identity,
                    body=text,
                    hints=hints if i == 0 else None,
                )
                await self._timed(client.request(frame))
                self.stats.messages += 1
                await self._pause()
            return
        visitor = LoancsClient(
            self.server_url,
            f"visitor:{customer.visitor_token}" if customer.visitor_token else "visitor",
            subscribe=False,
            reconnect=False,
            client_name="simulator-visitor",
        )
        welcome = await visitor.start()
        customer.visitor_token = welcome.visitor_token
        if welcome.visitor_token:
            # The server names the visitor ("<visitor id>.<signature>"): the lender's
            # application system files stages under that identity, not a made-up one.
            visitor_id = welcome.visitor_token.rpartition(".")[0]
            customer.identity = p.Identity(kind="visitor", value=visitor_id)
        try:
            for i, line in enumerate(turns):
                text = self._fill(line, scenario, amount, customer.application or "")
                say = p.Say(id=visitor.new_id(), body=text, hints=hints if i == 0 else None)
                for attempt in range(5):
                    try:
                        await self._timed(visitor.request(say))
                        self.stats.messages += 1
                        break
                    except ClientError as exc:
                        if exc.code != "rate_limited" or attempt == 4:
                            raise
                        await asyncio.sleep(0.6)
                await self._pause()
        finally:
            await visitor.close()

    # -------------------------------------------------------------- phone

    async def _phone(self, customer: SimCustomer, scenario: Scenario, amount) -> None:
        client = await self._client("phone")
        self._calls += 1
        call_id = f"sim-{int(time.time())}-{self._calls:06d}-{self.rng.randrange(16**4):04x}"
        t0 = time.time()
        identity = p.Identity(kind="phone", value=customer.identity.value, name=customer.name)
        await self._timed(
            client.call(
                p.CallEvent,
                call_id=call_id,
                event="started",
                customer=identity,
                to="4008205555",
                hints=self._hints(scenario, amount),
            )
        )
        self.stats.calls += 1
        agent_ext = f"80{self.rng.randrange(1, 40):02d}"
        if self.ring_s is not None:
            await asyncio.sleep(self.ring_s)
        else:
            await self._pause()
        await client.call(
            p.CallEvent,
            call_id=call_id,
            event="answered",
            agent=agent_ext if self.answer_extension else None,
        )
        answered = time.time()
        turns = scenario.turns[: self.rng.randint(2, len(scenario.turns))]
        seq = 0
        offset = 0
        for i, line in enumerate(turns):
            lines = [("customer", self._fill(line, scenario, amount, customer.application or ""))]
            if i < len(scenario.agent):
                lines.append(("agent", scenario.agent[i]))
            for speaker, text in lines:
                length = 1500 + 120 * len(text)
                frame = p.Ingest(
                    id=client.new_id(),
                    external_id=f"{call_id}:seg:{seq}",
                    customer=identity,
                    body=f"{'客户' if speaker == 'customer' else '坐席'}：{text}",
                    kind="transcript",
                    call_id=call_id,
                    attachment=p.Attachment(
                        kind="segment", ref=f"{call_id}:{seq}", duration_s=length / 1000
                    ),
                )
                await self._timed(client.request(frame))
                self.stats.transcripts += 1
                self.stats.messages += speaker == "customer"
                seq += 1
                offset += length
            if self.call_pace is not None:
                await asyncio.sleep(self.call_pace * self.rng.uniform(0.5, 1.5))
            else:
                await self._pause()
        ended = time.time()
        duration = round(max(ended - t0, offset / 1000), 1)
        billsec = round(max(ended - answered, offset / 1000), 1)
        await client.call(
            p.CallEvent,
            call_id=call_id,
            event="ended",
            cause="16 Normal Clearing",
            duration_s=duration,
            billsec_s=billsec,
        )
        audio = self.rng.randbytes(4096)  # stands in for the recording's bytes
        await client.call(
            p.CallEvent,
            call_id=call_id,
            event="recording",
            recording=p.Attachment(
                kind="recording",
                ref=f"rec://sim/{call_id}.wav",
                mime="audio/wav",
                bytes=len(audio),
                sha256=hashlib.sha256(audio).hexdigest(),
                duration_s=billsec,
            ),
        )

    # -------------------------------------------------------------- applications

    async def _stages(self, customer: SimCustomer, scenario: Scenario, amount) -> None:
        client = await self._client("system")
        order = p.APPLICATION_STAGES
        for stage in scenario.stages:
            index = order.index(stage)
            if index <= customer.stage_index:
                continue  # the story already moved past this for a returning customer
            customer.stage_index = index
            await self._timed(
                client.call(
                    p.Stage,
                    application=customer.application,
                    customer=customer.identity,
                    stage=stage,
                    loan_type=scenario.loan_type,
                    amount=amount,
                    note="模拟数据 / simulated",
                )
            )
            self.stats.stages += 1


def _fields(frame: Any) -> dict[str, Any]:
    return {f: getattr(frame, f) for f in frame.__struct_fields__}
