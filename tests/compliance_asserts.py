"""What the session test files of the compliance rule families assert, in one place: the shipped
rules (made once per test process, at their first use), whether a text is flagged in a category
at warn or block (each hit's span holding its match), and whether it passes."""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from typing import Any, cast

from loancs.core.compliance import RuleSet, load_rules
from loancs.rules_cache import FileRuleCache


class _NotCached(Exception):
    """The shared cache has no entry and this process should not write one (see _load)."""


class _Shared:
    """The run's shared rules cache (tests/conftest.py names it before collection), noting the
    key of the shipped rules' entry and whether this process compiled them."""

    def __init__(self, cache: FileRuleCache, fill: bool) -> None:
        self.cache = cache
        self.fill = fill
        self.key: str | None = None
        self.compiled = False

    def get(self, key: str) -> bytes | None:
        self.key = key
        data = self.cache.get(key)
        if data is None and not self.fill:
            raise _NotCached
        return data

    def put(self, key: str, data: bytes) -> None:
        self.compiled = True
        self.cache.put(key, data)

    def lock(self, key: str) -> Any:
        return self.cache.lock(key)


_SHARED: _Shared | None = None


def _load() -> RuleSet:
    """The shipped rules from the run's shared cache (~0.1 s of CPU), where a worker or a
    ``loancs check`` of the run put them; on a miss, with two xdist workers or more, compiled
    and stored there (under the cache's lock: the other workers wait and read that entry instead
    of compiling them again, and so do the run's ``loancs check`` processes, which would compile
    and store them anyway); a run of one process compiles them and stores nothing (storing costs
    ~5 s of CPU more than the compile)."""
    global _SHARED
    cache = FileRuleCache.default()
    if cache is None:
        return load_rules()
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
    _SHARED = _Shared(cache, fill=workers > 1)
    try:
        return load_rules(cache=_SHARED)
    except _NotCached:
        _SHARED.compiled = True
        return load_rules()


class _LazyRules:
    """Stands for the shipped rule set until it is first used, then becomes it (its class and
    its attributes: the same object from then on, ``isinstance(RULES, RuleSet)``). Until session
    47 the rules were compiled when this module was imported: ~4 s of CPU at collection in every
    xdist worker, although most of a worker's files never check a text."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # collection's looks (``__test__``, ``__bases__``): none
            raise AttributeError(name)
        made()
        return getattr(self, name)

    def __len__(self) -> int:
        return len(made())


RULES = cast(RuleSet, _LazyRules())


def made() -> RuleSet:
    """RULES, made now if it was not yet (tests/conftest.py does so before the first test of a
    file that imports this module, out of any test's patches, and moves it out of the
    collector's way as collection's objects are)."""
    if isinstance(RULES, _LazyRules):
        real = _load()
        RULES.__class__ = RuleSet  # type: ignore[assignment]
        RULES.__dict__ = real.__dict__
        gc.collect()
        gc.freeze()
    return RULES


@functools.cache
def compiled_rules() -> RuleSet:
    """The shipped rules compiled from their files in this process, never read from a cache:
    what the tests of the cache compare a loaded rule set with (RULES itself when this process
    compiled it; else a compile, ~4 s of CPU)."""
    made()
    if _SHARED is None or _SHARED.compiled:
        return RULES
    return load_rules()


if __name__ != "tests.compliance_asserts":
    # Imported by its bare name (pytest puts tests/ on sys.path; six session files do so):
    # that would be a second module holding a second copy of the shipped rules. The import hands
    # back the one module instead.
    sys.modules[__name__] = importlib.import_module("tests.compliance_asserts")
    RULES = sys.modules[__name__].RULES


@functools.cache
def rules_pickled() -> bytes:
    """The bytes a rules cache stores for the shipped packs (a compile's ``dumps()``): the
    run's shared cache entry RULES was made with, read again (a ``dumps`` is ~5 s of CPU: it
    builds every pattern's program); where that entry is gone, ``compiled_rules().dumps()``."""
    made()
    if _SHARED is not None and _SHARED.key is not None:
        data = _SHARED.cache.get(_SHARED.key)
        if data is not None:
            return data
    return compiled_rules().dumps()


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
