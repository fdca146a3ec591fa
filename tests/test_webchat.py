"""The embeddable web chat: served by the server, driven in headless Chromium (Debian's
chromium via Playwright), talking to a real agent client."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import urllib.error
import urllib.request

import pytest
from websockets.asyncio.client import connect

from loancs.core import protocol as p
from loancs.server.app import LoancsServer, ServerConfig

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def wait_for(events, pred, timeout=15.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        for e in events:
            if pred(e):
                return e
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching event in {[e.kind for e in events]}")


async def take(agent, conv):
    for _ in range(100):
        try:
            await agent.call(p.Accept, conversation=conv)
            return
        except Exception:
            await asyncio.sleep(0.05)
    raise AssertionError("could not take the conversation")


@pytest.fixture
async def chat_server(live_server):
    """The live server, which serves /chat itself."""
    yield live_server
    for client in live_server.clients:
        await client.close()
    live_server.clients.clear()
    await asyncio.sleep(0.05)


async def test_chat_page_is_served_with_a_strict_policy(chat_server):
    live_server = chat_server

    def fetch(path):
        with urllib.request.urlopen(live_server.http + path) as r:
            return r.status, dict(r.headers), r.read().decode()

    status, headers, html = await asyncio.to_thread(fetch, "/chat")
    assert status == 200 and "在线客服" in html and 'src="/chat/chat.js"' in html
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "innerHTML" not in (await asyncio.to_thread(fetch, "/chat/chat.js"))[2]


async def test_the_server_opened_in_a_browser_says_where_to_go(chat_server):
    """`GET /` answered a JSON 404: someone who opened the server's address in a browser
    now reads what the port is and the pages it serves; a websocket client on `/` is still
    upgraded, and other paths are still 404."""
    live_server = chat_server

    def fetch(path):
        try:
            with urllib.request.urlopen(live_server.http + path) as r:
                return r.status, r.headers["Content-Type"], r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers["Content-Type"], exc.read().decode()

    status, kind, text = await asyncio.to_thread(fetch, "/")
    assert (status, kind) == (200, "text/plain; charset=utf-8")
    assert "  /chat      web chat for customers" in text
    assert "  /healthz   health (JSON)" in text and "/healthz   健康检查" in text
    assert (await asyncio.to_thread(fetch, "/nothing-here"))[0] == 404
    client = await live_server.client("supervisor", subscribe=False)  # ws:// on `/`
    assert client.welcome.role == "supervisor"


async def test_origin_allow_list(tmp_path):
    from conftest import seed_accounts

    db = tmp_path / "origins.db"
    seed_accounts(db)
    server = LoancsServer(
        ServerConfig(
            db_path=db, port=0, synchronous="NORMAL", chat_origins=("https://www.lender.example",)
        )
    )
    await server.start()
    try:

        async def hello(origin):
            async with connect(server.url, origin=origin) as ws:
                await ws.send(json.dumps({"type": "hello", "token": "visitor"}))
                return json.loads(await ws.recv())

        assert (await hello("https://www.lender.example"))["type"] == "welcome"
        refused = await hello("https://evil.example")
        assert refused["type"] == "error" and refused["code"] == "unauthorized"
    finally:
        await server.stop()


browser_needed = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="Debian's chromium is not installed (apt-get install chromium)",
)


@pytest.fixture
async def page():
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = await browser.new_context(locale="zh-CN")
        page = await context.new_page()
        page.set_default_timeout(8000)
        yield page
        await browser.close()


@pytest.mark.slow
@browser_needed
async def test_visitor_and_agent_talk_end_to_end(chat_server, page):
    live_server = chat_server

    events = []
    agent = await live_server.client("agent", on_event=events.append)
    await page.goto(live_server.http + "/chat")
    await page.wait_for_selector('#status[data-state="online"]')

    await page.fill("#input", "你好，我想查询一下贷款申请进度")
    # the visitor is typing: nothing to show the agent before the first message
    await page.press("#input", "Enter")
    received = await wait_for(
        events, lambda e: e.kind == "message.received" and e.payload.get("channel") == "chat"
    )
    assert received.payload["body"] == "你好，我想查询一下贷款申请进度"
    conv = received.conversation
    await take(agent, conv)
    await page.wait_for_selector("#agent:has-text('王芳')")

    # agent typing -> the page shows it; then the reply appears as plain text
    await agent.send(p.Typing(conversation=conv, active=True))
    await page.wait_for_selector("#typing:has-text('王芳 正在输入')")
    hostile = "您的申请在风控审核中 <img src=x onerror=\"document.title='pwned'\">"
    await agent.call(p.Reply, conversation=conv, body=hostile)
    await page.wait_for_selector("li.agent >> text=您的申请在风控审核中")
    texts = await page.locator("li.agent .text").all_text_contents()
    assert texts[-1] == hostile
    assert await page.locator("#messages img").count() == 0
    assert await page.title() != "pwned"
    assert await page.is_hidden("#typing")

    # visitor typing reaches the agent
    await page.type("#input", "好的")
    typing = await wait_for(
        events, lambda e: e.kind == "typing" and e.payload.get("who") == "customer"
    )
    assert typing.conversation == conv

    # a burst over the per-visitor rate limit: the page slows down and everything arrives
    await page.evaluate(
        """() => { for (let i = 0; i < 14; i++) {
            document.querySelector('#input').value = '第' + i + '条';
            document.querySelector('#composer').requestSubmit(); } }"""
    )
    await page.wait_for_selector("#notice:has-text('发送太快')", state="visible")
    # one more while the held ones wait: once it overtook them (the bucket had refilled)
    await asyncio.sleep(0.6)
    await page.evaluate(
        """() => { document.querySelector('#input').value = '第14条';
            document.querySelector('#composer').requestSubmit(); }"""
    )
    for i in range(15):
        await wait_for(
            events,
            lambda e, i=i: e.kind == "message.received" and e.payload.get("body") == f"第{i}条",
            timeout=15,
        )
    await page.wait_for_function("() => window.loancsChat.state().pending === 0")
    burst = [
        e.payload["body"]
        for e in events
        if e.kind == "message.received" and e.payload["body"].startswith("第")
    ]
    assert burst == [f"第{i}条" for i in range(15)]  # the agent reads them in the order typed
    conn = sqlite3.connect(live_server.db)
    count = conn.execute(
        "SELECT count(*) FROM messages WHERE conversation_id = ? AND direction = 'in'", (conv,)
    ).fetchone()[0]
    conn.close()
    assert count == 16  # every message once, none lost or doubled by the retries


@pytest.mark.slow
@browser_needed
async def test_page_reconnects_and_resumes_after_server_restart(tmp_path, page):
    from conftest import seed_accounts

    from loancs.client import LoancsClient

    db = tmp_path / "restart.db"
    tokens = seed_accounts(db)
    server = LoancsServer(ServerConfig(db_path=db, port=0, synchronous="NORMAL"))
    await server.start()
    port = server.port
    http = f"http://127.0.0.1:{port}"
    events = []
    agent = LoancsClient(server.url, tokens["agent"], on_event=events.append)
    await agent.start()
    try:
        await page.goto(http + "/chat")
        await page.wait_for_selector('#status[data-state="online"]')
        await page.fill("#input", "我想提前还款，需要什么手续？")
        await page.press("#input", "Enter")
        conv = (await wait_for(events, lambda e: e.kind == "message.received")).conversation
        await take(agent, conv)
        await page.wait_for_selector("#agent:has-text('王芳')")

        # restart the server on the same port; the page goes offline and comes back
        await agent.close()
        await asyncio.sleep(0.05)
        await server.stop()
        await page.wait_for_selector('#status[data-state="offline"]')
        server = LoancsServer(ServerConfig(db_path=db, port=port, synchronous="NORMAL"))
        await server.start()
        await page.wait_for_selector('#status[data-state="online"]', timeout=15000)

        agent = LoancsClient(server.url, tokens["agent"])
        await agent.start()
        await agent.call(p.Reply, conversation=conv, body="提前还款请提前30天申请，我来帮您登记。")
        await page.wait_for_selector("li.agent >> text=提前30天申请")
        # reload: the visitor id and the transcript survive, and nothing is shown twice
        visitor = await page.evaluate("() => window.loancsChat.state().visitor")
        stored = (
            sqlite3.connect(db)
            .execute("SELECT value FROM customer_identities WHERE kind = 'visitor'")
            .fetchall()
        )
        assert stored == [(visitor,)]  # the server-issued id, not something the page made up
        token = await page.evaluate("() => localStorage.getItem('loancs.visitor')")
        assert token.startswith(visitor + ".")
        await page.reload()
        await page.wait_for_selector('#status[data-state="online"]')
        assert await page.evaluate("() => window.loancsChat.state().visitor") == visitor
        await asyncio.sleep(0.3)
        assert await page.locator("li.agent >> text=提前30天申请").count() == 1
        assert await page.locator("li.me >> text=我想提前还款").count() == 1
    finally:
        await agent.close()
        await asyncio.sleep(0.05)
        await server.stop()


@pytest.mark.slow
@browser_needed
async def test_half_an_emoji_is_sent_and_does_not_hold_up_later_messages(chat_server, page):
    """A lone surrogate (half an emoji, from a paste or a cut through one) once made the page's
    frame unreadable JSON: the server refused it without an id, the message stayed in flight
    and every later message of the visitor stayed pending, never sent."""
    events = []
    await chat_server.client("agent", on_event=events.append)
    await page.goto(chat_server.http + "/chat")
    await page.wait_for_selector('#status[data-state="online"]')
    for text in ("broken \\ud83d end", "\\ude00 low first", "after the broken one"):
        await page.evaluate(
            f"""() => {{ document.querySelector('#input').value = '{text}';
                document.querySelector('#composer').requestSubmit(); }}"""
        )
    for body in ("broken \ufffd end", "\ufffd low first", "after the broken one"):
        await wait_for(
            events,
            lambda e, body=body: e.kind == "message.received" and e.payload.get("body") == body,
        )
    await page.wait_for_function("() => window.loancsChat.state().pending === 0")
    assert await page.locator("li.me.failed").count() == 0


@pytest.mark.slow
@browser_needed
async def test_the_page_loads_without_a_console_error(chat_server, page):
    """A visitor's browser asked for /favicon.ico, which the server does not serve: every
    page load logged a 404 in the console of the lender's site."""
    seen = []
    page.on("console", lambda m: seen.append(m.text) if m.type == "error" else None)
    await page.goto(chat_server.http + "/chat")
    await page.wait_for_selector('#status[data-state="online"]')
    await asyncio.sleep(0.5)
    assert seen == []
