"""Speed (session 36): a classifier unit that fires names its longer features (``--explain``'s
"features") from a per-process memo: each feature index is read as text once a process, not
once a fired unit (``Model._feature`` of a word, token or lexicon index walks a table). The
memo is not kept in a rules cache."""

from __future__ import annotations

import pickle

from loancs.core.compliance import model

# English lines the shipped classifier fires on (dev.tsv), one with a lexicon feature ({gift})
LINES = [
    # (session 44: "Don't worry, you will definitely get approved." left the list: the retrained
    # approval-guarantee class no longer fires on it; the rules block it)
    "You're a shoo-in for approval.",
    "Get approved in seconds, cash right away.",
    "Students welcome, your parents will never find out.",
]


def test_a_fired_units_features_are_read_once_a_process(monkeypatch):
    shipped = model.shipped()
    first = [shipped.score(text) for text in LINES]
    assert all(first)
    assert any(f.startswith("{") for scores in first for s in scores for f in s.features)
    read: list[int] = []
    feature = model.Model._feature

    def counted(self: model.Model, index: int) -> str:
        read.append(index)
        return feature(self, index)

    monkeypatch.setattr(model.Model, "_feature", counted)
    again = [shipped.score(text) for text in LINES]
    assert again == first
    assert read == []


def test_the_memo_is_not_pickled():
    shipped = model.shipped()
    for text in LINES:
        shipped.score(text)
    state = pickle.loads(pickle.dumps(shipped)).__dict__
    assert "_named" not in state
    assert "_named" not in shipped.__getstate__()
