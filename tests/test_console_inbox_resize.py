"""The inbox table follows the terminal: after a resize its rows read as in a console started
at that size. The table keeps its rendered cells across a resize (Textual's DataTable would
drop them all on any resize); a change of width re-fits the columns and renders again."""

from __future__ import annotations

import pytest

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.widgets.inbox_table import InboxTable


async def _rows(lang: str, sizes: list[tuple[int, int]]) -> list[str]:
    app = ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
    async with app.run_test(size=sizes[0]) as pilot:
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for size in sizes[1:]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
        table = app.screen.query_one(InboxTable)
        assert table.size.width == sizes[-1][0]
        return [table.render_line(y).text for y in range(table.size.height)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "sizes",
    [
        [(200, 60), (80, 24)],  # narrower: the excerpt gives way, the narrow widths
        [(80, 24), (120, 40)],  # wider and taller
        [(80, 24), (80, 40)],  # taller only: the cells kept
    ],
)
async def test_the_inbox_reads_as_if_started_at_the_new_size(lang, sizes):
    assert await _rows(lang, sizes) == await _rows(lang, sizes[-1:])
