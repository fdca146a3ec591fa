"""The rules cache loads fast: what the automata's values repeat is kept once (a reference in
the pickle, not another object to decode), and a loaded rule set checks the same."""

from __future__ import annotations

import io
import pickle
import zlib

import pytest

from loancs.core.compliance import RuleSet
from loancs.core.compliance.concepts import ConceptPattern, parse_pattern
from tests.compliance_asserts import compiled_rules, rules_pickled


@pytest.fixture(scope="module")
def compiled() -> RuleSet:
    return compiled_rules()  # the shipped rules compiled from their files, once a process


def test_the_cached_automata_keep_each_repeated_key_and_tuple_once(compiled: RuleSet) -> None:
    loaded = RuleSet.loads(rules_pickled())
    assert loaded is not None
    table = loaded._automaton.values
    values = [table.load(index) for index in range(len(table.decoded))]
    # (characters, key, found, more, terms, sounds): the key is one of the terms it stands
    # for, and one string with it
    with_terms = [v for v in values if v[4] is not None and v[1] in v[4]]
    assert len(with_terms) > 1000
    assert all(any(term is v[1] for term in v[4]) for v in with_terms)


def test_a_cached_syllable_value_is_read_when_a_check_finds_its_key(compiled: RuleSet) -> None:
    # the automaton stores indices; a loaded rule set reads none of its ~11,600 values
    # until a check finds their keys (start-up: ~50 M instructions of `loancs check`)
    loaded = RuleSet.loads(rules_pickled())
    assert loaded is not None
    table = loaded._automaton.values
    assert len(table.decoded) > 10_000 and set(table.decoded) == {None}
    text = "放心，这笔肯定能批下来，不查征信"
    assert loaded.check(text).to_dict() == compiled.check(text).to_dict()
    read = [value for value in table.decoded if value is not None]
    assert 0 < len(read) < 100
    assert read == [compiled._automaton.values.decoded[i] for i, v in enumerate(table.decoded) if v]


def test_a_loaded_rule_set_has_the_same_automata_and_answers(compiled: RuleSet) -> None:
    loaded = RuleSet.loads(rules_pickled())
    assert loaded is not None
    for name in ("automaton", "latin"):
        before, after = getattr(compiled._automaton, name), getattr(loaded._automaton, name)
        assert list(before.items()) == list(after.items())
    table = loaded._automaton.values
    values = [table.load(index) for index in range(len(table.decoded))]
    assert values == compiled._automaton.values.decoded
    for text in (
        "放心，这笔肯定能批下来，月息1.5%",
        "bu查征信，不看正信",
        "0.5% a month, no credit check",
    ):
        assert loaded.check(text).to_dict() == compiled.check(text).to_dict()


def test_a_concept_pattern_unpickles_by_a_call_of_its_class() -> None:
    # not through dataclasses' __setstate__, which looks the fields up for each of the
    # ~1,100 patterns a rules cache holds
    pattern = parse_pattern("@student @lure")
    assert pattern.__reduce__()[0] is ConceptPattern
    assert pickle.loads(pickle.dumps(pattern, pickle.HIGHEST_PROTOCOL)) == pattern


def test_the_cantonese_patterns_compile_on_first_use_or_come_from_the_cache() -> None:
    from loancs.core import lazyre, normalize

    patterns = (
        normalize._DIALECT_GATE,
        normalize._PLAIN_GATE,
        normalize._PLAIN_RE,
        normalize._DIALECT_RE,
    )
    assert all(isinstance(p, lazyre.LazyPattern) for p in patterns)
    kept = pickle.loads(lazyre.code_blob())
    assert all(lazyre._digest(p.pattern, p.flags) in kept for p in patterns)
    assert normalize.normalize("唔该，听日再倾下").dense == "谢谢明天再谈谈"


def test_an_automatons_values_are_kept_marshalled(compiled: RuleSet) -> None:
    # marshal reads the ~11,000 value tuples back in C without pickle's memo (start-up
    # -7 M instructions); each repeated part is still one object after loading
    from loancs.core.compliance import concepts

    automaton = compiled._automaton.latin
    reduced = concepts._Pickler(io.BytesIO()).reducer_override(automaton)
    assert reduced[0] is concepts._marshalled_automaton
    loaded = pickle.loads(rules_pickled())[0]._automaton.latin
    assert list(loaded.items()) == list(automaton.items())
    found = [v for _, v in loaded.items() if v is not None]
    assert len({id(f) for f in found}) == len(set(found))


def test_the_code_blob_keeps_each_program_as_32_bit_words_compressed() -> None:
    """The rules cache's compiled regular expressions: each program's code as the bytes of its
    32-bit words, compressed (0.41 MB as pickled lists of ints until session 31, ~0.1 MB in
    session 31, 0.15 MB in session 36 with the frame readers' patterns: the cache's cap is
    11.0 MB); a pattern rebuilt from it matches the same. Since session 39 each program is
    compressed alone (read when its pattern is first used, not the whole blob at every load:
    170,213 -> 177,105 bytes for 402 patterns), and the bound is per pattern: it guards the
    encoding (pickled lists of ints would be ~4x this), not the number of patterns."""
    import re

    from loancs.core import lazyre

    blob = lazyre.code_blob()
    entries = pickle.loads(blob)
    assert len(entries) == len(lazyre._ALL) > 40
    assert len(blob) < 600 * len(entries), len(blob) / len(entries)
    programs = [pickle.loads(zlib.decompress(packed)) for packed in entries.values()]
    assert all(isinstance(program[1], bytes) for program in programs)
    saved = dict(lazyre._STORED)
    lazyre._STORED.clear()
    lazyre.use_code_blob(blob)
    try:
        for pattern, flags in lazyre._ALL:
            rebuilt = lazyre._from_program(pattern, flags)
            assert rebuilt is not re.compile(pattern, flags)
            assert rebuilt.groupindex == re.compile(pattern, flags).groupindex
            text = "放心，这笔肯定能批下来，月息1.5%; call you at 11 pm, $300 now"
            assert [m.span() for m in rebuilt.finditer(text)] == [
                m.span() for m in re.compile(pattern, flags).finditer(text)
            ]
    finally:
        lazyre._STORED.clear()
        lazyre._STORED.update(saved)


def test_a_stored_program_serves_only_its_own_pattern() -> None:
    """The ``cached=False`` section (session 39): each program under the digest of its
    (pattern, flags), unpacked at the pattern's first use; a pattern whose text or flags
    changed finds none and compiles, a damaged entry compiles, and what is built matches as
    ``re.compile`` does."""
    import re

    from loancs.core import lazyre

    old = lazyre.lazy_compile(r"(?<![a-z])(?:rang|called) your (?:boss|mum)\b", cached=False)
    blob = lazyre.stored_blob()
    entries = pickle.loads(blob)
    assert lazyre._digest(old.pattern, old.flags) in entries
    assert not any(lazyre._digest(p, f) in entries for p, f in lazyre._ALL)
    saved = dict(lazyre._STORED)
    lazyre._STORED.clear()
    lazyre.use_stored_blob(blob)
    built: list[str] = []
    original = lazyre._program

    def counting(pattern: str, flags: int) -> tuple:
        built.append(pattern)
        return original(pattern, flags)

    lazyre._program = counting  # type: ignore[assignment]
    try:
        text = "We rang your BOSS and called your mum today"
        assert old.findall(text) == re.compile(old.pattern).findall(text) == ["called your mum"]
        assert built == []  # unpacked, not compiled
        changed = lazyre.lazy_compile(old.pattern, re.IGNORECASE, cached=False)
        assert changed.findall(text) == ["rang your BOSS", "called your mum"]
        edited = lazyre.lazy_compile(old.pattern.replace("mum", "dad"), cached=False)
        assert edited.findall(text) == []
        assert built == [changed.pattern, edited.pattern]
        damaged = lazyre.lazy_compile(r"x(?:y|z)+", cached=False)
        lazyre._STORED[lazyre._digest(damaged.pattern, 0)] = b"not zlib"
        assert damaged.findall("xyz xzz x") == ["xyz", "xzz"]
    finally:
        lazyre._program = original  # type: ignore[assignment]
        lazyre._STORED.clear()
        lazyre._STORED.update(saved)
