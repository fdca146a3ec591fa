"""The inbox shows a conversation's number whole. At a year's data the numbers have six
digits, and the id column (4 cells at 80 columns, 5 on a wide terminal) cut them: #212868
showed as 2128 (another conversation's number) in tmux on a copy of the 1M database. The
column now widens to the longest number shown; the excerpt gives way."""

from __future__ import annotations

import pytest

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.inbox import InboxScreen
from loancs.tui.widgets.inbox_table import InboxTable
from tests.test_console_flows import wait_for

BIG = 212868


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_six_digit_conversation_number_is_shown_whole(lang, size):
    service = MemoryService()
    row = service._row(1)  # one of mine, the newest
    row.update(id=BIG, customer=BIG, last_message_at=T0)
    service.inbox.load([*service.rows.values(), row])
    app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), what="the inbox")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        table = app.screen.query_one(InboxTable)
        assert BIG in table.shown
        width = next(c.width for k, c in table.columns.items() if k.value == "id")
        assert width >= len(str(BIG))
        row_index = table.shown.index(BIG)
        table.move_cursor(row=row_index, animate=False)
        await pilot.pause(0.05)
        line = table.render_line(row_index - round(table.scroll_y) + 1).text  # (1: the header)
        assert str(BIG) in line, line
        last = next(c.width for k, c in table.columns.items() if k.value == "last")
        assert last >= 8
