"""Session 45's model work: the classifier's gate pattern no longer depends on PYTHONHASHSEED;
the English approval-guarantee class also reads units none of its triggers woke."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.compliance_asserts import RULES

ROOT = Path(__file__).resolve().parents[1]

_GATE_TEXT = """
from loancs.core.compliance import model
m = model.shipped()
for part in (m, m.english):
    gate = None if part is None else part._gate_rest
    print(None if gate is None else gate.pattern)
"""


def _gate_text(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", _GATE_TEXT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def test_the_gate_pattern_is_the_same_under_any_hash_seed() -> None:
    # The terms of the gates' other meanings come from a set; joined in the set's order the
    # pattern's text changed with the seed, so a `loancs check` started with another seed than
    # the one that wrote the rules cache compiled it again instead of reading its program
    # (found by the tests helper, session 44). Seeds 1 and 2 gave different texts on dd795a5f.
    first = _gate_text("1")
    assert "None" not in first.split("\n")[0]
    assert first == _gate_text("2")


def test_the_english_guarantee_class_reads_a_unit_no_trigger_woke() -> None:
    # The English approval-guarantee class is scored in units of 7+ words that none of its
    # triggers woke, at its bar + 4 (the file's "ungated_margins"): an approve-everyone claim
    # with no trigger word, written by the model helper (nearest development row 0.18; ok
    # on dd795a5f, whose English model read such a unit for collection-abuse only).
    result = RULES.check("Apply with us and forget the word declined, it doesn't exist here.")
    assert any(h.rule == "model.approval-guarantee" for h in result.hits), result.to_dict()
