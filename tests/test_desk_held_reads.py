"""The supervisor's desk when two floor reads overlap (issue 18, a busy server): the timer's
read, asked before an intervention, answered after the read the intervention asked once done.
The older floor must not be shown over the newer one. The console's reads:
tests/test_console_held_reads.py."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable, OptionList

from loancs.server.services.desk import SupervisorDesk
from loancs.tui.dialogs.choice import ChoiceDialog, TextDialog
from tests.test_console_flows import wait_for
from tests.test_supervisor_desk import cells, desk, select, settle, traffic


async def test_a_floor_read_older_than_an_intervention_does_not_undo_it(
    live_server, monkeypatch
) -> None:
    """The wallboard's refresh reads the floor (王芳 available); the supervisor puts 王芳 on
    a break meanwhile and the desk reads the floor again, which shows it; then the refresh's
    read arrives. The wallboard keeps showing 王芳 on her break."""
    await live_server.client("agent")
    await traffic(live_server, 1)
    app = desk(live_server, "zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.5)

        def state_of(name: str) -> str:
            table = pilot.app.screen.query_one("#agents", DataTable)
            return next((row[1] for row in cells(table) if row[0] == name), "")

        assert not state_of("王芳").startswith("小休")
        gate, held = asyncio.Event(), []
        floor = SupervisorDesk.floor

        async def held_floor(self, sla_s, limit=500, offset=0):
            data = await floor(self, sla_s, limit, offset)
            if not held:
                held.append([a["state"] for a in data["agents"] if a["name"] == "王芳"])
                await gate.wait()  # read before the break, answered after the next read
            return data

        monkeypatch.setattr(SupervisorDesk, "floor", held_floor)
        app.refresh_floor()  # the timer's refresh
        await wait_for(pilot, lambda: held, what="the refresh's read of the floor")
        assert held[0] and held[0] != ["break"]
        await select(pilot, "agents", "1")
        await pilot.press("s")
        dialog = await wait_for(
            pilot, lambda: isinstance(app.screen, ChoiceDialog) and app.screen, what="the states"
        )
        choices = dialog.query_one(OptionList)
        for i in range(choices.option_count):
            if "小休" in str(choices.get_option_at_index(i).prompt):
                choices.highlighted = i
                break
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TextDialog), what="the reason")
        await pilot.press(*"培训", "enter")
        await wait_for(
            pilot, lambda: state_of("王芳").startswith("小休"), what="the break on the wallboard"
        )
        gate.set()  # the refresh's read arrives now
        await settle(pilot)
        assert state_of("王芳").startswith("小休")
