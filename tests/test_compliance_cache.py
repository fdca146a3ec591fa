"""The compiled rules cache behind ``loancs check``: a second run reads the compiled rule set
instead of compiling it, an edited rule file compiles again, a damaged entry is replaced."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from loancs.core.compliance import RuleFileError, RuleSet, engine, load_rules
from loancs.rules_cache import FileRuleCache
from tests.compliance_asserts import compiled_rules

DATA = Path(__file__).parent / "data" / "compliance"
MESSAGE = "放心，这笔肯定能批下来，月息1.5%，有sfz就能dk"
LENDER = """
[concepts]
cash_out = ["套现"]

[[rule]]
id = "lender.cash-out"
category = "marketing"
severity = "warn"
patterns = ["@cash_out"]
message = "cash-out"
suggestion = "no"
"""


@functools.cache
def compiled() -> RuleSet:
    """The shipped rules compiled from their files, no cache: what every answer from a cache
    is compared with. Compiled once for this module (each compile is a few seconds of CPU),
    only ever checked against, never changed: tests/compliance_asserts.py's compile for this
    process."""
    return compiled_rules()


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.rules"))


class _Seen:
    """A cache in front of another that notes the entry it handed out or was given."""

    def __init__(self, cache: FileRuleCache) -> None:
        self.cache = cache
        self.entry: tuple[str, bytes] | None = None

    def get(self, key: str) -> bytes | None:
        data = self.cache.get(key)
        if data is not None:
            self.entry = (key, data)
        return data

    def put(self, key: str, data: bytes) -> None:
        self.entry = (key, data)
        self.cache.put(key, data)


@functools.cache
def shipped_entry() -> tuple[str, bytes]:
    """The shipped rules' cache entry (key, bytes) from the run's shared cache
    (``FileRuleCache.default()``: the directory the test workers share, tests/conftest.py),
    compiled there by whoever needed it first."""
    shared = FileRuleCache.default()
    assert shared is not None
    seen = _Seen(shared)
    load_rules(cache=seen)
    assert seen.entry is not None
    return seen.entry


def filled_cache(directory: Path) -> FileRuleCache:
    """A cache of the test's own holding the shipped rules' entry, as a first
    ``load_rules(cache=...)`` leaves it: the entry is copied from the run's shared cache
    instead of compiled again (about a second of CPU each). Only tests that need a filled
    cache take this; the tests of what filling it does compile as before."""
    cache = FileRuleCache(directory)
    cache.put(*shipped_entry())
    assert len(entries(directory)) == 1
    return cache


def test_a_second_load_reads_the_cache_and_checks_the_same(tmp_path: Path) -> None:
    # (s49: the entry copied in, not compiled and stored in this process first, ~10 s of CPU:
    # that a cold load compiles, stores one entry and answers the same is what the cold
    # `loancs check` of test_loancs_check_fills_the_cache_and_answers_the_same asserts)
    cache = filled_cache(tmp_path / "cache")
    first = load_rules(cache=cache)
    assert len(entries(cache.directory)) == 1
    stamp = entries(cache.directory)[0].stat().st_mtime_ns
    second = load_rules(cache=cache)
    assert entries(cache.directory)[0].stat().st_mtime_ns == stamp  # read, not rewritten
    assert second is not first
    assert second.check(MESSAGE).to_dict() == first.check(MESSAGE).to_dict()
    assert second.check(MESSAGE).to_dict() == compiled().check(MESSAGE).to_dict()


_FROZEN_SIZE = """
import sys
from pathlib import Path
from loancs.core.compliance import load_rules
from loancs.rules_cache import FileRuleCache
cache = FileRuleCache(Path(sys.argv[1]))
load_rules(cache=cache)
loaded = load_rules(cache=cache)
print(sum(len(v.data) for v in vars(loaded).values() if type(v).__name__ == "Frozen"))
"""


def test_the_cached_pinyin_automata_are_small_until_typed_pinyin_needs_them(
    tmp_path: Path,
) -> None:
    """A process that loads the rules from the cache holds the automata only typed pinyin reads
    (kept frozen until a message needs them) compressed: about 1 MB, not 4; the cache file is
    that much smaller. The first typed-pinyin message thaws them and answers as a fresh compile."""
    cache = filled_cache(tmp_path / "cache")
    # Measured in a fresh process, as a server or `loancs check` starts. (Until session 17 the
    # figure also depended on what ran before in the process: pyahocorasick leaves its struct
    # padding unwritten, heap leftovers compressed worse; see concepts._scrubbed.)
    frozen = int(
        subprocess.run(
            [sys.executable, "-c", _FROZEN_SIZE, str(tmp_path / "cache")],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
        ).stdout
    )
    # The cap guards the freeze (unfrozen, ~4 MB), not a product limit: the packs' pinyin terms
    # grow it a little each session (1,494,152 bytes at 8b374bb, 1,507,262 in session 28,
    # 1,600,803 in session 41 after its Chinese rules): half the unfrozen size still tells.
    assert frozen < 2_000_000, frozen
    size = entries(cache.directory)[0].stat().st_size
    loaded = load_rules(cache=cache)
    # (The file cap, too, guards the compression, a regression there adds ~3 MB: raised as the
    # packs grow, 10.0 -> 10.5 MB in session 27, 11.0 MB in session 34 at 10,499,496 bytes, 11.5 MB
    # in session 45 at 11,112,512 bytes: recall's concept widenings, ~8,600 English / Chinese terms;
    # 12.0 MB in session 47 at 11,475,784 bytes, 24 KB under the old cap: the seed-independent
    # concept sets +8.6 KB, precision's rules +25 KB; 12.5 MB in session 48 at 11,976,004 bytes,
    # 24 KB under the old cap: recall's restored session-47 term lists +238 KB, its concepts +138 KB;
    # 13.0 MB in session 50 at 12,619,760 bytes (12,315,239 before it): recall's session-50 frames,
    # ~1,000 English / Chinese terms, +305 KB.)
    assert size < 13_000_000, size
    assert loaded.check(MESSAGE).to_dict() == compiled().check(MESSAGE).to_dict()
    assert not any(type(v).__name__ == "Frozen" for k, v in vars(loaded).items() if k == "_sound")


def test_a_rule_set_that_has_checked_messages_pickles_as_it_did_at_start() -> None:
    """A cache written by a process that has checked messages (a server that kept its rules
    and writes them again, a test worker) is byte for byte the one written before: the pickled
    automata carried pyahocorasick's unwritten struct padding, heap leftovers that made the
    frozen pinyin automata compress worse after checks (454,655 -> 537,368 bytes)."""
    rules = load_rules()
    before = rules.dumps()
    lines = (DATA / "dev.tsv").read_text(encoding="utf-8").splitlines()[:200]
    for text in [line.split("\t")[-1] for line in lines] + ["bu查征信 kou证下款", MESSAGE]:
        rules.check(text)  # the last two thaw the typed-pinyin automata
    assert rules.dumps() == before


LENDER_MISS = """
import json, pickle, sys
from pathlib import Path
from loancs.core import lazyre
built = []
original_program = lazyre._program  # how a lazy pattern compiles (parse, then sre's code)
def program(pattern, flags):
    built.append((pattern, flags))
    return original_program(pattern, flags)
lazyre._program = program
from loancs.core.compliance import load_rules
from loancs.rules_cache import FileRuleCache
cache = FileRuleCache(Path(sys.argv[1]))
(shipped,) = cache.directory.glob("*.rules")
rules = load_rules(sys.argv[2], cache=cache)
results = [rules.check(text).to_dict() for text in sys.argv[3:]]
# the programs the shipped entry holds (a regular expression whose text is made from a set,
# as the classifier's gate, may be spelled otherwise in another process: not among them)
parts = pickle.loads(shipped.read_bytes())
held = {*pickle.loads(parts[2]), *pickle.loads(parts[3])}
again = [pattern for pattern, flags in built if lazyre._digest(pattern, flags) in held]
written = len(list(cache.directory.glob("*.rules")))
print(json.dumps({"built again": again, "held": len(held), "written": written, "results": results}))
"""


@pytest.fixture(scope="module")
def lender_miss(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """A lender file's first compile, in a process of its own (LENDER_MISS) on a cache holding
    the shipped rules' entry: the cache directory it leaves (the shipped entry and the lender
    file's), the lender file, and what the process saw. One miss for the two tests below (a
    lender miss is ~7-10 s of CPU: it parses and compiles every pack and dumps the set)."""
    folder = tmp_path_factory.mktemp("lender-miss")
    cache = filled_cache(folder / "cache")
    lender = folder / "lender.toml"
    lender.write_text(LENDER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", LENDER_MISS, str(cache.directory), str(lender), "能套现", MESSAGE],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    return cache.directory, lender, json.loads(done.stdout)


def test_a_lender_files_first_compile_takes_the_shipped_entrys_programs(
    lender_miss: tuple[Path, Path, dict],
) -> None:
    """A lender's rule file compiles on its first use (a cache miss) and is written to the
    cache with the engine's regular expressions as programs. Those, the pinyin table and the
    folded hanzi do not depend on the rule files: with the shipped rules' entry in the cache,
    the miss takes them from it instead of building them again (until session 44 it built
    every one of the entry's ~870 programs again: ~2.5 s of a ~7 s miss). It answers as before."""
    _, _, seen = lender_miss
    assert seen["written"] == 2  # the lender's entry beside the shipped one
    assert seen["held"] > 500
    assert seen["built again"] == []
    cash_out, message = seen["results"]
    assert "lender.cash-out" in {h["rule"] for h in cash_out["hits"]}
    assert message == compiled().check(MESSAGE).to_dict()


def test_an_edited_rule_file_compiles_again(
    lender_miss: tuple[Path, Path, dict], tmp_path: Path
) -> None:
    # The lender file as its first compile left it (lender_miss: the shipped rules' entry and
    # the lender file's, copied into a cache of this test's own and read here; s49: no second
    # compile of the same file in this process, ~8 s of CPU), then edited: a miss, compiled
    # again (taking the shipped entry's programs) and stored beside the first.
    directory, lender, _ = lender_miss
    cache = FileRuleCache(tmp_path / "cache")
    for entry in entries(directory):
        cache.put(entry.name.removesuffix(".rules"), entry.read_bytes())
    assert len(entries(cache.directory)) == 2
    stamps = [entry.stat().st_mtime_ns for entry in entries(cache.directory)]
    assert "lender.cash-out" in {
        h.rule for h in load_rules(lender, cache=cache).check("能套现").hits
    }
    assert [entry.stat().st_mtime_ns for entry in entries(cache.directory)] == stamps  # read
    try:
        lender.write_text(LENDER.replace("套现", "刷卡"), encoding="utf-8")
        edited = load_rules(lender, cache=cache)
    finally:
        lender.write_text(LENDER, encoding="utf-8")
    assert "lender.cash-out" not in {h.rule for h in edited.check("能套现").hits}
    assert "lender.cash-out" in {h.rule for h in edited.check("能刷卡").hits}
    assert len(entries(cache.directory)) == 3


def compiles_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The compile a miss makes (engine._compiled) answered by this module's one compile of
    the shipped packs, each call noted: the tests of what a miss does with the cache (the
    damaged entry, the unwritable cache) do not pay a compile of their own each (~4 s of CPU;
    s50). That a miss compiles the shipped files right is asserted by the cold `loancs check`
    (test_loancs_check_fills_the_cache_and_answers_the_same) and the lender files' misses."""
    calls: list[int] = []
    ruleset = compiled()
    monkeypatch.setattr(engine, "_compiled", lambda *args: calls.append(1) or ruleset)
    return calls


def test_a_damaged_entry_is_compiled_again_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = filled_cache(tmp_path / "cache")
    (entry,) = entries(cache.directory)
    entry.write_bytes(b"not a rule set")
    calls = compiles_counted(monkeypatch)
    rules = load_rules(cache=cache)
    assert calls == [1]
    assert rules.check(MESSAGE).verdict == "block"
    assert entry.read_bytes() != b"not a rule set"
    assert RuleSet.loads(entry.read_bytes()) is not None  # an entry a next start reads


def test_an_unwritable_cache_only_costs_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = FileRuleCache(blocker / "cache")  # cannot mkdir under a file
    assert not cache.writable()
    calls = compiles_counted(monkeypatch)
    dumped: list[int] = []  # the entry a put could not keep is not even made (~3 s of CPU)
    real = RuleSet.dumps
    monkeypatch.setattr(RuleSet, "dumps", lambda self: dumped.append(1) or real(self))
    rules = load_rules(cache=cache)
    assert calls == [1]
    assert rules.check(MESSAGE).verdict == "block"
    assert dumped == []
    assert FileRuleCache(tmp_path / "fresh").writable()  # and a cache that can keep it, can


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """`loancs check` with the cache off, then on an empty cache (it compiles and fills it, its
    strings hashed with PYTHONHASHSEED=2), then warm (it reads that entry)."""
    folder = tmp_path_factory.mktemp("cli") / "c"

    def run(cache_dir: str, seed: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LOANCS_CACHE_DIR": cache_dir}
        if seed is not None:
            env["PYTHONHASHSEED"] = seed
        cmd = [sys.executable, "-m", "loancs", "check", MESSAGE, "--json"]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)

    off = run("")
    cold = run(str(folder), seed="2")
    entries_after_cold = entries(folder)
    return folder, [off, cold, run(str(folder)), entries_after_cold]


def test_loancs_check_fills_the_cache_and_answers_the_same(
    cli_runs: tuple[Path, list[Any]],
) -> None:
    _, (off, cold, warm, entries_after_cold) = cli_runs
    assert len(entries_after_cold) == 1
    assert off.returncode == cold.returncode == warm.returncode == 2
    assert json.loads(off.stdout) == json.loads(cold.stdout) == json.loads(warm.stdout)


# The texts the warm-process probes check (MESSAGE first: what a regular expression compiled
# for a check is counted over).
LAZY_TEXTS = [
    MESSAGE,
    "Guaranteed approval today, no credit check, your employer will hear from us",
    "您那筆車貸我昨天已經幫您過件了，不用查聯徵",
]
# caught by the classifier alone (as in tests/test_compliance_model.py)
MODEL_ONLY = "我们放款不查任何记录，放心借"
HANT = "放心，這筆保證能批下來，月息1.5%，您的資料沒問題"

# One process as `loancs check` starts (the rules from FileRuleCache.default()), noting what it
# builds: the regular expressions compiled (re's own and the lazy patterns' programs), the
# classifier models built, and the modules (OpenCC, OpenSSL's hashlib) it imports; each
# recorded when the checks its test reads are done.
PROBE = """
import json, re, sys
compiled = []
original = re._compile
def counting(pattern, flags):
    compiled.append(pattern)
    return original(pattern, flags)
re._compile = counting
from loancs.core import lazyre
programs = []
original_program = lazyre._program  # how a lazy pattern compiles (parse, then sre's code)
def program(pattern, flags):
    compiled.append(pattern)
    programs.append(pattern)
    return original_program(pattern, flags)
lazyre._program = program
from loancs.core.compliance import model
built = []
original_init = model.Model.__init__
def init(self, data):
    built.append(1)
    original_init(self, data)
model.Model.__init__ = init
from loancs.core.compliance import load_rules
from loancs.rules_cache import FileRuleCache
message, model_only, hant, *lazy_texts = sys.argv[1:]
rules = load_rules(cache=FileRuleCache.default())
seen = {"results": {}}
def check(text):
    seen["results"][text] = rules.check(text).to_dict()
check(message)
engine = {pattern for pattern, _ in lazyre._ALL}
seen["compiled"] = sorted({p for p in compiled if p in engine})
for text in lazy_texts:
    check(text)
lazy = {
    value.pattern
    for name, module in list(sys.modules.items())
    if name.startswith("loancs")
    for value in list(vars(module).values())
    if isinstance(value, lazyre.LazyPattern)
}
seen["lazy compiled"] = sorted(set(programs) & lazy)
check(model_only)
seen["built"] = len(built)
check(hant)
seen["loaded"] = sorted(m for m in ("opencc", "hashlib") if m in sys.modules)
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def probe_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rules cache the probes below fill and read (its one entry written by the cold probe,
    a process whose strings hash with PYTHONHASHSEED=1)."""
    return tmp_path_factory.mktemp("probe") / "c"


@pytest.fixture(scope="module")
def probed(probe_cache: Path) -> tuple[dict, dict]:
    """What the probe saw in a cold process (an empty cache: it compiles and fills it), then
    in a warm one (it reads that entry). One pair for the four tests below: each cold process
    compiles and dumps the rules (~7 s of CPU), and all four look at the same two starts."""
    env = {**os.environ, "LOANCS_CACHE_DIR": str(probe_cache), "PYTHONHASHSEED": "1"}
    cmd = [sys.executable, "-c", PROBE, MESSAGE, MODEL_ONLY, HANT, *LAZY_TEXTS[1:]]

    def run() -> dict:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        return json.loads(done.stdout)

    cold = run()
    return cold, run()


def test_processes_whose_strings_hash_otherwise_write_the_same_cache_bytes(
    probed: tuple[dict, dict], probe_cache: Path, cli_runs: tuple[Path, list[Any]]
) -> None:
    """A rules-cache entry is the same bytes whatever PYTHONHASHSEED the process that compiled
    it had (s47: the concept-name frozensets of the pattern plans pickled in hash order, so
    every process wrote other bytes for the same rules; a cache built on one machine or in
    one CI step was never byte for byte the next one's). The cold probe wrote its entry with
    PYTHONHASHSEED=1, the cold `loancs check` its own with PYTHONHASHSEED=2."""
    (first,) = probe_cache.glob("*.rules")
    (second,) = cli_runs[0].glob("*.rules")
    assert second.name == first.name  # the same rules, the same key
    assert second.read_bytes() == first.read_bytes()


def test_a_process_reading_the_cache_compiles_no_regular_expression(
    probed: tuple[dict, dict],
) -> None:
    """The cache also holds the engine's regular expressions as compiled programs and the
    pinyin table: a warm ``loancs check`` compiles none of them and answers the same."""
    cold, warm = probed
    assert cold["compiled"]  # the first process compiles what the check uses
    assert warm["compiled"] == []
    result = warm["results"][MESSAGE]
    assert result == cold["results"][MESSAGE] == compiled().check(MESSAGE).to_dict()
    assert {h["rule"] for h in result["hits"]} >= {
        "zh.marketing.guaranteed-approval",
        "zh.rate.monthly-without-apr",
    }


def test_a_warm_process_compiles_no_lazy_pattern_not_even_a_cached_false_one(
    probed: tuple[dict, dict],
) -> None:
    """Session 39: the ``lazy_compile(..., cached=False)`` patterns (the readers' act sides,
    compiled at the first check of every process in session 38: +4 ms) come from the cache too,
    each unpacked when a check first uses it; a warm process compiles none, in either language."""
    cold, warm = probed
    assert cold["lazy compiled"]
    assert warm["lazy compiled"] == []
    for text in LAZY_TEXTS:
        assert warm["results"][text] == cold["results"][text] == compiled().check(text).to_dict()


def test_a_process_reading_the_cache_does_not_build_the_classifier_again(
    probed: tuple[dict, dict],
) -> None:
    """The cache keeps the classifier built (start-up skips reading its JSON); a model hit
    is the same from a warm process."""
    cold, warm = probed
    # cold: the classifier and the English model inside its file; warm: nothing
    assert cold["built"] >= 1 and warm["built"] == 0
    result = warm["results"][MODEL_ONLY]
    assert result == cold["results"][MODEL_ONLY] == compiled().check(MODEL_ONLY).to_dict()
    assert [h["rule"] for h in result["hits"]] == ["model.easy-credit"]


def test_a_warm_process_folds_traditional_hanzi_without_opencc(probed: tuple[dict, dict]) -> None:
    """The cache holds the common hanzi folded (traditional to simplified): a warm process
    starts neither OpenCC nor OpenSSL's hashlib, and reads 保證 as 保证 all the same."""
    cold, warm = probed
    assert "opencc" in cold["loaded"]
    assert warm["loaded"] == []
    result = warm["results"][HANT]
    assert result == cold["results"][HANT] == compiled().check(HANT).to_dict()
    assert "zh.marketing.guaranteed-approval" in {h["rule"] for h in result["hits"]}


def test_a_rule_set_read_from_the_cache_can_be_kept_again(tmp_path: Path) -> None:
    """A process that got its rules from the cache and stores them again (another cache, a
    copy for a worker) keeps what it never read frozen once, not twice: typed pinyin, which
    reads those parts, still works after a second round trip."""
    loaded = load_rules(cache=filled_cache(tmp_path / "cache"))  # from the cache, parts frozen
    again = RuleSet.loads(loaded.dumps())
    assert again is not None
    fresh = compiled()
    for text in (MESSAGE, "bu kan zheng xin, bao xia kuan", "不看正信，包下款"):
        assert again.check(text).to_dict() == fresh.check(text).to_dict()
        assert again.check(text).verdict != "ok"


def test_an_entry_read_lately_outlives_entries_written_after_it(tmp_path: Path) -> None:
    """The cache keeps KEEP entries, dropping the least recently used (until session 49 the
    oldest written: the shipped rules' entry, read by every start, went once KEEP lender files
    had been compiled after it, and every start then waited on it being compiled again). A
    hit marks its entry used without rewriting it (its modification time stays the write's)."""
    from loancs.rules_cache import KEEP

    cache = FileRuleCache(tmp_path / "cache")
    cache.put("shipped", b"rules")
    shipped = cache.directory / "shipped.rules"
    os.utime(shipped, ns=(10**18, 10**18))  # written long before the others
    for i in range(KEEP - 1):
        cache.put(f"lender-{i}", b"lender rules")
    assert len(entries(cache.directory)) == KEEP
    assert cache.get("shipped") == b"rules"
    assert shipped.stat().st_mtime_ns == 10**18  # read, not rewritten
    cache.put("one-more", b"lender rules")
    assert len(entries(cache.directory)) == KEEP
    assert cache.get("shipped") == b"rules"
    assert cache.get("lender-0") is None  # the least recently used went


def test_a_second_compile_in_a_process_parses_only_the_lenders_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that has parsed the shipped packs (any compile) keeps them parsed while their
    text is the same: a lender's file compiled after (or refused: here, a cheap refusal after
    the parse) parses that file alone, not ~590 KB of shipped packs again (s50)."""
    parsed: list[str] = []
    real = engine.parse_rules
    monkeypatch.setattr(engine, "parse_rules", lambda t, s: parsed.append(s) or real(t, s))
    engine.default_packs()  # parsed in this process (now or before)
    parsed.clear()
    lender = tmp_path / "lender.toml"
    lender.write_text('disable = ["no.such.rule"]\n', encoding="utf-8")
    with pytest.raises(RuleFileError, match="cannot disable an unknown rule"):
        load_rules(lender)
    assert parsed == [str(lender)]
    assert [p.source for p in engine.default_packs()] == [
        f"loancs/rules/{name}" for name in engine.DEFAULT_PACKS
    ]
    assert parsed == [str(lender)]
