"""A check reads a message's folded views, its syllable view and where its one-character keys
stand in one pass over the text (loancs.core.normalize.normalize_viewed): what it reads must
be exactly what normalize() and the syllable view of its dense text give, for every kind of
text an agent types, the keys it then finds exactly what an automaton over the dense view
finds, in the same order, and the checker's hits on a message must not depend on which path
read it."""

from __future__ import annotations

import random

import ahocorasick

from loancs.core.compliance import load_rules, pinyin
from loancs.core.compliance.concepts import syllable_matches
from loancs.core.compliance.engine import _syllable_automaton
from loancs.core.normalize import normalize, normalize_viewed
from loancs.rules_cache import FileRuleCache

# traditional, full-width, zero-width, ideographic space, runs of spaces, line breaks,
# Cantonese markers (哋, 唔) and plain-word starts (细, 听), a character beyond the BMP,
# leet digits and letter-like symbols, 您
ALPHABET = (
    "保证通过征信您好，。！ ABCabc123\u200b\u3000ＡＰＰ證過\t\n哋唔细听差\U00020000𠮶0O€@$贷款"
)


def test_one_pass_reads_what_normalize_and_the_syllable_view_read() -> None:
    rules = load_rules(cache=FileRuleCache.default())
    syllables = rules._syllables
    marked = frozenset("你我证a1")
    rng = random.Random(11)
    viewed = 0
    for _ in range(3000):
        text = "".join(rng.choices(ALPHABET, k=rng.randint(0, 40)))
        read, view, marked_at = normalize_viewed(text, syllables.folds, syllables.token, marked)
        assert read == normalize(text), text
        if view is not None:
            viewed += 1
            assert view == syllables.view(read.dense), text
            assert marked_at == [i for i, ch in enumerate(read.dense) if ch in marked], text
        else:
            assert marked_at is None
    assert viewed > 100  # the one-pass path is the usual one, not a rare fallback


def test_keys_read_in_one_pass_are_what_a_dense_automaton_finds_in_its_order() -> None:
    rng = random.Random(5)
    alphabet = "保证通过征正信心贷带款啊ab1一你\U00020000"
    # one-character keys (found without the walk) among longer ones that end where they do
    table = {"".join(rng.choices(alphabet, k=rng.randint(1, 4))): n for n in range(80)}
    table.update({"证": 90, "你": 91, "a": 92, "保证": 93, "\U00020000": 94})
    plain = ahocorasick.Automaton()
    for key, n in table.items():
        plain.add_word(key, (len(key), n))
    plain.make_automaton()
    syllables = pinyin.Syllables({})
    keys = _syllable_automaton({k: (len(k), n) for k, n in table.items()}, {}, syllables)
    assert keys is not None and "你" in keys.singles
    for _ in range(400):
        text = "".join(rng.choices(alphabet + "，您 ", k=rng.randint(1, 30)))
        read, view, marked_at = normalize_viewed(
            text, syllables.folds, syllables.token, keys.singles
        )
        written, _ = syllable_matches(read, keys, syllables, True, view, marked_at)
        assert written == list(plain.iter(read.dense)), text


def test_a_plain_message_is_read_in_one_pass_and_a_cantonese_one_is_not() -> None:
    syllables = pinyin.Syllables({})
    syllables.key("征信")
    read, view, marked_at = normalize_viewed(
        "不看征信，秒批! Loan OK", syllables.folds, syllables.token, "批"
    )
    assert read == normalize("不看征信，秒批! Loan OK")
    assert view is not None and view == syllables.view(read.dense)
    assert marked_at == [5]
    # Cantonese is folded to Mandarin after the first pass: the caller reads the dense text
    read, view, marked_at = normalize_viewed("你唔还钱", syllables.folds, syllables.token, "批")
    assert view is None and marked_at is None
    assert read.dense == normalize("你唔还钱").dense == "你不还钱"


def test_the_hits_on_a_message_do_not_depend_on_the_path_that_read_it() -> None:
    rules = load_rules(cache=FileRuleCache.default())
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
