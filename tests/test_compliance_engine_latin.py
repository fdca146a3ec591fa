"""English (ASCII) keys are found in the dense text by an automaton of their own, one trie node a
letter, instead of in the syllable view (two view characters, so two nodes, a letter: they were
74% of the syllable automaton's nodes and most of the rules cache). The finds must be exactly
what one automaton over the dense view finds, in its order."""

from __future__ import annotations

import random

from loancs.core.compliance import load_rules, pinyin
from loancs.core.compliance.concepts import syllable_matches
from loancs.core.compliance.engine import _syllable_automaton
from loancs.core.normalize import normalize
from loancs.rules_cache import FileRuleCache
from tests.test_compliance_syllable_walk import plain


def nodes(rules: object) -> int:
    keys = rules._automaton  # type: ignore[attr-defined]
    latin = getattr(keys, "latin", None)
    return sum(a.get_stats()["nodes_count"] for a in (keys.automaton, latin) if a is not None)


def test_english_digits_and_hanzi_keys_are_found_as_a_dense_automaton_finds_them() -> None:
    rng = random.Random(12)
    # Latin letters share syllables with hanzi (a/啊, e/饿); "?" is what a character that is not
    # ASCII reads as in the ASCII walk; an astral character is one offset like any other
    alphabet = "abcde12啊饿贷款征信 ?，.\U00020000"
    table = {
        "".join(rng.choices(alphabet.replace(" ", "").replace("，", ""), k=rng.randint(1, 5))): n
        for n in range(150)
    }
    table.update({"credit": 150, "cred": 151, "edit": 152, "ae": 153, "啊饿": 154, "ab12": 155})
    table = {fold: n for key, n in table.items() if (fold := normalize(key).dense) == key}
    key_of = {n: key for key, n in table.items()}
    syllables = pinyin.Syllables({})
    keys = _syllable_automaton({k: (len(k), n) for k, n in table.items()}, {}, syllables)
    assert keys is not None and keys.latin is not None
    for _ in range(600):
        words = rng.choices(["credit", "edit", "ab12", "啊饿", *alphabet], k=rng.randint(1, 25))
        norm = normalize("".join(words))
        written, heard = syllable_matches(norm, keys, syllables, hear=True)
        expected = [(last, (len(key_of[n]), n)) for last, n in plain(table, norm.dense)]
        assert written == expected, norm.original
        assert heard == []


def test_an_english_term_costs_one_trie_node_a_letter() -> None:
    rng = random.Random(3)
    words = ["".join(rng.choices("bcdfghjklmnpqrstvwxz", k=16)) for _ in range(60)]
    lender = (
        f'[concepts]\nodd_words = {words!r}\n\n[[rule]]\nid = "lender.odd"\n'
        'category = "marketing"\nseverity = "warn"\npatterns = ["@odd_words"]\n'
        'message = "odd"\nsuggestion = "no"\n'
    ).replace("'", '"')
    with_lender = load_rules(text=lender)  # compiled once: counted first, then checked
    added = nodes(with_lender) - nodes(load_rules(cache=FileRuleCache.default()))
    assert added <= 16 * 60, added  # two a letter in the syllable view
    hits = with_lender.check(f"Try {words[7]} today, 保证通过").hits
    assert [h.match for h in hits if h.rule == "lender.odd"] == [words[7]]
