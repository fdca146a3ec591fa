"""ctrl+f on a pii block masks exactly what the checker blocked. An account number read by
the words around it (a bank's name, 账户, "account") is a bare number in the hit's span, and
the fix used to mask that span with mask_text, which sees no such word and gave the number
back whole: the agent's reply still held the full account (pii's request, session 33). The
fix now puts in the checker's own masked form, the one the hit panel shows."""

from __future__ import annotations

import pytest

from loancs.tui.app import ConsoleApp
from loancs.tui.i18n import t
from loancs.tui.memory import T0, MemoryService
from tests.test_console_status_line import _opened, _type, line

REPLIES = {
    "zh": [
        ("请把钱转到招商银行账户 6225880123456789 里", "6225880123456789", "6225********6789"),
        ("退款账户 6543210 已登记，请核对", "6543210", "***3210"),
    ],
    "en": [
        (
            "Your refund goes to your Chase account 123456789012 today.",
            "123456789012",
            "********9012",
        ),
        ("Please confirm: routing 021000021, account 123456789.", "123456789", "*****6789"),
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_fix_key_masks_an_account_read_by_its_words(lang):
    for reply, number, masked in REPLIES[lang]:
        service = MemoryService()
        app = ConsoleApp(service, lang=lang, now=lambda: T0, ticking=False, recall_seconds=0)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _opened(pilot, app, service)
            await _type(pilot, screen, reply)
            hits = [(h.category, h.severity, h.match) for h in screen.composer.hits]
            assert ("pii", "block", number) in hits, (hits, screen.composer.text)
            await pilot.press("ctrl+f")
            await pilot.pause()
            text = screen.composer.text
            assert number not in text, text
            assert masked in text, text
            assert line(screen) == t("hit.applied", lang)
            assert not any(h.severity == "block" for h in screen.composer.hits), text
