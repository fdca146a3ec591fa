"""A pattern that starts with a repeated set is compiled so that sre scans for the set's first
character in C (see lazyre._set_first): the same matches, far fewer steps on a long message."""

from __future__ import annotations

import random
import re

from loancs.core import lazyre
from loancs.core.lazyre import lazy_compile

# sre's INFO block: [INFO, skip, flags, min, max, ...]; SRE_INFO_CHARSET in flags means the
# search scans for the first character in C
_INFO_CHARSET = 4


def _scans_first_set(pattern: re.Pattern[str]) -> bool:
    program = lazyre._program(pattern.pattern, pattern.flags)
    return bool(program[1][2] & _INFO_CHARSET)


def test_a_leading_repeated_set_is_scanned_for() -> None:
    for source in (r"[a-z]+", r"[b-df-hj-np-tw-z]{2,}", "[^\u3400-\u9fff]+", r"[!?;\n。.]+"):
        assert _scans_first_set(lazy_compile(source).compiled()), source
    # as sre itself compiles them: the set first, then its repeat
    assert _scans_first_set(re.compile(r"[a-z][a-z]*"))


def test_rewritten_patterns_match_exactly_as_written() -> None:
    rng = random.Random(12)
    alphabet = "ab zé征信,.!?;\n。0123456789xyz"
    sources = [
        r"[a-z]+",
        r"[a-z]{2,}",
        r"[a-z]{1,3}",
        r"[a-z]{2,3}x",
        r"[^a-z ]+",
        r"[a-z]+(?=\d)",
        r"[0-9]{2,}|[a-z]",
        r"[a-z]*",
        r"[A-Z]+",
    ]
    for source in sources:
        for flags in (0, re.IGNORECASE):
            lazy = lazy_compile(source, flags)
            plain = re.compile(source, flags)
            for _ in range(300):
                text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
                assert [m.span() for m in lazy.finditer(text)] == [
                    m.span() for m in plain.finditer(text)
                ], (source, text)
                assert lazy.sub("#", text) == plain.sub("#", text)
                start = rng.randrange(0, len(text) + 1)
                want = plain.match(text, start)
                got = lazy.match(text, start)
                assert (got and got.span()) == (want and want.span()), (source, text, start)
