"""The server keeps its compiled rules in the rules cache ``loancs check`` uses: a second
start with the same rule files reads them instead of compiling, and still enforces the
lender's rules (a broken lender file is still named in the error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loancs.client import ClientError, LoancsClient
from loancs.core import protocol as p
from loancs.core.compliance import RuleFileError
from loancs.server.app import LoancsServer
from tests.conftest import make_config, seed_accounts
from tests.test_lender_rules import RULE


async def _refuses_cash_out(server: LoancsServer, tokens: dict[str, str], n: int) -> None:
    sup = LoancsClient(server.url, tokens["supervisor"])
    await sup.start()
    wechat = LoancsClient(server.url, tokens["wechat"])
    await wechat.start()
    try:
        ack = await wechat.call(
            p.Ingest,
            external_id=f"sc-{n}",
            body="能帮我套现吗",
            customer=p.Identity(kind="wechat", value=f"oCACHE00000000000000{n}"),
        )
        with pytest.raises(ClientError) as info:
            await sup.call(p.Reply, conversation=ack.conversation, body="可以帮您套现")
        assert info.value.detail["hits"][0]["rule"] == "lender.cash-out"
    finally:
        await sup.close()
        await wechat.close()


async def test_a_second_start_reads_the_compiled_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("LOANCS_CACHE_DIR", str(cache))
    db = tmp_path / "s.db"
    tokens = seed_accounts(db)
    rules = tmp_path / "lender.toml"
    rules.write_text(RULE.format(phrase="套现"), encoding="utf-8")
    stamps = []
    for n in range(2):
        server = LoancsServer(make_config(db, rules_path=rules))
        await server.start()
        try:
            await _refuses_cash_out(server, tokens, n)
        finally:
            await server.stop()
        entries = sorted(cache.glob("*.rules"))
        assert len(entries) == 1
        stamps.append(entries[0].stat().st_mtime_ns)
    assert stamps[0] == stamps[1]  # the second start read the entry, it did not compile


async def test_a_broken_lender_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOANCS_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "b.db"
    seed_accounts(db)
    rules = tmp_path / "lender.toml"
    rules.write_text("[[rule]]\nid = 'x'\n", encoding="utf-8")
    server = LoancsServer(make_config(db, rules_path=rules))
    with pytest.raises(RuleFileError) as info:
        await server.start()  # closes what it opened when it fails
    assert str(rules) in str(info.value)
