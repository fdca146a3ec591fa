"""A long conversation opens on its newest message. The transcript scrolled to its end while
the lines under the reply box (the check's verdict, the key hint) were still being laid out;
when they took their rows the transcript got shorter and kept its scroll, so the customer's
last message sat below the bottom edge until the agent scrolled (seen at 80x24 in tmux on a
copy of the 1M database, a 300-message conversation: "好的，明白了 299" hidden). Now a
transcript that was at its end stays at its end when its height changes; one the agent
scrolled up stays where she put it."""

from __future__ import annotations

import pytest

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen
from tests.test_console_status_line import _opened

LAST = {"zh": "好的，明白了，最后一条", "en": "OK, understood, the very last one"}


def _long(service: MemoryService, lang: str) -> None:
    offer = [c for c, r in service.rows.items() if r["assigned_agent"] is None][1]
    messages = service._messages(offer)
    body = {
        "zh": "我的银行卡换了，要怎么改扣款卡？另外提前还款有没有违约金？我看合同写得不太清楚，能不能帮我解释一下，谢谢。",
        "en": "I paid my installment yesterday but the app still shows it as overdue, can you check that for me please?",
    }[lang]
    for msg in messages:
        msg["body"] = body
    while len(messages) < 120:
        messages.append({**messages[-2], "id": messages[-1]["id"] + 1, "body": body})
    messages[-1] = {**messages[-1], "direction": "in", "body": LAST[lang]}


def _shown(screen: ConversationScreen) -> str:
    transcript = screen.transcript
    top = round(transcript.scroll_y)
    height = transcript.scrollable_content_region.height
    return "\n".join(strip.text for strip in transcript.lines[top : top + height])


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_long_conversation_opens_on_its_last_message(lang, size):
    service = MemoryService()
    _long(service, lang)
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=size) as pilot:
        screen = await _opened(pilot, app, service)
        for _ in range(5):
            await pilot.pause(0.05)
        transcript = screen.transcript
        assert transcript.max_scroll_y > 0
        assert transcript.scroll_y == transcript.max_scroll_y
        assert LAST[lang] in _shown(screen)
        # scrolled up by the agent (k in the transcript): a change of height keeps her place
        assert app.focused is transcript  # (where an opened conversation puts the focus)
        end = transcript.max_scroll_y
        await pilot.press("k", "k", "k")
        await pilot.pause(0.05)
        assert transcript.scroll_y == end - 3
        screen.set_status("x\ny", "dim")
        await pilot.pause(0.05)
        assert transcript.scroll_y == end - 3
        transcript.scroll_to(y=3, animate=False)
        await pilot.pause(0.05)
        assert transcript.scroll_y == 3
        await pilot.press("j")
        await pilot.pause(0.05)
        assert transcript.scroll_y == 4


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_ctrl_l_still_shows_the_oldest_messages_at_the_top(lang):
    service = MemoryService()
    _long(service, lang)
    offer = [c for c, r in service.rows.items() if r["assigned_agent"] is None][1]
    messages = service._messages(offer)
    while len(messages) < 260:  # (more than the 200 drawn at first)
        messages.insert(0, {**messages[0], "id": messages[0]["id"] - 1})
    messages[0] = {**messages[0], "body": "FIRST-" + lang}
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _opened(pilot, app, service)
        for _ in range(5):
            await pilot.pause(0.05)
        transcript = screen.transcript
        assert transcript.hidden > 0
        await pilot.press("ctrl+l")
        for _ in range(5):
            await pilot.pause(0.05)
        assert transcript.hidden == 0
        assert transcript.scroll_y == 0
        assert "FIRST-" + lang in _shown(screen)
