"""A reply typed outside the box (right after opening her own conversation) that starts with
a letter the conversation answers to kept the rest and lost that letter: "just a sec" came
out as "ust a sec" (j scrolled), "perfect" as "erfect" (p moved the focus), and "quick
question" asked to quit, with the y of "you" answering yes. Such a letter followed at once
by one that starts the reply is now the reply's first letter; a lone j still scrolls, a lone
q still asks to quit, and r / i / enter are still the way into the box."""

from __future__ import annotations

import pytest
from textual import events

from loancs.tui.app import ConsoleApp
from loancs.tui.dialogs.choice import ConfirmDialog
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import TYPED_BURST_S
from loancs.tui.widgets.composer import Composer
from tests.test_console_compliance_panel import _open
from tests.test_console_flows import wait_for

SIZES = [(80, 24), (200, 60)]


def _app(lang: str) -> ConsoleApp:
    return ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)


def _key(ch: str, at: float | None = None) -> events.Key:
    key = events.Key({" ": "space", ",": "comma", "?": "question_mark"}.get(ch, ch), ch)
    if at is not None:
        key.time = at
    return key


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "lang,typed",
    [
        ("en", "just a sec"),
        ("en", "kindly hold on"),
        ("en", "thanks, checking now"),
        ("en", "perfect"),
        ("en", "hi there"),
        ("en", "quick question, are you there?"),
        ("zh", "pdf已发到您邮箱"),
        ("zh", "h5链接发您了"),
        ("zh", "ok 马上帮您查"),
        ("zh", "qq号收到了"),
    ],
)
async def test_a_reply_starting_with_a_key_keeps_its_first_letter(lang, typed, size):
    app = _app(lang)
    async with app.run_test(size=size) as pilot:
        screen = await _open(pilot, app, reply=False)
        for ch in typed:  # one burst, as a terminal reads it
            app.post_message(_key(ch))
        await pilot.pause(TYPED_BURST_S + 0.2)
        assert screen.composer.text == typed
        assert isinstance(app.focused, Composer)
        assert not isinstance(app.screen, ConfirmDialog)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_typed_at_a_hands_pace(lang):
    """Keys 120 ms apart, as the terminal times them when it reads them (the pilot's own
    press() waits for the scroll's animation between keys, so it cannot type at a hand's
    pace)."""
    app = _app(lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, reply=False)
        first = _key("j")
        app.post_message(first)
        for i, ch in enumerate("ust a sec", start=1):
            app.post_message(_key(ch, at=first.time + 0.12 * i))
        await pilot.pause(0.3)
        assert screen.composer.text == "just a sec"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_lone_key_still_acts(lang):
    """j alone scrolls and types nothing; a letter typed after the agent read the scroll
    starts the reply alone; q alone asks to quit (after the burst's wait)."""
    app = _app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, reply=False)
        await wait_for(pilot, lambda: screen.is_mounted and screen.data is not None)
        transcript = screen.transcript
        transcript.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause(TYPED_BURST_S + 0.1)
        assert transcript.scroll_y > 0 or transcript.max_scroll_y == 0
        assert screen.composer.text == ""
        assert app.focused is transcript
        j = _key("j")
        app.post_message(j)
        app.post_message(_key("o", at=j.time + TYPED_BURST_S + 0.5))
        app.post_message(_key("k", at=j.time + TYPED_BURST_S + 0.6))
        await pilot.pause(0.2)
        assert screen.composer.text == "ok"
        await pilot.press("escape")  # out of the box
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause(TYPED_BURST_S + 0.3)
        assert isinstance(app.screen, ConfirmDialog)


async def test_r_then_a_word_is_still_the_way_into_the_box():
    app = _app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, reply=False)
        for ch in "rok":
            app.post_message(_key(ch))
        await pilot.pause(0.3)
        assert screen.composer.text == "ok"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_q_then_y_at_once_quits_and_says_yes(lang, size):
    """q then y typed within the burst's wait in her own conversation was the text "qy" (the
    q held for a letter took the y too); an agent typing the quit and its answer together
    means to quit, and no reply starts with "qy": it quits, yes. "qu" is still a reply."""
    app = _app(lang)
    async with app.run_test(size=size) as pilot:
        screen = await _open(pilot, app, reply=False)
        app.post_message(_key("q"))
        app.post_message(_key("y"))
        await wait_for(pilot, lambda: app._exit)
        assert screen.composer.text == ""
