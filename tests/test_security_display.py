"""What `loancs tail` and the console show of hostile customer text (issue 14): no terminal
controls, no bidirectional overrides, no full ID or mobile numbers."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time

from loancs.core.untrusted import escape_controls, strip_controls
from loancs.tui.safe import clean
from tests.conftest import seed_accounts, spawn_server
from tests.harness import Raw

RLO = "\u202e"
HOSTILE = f"退款账户 {RLO}6543210 请转 \x1b]0;pwned\x07\x1b[2J 谢谢\u2066x\u2069"
FULL_ID = "11010519491231002X"  # a valid GB 11643 number
MOBILE = "13812345678"


async def _produce(url: str, tokens: dict) -> None:
    wechat = await Raw.open(url, tokens["wechat"], subscribe=False)
    await wechat.call(
        "ingest",
        external_id="bidi-1",
        customer={"kind": "wechat", "value": "oBIDI0000000001"},
        body=HOSTILE,
    )
    system = await Raw.open(url, tokens["system"], subscribe=False)
    await system.call(
        "stage",
        application="MA-9",
        customer={"kind": "phone", "value": MOBILE},
        stage="document_review",
        note=f"身份证 {FULL_ID} 已核验，手机 {MOBILE}",
    )
    await wechat.close()
    await system.close()


def _tail(url: str, token: str, *extra: str) -> str:
    """What `loancs tail` prints once it has shown the message and the stage change (up to
    30 s: a loaded machine may take seconds just to start it), then SIGTERM."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "loancs", "tail", "--server", url, "--since", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "LOANCS_TOKEN": token, "COLUMNS": "200"},
    )
    assert proc.stdout is not None
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(proc.stdout.readline, b"")))
    reader.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        seen = b"".join(chunks).decode("utf-8", "replace")
        if "***3210" in seen and any(w in seen for w in STAGE_WORDS):
            break
        time.sleep(0.1)
    time.sleep(0.3)  # anything printed right after
    proc.terminate()
    proc.wait(15)
    reader.join(15)
    return b"".join(chunks).decode("utf-8")


STAGE_WORDS = ("document_review", "资料审核", "stage")


def test_tail_shows_no_controls_and_no_full_numbers(tmp_path) -> None:
    db = tmp_path / "tail.db"
    tokens = seed_accounts(db)
    server = spawn_server(db)
    try:
        asyncio.run(_produce(server.url, tokens))
        for extra in ((), ("--json",), ("--verbose",)):
            out = _tail(server.url, tokens["supervisor"], *extra)
            # the message is there, its refund account masked (a borrower's account beside
            # 账户 is personal data since session 33's pii work) ...
            assert "***3210" in out and "6543210" not in out, out
            for bad in (RLO, "\x1b", "\x07", "\u2066", "\u2069", FULL_ID, MOBILE):
                assert bad not in out, (extra, repr(bad), out[-400:])
            assert any(word in out for word in STAGE_WORDS), out[-400:]
    finally:
        server.terminate()


def test_one_list_of_controls_for_tail_and_console() -> None:
    assert strip_controls(HOSTILE) == "退款账户 6543210 请转 ]0;pwned[2J 谢谢x"
    assert RLO not in clean(HOSTILE) and "<U+202E>" in clean(HOSTILE)
    assert "\\u202e" in escape_controls(HOSTILE)
