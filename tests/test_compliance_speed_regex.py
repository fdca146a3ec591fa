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
# a hang guard sized to the work, not a time it must keep (s46: 262 s wall at load 9)
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
    # s47: each distinct (pattern, flags) once (a module that imports another's pattern
    # listed it again: 658 names, 652 patterns), and a text neither side matches (~94% of the
    # 4.7 M pairs) read with three calls, not lists and iterators: ours finds nothing from 0
    # (finditer's first step is that very search), re finds nothing from 0, and ours finds
    # nothing from the middle either (what re says there: a match at a position does not
    # depend on where the search started; ^, \b and lookbehinds see the whole string). A
    # mismatch is collected, not asserted in the loop: the same pairs, ~20% less CPU.
    rewritten = 0
    wrong: list[tuple[str, str]] = []
    patterns = {(p.pattern, p.flags): (name, p) for name, p in reversed(_patterns().items())}
    for name, pattern in sorted(patterns.values(), key=lambda item: item[0]):
        ours = lazyre._from_program(pattern.pattern, pattern.flags)
        plain = re.compile(pattern.pattern, pattern.flags)
        same = lazyre._program(pattern.pattern, pattern.flags)[1] == _plain_code(pattern)
        rewritten += not same
        ours_search, plain_search = ours.search, plain.search
        for text in texts[::10] if same else texts:
            middle = len(text) // 3
            if ours_search(text) is None:
                if plain_search(text) is not None or ours_search(text, middle) is not None:
                    wrong.append((name, text))
                continue
            got = [m.regs for m in ours.finditer(text)]
            a, b = ours_search(text, middle), plain_search(text, middle)
            if got != [m.regs for m in plain.finditer(text)] or (a and a.regs) != (b and b.regs):
                wrong.append((name, text))
    assert not wrong, wrong[:5]
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
