"""A check reads each character's units (syllable token, folded character, dense flag) by
code point from a list of bytes (``Syllables.encoded``, codecs.charmap_encode) instead of
str.translate, which reallocated its output once a character. The units read that way must be
exactly what str.translate gives, for every kind of text an agent types: characters seen for
the first time, beyond the BMP, lone surrogates, characters that fold to two (㎏) or to none,
Cantonese, runs of spaces; and the table filled by either path must be the same."""

from __future__ import annotations

import random

import pytest

from loancs.core import normalize as normalize_module
from loancs.core.compliance import load_rules, pinyin
from loancs.core.normalize import normalize, normalize_viewed
from loancs.rules_cache import FileRuleCache

ALPHABET = (
    "保证通过征信您好，。！ ABCabc123\u200b\u3000ＡＰＰ證過\t\n哋唔细听差\U00020000𠮶0O€@$贷款"
    "㎏ﬁ\ud800😀🔓\u0301é가"
)


def test_a_check_reads_its_units_by_code_point_once_it_has_seen_the_characters() -> None:
    rules = load_rules(cache=FileRuleCache.default())
    syllables = rules._syllables
    rules.check("不看征信，保证通过，秒批！")
    encoded = syllables.encoded  # filled by the check as it learned the characters
    for ch in "不看征信，保证通过秒批！":
        assert encoded[ord(ch)] == syllables.folds[ord(ch)].encode("utf-32-le"), ch


def test_units_read_by_code_point_are_what_str_translate_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    translated = []  # the texts read by str.translate
    plain = normalize_module._translated

    def counted(text: str, *args: object) -> str:
        translated.append(text)
        return plain(text, *args)  # type: ignore[arg-type]

    marked = frozenset("你我证a1")
    fresh = pinyin.Syllables({})  # its own tables, read by str.translate only
    viewed = pinyin.Syllables({})  # and by code point
    for syllables in (fresh, viewed):
        syllables.key("征信")
        syllables.key("保证")
    rng = random.Random(23)
    by_code = 0
    for n in range(4000):
        text = "".join(rng.choices(ALPHABET, k=rng.randint(0, 40)))
        if n % 7 == 0:  # a character never seen before
            text += chr(rng.randint(0x4E00, 0x9FFF))
        want = normalize_viewed(text, fresh.folds, fresh.token, marked)
        monkeypatch.setattr(normalize_module, "_translated", counted)
        got = normalize_viewed(text, viewed.folds, viewed.token, marked, viewed.encoded)
        monkeypatch.undo()
        assert got == want, text
        assert got[0] == normalize(text), text
        if not translated or translated[-1] is not text:
            by_code += 1
    assert viewed.folds == fresh.folds
    for code, entry in enumerate(viewed.encoded):
        if entry is not None:
            assert entry == viewed.folds[code].encode("utf-32-le")
    assert by_code > 400  # most texts here hold a character beyond the BMP or a surrogate


def test_a_table_filled_without_the_list_is_read_by_code_point_after_one_miss() -> None:
    syllables = pinyin.Syllables({})
    text = "不看征信，保证通过"
    first = normalize_viewed(text, syllables.folds, syllables.token)  # no list: table only
    assert syllables.encoded == []
    again = normalize_viewed(text, syllables.folds, syllables.token, (), syllables.encoded)
    assert again == first
    assert all(syllables.encoded[ord(ch)] is not None for ch in text)
