"""A check reads a message's folded views and its syllable view in one pass over the text
(loancs.core.normalize.normalize_viewed): what it reads must be exactly what normalize() and
the syllable view of its dense text give, for every kind of text an agent types, and the
checker's hits on a message must not depend on which path read it."""

from __future__ import annotations

import random

from loancs.core.compliance import load_rules, pinyin
from loancs.core.normalize import normalize, normalize_viewed

# traditional, full-width, zero-width, ideographic space, runs of spaces, line breaks,
# Cantonese markers (哋, 唔) and plain-word starts (细, 听), a character beyond the BMP,
# leet digits and letter-like symbols, 您
ALPHABET = (
    "保证通过征信您好，。！ ABCabc123\u200b\u3000ＡＰＰ證過\t\n哋唔细听差\U00020000𠮶0O€@$贷款"
)


def test_one_pass_reads_what_normalize_and_the_syllable_view_read() -> None:
    rules = load_rules()
    syllables = rules._syllables
    rng = random.Random(11)
    viewed = 0
    for _ in range(3000):
        text = "".join(rng.choices(ALPHABET, k=rng.randint(0, 40)))
        read, view = normalize_viewed(text, syllables.folds, syllables.token)
        assert read == normalize(text), text
        if view is not None:
            viewed += 1
            assert view == syllables.view(read.dense), text
    assert viewed > 100  # the one-pass path is the usual one, not a rare fallback


def test_a_plain_message_is_read_in_one_pass_and_a_cantonese_one_is_not() -> None:
    syllables = pinyin.Syllables({})
    syllables.key("征信")
    read, view = normalize_viewed("不看征信，秒批! Loan OK", syllables.folds, syllables.token)
    assert read == normalize("不看征信，秒批! Loan OK")
    assert view is not None and view == syllables.view(read.dense)
    # Cantonese is folded to Mandarin after the first pass: the caller makes the view itself
    read, view = normalize_viewed("你唔还钱", syllables.folds, syllables.token)
    assert view is None and read.dense == normalize("你唔还钱").dense == "你不还钱"


def test_the_hits_on_a_message_do_not_depend_on_the_path_that_read_it() -> None:
    rules = load_rules()
    for text in (
        "保证通过，不看征信",
        "保證通過，不看正信",
        "cr3dit guaranteed, 秒批",
        "你唔还钱我哋就搵你屋企人",
    ):
        first = [h.to_dict() for h in rules.check(text).hits]
        rules._syllables.folds.clear()  # read again from an empty table: the slow start
        assert [h.to_dict() for h in rules.check(text).hits] == first, text
        assert first, text
