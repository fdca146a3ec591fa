"""scripts/bench_compliance_stages.py: the per-stage clocks of a check change no answer, are
all taken off again, and split a bench message into its planted reply and its padding."""

from __future__ import annotations

import random
import sys
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import bench_compliance_stages as stages  # noqa: E402
from bench_compliance import messages, synthetic_rules  # noqa: E402

from loancs.core.compliance import load_rules  # noqa: E402


@lru_cache(maxsize=1)
def _bench(rules: int = 40, count: int = 4):
    """One small bench rule set and its messages, built once for the module."""
    rng = random.Random(7)
    ruleset = load_rules(text=synthetic_rules(rules, rng))
    synthetic = [p for r in ruleset.rules if r.id.startswith("synthetic.") for p in r.patterns]
    return ruleset, messages(rng, [synthetic[1] + "，", synthetic[-3] + "。"], count)


def _answers(ruleset, texts):
    return [
        (r.verdict, [(h.rule, h.start, h.end, h.match, h.explain()) for h in r.hits])
        for r in map(ruleset.check, texts)
    ]


def test_every_stage_names_something_the_engine_has():
    for places in stages.STAGES.values():
        for owner, attribute in places:
            assert callable(getattr(owner, attribute)), attribute


def test_clocks_change_no_answer_and_are_taken_off():
    ruleset, texts = _bench()
    before = {(id(o), a): getattr(o, a) for p in stages.STAGES.values() for o, a in p}
    expected = _answers(ruleset, texts)
    total, per_stage, calls = stages.stage_times(ruleset, texts, batches=2)
    after = {(id(o), a): getattr(o, a) for p in stages.STAGES.values() for o, a in p}
    assert after == before  # every wrapped function is back
    assert _answers(ruleset, texts) == expected
    assert set(per_stage) == set(stages.STAGES) == set(calls)
    assert total > 0
    # each message is normalised once, walked once and read by the rate and PII readers
    assert calls["normalize (views, maps)"] >= 1
    assert calls["shared walk (syllable view)"] == 1
    assert calls["rates"] == calls["pii"] == 1


def test_clocks_are_off_after_a_failing_check():
    class Failing:
        def check(self, text):
            raise RuntimeError(text)

    before = {(id(o), a): getattr(o, a) for p in stages.STAGES.values() for o, a in p}
    try:
        stages.stage_times(Failing(), ["x"], batches=1)
    except RuntimeError:
        pass
    after = {(id(o), a): getattr(o, a) for p in stages.STAGES.values() for o, a in p}
    assert after == before


def test_split_cuts_after_the_planted_english_sentence():
    _, texts = _bench()
    for text in texts:
        reply, padding = stages.split(text)
        assert reply + padding == text
        assert reply.endswith("Your application is under review. ")
        assert "，" in padding and "review" not in padding
    assert stages.split("没有英文") == ("没有英文", "")
