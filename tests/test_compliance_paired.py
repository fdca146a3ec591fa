"""The phrase and concept automaton reads a message as UTF-16 bytes (see
loancs.core.compliance.paired): it must find exactly what an automaton over the characters
finds, also across characters beyond the BMP and where a key's bytes straddle two
characters."""

from __future__ import annotations

import random

import ahocorasick

from loancs.core.compliance import load_rules
from loancs.core.compliance.paired import Paired


def plain(table: dict[str, int], text: str) -> list[tuple[int, int]]:
    automaton = ahocorasick.Automaton()
    for key, value in table.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return list(automaton.iter(text))


def test_a_key_is_not_found_across_two_characters() -> None:
    # 愀 is U+6100: its bytes 61 00 sit between "a" (00 61) and "b" (00 62)
    assert list(Paired({"愀": 1}).iter("ab")) == []
    assert list(Paired({"愀": 1, "b": 2}).iter("a愀b")) == [(1, 1), (2, 2)]


def test_finds_what_a_character_automaton_finds() -> None:
    rng = random.Random(5)
    alphabet = "保证通过征信贷款愀ab一\U00020000\U0002a6a5😀"
    table = {"".join(rng.choices(alphabet, k=rng.randint(1, 4))): n for n in range(60)}
    for _ in range(400):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 30)))
        assert list(Paired(table).iter(text)) == plain(table, text), text


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
