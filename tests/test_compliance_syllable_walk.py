"""The phrase and concept keys are found by one walk of the syllable view (see
loancs.core.compliance.concepts.syllable_matches), which also finds homophones: the keys as
written must be exactly what an automaton over the dense view finds, in the same order, also
for Latin letters and digits (which share a syllable with some hanzi: "a" and 啊), keys that
sound alike, and characters beyond the BMP."""

from __future__ import annotations

import random

import ahocorasick

from loancs.core.compliance import load_rules, pinyin
from loancs.core.compliance.concepts import syllable_matches
from loancs.core.compliance.engine import _syllable_automaton
from loancs.core.normalize import normalize


def plain(table: dict[str, int], text: str) -> list[tuple[int, int]]:
    automaton = ahocorasick.Automaton()
    for key, value in table.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return list(automaton.iter(text))


def test_finds_the_keys_as_written_as_a_dense_automaton_does() -> None:
    rng = random.Random(5)
    # 征/正, 信/心, 贷/带 and 啊/a sound alike; 1 and a are their own syllables
    alphabet = "保证通过征正信心贷带款啊ab1一\U00020000\U0002a6a5"
    table = {"".join(rng.choices(alphabet, k=rng.randint(1, 4))): n for n in range(80)}
    table.update({"征信": 80, "正信": 81, "正心": 82})  # three keys, one syllable key
    key_of = {n: key for key, n in table.items()}
    syllables = pinyin.Syllables({})
    automaton = _syllable_automaton({k: (len(k), n) for k, n in table.items()}, {}, syllables)
    for _ in range(400):
        norm = normalize("".join(rng.choices(alphabet + "，", k=rng.randint(1, 30))))
        written, heard = syllable_matches(norm, automaton, syllables, hear=True)
        expected = [(last, (len(key_of[n]), n)) for last, n in plain(table, norm.dense)]
        assert written == expected, norm.original
        assert heard == []  # no sound terms given


def test_a_rule_with_a_character_beyond_the_bmp_keeps_exact_offsets() -> None:
    rules = load_rules(
        text='[[rule]]\nid = "lender.rare"\ncategory = "marketing"\nseverity = "block"\n'
        'patterns = ["\U00020000\U0002a6a5贷"]\nmessage = "rare"\nsuggestion = "no"\n'
    )
    text = "𠀀先生，\U00020000\U0002a6a5贷，保证通过"
    hits = {h.rule: h for h in rules.check(text).hits}
    rare = hits["lender.rare"]
    assert text[rare.start : rare.end] == rare.match == "\U00020000\U0002a6a5贷"
    assert any(h.match == "保证通过" for h in hits.values())
