"""The footer at 80x24: every key the screen shows is on screen, or F1 (always first, always
visible) says how many more it lists. Textual's one row cut the inbox after `f10` (no
Offers, no f12) and a conversation after `f6` (no resolve, no reply, no customer pane)."""

from __future__ import annotations

import pytest
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from loancs.tui.app import ConsoleApp
from loancs.tui.memory import T0, MemoryService
from loancs.tui.screens.conversation import ConversationScreen

# What an agent needs on screen in a conversation at 80 columns, whatever else F1 holds.
NEEDED_IN_CONVERSATION = {"esc", "r", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f10", "^b"}


async def settle(pilot) -> None:
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


def footer_state(app, width: int, height: int) -> tuple[dict, list[str], list[str], str]:
    """({key on screen: its action}, keys cut, the actions F1 stands for, F1's label)."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    shown: dict[str, str] = {}
    cut: list[str] = []
    for key in keys:
        region = key.region
        on_screen = region.width > 0 and region.right <= width and 0 <= region.y < height
        if on_screen:
            shown[key.key_display] = key.action
        else:
            cut.append(key.key_display)
    f1 = next(k for k in keys if k.key_display == "f1")
    return shown, cut, list(getattr(footer, "hidden_keys", [])), f1.description


def expected_actions(app) -> set[str]:
    return {
        binding.action for _, binding, _, _ in app.screen.active_bindings.values() if binding.show
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_every_key_is_on_screen_or_counted_by_f1_at_80x24(lang) -> None:
    app = ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = {}
        for name, keys in (("inbox", ()), ("conversation", ("enter",)), ("reply", ("r",))):
            await pilot.press(*keys)
            await settle(pilot)
            shown, cut, hidden, f1_label = footer_state(app, 80, 24)
            assert not cut, (name, cut)
            assert next(iter(shown)) == "f1", (name, shown)
            assert set(shown.values()) | set(hidden) == expected_actions(app), (name, shown, hidden)
            if hidden:
                assert str(len(hidden)) in f1_label, (name, f1_label)
            seen[name] = set(shown)
        assert isinstance(app.screen, ConversationScreen)
        assert {"f10", "f12"} <= seen["inbox"]  # the inbox keeps every key
        for name in ("conversation", "reply"):
            assert seen[name] >= NEEDED_IN_CONVERSATION, (name, NEEDED_IN_CONVERSATION - seen[name])
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        shown, cut, hidden, _ = footer_state(app, 80, 24)
        assert not cut and not hidden and "f10" in shown and "f12" in shown


async def test_the_footer_fits_again_after_a_resize() -> None:
    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        wide, cut, hidden, _ = footer_state(app, 200, 40)
        assert not cut and not hidden and "^r" in wide  # everything, in one row
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.pause(0.3)
        narrow, cut, hidden, label = footer_state(app, 80, 24)
        assert not cut and hidden and str(len(hidden)) in label
        assert set(narrow) >= NEEDED_IN_CONVERSATION


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_f1_opens_on_the_screens_own_keys(lang) -> None:
    """F1 in a narrow conversation stands for keys the footer left out: the help it opens
    starts with the conversation's keys (it started with the inbox-wide ones, then the
    inbox's, the conversation's a screen further down at 80x24)."""
    from loancs.tui.i18n import t
    from loancs.tui.screens.help import HelpScreen

    app = ConsoleApp(MemoryService(), lang=lang, now=lambda: T0, ticking=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one(Static)
        text = "\n".join(
            strip.text for strip in help_text.render_lines(help_text.region.reset_offset)
        )
        first = text.index(t("help.scope.conversation", lang))
        assert first < text.index(t("help.scope.global", lang))
        assert first < text.index(t("help.scope.inbox", lang))


async def test_ctrl_c_quits_as_f1_says():
    """F1 lists ctrl+c under Quit; it showed Textual's "Press ctrl+q to quit the app" and
    stayed. Now it quits as q does (with open work, the agent confirms first)."""
    from loancs.tui.dialogs.choice import ConfirmDialog

    app = ConsoleApp(MemoryService(), lang="en", now=lambda: T0, ticking=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+c")
        for _ in range(40):
            if isinstance(app.screen, ConfirmDialog):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ConfirmDialog), type(app.screen).__name__
        await pilot.press("y")
        for _ in range(60):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
        assert app.return_code == 0
