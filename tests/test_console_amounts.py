"""Loan amounts in the console read as the calculator writes them: "800,000.00" in the
conversation's header and the customer pane's applications, not the stored "800000.00"
(a zero too many is easy to miss)."""

from __future__ import annotations

import re

from textual.widgets import Static

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.safe import amount
from loancs.tui.screens.conversation import ConversationScreen


def test_amounts_get_thousands_separators_and_anything_else_stays() -> None:
    assert amount("800000.00") == "800,000.00"
    assert amount("8000000") == "8,000,000.00"
    assert amount("about 5万") == "about 5万"
    assert amount("NaN") == "NaN"


async def test_the_conversation_header_shows_the_amount_with_separators() -> None:
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, ConversationScreen)
        stored = app.screen.row.get("amount")
        assert stored and "," not in stored
        head = str(app.screen.query_one("#conv-head", Static).render())
        assert amount(stored) in head and re.search(r"\d{1,3}(,\d{3})+\.\d\d", head), head
