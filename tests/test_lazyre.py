"""Regular expressions compiled on first use, and rebuilt from a cached program."""

from __future__ import annotations

import pickle
import re

from loancs.core import lazyre
from loancs.core.compliance import load_rules  # noqa: F401 - registers the engine's patterns
from loancs.core.lazyre import lazy_compile

TEXTS = ["放心，这笔肯定能批下来，月息1.5%", "Call you at 11 pm TONIGHT", "日利率 0 . 0 4 %", ""]


def test_a_lazy_pattern_behaves_like_a_compiled_one() -> None:
    lazy = lazy_compile(r"(?P<n>\d+)\s*(?P<unit>%|percent)", re.IGNORECASE)
    plain = re.compile(r"(?P<n>\d+)\s*(?P<unit>%|percent)", re.IGNORECASE)
    text = "5 PERCENT then 7% and 9 percent"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert lazy.sub("X", text) == plain.sub("X", text)
    assert lazy.search(text, 3).group("n") == plain.search(text, 3).group("n")  # type: ignore[union-attr]
    assert pickle.loads(pickle.dumps(lazy)).findall(text) == plain.findall(text)


def test_every_engine_pattern_rebuilt_from_its_program_matches_the_same() -> None:
    blob = lazyre.code_blob()
    saved = dict(lazyre._STORED)
    lazyre._STORED.clear()
    lazyre.use_code_blob(blob)
    try:
        assert len(lazyre._STORED) == len(lazyre._ALL) > 40
        for pattern, flags in lazyre._ALL:
            rebuilt = lazyre._from_program(pattern, flags)
            plain = re.compile(pattern, flags)
            assert rebuilt is not plain and rebuilt.groupindex == plain.groupindex
            for text in TEXTS:
                assert [m.span() for m in rebuilt.finditer(text)] == [
                    m.span() for m in plain.finditer(text)
                ]
    finally:
        lazyre._STORED.clear()
        lazyre._STORED.update(saved)


def test_a_damaged_program_compiles_instead() -> None:
    lazyre.use_code_blob(b"not a pickle")  # ignored
    lazyre._PROGRAMS[(r"a+b", 0)] = (0, [1, 2, 3], 0, {}, ())  # not a program _sre accepts
    try:
        assert lazyre._from_program(r"a+b", 0).findall("aab ab b") == ["aab", "ab"]
    finally:
        lazyre._PROGRAMS.clear()
