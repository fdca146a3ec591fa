"""What the session test files of the compliance rule families assert, in one place: the shipped
rules (compiled once per test process), whether a text is flagged in a category at warn or
block (each hit's span holding its match), and whether it passes."""

from __future__ import annotations

import functools
import importlib
import sys

from loancs.core.compliance import load_rules

if __name__ != "tests.compliance_asserts":
    # Imported by its bare name (pytest puts tests/ on sys.path; six session files do so):
    # that would be a second module holding a second compile of the shipped rules (~4 s of CPU
    # in every xdist worker, at collection). The import hands back the one module instead.
    sys.modules[__name__] = importlib.import_module("tests.compliance_asserts")
    RULES = sys.modules[__name__].RULES
else:
    RULES = load_rules()


@functools.cache
def rules_pickled() -> bytes:
    """``RULES.dumps()``, made once a process: the bytes a rules cache stores for the shipped
    packs (each dumps ~2-4 s of CPU: it builds every pattern's program). A rule set pickles the
    same bytes after any checks (test_compliance_cache asserts it), so a test that loads them
    reads what its own ``RULES.dumps()`` would have made."""
    return RULES.dumps()


def hits(text: str, category: str) -> list:
    """The text's warn/block hits of ``category``; each hit's start/end hold its match."""
    result = RULES.check(text)
    found = [h for h in result.hits if h.category == category and h.severity != "info"]
    for hit in found:
        assert text[hit.start : hit.end] == hit.match
    return found


def flags(text: str, category: str) -> bool:
    return any(h.category == category and h.severity != "info" for h in RULES.check(text).hits)


def passes(text: str) -> bool:
    return RULES.check(text).verdict == "ok"
