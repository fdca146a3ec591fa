"""The classifier's trigger n-grams are keys of the engine's shared walk: a check hands the
model the triggers that walk found (``fired``) instead of the model walking the light view a
second time with its own automaton. The model then finds only its ASCII trigger words
(lexicon terms such as "gift", "parents") itself, in the text's Latin part. Same triggers,
so the same scores: checked here against the model's own walk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loancs.core.compliance import RuleSet, model
from loancs.core.normalize import normalize
from tests.compliance_asserts import compiled_rules

DATA = Path(__file__).parent / "data" / "compliance"

# a trigger split by a separator, symbols that fold to hanzi-range characters but are
# separators (the hexagrams) or to several characters (slow path), ASCII lexicon words, a
# one-character gate term (送), traditional characters, full-width letters
TEXTS = [
    "放心，这笔肯定能批下来",
    "放心这笔肯定能批下来，不查征信，秒到账",
    "包，过！保 过 秒 批",
    "肯定能批䷀下来，放心䷀放心",
    "㈠包过㈡秒批㈢不查征信",
    "借款成功就送红包，满三千即送礼品",
    "你再不还钱，我们就去你单位找你领导和同事",
    "你再不還錢，我們就去你單位找你領導",
    "Borrow today and we'll pay your phone bill. 送你一份礼品",
    "借钱就送gift card，parents不用知道",
    "ＧＩＦＴ　送給你，借款就送",
    "您好，我是您的专属客服。关于您咨询的贷款，月费率0.5%，分12期，我们不能保证通过。",
]


def _labelled(limit: int) -> list[str]:
    texts = []
    for line in (DATA / "dev.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            texts.append(line.split("\t")[-1])
    return texts[:limit]


def _walked(m: model.Model, light: str) -> set[tuple[int, int]]:
    """The model's own walk's finds, as (last character index, value)."""
    at = []
    for index, char in enumerate(light):
        at += [index] * len(char.encode("utf-8", "surrogatepass"))
    return {(at[last], value) for last, value in m._triggers.iter(model._bytes(light))}


@pytest.fixture(scope="module")
def compiled() -> RuleSet:
    # compiled in this process (RULES read from the run's shared cache holds an unpickled model,
    # not model.shipped(): the two tests below compare with it; CI #3 of session 48 failed so)
    return compiled_rules()


def test_a_check_hands_the_model_the_triggers_its_own_walk_would_find(
    compiled: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, Any]] = []
    score = model.Model._score

    def spy(self: model.Model, light: str, *args: Any, **kwargs: Any) -> Any:
        if not self.latin_only:
            seen.append((light, args[3] if len(args) > 3 else kwargs.get("fired_at")))
        return score(self, light, *args, **kwargs)

    monkeypatch.setattr(model.Model, "_score", spy)
    for text in [*TEXTS, *_labelled(600)]:
        compiled.check(text)
    shipped = model.shipped()
    handed = [(light, fired) for light, fired in seen if fired is not None]
    assert len(handed) > 0.8 * len(seen)  # the fast path reads most texts
    for light, fired in handed:
        given = set(fired) | set(shipped._latin_fired(light))
        assert given == _walked(shipped, light), light


def test_the_scores_are_the_same_with_the_handed_triggers(compiled: RuleSet) -> None:
    shipped = model.shipped()
    assert compiled._trigger_model is shipped
    woken = 0
    for text in TEXTS:
        norm = normalize(text)
        # the hanzi triggers of the light view, as the shared walk finds them
        hanzi = shipped.trigger_terms()
        fired = [
            (i + len(k) - 1, v)
            for k, v in hanzi.items()
            for i in range(len(norm.light))
            if norm.light.startswith(k, i)
        ]
        scores = model.classify(norm, None, fired)
        assert scores == model.classify(norm)
        woken += bool(scores)
    assert woken >= 4


def test_the_model_finds_its_ascii_trigger_words_itself() -> None:
    shipped = model.shipped()
    terms = shipped.trigger_terms()
    assert terms and all("\u3400" <= c <= "\u9fff" for key in terms for c in key)
    for light in ("借钱就送gift card，parents不用知道", "cash in 5", "no words here 包过"):
        assert set(shipped._latin_fired(light)) == {
            (last, value) for last, value in _walked(shipped, light) if light[last].isascii()
        }
