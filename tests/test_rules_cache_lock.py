"""Processes that start together on a cold rules cache (the xdist workers of a test run, several
`loancs serve` started at once) compile the shipped rules once: the others wait for the entry
the first one writes and read it (loancs/rules_cache.py, FileRuleCache.lock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

# Each process: loancs imported, then "ready" and a wait for the go file (all start their
# load_rules within milliseconds of each other), then what `loancs check` does on start-up.
CHILD = r"""
import json, os, sys, time
from pathlib import Path
from loancs.core.compliance.engine import RuleSet, load_rules
from loancs.rules_cache import FileRuleCache

compiled = []
from_packs = RuleSet.from_packs.__func__
RuleSet.from_packs = classmethod(lambda cls, packs: compiled.append(1) or from_packs(cls, packs))
go = Path(sys.argv[1])
print("ready", flush=True)
deadline = time.monotonic() + 120
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.01)
rules = load_rules(cache=FileRuleCache.default())
result = rules.check(sys.argv[2]).to_dict()
print(json.dumps({"compiled": len(compiled), "result": result}), flush=True)
"""

TEXT = "再不还钱就把你的事发到你的通讯录群里"


def test_two_processes_on_a_cold_cache_compile_the_rules_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    go = tmp_path / "go"
    env = {**os.environ, "LOANCS_CACHE_DIR": str(cache)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(go), TEXT],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
        go.touch()
        said = [json.loads(proc.communicate(timeout=300)[0]) for proc in procs]
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
    assert sorted(s["compiled"] for s in said) == [0, 1], said
    assert said[0]["result"] == said[1]["result"]
    assert said[0]["result"]["verdict"] != "ok"
    assert len(list(cache.glob("*.rules"))) == 1


def test_a_lock_held_elsewhere_makes_a_miss_wait_then_read_the_entry(tmp_path: Path) -> None:
    """The lock is taken on a miss only and let go when the entry is written; a miss that
    finds it held waits instead of compiling."""
    from loancs.rules_cache import FileRuleCache

    cache = FileRuleCache(tmp_path)
    held = cache.lock("k")
    held.__enter__()
    try:
        waiter = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from loancs.rules_cache import "
                "FileRuleCache; c = FileRuleCache(Path(sys.argv[1])); print('started', flush=True)\n"
                "with c.lock('k'): print(c.get('k'))",
                str(tmp_path),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert waiter.stdout is not None
        assert waiter.stdout.readline().strip() == "started"
        time.sleep(0.5)
        assert waiter.poll() is None  # waiting for the lock, not reading a missing entry
        cache.put("k", b"compiled")
    finally:
        held.__exit__()
    out, _ = waiter.communicate(timeout=60)
    assert out.strip() == "b'compiled'"
