"""Console benchmark against a real server on a temp database.

Seeds 10,000 conversations (one of them with a 1,000-message transcript), then measures
with the real console (headless, 120x40):

- first paint: from launching the app to the inbox table showing rows
- opening the 1,000-message conversation: enter to transcript drawn
- keystroke to compliance highlight: a key press to the composer's underline being
  updated (median and p95 over many keystrokes)

    python scripts/bench_console.py [--conversations 10000] [--messages 1000] [--keys 60]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from loancs.server.app import LoancsServer, ServerConfig
from loancs.store import commands
from loancs.store.accounts import create_agent, create_channel
from loancs.store.db import Store, connect_sync
from loancs.tui.app import ConsoleApp
from loancs.tui.screens.conversation import ConversationScreen
from loancs.tui.service import LiveService

LOANS = ("mortgage", "car", "consumer", "business")


async def seed(db: Path, conversations: int, messages: int) -> tuple[str, int]:
    conn = connect_sync(db)
    skills = {loan: 1 for loan in LOANS}
    _, token = create_agent(conn, "王芳", "agent", skills, {"phone": 1, "chat": 50, "wechat": 50})
    create_channel(conn, "wechat-gw", "wechat")
    conn.close()
    store = Store(db, "NORMAL")
    await store.open()
    try:
        futures = []
        for i in range(conversations):
            identity = commands.Identity(kind="wechat", value=f"oBench{i:010d}")
            hints = commands.Hints(loan_type=LOANS[i % len(LOANS)])
            body = f"第{i}位客户：我的贷款审批到哪一步了？"
            futures.append(
                store.submit(
                    commands.IngestMessage(
                        source="wechat-gw",
                        channel="wechat",
                        external_id=f"b{i}",
                        identity=identity,
                        body=body,
                        kind="text",
                        hints=hints,
                    )
                )
            )
        results = await asyncio.gather(*futures)
        big = results[0]["conversation"]
        futures = []
        identity = commands.Identity(kind="wechat", value="oBench0000000000")
        for k in range(messages - 1):
            body = f"第{k}条消息：" + "请问提前还款怎么算利息？" * (1 + k % 4)
            futures.append(
                store.submit(
                    commands.IngestMessage(
                        source="wechat-gw",
                        channel="wechat",
                        external_id=f"big{k}",
                        identity=identity,
                        body=body,
                        kind="text",
                    )
                )
            )
        await asyncio.gather(*futures)
    finally:
        await store.close()
    return token, big


async def wait_until(pilot, condition, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not reached")
        await pilot.pause(0.005)


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        token, big = await seed(db, args.conversations, args.messages)
        print(
            f"seeded {args.conversations:,} conversations and a {args.messages:,}-message transcript in {time.perf_counter() - t:.1f} s"
        )
        server = LoancsServer(ServerConfig(db_path=db, port=0, synchronous="NORMAL"))
        await server.start()
        try:
            started = time.perf_counter()
            app = ConsoleApp(LiveService(server.url, token), lang="zh", set_available=False)
            async with app.run_test(size=(120, 40)) as pilot:
                inbox = app.screen
                await wait_until(pilot, lambda: app.model.loaded and bool(inbox.table.shown))
                first_paint = time.perf_counter() - started
                listed = len(app.model.conversations)
                inbox.table.move_cursor(
                    row=inbox.table.shown.index(big) if big in inbox.table.shown else 0
                )
                cid = inbox.table.selected_id()
                if cid != big:  # the big one may be below the fold: open it directly
                    cid = big
                t = time.perf_counter()
                app.open_conversation(cid)
                await wait_until(
                    pilot,
                    lambda: (
                        isinstance(app.screen, ConversationScreen) and app.screen.data is not None
                    ),
                )
                screen = app.screen
                await pilot.pause()
                open_s = time.perf_counter() - t
                shown = len(screen.transcript.entries) - screen.transcript.hidden
                t = time.perf_counter()
                screen.transcript.show_all()
                await pilot.pause()
                all_s = time.perf_counter() - t
                composer = screen.composer
                composer.load_text("您好，关于您的贷款，我们保证通过，")
                composer.focus()  # the transcript has the focus when a conversation opens
                await pilot.pause()
                latencies = []
                for i in range(args.keys):
                    key = "ab"[i % 2]
                    before = composer.highlighted_at
                    t = time.perf_counter()
                    await pilot.press(key)
                    await wait_until(pilot, lambda b=before: composer.highlighted_at != b, 5)
                    latencies.append((composer.highlighted_at - t) * 1000)
                assert composer.hits, "the blocked phrase should stay highlighted"
                latencies.sort()
                median = statistics.median(latencies)
                p95 = latencies[int(len(latencies) * 0.95) - 1]
        finally:
            await server.stop()
    print(f"inbox: {listed:,} conversations listed to the agent (server caps a list at 5,000)")
    print(f"first paint (launch -> inbox rows): {first_paint * 1000:.0f} ms  (target < 1500 ms)")
    print(
        f"open a {args.messages:,}-message conversation: {open_s * 1000:.0f} ms (latest {shown:,} drawn)"
    )
    print(f"draw the whole {args.messages:,}-message transcript (ctrl+l): {all_s * 1000:.0f} ms")
    print(
        f"keystroke -> compliance highlight: median {median:.1f} ms, p95 {p95:.1f} ms over {len(latencies)} keys  (target < 50 ms)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000)
    parser.add_argument("--keys", type=int, default=60)
    asyncio.run(main(parser.parse_args()))
