"""esc j enter typed twice within Textual's escape delay (0.1 s), or read in one go by a
console the machine starves: Textual's parser gave up on the first ESC j enter when the
second ESC came, and reissued its ESC as a literal "^" (Textual PR #570). The console read
"^ j enter": the "^" started a reply in the open conversation, j and enter went into the box,
and the conversation stayed open (tmux `send-keys Escape j Enter` on the 1M copy, session 34).
The console's parser (loancs/tui/esc.py EscParser) reads that ESC and key as alt+j, which the
console reads as esc, then j."""

from __future__ import annotations

import pytest
from textual import events
from textual.drivers.linux_driver import LinuxDriver

from loancs.tui.app import ConsoleApp
from loancs.tui.esc import EscDriver, EscParser
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.widgets.inbox_table import InboxTable
from tests.test_console_fast_switch import conversations, settle
from tests.test_console_flows import wait_for


def read(data: str) -> list[events.Key]:
    """The keys the console's parser makes of ``data`` read at once (then the input's end)."""
    parser = EscParser()
    keys = list(parser.feed(data)) + list(parser.feed(""))
    return [k for k in keys if isinstance(k, events.Key)]


def names(data: str) -> list[str]:
    return [k.key for k in read(data)]


def test_esc_j_enter_twice_at_once_is_not_read_as_a_caret():
    assert names("\x1bj\r\x1bj\r") == ["alt+j", "enter", "alt+j", "enter"]
    assert names("\x1bj\x1bk") == ["alt+j", "alt+k"]
    assert names("\x1b好\x1bj") == ["alt+好", "alt+j"]


def test_other_input_is_read_as_textual_reads_it():
    assert names("\x1bq") == ["alt+q"]
    assert names("\x1b\x1bq") == ["escape", "alt+q"]
    assert names("\x1b[A\x1bj") == ["up", "alt+j"]
    assert names("a^b\x1b[1;5A") == ["a", "circumflex_accent", "b", "ctrl+up"]
    # an escape sequence cut short by an esc is still reissued with its "^", as Textual does
    assert names("\x1b[99z\x1bq") == [
        "circumflex_accent",
        "left_square_bracket",
        "9",
        "9",
        "z",
        "alt+q",
    ]


def test_the_console_reads_the_terminal_with_it():
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False)
    assert app.driver_class is EscDriver
    assert issubclass(EscDriver, LinuxDriver)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_esc_j_enter_twice_at_once_walks_down_the_inbox(lang, size):
    """From an open conversation: esc j enter, esc j enter in one read opens the row two below
    it, alone, with an empty reply box (it was "^" + "j" and an enter in the first one's box)."""
    service = MemoryService()
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), what="the inbox")
        await app.workers.wait_for_complete()
        await settle(pilot)
        rows = app.screen.query_one(InboxTable).shown[:3]
        await pilot.press("enter")
        await settle(pilot)
        assert conversations(app) == [rows[0]]
        for key in read("\x1bj\r\x1bj\r"):
            app.post_message(key)
        for _ in range(3):
            await settle(pilot)
        assert conversations(app) == [rows[2]]
        assert app.screen.composer.text == ""
        assert not app.model.drafts
