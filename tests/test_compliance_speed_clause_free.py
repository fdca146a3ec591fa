"""``scope.split_is_evasion`` (is a phrase split by a clause break?) answers a span whose text
holds no clause character at once: most English terms ("credit check", "no questions asked")
have a space between their dense characters, and each gap used to be stepped through."""

from __future__ import annotations

import random
from itertools import compress
from operator import sub

import pytest

from loancs.core.compliance import scope
from loancs.core.normalize import normalize


def _plain(text: str, dmap: tuple[int, ...], d_start: int, d_end: int) -> bool:
    """The rule as written: False when exactly one gap holds a clause break and the span is
    two characters, or has a gap without a break too; True otherwise."""
    steps = [dmap[k + 1] - dmap[k] for k in range(d_start, d_end - 1)]
    empty = sum(1 for s in steps if s < 2)
    broken = sum(
        1
        for k in compress(range(d_start, d_end - 1), [s > 1 for s in steps])
        if not scope.CLAUSE_CHARS.isdisjoint(text[dmap[k] + 1 : dmap[k + 1]])
    )
    if broken == 1 and d_end - d_start == 2:
        return False
    return not (broken == 1 and empty)


def test_a_span_without_a_clause_character_is_not_stepped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stepped: list[int] = []

    def counted(a: int, b: int) -> int:
        stepped.append(a)
        return sub(a, b)

    monkeypatch.setattr(scope, "sub", counted)
    norm = normalize("Guaranteed approval, no credit check needed")
    start = norm.dense.index("nocreditcheck")
    assert scope.split_is_evasion(norm.original, norm.dense_map, start, start + 13)
    assert stepped == []


def test_the_answers_are_those_of_the_rule() -> None:
    rng = random.Random(35)
    alphabet = "保证通过贷款，。,.!?;:、 \nab12"
    for _ in range(3000):
        norm = normalize("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))))
        size = len(norm.dense)
        for _ in range(6):
            if size < 1:
                break
            d_start = rng.randrange(size)
            d_end = rng.randint(d_start + 1, size)
            expected = _plain(norm.original, norm.dense_map, d_start, d_end)
            assert scope.split_is_evasion(norm.original, norm.dense_map, d_start, d_end) == expected
