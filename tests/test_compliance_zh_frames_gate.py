"""The Chinese frame readers' gate (loancs/core/compliance/zh_frames.py): one automaton pass says which
readers may fire, and it must name exactly the readers one of whose gate words is in the message
(a reader left out is a violation missed; the pass is the DFA of ahocorasick-rs since session 36)."""

from pathlib import Path

from loancs.core.compliance import zh_frames
from loancs.core.normalize import normalize

DATA = Path(__file__).parent / "data" / "compliance"


def _naive(dense: str) -> set[str]:
    return {name for name, (gate, _) in zh_frames.READERS.items() if any(w in dense for w in gate)}


def test_the_gate_names_every_reader_whose_word_is_there_and_no_other():
    texts = [
        line.rstrip("\n").split("\t")[-1]
        for line in (DATA / "dev.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#") and "\t" in line
    ]
    texts += ["你放心，这单我表哥在风控，肯定过", "孩子放学我们在校门口等", "好的", ""]
    wrong = []
    gated_any = 0
    for text in texts:
        dense = normalize(text).dense
        want = _naive(dense)
        gated_any += bool(want)
        if zh_frames.gated_readers(dense) != want:
            wrong.append(text)
    assert not wrong, wrong[:10]
    assert gated_any > 100  # the lines exercise the gate, not only messages it skips


def test_overlapping_gate_words_each_count():
    # every word of the gate, alone and inside another word's text, opens its readers
    for name, (gate, _) in zh_frames.READERS.items():
        for word in gate:
            assert name in zh_frames.gated_readers(f"嗯{word}嗯"), (name, word)
