"""Room in the rules cache (session 38, speed): on 8bdc4834 it was 10,997,993 bytes, 2.0 kB under
tests/test_compliance_cache.py's 11.0 MB cap, so the next word list anyone added would fail it.
What the cache holds is made smaller; every check answers as before."""

from __future__ import annotations

import random

from loancs.core.compliance.concepts import VALUES_A_CHUNK, _lazy_values
from tests.compliance_asserts import compiled_rules


def test_the_syllable_keys_values_are_kept_compressed_and_read_back_the_same():
    # each value was marshalled alone, 1,131,124 bytes of the rules cache; in compressed chunks
    # of VALUES_A_CHUNK values, ~250 kB, each read back as it was
    values = compiled_rules()._automaton.values  # as compiled: every value decoded
    blob, chunks, offsets = values.marshalled({})
    assert len(blob) + len(chunks) + len(offsets) < 400_000
    loaded = _lazy_values(blob, chunks, offsets)
    assert loaded.decoded == [None] * len(values.decoded)
    order = list(range(len(values.decoded)))
    random.Random(38).shuffle(order)  # any order: each chunk opened by whichever value comes
    for index in order:
        assert loaded.load(index) == values.decoded[index]
    assert loaded.decoded == values.decoded
    assert len(loaded._open) == -(-len(order) // VALUES_A_CHUNK)
    # a rule set loaded and kept again writes the same bytes
    assert loaded.marshalled({}) == (blob, chunks, offsets)
