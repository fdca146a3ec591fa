"""Session 40 (speed): what a warm check no longer does, with the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from loancs.core.compliance import zh_frames, zh_hant
from loancs.core.normalize import normalize
from tests.compliance_asserts import RULES  # the shipped rules, compiled once a process

DATA = Path(__file__).parent / "data" / "compliance"


@pytest.fixture(scope="module")
def rules():  # type: ignore[no-untyped-def]
    return RULES


def test_a_simplified_message_without_a_table_word_never_asks_for_the_mainland_view(
    rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    # zh_hant's table words ride in the zh gate's one automaton pass: a message holding none of
    # them pays neither the traditional marks' search over the whole text nor the table's
    asked: list[str] = []
    real = zh_hant.mainland

    def counted(norm):  # type: ignore[no-untyped-def]
        asked.append(norm.original)
        return real(norm)

    monkeypatch.setattr(zh_hant, "mainland", counted)
    plain = "放心，这笔肯定能批下来，我们不查征信，今天就放款到您的账户"
    assert rules.check(plain).verdict == "block"
    assert asked == []
    # a zh-Hant line with table words (過件, 撥款) is still read in its mainland words
    hant = "您的案件已經過件了，明天就撥款到您帳戶，保證沒問題"
    result = rules.check(hant)
    assert asked == [hant]
    assert result.verdict == "block"


def test_the_gate_asks_for_the_mainland_view_whenever_it_would_map() -> None:
    # the gate's answer is a superset of mainland's: every labelled line mainland maps, the
    # gate pass over the dense view saw a table word in
    missed = []
    mapped = 0
    for path in sorted(DATA.glob("*.tsv")):
        if path.name == "heldout.tsv":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#") or "\t" not in line:
                continue
            norm = normalize(line.split("\t")[-1])
            if zh_hant.mainland(norm) is not None:
                mapped += 1
                if zh_frames._HANT_WORD not in zh_frames._gated(norm.dense):
                    missed.append(path.name)
    assert not missed, missed[:5]
    assert mapped > 200
