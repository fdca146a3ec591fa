"""Scans a check makes in C instead of testing a character class at every character or
calling a method per feature: the model's sentence ends (``model._end_runs``), its logits
(``model._picker``), scope's last clause character before a hit (``scope._last_of``) and its
clause breaks (``scope._clause_breaks``), the syllable view's codec calls: exactly what the
slower forms gave."""

from __future__ import annotations

from itertools import repeat
from pathlib import Path

import pytest

from loancs.core.compliance import model, scope
from loancs.core.normalize import normalize

DATA = Path(__file__).parent / "data" / "compliance"


def _texts() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t")[-1])
    return texts[::5]


TEXTS = _texts()
EDGES = ["", ".", "...", "a.b", "a. b", "。。x", "x\n\n", "?!;", "end.", "0.5% a.m. ok. next"]


def test_end_runs_are_the_sentence_end_matches() -> None:
    for text in [*EDGES, *TEXTS, *(normalize(t).light for t in TEXTS)]:
        expected = [m.span() for m in model._SENTENCE_END.finditer(text)]
        assert model._end_runs(text) == expected, text


@pytest.mark.parametrize("size", [0, 1, 2, 7, 40])
def test_picker_sums_as_the_feature_loop(size: int) -> None:
    weights = tuple((i * 7919 % 1000 - 500) / 1000 for i in range(300))
    present = {i * 37 % 300 for i in range(size)}
    expected = sum(map(weights.__getitem__, present))
    got = sum(model._picker(present)(weights))
    assert got == expected and type(got) is type(expected)


def test_shipped_model_scores_unchanged_by_picker() -> None:
    shipped = model.shipped()
    for text in TEXTS[:400]:
        norm = normalize(text)
        for u_start, u_end in model.units(norm.light, shipped.unit_chars):
            present = shipped._present(norm.light[u_start:u_end])
            pick = model._picker(present)
            for weights in shipped._weights:
                assert sum(pick(weights)) == sum(map(weights.__getitem__, present))


@pytest.mark.parametrize(
    "chars",
    ["，,。！!?？；;\n", "。！!?？\n", scope._OPEN_QUOTES, "x"],
    ids=["clause", "sentence", "quote", "x"],
)
def test_last_of_is_the_last_rfind(chars: str) -> None:
    for text in [*EDGES, *TEXTS]:
        for end in {
            0,
            1,
            len(text) // 3,
            len(text) // 2,
            len(text) - 1,
            len(text),
            len(text) + 2,
            -1,
        }:
            expected = max(map(text.rfind, chars, repeat(0), repeat(end)))
            assert scope._last_of(text, chars, end) == expected, (text, end)


def test_last_of_reads_a_text_once() -> None:
    text = "他说，你放心。" * 20 + "我们保证通过"
    first = scope._positions(text, "，。")
    assert scope._positions(text, "，。") is first
    assert first == sorted(i for i, c in enumerate(text) if c in "，。")


def test_clause_breaks_are_the_clause_matches() -> None:
    more = ["a.m. ok", "Mr. X. Y.", "Dr.Who. yes", "3.5% ok. fine", "2 p.m.\nok", "Mrs. Smith."]
    for text in [*EDGES, *more, *TEXTS, *(t.replace("。", ". ") for t in TEXTS)]:
        expected = [m.start() for m in scope._CLAUSE_RE.finditer(text)]
        assert scope._clause_breaks(text) == expected, text


def test_syllable_view_tokens_read_by_the_codec_functions() -> None:
    from loancs.core import normalize as module

    text = "你好，abc。征信0.5%"
    table: dict[int, str] = {}
    norm, view, _ = module.normalize_viewed(text, table, lambda c: "\ue001\ue041", ())
    assert norm == module.normalize(text)
    assert view == "\ue001\ue041" * len(norm.dense)
    assert module._utf32_decode is __import__("codecs").utf_32_le_decode
