"""The engine's lazily compiled patterns scan in C for where a match can start (see
``lazyre._scanned``): the same matches as ``re.compile``, found without trying the whole
pattern at every position of a 300-character message."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from loancs.core import lazyre

MODULES = [
    "loancs.core.compliance.rates",
    "loancs.core.compliance.scope",
    "loancs.core.compliance.concepts",
    "loancs.core.compliance.engine",
    "loancs.core.compliance.model",
    "loancs.core.compliance.contact",
    "loancs.core.compliance.rules",
    "loancs.core.normalize",
    "loancs.core.pii",
]
DATA = Path(__file__).parent / "data" / "compliance"


def _patterns() -> dict[str, lazyre.LazyPattern]:
    found = {}
    for name in MODULES:
        for attr, value in vars(importlib.import_module(name)).items():
            if isinstance(value, lazyre.LazyPattern):
                found[f"{name.rsplit('.', 1)[1]}.{attr}"] = value
    return found


def _texts() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t")[-1])
    return texts[::7]


def _info_mask(pattern: lazyre.LazyPattern) -> int:
    flags, code, *_ = lazyre._program(pattern.pattern, pattern.flags)
    assert code[0] == int(importlib.import_module("re._constants").INFO)
    return code[2]


@pytest.mark.parametrize(
    "name",
    ["rates._EN_COST_RE", "contact._ZH_TIME", "scope._SPEAKER_RE", "rates._SENTENCE_STOP"],
)
def test_patterns_without_a_prefix_scan_for_their_first_characters(name: str) -> None:
    # an optional group first, a branch of groups, a case-folding branch, a set then a literal
    charset = int(importlib.import_module("re._constants").SRE_INFO_CHARSET)
    assert _info_mask(_patterns()[name]) & charset


def _plain_code(pattern: lazyre.LazyPattern) -> list[int]:
    """The program ``re.compile`` itself hands to sre for ``pattern``."""
    parser = importlib.import_module("re._parser")
    compiler = importlib.import_module("re._compiler")
    parsed = parser.parse(pattern.pattern, pattern.flags)
    return [int(op) for op in compiler._code(parsed, pattern.flags)]


# ~20 s quiet, the suite's longest test; at load 13 it passed pytest-timeout's 180 s (suite, s38):
# a hang guard sized to the work, not a time it must keep
@pytest.mark.timeout(900)
def test_every_pattern_finds_what_re_compile_finds() -> None:
    texts = _texts()
    texts += [t.lower() for t in texts[::5]] + ["", " ", "Ｋ ſ İ ı K", "\u3000十点 晚上11点"]
    # s41 (the suite's slowest test, 47-56 s on this host): each distinct text once (a Chinese
    # line's lower() is itself: ~1,000 repeats), a match compared by ``regs`` (every group's
    # span: what span() and groups() are read from), and a pattern whose program is the very
    # one re.compile builds (~170 of ~590: none of lazyre's rewrites applied) compared as a
    # program -- the same code on the same text matches the same -- plus every 10th text
    texts = list(dict.fromkeys(texts))
    rewritten = 0
    for name, pattern in _patterns().items():
        ours = lazyre._from_program(pattern.pattern, pattern.flags)
        plain = re.compile(pattern.pattern, pattern.flags)
        same = lazyre._program(pattern.pattern, pattern.flags)[1] == _plain_code(pattern)
        rewritten += not same
        for text in texts[::10] if same else texts:
            got = [m.regs for m in ours.finditer(text)]
            # re's side read with fewer calls where re itself fixes the answer (s42: ~94% of
            # the 4.2 M pattern-text pairs match nowhere): no match from 0 is no match at all,
            # so also none from the middle (a match at a position does not depend on where the
            # search started: ^, \b and lookbehinds see the whole string)
            found = bool(got) or plain.search(text) is not None
            want = [m.regs for m in plain.finditer(text)] if found else []
            assert got == want, (name, text)
            middle = len(text) // 3
            a, b = ours.search(text, middle), plain.search(text, middle) if found else None
            assert (a and a.regs) == (b and b.regs), (name, text)
    assert rewritten > 300  # the loop above still reads every text for most patterns


def test_other_cases_of_ascii_letters_are_all_known() -> None:
    # every code point that matches an ASCII letter under IGNORECASE is in its first set
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        matched = {m.group() for m in re.finditer(letter, every, re.IGNORECASE)}
        assert matched == set(letter + letter.upper() + lazyre._OTHER_CASES.get(letter, ""))
    for category in (r"\s", r"\d"):
        folded = {m.group() for m in re.finditer(category + "|a", every, re.IGNORECASE)}
        plain = {m.group() for m in re.finditer(category, every)} | {"a", "A"}
        assert folded == plain


def test_case_folding_search_still_finds_other_cases() -> None:
    pattern = lazyre.LazyPattern(r"(?:x|y)?\s*(?:kelvin|sun)", re.IGNORECASE)
    for text in ("the KELVIN scale", "\u212aelvin", "\u017fun", "x  SUN", "no match here"):
        want = re.compile(pattern.pattern, re.IGNORECASE).search(text)
        got = pattern.search(text)
        assert (got and got.span()) == (want and want.span())
