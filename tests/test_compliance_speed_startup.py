"""`loancs check`'s start-up: what a warm rules cache spares (see engine.load_rules)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from loancs.core.compliance import RuleFileError, load_rules
from loancs.rules_cache import FileRuleCache

LENDER = '[[rule]]\nid = "lender.cash-out"\ncategory = "marketing"\nseverity = "block"\n'
LENDER += 'message = "no"\nsuggestion = "no"\npatterns = ["能套现"]\n'


def _cache_with_the_shipped_entry(directory: Path) -> FileRuleCache:
    """A cache of the test's own holding the shipped rules' entry (copied from the run's shared
    cache, tests/conftest.py: compiled there once a run by whoever needed it first), as every
    user's cache holds it before a lender file is added: a lender file's miss takes the entry's
    regular expression programs (see test_compliance_cache) instead of building all ~870 again
    (~2.5 s of CPU a miss). The miss parses and compiles every rule file all the same."""
    shared = FileRuleCache.default()
    assert shared is not None
    entry: list[tuple[str, bytes]] = []

    class Seen:
        def get(self, key: str) -> bytes | None:
            data = shared.get(key)
            if data is not None:
                entry.append((key, data))
            return data

        def put(self, key: str, data: bytes) -> None:
            entry.append((key, data))
            shared.put(key, data)

    load_rules(cache=Seen())
    cache = FileRuleCache(directory)
    cache.put(*entry[-1])
    return cache


@pytest.fixture(scope="module")
def lender_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any, Any]]:
    """The lender file LENDER with LF and with CRLF line endings, each compiled once on a miss
    (parsed and compiled: the very code load_rules(path) runs without a cache, then stored) in
    a cache of its own holding the shipped rules' entry: by stem, (path, cache, the rule set
    the miss compiled). One miss per file for the two tests below (s49: the warm-cache test
    compiled LENDER again for itself, ~8 s of CPU)."""
    folder = tmp_path_factory.mktemp("lender-files")
    lf, crlf = folder / "lf.toml", folder / "crlf.toml"
    lf.write_bytes(LENDER.encode("utf-8"))
    crlf.write_bytes(LENDER.replace("\n", "\r\n").encode("utf-8"))
    made = {}
    for path in (lf, crlf):
        cache = _cache_with_the_shipped_entry(folder / f"cache-{path.stem}")
        made[path.stem] = (path, cache, load_rules(path, cache=cache))
    return made


def test_a_warm_cache_reads_the_rule_files_as_bytes_only(
    lender_files: dict[str, tuple[Path, Any, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the key hashes the files' bytes: decoding ~590 KB of packs (and encoding them again
    # for the hash) was ~4% of every `loancs check`
    lender, cache, compiled = lender_files["lf"]  # its miss compiled and stored it

    def no_text(*args: object, **kwargs: object) -> str:
        raise AssertionError("a rule file was read as text on a warm cache")

    monkeypatch.setattr(Path, "read_text", no_text)
    loaded = load_rules(lender, cache=cache)
    text = "放心，这笔肯定能批下来，能套现"
    assert loaded.check(text) == compiled.check(text)
    assert {h.rule for h in loaded.check(text).hits} >= {
        "lender.cash-out",
        "zh.marketing.guaranteed-approval",
    }


def test_a_rule_file_reads_the_same_with_any_line_ending(
    lender_files: dict[str, tuple[Path, Any, Any]],
) -> None:
    # per file: a cache miss (lender_files: parses and compiles, the very code load_rules(path)
    # runs without a cache, then stores it) and a hit (reads it back); s41: the separate uncached
    # compile of each file (2 of the test's 4 compiles, ~3 s each) ran nothing the miss does not;
    # s49: each cache holds the shipped rules' entry first, as a user's does (the misses take its
    # programs, -2.5 s of CPU each), and each file adds one entry of its own
    for path, cache, missed in lender_files.values():
        for rules in (missed, load_rules(path, cache=cache)):
            hits = rules.check("能套现").hits
            assert [(h.rule, h.start, h.end) for h in hits] == [("lender.cash-out", 0, 3)]
        assert len(list(cache.directory.glob("*.rules"))) == 2
    assert [path.read_bytes().count(b"\r") > 0 for path, _, _ in lender_files.values()] == [
        False,
        True,
    ]


def test_a_rule_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(LENDER.encode("gbk"))
    for cache in (None, FileRuleCache(tmp_path / "cache")):
        with pytest.raises(RuleFileError, match="cannot read"):
            load_rules(bad, cache=cache)


def test_a_checks_records_are_frozen_records_not_dataclasses() -> None:
    # a dataclass costs ~4 M instructions to create at import (Python compiles its methods):
    # Hit, CheckResult and Normalized were three of the 17 a `loancs check` made
    import dataclasses
    import pickle

    from loancs.core.compliance import CheckResult, Hit
    from loancs.core.normalize import Normalized, normalize

    for cls in (Hit, CheckResult, Normalized):
        assert not dataclasses.is_dataclass(cls)
    hit = Hit("r", "marketing", "block", 0, 2, "包过", "m", "s")
    same = Hit(
        rule="r",
        category="marketing",
        severity="block",
        start=0,
        end=2,
        match="包过",
        message="m",
        suggestion="s",
        pattern="",
        concepts=(),
        veto="",
    )
    assert hit == same and hash(hit) == hash(same) and hit is not same
    assert hit != hit.replace(veto="model: no") and hit.replace(veto="x").veto == "x"
    assert repr(hit) == (
        "Hit(rule='r', category='marketing', severity='block', start=0, end=2, match='包过', "
        "message='m', suggestion='s', pattern='', concepts=(), veto='')"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.start = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        hit.other = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        hit.replace(nothing=1)
    result = CheckResult("block", [hit])
    assert result.vetoed == () and result.blocked and result == CheckResult("block", [same])
    assert repr(result) == f"CheckResult(verdict='block', hits=[{hit!r}], vetoed=())"
    with pytest.raises(TypeError):
        hash(result)  # a list of hits: unhashable, as the dataclass was
    norm = normalize("保 證 通 過")
    assert norm.replace() == norm and norm.replace(original="x").original == "x"
    assert norm.replace(original="x").dense == norm.dense
    for record in (hit, result, norm):
        assert pickle.loads(pickle.dumps(record)) == record


def test_a_check_with_a_rate_quote_makes_no_dataclass() -> None:
    # the rules', the model's, the rates' and contact's records and finance's (imported by the
    # first rate quote's suggestion) were 13 dataclasses, ~61 M instructions of `loancs check`
    script = (
        "import dataclasses, sys\n"
        "from loancs.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "made = [f'{name}.{c.__qualname__}' for name, m in list(sys.modules.items())\n"
        "        if name.startswith('loancs.') for c in vars(m).values()\n"
        "        if isinstance(c, type) and c.__module__ == name and dataclasses.is_dataclass(c)]\n"
        "sys.stderr.write('\\n' + repr(sorted(made)))\n"
    )
    # the run's shared rules cache (tests/conftest.py), warm after whoever needed it first: a
    # cold start (a new empty cache, until s49: a compile and a dump, ~10 s of CPU) imports the
    # very same loancs modules (32, checked in s49), and the classes are those modules' own
    env = {**os.environ}
    assert env.get("LOANCS_CACHE_DIR")
    cmd = [sys.executable, "-c", script, "check", "放心，这笔肯定能批下来，月息1.5%", "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    assert "monthly-without-apr" in done.stdout and "18.00%" in done.stdout
    made = ast.literal_eval(done.stderr.strip().splitlines()[-1])
    assert not [
        name for name in made if name.startswith(("loancs.core.compliance", "loancs.core.finance"))
    ]


def test_the_rules_finance_and_contact_records_behave_as_their_dataclasses_did() -> None:
    import dataclasses
    import pickle
    from decimal import Decimal

    from loancs.core.compliance.contact import ContactPolicy, ContactPolicyError
    from loancs.core.compliance.rules import Rule
    from loancs.core.finance import LoanInputError, LoanSpec, PenaltyRule, schedule

    rule = Rule("r", "marketing", "block", "m", "s")
    assert rule.texts == {} and rule.detector == "phrase" and rule.veto is None
    assert rule == Rule("r", "marketing", "block", "m", "s") and rule != rule.replace(weak=True)
    assert repr(ContactPolicy()) == (
        "ContactPolicy(quiet_start='22:00', quiet_end='08:00', daily_cap=6, tz='Asia/Shanghai')"
    )
    with pytest.raises(ContactPolicyError):
        ContactPolicy(quiet_start="25:00")
    with pytest.raises(LoanInputError):
        LoanSpec(Decimal(0), Decimal(12), 12)
    spec = LoanSpec("1000", "12", "3")  # type: ignore[arg-type]
    assert spec.principal == Decimal("1000.00") and spec.months == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.months = 4  # type: ignore[misc]
    one, two = schedule(spec), schedule(spec)
    assert one == two and hash(one) == hash(two) and "_run" not in repr(one)
    for record in (rule.replace(texts={}), ContactPolicy(), spec, PenaltyRule(Decimal(1), 3), one):
        assert pickle.loads(pickle.dumps(record)) == record


def test_the_zh_gate_starts_with_a_quick_nfa_then_builds_the_dfa(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Session 39: the readers' gate DFA cost ~3.5 ms to build at the first Chinese check of every
    process; the first passes use a contiguous NFA (~0.8 ms to build), the DFA comes after
    _NFA_CHECKS passes, and both name the same readers on every dev line."""
    import ahocorasick_rs

    from loancs.core.compliance import zh_frames
    from loancs.core.normalize import normalize

    built: list[object] = []
    real = ahocorasick_rs.AhoCorasick

    def recording(words: list[str], **kwargs: object) -> object:
        built.append(kwargs.get("implementation"))
        return real(words, **kwargs)

    monkeypatch.setattr(zh_frames.ahocorasick_rs, "AhoCorasick", recording)
    monkeypatch.setattr(zh_frames, "_GATES", [])
    monkeypatch.setattr(zh_frames, "_GATE_PASSES", [0])
    data = Path(__file__).parent / "data" / "compliance" / "dev.tsv"
    dense = [
        normalize(line.split("\t")[-1]).dense
        for line in data.read_text(encoding="utf-8").splitlines()
        if "\t" in line
    ]
    first = [zh_frames.gated_readers(d) for d in dense[: zh_frames._NFA_CHECKS]]
    assert built == [ahocorasick_rs.Implementation.ContiguousNFA]
    later = [zh_frames.gated_readers(d) for d in dense]
    assert built == [ahocorasick_rs.Implementation.ContiguousNFA, ahocorasick_rs.Implementation.DFA]
    assert later[: len(first)] == first
    nfa = zh_frames._gate_automaton(ahocorasick_rs.Implementation.ContiguousNFA)
    assert any(later)
    for text, readers in zip(dense, later, strict=True):
        found = {
            n
            for i, _, _ in nfa[0].find_matches_as_indexes(text, overlapping=True)
            for n in nfa[1][i]
        }
        found.discard(zh_frames._HANT_WORD)  # session 40: zh_hant's words gate no reader
        assert found == readers, text


LOAD_PROBE = """
import json, re, sys
compiled = []
original = re._compile
def counting(pattern, flags):
    if isinstance(pattern, str) and (type(pattern), pattern, flags) not in re._cache:
        compiled.append(pattern[:60])
    return original(pattern, flags)
from loancs.core.compliance import load_rules
from loancs.rules_cache import FileRuleCache
re._compile = counting
rules = load_rules(cache=FileRuleCache.default())
print(json.dumps(compiled))
"""


def test_loading_the_rules_from_a_warm_cache_compiles_no_regular_expression() -> None:
    """Session 39: the classifier's gate (a plain re.Pattern in the pickled model) compiled at
    every load (~1.5 ms of each `loancs check`), and the cache key's glob("*.py") compiled a
    pattern of its own; the gate is a lazy pattern now and the key lists the directory."""
    # the run's rules cache (conftest: LOANCS_CACHE_DIR, shared by the workers): warm after the
    # first process whether it compiled there or another test did (a new empty cache made
    # every run compile and pickle the shipped rules again for this test alone)
    env = {**os.environ}
    assert env.get("LOANCS_CACHE_DIR")
    run = [sys.executable, "-c", LOAD_PROBE]
    subprocess.run(run, capture_output=True, text=True, env=env, check=True)  # fills it
    warm = subprocess.run(run, capture_output=True, text=True, env=env, check=True)
    assert warm.stdout.strip() == "[]", warm.stdout
