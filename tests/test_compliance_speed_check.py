"""A check does no work in proportion to the whole rule set where the message needs little:
the concept patterns are looked up under the concepts the message holds (not by walking every
key), and an English message stops being tried as pinyin at the first words that rule it out.
Answers are the same."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from loancs.core.compliance import RuleSet, pinyin
from tests.compliance_asserts import compiled_rules, rules_pickled


@pytest.fixture(scope="module")
def compiled() -> RuleSet:
    return compiled_rules()  # the shipped rules compiled from their files, once a process


class _NoWalk(dict[str, Any]):
    """A dict that refuses to be walked: a lookup per key is allowed, iterating all is not."""

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("walked every key of the patterns' index")

    def keys(self) -> Any:
        raise AssertionError("walked every key of the patterns' index")


def test_a_check_looks_the_patterns_up_by_the_concepts_it_holds(
    compiled: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = (
        "放心，这笔肯定能批下来，不查征信",
        "We will call your employer and all your contacts tonight.",
        "You're a student? No need to tell your parents, cash today.",
    )
    before = [compiled.check(text).to_dict() for text in texts]
    assert any(d["hits"] for d in before)
    monkeypatch.setattr(compiled, "_patterns_by_key", _NoWalk(compiled._patterns_by_key))
    assert [compiled.check(text).to_dict() for text in texts] == before


def _as_before(light: str) -> bool:
    """reads_as_pinyin as it counted every word (session 21)."""
    words = pinyin._LATIN_WORD.findall(light.lower())
    if len(words) < 3 or sum(len(w) > 2 for w in words) < 2:
        return False
    return sum(map(pinyin._syllabic, words)) >= 0.85 * len(words)


@pytest.mark.parametrize(
    "light",
    [
        "bu cha zhengxin, xiakuan kuai",
        "wo men bu kan zheng xin hen kuai jiu neng xia kuan",
        "he is in a bank",
        "ni hao wo shi kefu, please call me back",
        "women bu cha zhengxin a ha ok fine",
        "one two three four five six seven",
        "a an ai ao ba bo bu ci ce cha chu de di",
        "zheng xin zheng xin zheng xin zheng xin zheng xin zheng xin xyz",
        "",
    ],
)
def test_reads_as_pinyin_gives_the_same_verdict(light: str) -> None:
    assert pinyin.reads_as_pinyin(light) == _as_before(light)


def test_an_english_message_is_ruled_out_as_pinyin_within_its_first_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tried: list[str] = []
    syllabic = pinyin._syllabic

    def counting(word: str) -> bool:
        tried.append(word)
        return syllabic(word)

    monkeypatch.setattr(pinyin, "_syllabic", counting)
    text = (
        "Thank you for your application. Your request is under review and we will contact "
        "you by email within three working days with the result and the next steps."
    )
    assert not pinyin.reads_as_pinyin(text)
    assert 0 < len(tried) <= 8  # of 27 words


def test_a_rules_cache_loads_without_the_collector_walking_it(compiled: RuleSet) -> None:
    import gc

    data = rules_pickled()  # compiled.dumps(), made once a process
    runs: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(phase)

    gc.callbacks.append(seen)
    try:
        loaded = RuleSet.loads(data)
    finally:
        gc.callbacks.remove(seen)
    assert loaded is not None
    assert runs == []  # ~200,000 objects made, no collection started
    assert gc.isenabled()
    text = "放心，这笔肯定能批下来，不查征信"
    assert loaded.check(text).to_dict() == compiled.check(text).to_dict()
    # a collector someone else turned off stays off
    gc.disable()
    try:
        assert RuleSet.loads(data) is not None
        assert not gc.isenabled()
    finally:
        gc.enable()
