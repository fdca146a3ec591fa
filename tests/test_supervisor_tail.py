"""`loancs tail` and `loancs queues` as a supervisor uses them over SSH: readable names in
zh and en, routing chatter hidden, filters, wrapped bodies; and with the server down a
clear message, a non-zero exit, and a clean stop on Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

import pytest

from loancs.client import LoancsClient
from loancs.commands.tail import TailView, parse_kinds, run_tail, wrap_cells
from loancs.core import protocol as p
from tests.conftest import seed_accounts, spawn_server


def ev(seq, kind, conversation=1, actor="router", **payload) -> p.Event:
    return p.Event(
        seq=seq,
        ts=1_764_547_200_000,
        kind=kind,
        conversation=conversation,
        actor=actor,
        payload=payload,
    )


def view(**kw) -> TailView:
    kw.setdefault("width", 100)
    return TailView(None, None, ZoneInfo("Asia/Shanghai"), **kw)


def test_event_names_are_in_the_readers_language() -> None:
    for lang, word, channel in (("zh", "客户消息", "微信"), ("en", "customer message", "WeChat")):
        v = view(lang=lang)
        e = ev(1, "message.received", channel="wechat", customer_display="oUpF…eS6o", body="你好")
        line = v.line(e, v.learn(e))
        assert word in line and channel in line and "message.received" not in line
        assert line.endswith("你好")


def test_quiet_hides_routing_chatter_and_verbose_shows_it() -> None:
    offered = ev(2, "conversation.offered", agent=1, agent_name="王芳", reason="longest idle")
    expired = ev(3, "conversation.offer_expired", agent=1, reason="no answer")
    sent = ev(4, "message.sent", actor="agent:王芳", agent=1, agent_name="王芳", body="您好")
    quiet, verbose = view(), view(quiet=False)
    shown = [e.kind for e in (offered, expired, sent) if quiet.wanted(e, quiet.learn(e))]
    assert shown == ["message.sent"]
    assert all(verbose.wanted(e, verbose.learn(e)) for e in (offered, expired, sent))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_endless_body_is_cut_in_the_human_view(lang) -> None:
    """A gateway's 60,000-character message took 500 lines of the tail, scrolling away
    everything else; now 1,000 characters and how many more (--json keeps it whole)."""
    v = view(width=100, lang=lang)
    e = ev(1, "message.received", channel="wechat", customer_display="c", body="A" * 60_000)
    lines = v.line(e, v.learn(e)).splitlines()
    assert len(lines) <= 14  # the line, 11 of 94 characters, the note
    tail = {
        "zh": "…（另有 59,000 字；--json 显示全文）",
        "en": "… (+59,000 characters; --json shows all)",
    }
    shown = "".join("".join(line.split()) for line in lines[1:])
    assert shown == "A" * 1000 + "".join(tail[lang].split())
    assert json.loads(v.as_json(e, v.learn(e)))["payload"]["body"] == "A" * 60_000


def test_a_blocked_reply_is_one_line_not_a_block_and_a_warning() -> None:
    """A blocked reply printed "compliance block r1: …" and then "compliance warning blocked
    r1: …" for the same rule: the per-rule hits of a block are shown with --verbose only."""
    blocked = ev(1, "compliance.blocked", actor="agent:王芳", rules=["r1"], masked="保证通过")
    hit = ev(2, "compliance.hit", actor="agent:王芳", action="blocked", rule="r1", match="保证")
    warned = ev(3, "compliance.hit", actor="agent:王芳", action="warned", rule="r2", match="最低")
    quiet, verbose = view(), view(quiet=False)
    assert [quiet.wanted(e, quiet.learn(e)) for e in (blocked, hit, warned)] == [True, False, True]
    assert all(verbose.wanted(e, verbose.learn(e)) for e in (blocked, hit, warned))


def test_filters_by_agent_queue_and_kind() -> None:
    v = view(agent="李强", queue="car")
    opened = ev(1, "conversation.opened", channel="chat", loan_type="car", customer_display="v1")
    assigned = ev(2, "conversation.assigned", agent=2, agent_name="李强")
    other = ev(3, "conversation.opened", conversation=2, channel="chat", loan_type="mortgage")
    reply = ev(4, "message.sent", actor="agent:李强", agent=2, agent_name="李强", body="好的")
    assert not v.wanted(opened, v.learn(opened))  # not yet his
    assert v.wanted(assigned, v.learn(assigned))
    assert not v.wanted(other, v.learn(other))
    assert v.wanted(reply, v.learn(reply))
    by_kind = view(kinds=parse_kinds(["compliance"]))
    hit = ev(5, "compliance.hit", actor="agent:王芳", action="warned", rule="r1", match="保证")
    assert by_kind.wanted(hit, by_kind.learn(hit)) and not by_kind.wanted(
        reply, by_kind.learn(reply)
    )
    queue = view(queue="chat/car")
    assert queue.wanted(opened, queue.learn(opened))


def test_unknown_kind_filter_is_refused() -> None:
    import typer

    with pytest.raises(typer.BadParameter):
        parse_kinds(["bogus"])


def test_long_bodies_wrap_under_the_line_with_an_indent() -> None:
    v = view(width=80, lang="zh")
    body = "我想问一下提前还款的违约金怎么算，" * 8
    e = ev(1, "message.received", channel="wechat", customer_display="c", body=body)
    lines = v.line(e, v.learn(e)).splitlines()
    assert len(lines) > 2
    assert all(line.startswith("      ") for line in lines[1:])
    from rich.cells import cell_len

    assert all(cell_len(line) <= 80 for line in lines)
    assert "".join(line.strip() for line in lines[1:]) == body.strip()
    assert wrap_cells("a " * 30, 20)[0] == "a " * 9 + "a"


def test_whisper_and_blocks_are_named_and_coloured() -> None:
    v = view(lang="en")
    whisper = ev(
        1, "conversation.whisper", actor="agent:赵主管", body="offer the plan", supervisor="赵主管"
    )
    blocked = ev(
        2,
        "compliance.blocked",
        actor="agent:王芳",
        agent=1,
        masked="保证***",
        rules=["guarantee"],
        categories=["promise"],
    )
    assert "whisper" in v.line(whisper, v.learn(whisper)) and "offer the plan" in v.line(
        whisper, {}
    )
    text = v.render(blocked, v.learn(blocked))
    assert "compliance block" in text.plain and "guarantee" in text.plain
    assert any("red" in str(span.style) for span in text.spans)


async def _tailing(live_server, lang: str, kind: str):
    """`loancs tail --lang LANG --kind KIND` as the supervisor, running: (its output, the event
    that stops it, its task), once the server holds its subscription."""
    out, stop = io.StringIO(), asyncio.Event()
    before = len(live_server.server.hub.subscribers)
    task = asyncio.create_task(
        run_tail(
            live_server.url,
            live_server.tokens["supervisor"],
            False,
            None,
            None,
            None,
            out=out,
            stop=stop,
            lang=lang,
            kinds=parse_kinds([kind]),
        )
    )
    await _subscribed(live_server, before, task)
    return out, stop, task


async def _subscribed(live_server, before: int, task: asyncio.Task) -> None:
    """Until the server has added the tail's subscription to its hub (what a fixed 0.3 s
    pause once hoped for): an event published from then on reaches the tail."""
    deadline = time.monotonic() + 60  # a hang guard, not a speed check
    while len(live_server.server.hub.subscribers) <= before:
        assert not task.done(), task.result()
        assert time.monotonic() < deadline, "the tail did not subscribe within 60 s"
        await asyncio.sleep(0.01)


async def test_tail_against_a_live_server_filters_by_kind(live_server) -> None:
    wechat = await live_server.client("wechat")
    out, stop, task = await _tailing(live_server, "en", "conversation")
    await wechat.call(
        p.Ingest,
        external_id="k1",
        body="hello",
        customer=p.Identity(kind="wechat", value="oTAILKIND00000000001"),
    )
    for _ in range(100):
        if "new conversation" in out.getvalue():
            break
        await asyncio.sleep(0.05)
    stop.set()
    assert await task == 0
    assert "new conversation" in out.getvalue()
    assert "customer message" not in out.getvalue()


async def test_agent_states_the_server_decided_are_told_in_chinese(live_server) -> None:
    """`tail --lang zh` printed the server's own reasons in English ("王芳 → 空闲 signed in"):
    agent.state now carries a reason_code that the reader translates."""
    out, stop, task = await _tailing(live_server, "zh", "agent.state")
    agent = await live_server.client("agent")  # signs in: the router makes it available
    await agent.call(p.SetState, state="break", reason="lunch")
    for _ in range(100):
        if "午餐" in out.getvalue():
            break
        await asyncio.sleep(0.05)
    stop.set()
    assert await task == 0
    text = out.getvalue()
    assert "王芳 → 空闲（已登录）" in text and "王芳 → 小休（午餐）" in text, text
    assert "signed in" not in text and "lunch" not in text
    stored = live_server.rows("SELECT payload FROM events WHERE kind = 'agent.state' ORDER BY seq")
    assert '"reason_code":"signed_in"' in stored[0][0].replace(" ", "")


def test_an_agent_state_reason_reads_in_the_readers_language() -> None:
    # by its code; an older event by the English the server wrote; someone's own words stay
    for lang, words in (
        ("zh", ["连续未接派单", "断线未回", "话后处理结束", "主管：排队太长"]),
        (
            "en",
            ["missed offers", "disconnected, did not come back", "wrap-up over", "主管：排队太长"],
        ),
    ):
        v = view(lang=lang)
        shown = []
        for seq, (state, reason, code) in enumerate(
            (
                ("break", "missed offers", "missed_offers"),
                ("offline", "王芳 disconnected for 120 s: offline", "disconnect_grace"),
                ("available", "wrap-up over", None),  # stored before reason_code
                ("available", "主管：排队太长", None),
            ),
            start=1,
        ):
            e = ev(
                seq,
                "agent.state",
                None,
                agent=1,
                agent_name="王芳",
                state=state,
                previous=None,
                reason=reason,
                **({"reason_code": code} if code else {}),
            )
            shown.append(v.line(e, v.learn(e)))
        for line, word in zip(shown, words, strict=True):
            assert word in line, line
        if lang == "zh":
            assert not any("offline" in line or "missed" in line for line in shown)


@pytest.mark.parametrize(
    ("json_out", "quiet_after"),
    [(True, False), (False, False), (True, True)],
    ids=["json", "text", "json-then-quiet"],
)
async def test_tail_into_head_ends_quietly(live_server, json_out, quiet_after) -> None:
    """`loancs tail --since 0 | head -1`: the text form printed a traceback (rich's
    SystemExit in the event callback) and the JSON form hung for ever, SIGTERM included (a
    cancel swallowed while a conversation lookup was answered). And when tail had written
    everything before the reader left (a quiet server: no later write to fail), it waited
    for the next event for ever; a lookup failed by the closing connection printed "Future
    exception was never retrieved"."""
    wechat = await live_server.client("wechat")
    for i in range(12):
        await wechat.call(
            p.Ingest,
            external_id=f"head-{i}",
            body="你好",
            customer=p.Identity(kind="wechat", value=f"oTAILHEAD{i:011d}"),
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "loancs", "tail", "--since", "0", "--server", live_server.url]
        + (["--json"] if json_out else []),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LOANCS_TOKEN": live_server.tokens["supervisor"]},
    )
    try:
        assert await asyncio.to_thread(proc.stdout.readline)  # one line, then the reader leaves
        if quiet_after:  # tail writes the rest into the pipe meanwhile: nothing is left to write
            await asyncio.sleep(2.0)
        proc.stdout.close()
        code = await asyncio.to_thread(proc.wait, 30)
        err = await asyncio.to_thread(proc.stderr.read)
    finally:
        proc.kill()
    assert code == 0, err
    assert "Traceback" not in err and "never retrieved" not in err, err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str, lang: str = "en", token: str = "lcs_nothing") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "loancs", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LOANCS_TOKEN": token, "LOANCS_LANG": lang},
    )


@pytest.mark.parametrize("command", [["tail"], ["console"]])
def test_sign_in_failures_are_told_in_chinese_naming_the_server_once(command) -> None:
    """An agent whose console speaks Chinese once got "error: 无法连接服务器 URL：cannot reach
    URL: ..." (the URL twice, half English) and an English "no token" line."""
    url = f"ws://127.0.0.1:{_free_port()}"
    down = _cli(*command, "--server", url, lang="zh")
    untokened = _cli(*command, "--server", url, lang="zh", token="")
    try:
        _, err = down.communicate(timeout=20)
        _, err2 = untokened.communicate(timeout=20)
    finally:
        down.kill()
        untokened.kill()
    assert down.returncode == 1, err
    assert err.startswith("错误：无法连接服务器") and err.count(url) == 1, err
    assert "LOANCS_SERVER" in err and "cannot reach" not in err
    assert untokened.returncode == 2, err2
    assert err2.startswith("错误：没有令牌") and "--token" in err2, err2


@pytest.mark.parametrize(
    "command", [["tail"], ["queues", "--once"], ["queues", "--json"], ["console"]]
)
def test_server_down_says_unreachable_and_exits_non_zero(command) -> None:
    url = f"ws://127.0.0.1:{_free_port()}"
    proc = _cli(*command, "--server", url)
    try:
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 1, err
    assert "cannot reach the server" in err and url in err
    assert "reconnecting" not in err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_tail_stops_on_one_signal_while_the_server_goes_away(tmp_path, sig) -> None:
    db = tmp_path / "t.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    proc = subprocess.Popen(
        [sys.executable, "-m", "loancs", "tail", "--server", server.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LOANCS_TOKEN": tokens["supervisor"], "LOANCS_LANG": "en"},
    )
    try:
        deadline = time.monotonic() + 15
        seen = ""
        while time.monotonic() < deadline and "tailing" not in seen:
            seen += proc.stderr.readline()
        assert "tailing" in seen
        server.terminate()  # now it is reconnecting
        time.sleep(1.0)
        proc.send_signal(sig)
        assert proc.wait(10) == 0
        assert "connection lost" in proc.stderr.read()
    finally:
        proc.kill()
        server.proc.kill()


def test_console_with_a_wrong_token_says_so_and_exits_2(tmp_path) -> None:
    """Exit 2, as tail and queues say a refused token (1 is no server there)."""
    db = tmp_path / "t.db"
    seed_accounts(db)
    server = spawn_server(db)
    try:
        proc = _cli("console", "--server", server.url)  # LOANCS_TOKEN=lcs_nothing
        out, err = proc.communicate(timeout=20)
        assert proc.returncode == 2, err
        assert "refused the sign-in" in err and "token" in err
    finally:
        server.terminate()


async def test_a_token_of_the_wrong_kind_is_one_line_naming_whose_it_is(live_server) -> None:
    """A WeChat channel's token opened the console as the channel (an empty inbox that never
    fills); an agent's token in `loancs queues` said "the agent role may not send get_queues
    frames (forbidden)". Now one line in the user's language, exit 2."""
    url, tokens = live_server.url, live_server.tokens
    runs = [
        (
            ["console"],
            "zh",
            tokens["wechat"],
            "错误：这是 wechat-gw 的令牌（渠道）：工作台需要坐席",
        ),
        (
            ["queues", "--once"],
            "zh",
            tokens["agent"],
            "错误：这是 王芳 的令牌（坐席）：队列看板需要主管",
        ),
        (
            ["queues", "--json"],
            "en",
            tokens["chat"],
            "error: that token is chat-gw's (channel): queues",
        ),
    ]
    procs = [_cli(*cmd, "--server", url, lang=lang, token=token) for cmd, lang, token, _ in runs]
    try:
        answers = [await asyncio.to_thread(proc.communicate, timeout=60) for proc in procs]
    finally:
        for proc in procs:
            proc.kill()
    for proc, (out, err), (_, _, _, said) in zip(procs, answers, runs, strict=True):
        assert proc.returncode == 2, err
        assert out == "" and err.count("\n") == 1 and err.startswith(said), err


def test_channel_and_agent_admin_events_name_which() -> None:
    """`channel.created` / `agent.disabled` lines were empty after their label."""
    channel = {"channel": 1, "name": "wx-main", "kind": "wechat"}
    events = [
        p.Event(seq=1, ts=0, kind="channel.created", conversation=None, actor="a", payload=channel),
        p.Event(
            seq=2, ts=0, kind="channel.token_rotated", conversation=None, actor="a", payload=channel
        ),
        ev(3, "agent.disabled", None, actor="admin", name="王芳"),
    ]
    for lang, channel_words in (("zh", "wx-main (微信)"), ("en", "wx-main (WeChat)")):
        v = view(lang=lang)
        shown = [v.line(e, v.learn(e)) for e in events]
        assert shown[0].endswith(channel_words) and shown[1].endswith(channel_words), shown
        assert shown[2].endswith("王芳"), shown


def test_the_general_queue_has_one_name_in_tail_desk_and_console() -> None:
    """The console called it 通用 and `tail`/`queues`/the desk 综合: one queue, two names."""
    from loancs.core import event_labels
    from loancs.tui.i18n import t

    for lang in ("zh", "en"):
        assert event_labels.loan_label("general", lang).lower() == t("loan.none", lang).lower()
    v = view(lang="zh")
    e = ev(1, "conversation.opened", channel="wechat", loan_type=None, customer_display="oX")
    assert v.line(e, v.learn(e)).endswith("微信 · 通用")


async def test_a_server_address_and_token_as_people_paste_them(live_server) -> None:
    """`127.0.0.1:PORT` (no scheme) and the http:// address `serve` prints are the server's
    ws:// address, and a token with the line end of `echo` or a paste's space signs in: each
    used to fail ("scheme isn't ws or wss. Is it running?", "the token is wrong")."""
    host_port = live_server.url.removeprefix("ws://")
    token = live_server.tokens["supervisor"]
    runs = [
        _cli("queues", "--json", "--server", host_port, token=token + "\n"),
        _cli("queues", "--json", "--server", f"http://{host_port}/", token=f" {token} "),
    ]
    try:
        answers = [await asyncio.to_thread(proc.communicate, timeout=60) for proc in runs]
    finally:
        for proc in runs:
            proc.kill()
    for proc, (out, err) in zip(runs, answers, strict=True):
        assert proc.returncode == 0, err
        assert "queues" in json.loads(out)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("ws://127.0.0.1:9", "(connection refused)"),
        ("ws://no-such-host.invalid:8765", None),  # the resolver's words vary
    ],
)
def test_why_a_server_cannot_be_reached_is_said_in_words(url, said) -> None:
    """Not "[Errno 111] Connect call failed ('127.0.0.1', 9)" nor `tail`'s "connection
    refused" whatever the cause."""
    procs = [_cli(*cmd, "--server", url) for cmd in (["tail"], ["queues", "--once"], ["console"])]
    try:
        answers = [proc.communicate(timeout=30) for proc in procs]
    finally:
        for proc in procs:
            proc.kill()
    for proc, (_, err) in zip(procs, answers, strict=True):
        assert proc.returncode == 1, err
        assert "cannot reach the server" in err and "Errno" not in err, err
        assert said in err if said else "refused" not in err, err


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        (
            "en",
            "note: watching as agent: you see only what that role may see (tail does not sign "
            "an agent in)\n",
        ),
        ("zh", "提示：以坐席身份查看：只能看到该角色可见的内容（tail 不会让坐席签入）\n"),
    ],
)
async def test_an_agents_tail_watches_without_signing_her_in(
    live_server, capsys, lang, note
) -> None:
    """`loancs tail --token <agent's>` subscribed, so she was signed in: "available", and
    offered the next conversation, which a tail cannot take. Now she only watches; the
    note says so in the tail's language (its `note:` prefix was English in zh too)."""
    out, stop = io.StringIO(), asyncio.Event()
    before = len(live_server.server.hub.subscribers)
    task = asyncio.create_task(
        run_tail(
            live_server.url,
            live_server.tokens["agent"],
            False,
            None,
            None,
            None,
            out=out,
            stop=stop,
            lang=lang,
        )
    )
    await _subscribed(live_server, before, task)
    wechat = await live_server.client("wechat")
    await wechat.call(
        p.Ingest,
        external_id="w1",
        body="房贷利率多少",
        customer=p.Identity(kind="wechat", value="oTAILWATCH0000000001"),
        hints=p.Hints(loan_type="mortgage"),
    )
    opened = "new conversation" if lang == "en" else "新会话"
    for _ in range(100):
        if opened in out.getvalue():
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # time for an offer, if one were made
    stop.set()
    assert await task == 0
    assert opened in out.getvalue()  # she sees her queue's work
    assert capsys.readouterr().err.startswith(note)
    assert live_server.rows("SELECT state FROM agents WHERE name = ?", ["王芳"]) == [("offline",)]
    assert live_server.rows("SELECT seq FROM events WHERE kind = 'agent.state'") == []
    assert live_server.rows("SELECT seq FROM events WHERE kind = 'conversation.offered'") == []


async def test_a_tail_against_a_server_without_watch_still_watches() -> None:
    """A server older than hello's `watch` refuses it as an unknown field: the tail says
    hello again without it, instead of failing to sign in."""
    import msgspec
    from websockets.asyncio.server import serve

    hellos: list[dict] = []

    async def old_server(ws) -> None:
        hello = json.loads(await ws.recv())
        hellos.append(hello)
        if "watch" in hello:
            error = p.Error(code="bad_frame", message="Object contains unknown field `watch`")
            await ws.send(msgspec.json.encode(error).decode())
            await ws.close(1008, "bad hello")
            return
        welcome = p.Welcome(role="supervisor", name="赵主管", actor="agent:赵主管", seq=0)
        await ws.send(msgspec.json.encode(welcome).decode())
        await ws.wait_closed()

    async with serve(old_server, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        client = LoancsClient(f"ws://127.0.0.1:{port}", "tok", watch=True, retry_first=False)
        welcome = await asyncio.wait_for(client.start(), 10)
        await client.close()
    assert welcome.name == "赵主管"
    assert [h.get("watch") for h in hellos] == [True, None]


def test_tails_token_help_says_an_agents_token_watches() -> None:
    """--token's help said "Supervisor token" after an agent's token became a watcher."""
    help_ = subprocess.run(
        [sys.executable, "-m", "loancs", "tail", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert help_.returncode == 0, help_.stderr
    assert "Supervisor token" not in help_.stdout
    assert "an agent's watches her queues without signing her in" in help_.stdout


@pytest.mark.parametrize("page", ["/chat", "/healthz", "/metrics"])
async def test_the_web_address_serve_prints_works_as_server(live_server, page) -> None:
    """`serve` prints "web chat: http://127.0.0.1:8765/chat"; pasted as --server it was
    "cannot reach the server ... (server rejected WebSocket connection: HTTP 200). Is it
    running?" while it was. The server's own pages are never its websocket: the path goes."""
    address = live_server.url.replace("ws://", "http://", 1).rstrip("/") + page
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "loancs", "queues", "--json", "--server", address],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LOANCS_TOKEN": live_server.tokens["supervisor"]},
    )
    assert done.returncode == 0, done.stderr
    assert "waiting" in json.loads(done.stdout), done.stdout
