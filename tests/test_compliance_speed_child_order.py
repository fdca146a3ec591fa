"""Speed (session 36): the syllable automaton's keys are added most frequent view characters
first, so that each node's children (which pyahocorasick scans one by one) come in frequency
order. Only the order of adding changes: every key keeps its index, and a walk finds the same
keys at the same places in the same order as an automaton built in the keys' own order."""

from __future__ import annotations

import random

import ahocorasick

from loancs.core.compliance.engine import _by_frequency


def _built(pairs: list[tuple[int, str]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for index, key in pairs:
        automaton.add_word(key, index)
    automaton.make_automaton()
    return automaton


def test_keys_come_most_frequent_characters_first():
    # b is in three keys, a and c in one each (ties by code point): b, then a..., then c...
    assert _by_frequency(["ab", "cb", "b"]) == [(2, "b"), (0, "ab"), (1, "cb")]
    assert _by_frequency({"xy": 0, "y": 1}) == [(1, "y"), (0, "xy")]


def test_the_walk_finds_the_same_in_any_order_of_adding():
    rng = random.Random(36)
    for _ in range(200):
        alphabet = "abcdefg"[: rng.randint(2, 7)]
        keys = list(
            dict.fromkeys("".join(rng.choices(alphabet, k=rng.randint(1, 6))) for _ in range(40))
        )
        plain = _built(list(enumerate(keys)))
        ordered = _built(_by_frequency(keys))
        assert dict(ordered.items()) == dict(plain.items())
        for _ in range(20):
            text = "".join(rng.choices(alphabet + "z", k=rng.randint(0, 40)))
            assert list(ordered.iter(text)) == list(plain.iter(text))
