"""Positions a check reads with ``str.split`` and sums in C instead of a ``str.find`` loop
(``scope._indices``: scope's clause, sentence and quote characters), a span's gaps read
only where it has one (``scope.split_is_evasion``), a text's runs of Latin letters read
once for the typed-pinyin windows and the initials (``concepts.latin_runs``), and the walks
and searches for Latin text kept to the span from its first letter to its last
(``concepts._ascii_finds``, ``model._letter_span``): exactly what the loops, the separate
passes and the whole-text searches gave."""

from __future__ import annotations

import random
from pathlib import Path

import ahocorasick

from loancs.core.compliance import concepts, model, pinyin, scope
from loancs.core.normalize import normalize

DATA = Path(__file__).parent / "data" / "compliance"


def _texts() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t")[-1])
    return texts[::7]


TEXTS = _texts()
EDGES = ["", "。", "。。", "a。", "。a", "a。b。", "\n\n", "“”“", "x"]


def _found(text: str, char: str) -> list[int]:
    """The find loop the split replaced."""
    at, found = text.find(char), []
    while at >= 0:
        found.append(at)
        at = text.find(char, at + 1)
    return found


def _evasion_loop(text: str, dmap: tuple[int, ...], d_start: int, d_end: int) -> bool:
    """split_is_evasion as it read every step of the span."""
    gaps_with_clause = empty_gaps = 0
    for k in range(d_start, d_end - 1):
        a, b = dmap[k], dmap[k + 1]
        if b - a <= 1:
            empty_gaps += 1
        elif any(ch in scope.CLAUSE_CHARS for ch in text[a + 1 : b]):
            gaps_with_clause += 1
    if gaps_with_clause == 1 and d_end - d_start == 2:
        return False
    return not (gaps_with_clause == 1 and empty_gaps)


def test_indices_are_the_find_positions() -> None:
    for text in [*EDGES, *TEXTS]:
        for char in '。，,！!?？；;\n“「『"‘.':
            assert list(scope._indices(text, char)) == _found(text, char), (text, char)


def test_positions_and_clause_breaks_read_every_text_as_before() -> None:
    for text in [*EDGES, *TEXTS]:
        for chars in ("。！!?？\n", "，,。！!?？；;\n", scope._OPEN_QUOTES):
            scope._POSITIONS[0] = {}
            expected = sorted(i for c in chars for i in _found(text, c))
            assert scope._positions(text, chars) == expected
        expected = [m.start() for m in scope._CLAUSE_RE.finditer(text)]
        assert scope._clause_breaks(text) == expected, text


def test_split_is_evasion_as_the_step_loop_on_labelled_spans() -> None:
    checked = gapped = 0
    for text in TEXTS:
        norm = normalize(text)
        dmap, size = norm.dense_map, len(norm.dense)
        for d_start in range(0, size, 3):
            for d_end in range(d_start + 1, min(size, d_start + 12) + 1):
                got = scope.split_is_evasion(text, dmap, d_start, d_end)
                assert got == _evasion_loop(text, dmap, d_start, d_end), (text, d_start, d_end)
                checked += 1
                gapped += dmap[d_end - 1] - dmap[d_start] != d_end - d_start - 1
    assert checked > 10_000 and gapped > 1_000  # both paths are read


def test_split_is_evasion_as_the_step_loop_on_random_gaps() -> None:
    rng = random.Random(3)
    alphabet = "ab，。！？；：,.!?;:\n、 x"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        size = rng.randint(1, len(text))
        # strictly rising, or with repeats (a character the slow path reads as two)
        picks = rng.sample(range(len(text)), size) if rng.random() < 0.5 else None
        dmap = tuple(sorted(picks or rng.choices(range(len(text)), k=size)))
        d_start = rng.randrange(len(dmap))
        d_end = rng.randint(d_start + 1, len(dmap))
        got = scope.split_is_evasion(text, dmap, d_start, d_end)
        assert got == _evasion_loop(text, dmap, d_start, d_end), (text, dmap, d_start, d_end)


def test_latin_runs_are_the_run_matches_and_bound_the_consonant_runs() -> None:
    for text in [*EDGES, "sfz", "有sfz就能dk", "bkzx,bu kan zheng xin", *TEXTS]:
        dense = normalize(text).dense
        runs = concepts.latin_runs(dense)
        assert runs == [m.span() for m in concepts._LATIN_RUN.finditer(dense)], text
        assert concepts.latin_runs(dense) is runs  # one pass a text
        assert pinyin.consonant_runs(dense, runs) == pinyin.consonant_runs(dense), text


def test_english_runs_searched_between_the_first_and_last_letter() -> None:
    for text in [*EDGES, "abc", "a", "你好ab cd好", "x\ud800y", *TEXTS]:
        light = normalize(text).light
        expected = [m.span() for m in model._LATIN_RUN.finditer(light)]
        bounds = model._letter_span(light)
        got = (
            [] if bounds is None else [m.span() for m in model._LATIN_RUN.finditer(light, *bounds)]
        )
        assert got == expected, text
        assert (bounds is None) == (not any("a" <= c <= "z" for c in light)), text


def test_ascii_keys_walked_between_the_first_and_last_ascii_character() -> None:
    keys = ["ab", "b", "loan", "12", "a1", "z", "oanr"]
    walk = ahocorasick.Automaton()
    walk.add_word(concepts.PASS_KEY, None)
    for n, key in enumerate(keys):
        walk.add_word(key, n)
    walk.make_automaton()
    rng = random.Random(9)
    for text in [
        *(normalize(t).dense for t in TEXTS),
        *("".join(rng.choices("ab12loanrz你好贷", k=rng.randint(0, 20))) for _ in range(3000)),
    ]:
        whole = text.encode("ascii", "replace").decode("ascii")
        expected = [f for f in walk.iter(whole) if f[1] is not None]
        assert concepts._ascii_finds(walk, text) == expected, text
