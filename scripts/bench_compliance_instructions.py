"""Instructions per ``RuleSet.check`` (the speed bench's 300-character messages, 5,000
synthetic rules) counted by valgrind: a figure the machine's load does not move, for
comparing two trees or two commits when wall and CPU time are too noisy.

    python scripts/bench_compliance_instructions.py [--checks 100] [--texts 16]

Builds the rule set natively and keeps it as the rules cache would (``RuleSet.dumps``), then
runs two processes under ``valgrind --tool=cachegrind``: one that loads it and checks each of
``--texts`` messages once (the same planted phrases, padded differently), one that then checks
them in turn ``--checks`` more times (so that no one-message cache flatters the engine); the
difference, divided, is what one check costs: instructions executed and first-level
data-cache misses (simulated). What was made before the counted checks is frozen
(``gc.freeze``): a full collection walks the ~400,000 objects of a loaded rule set in ~50 M
instructions, and whether one fell inside the counted checks or not depended on how many
objects a check happened to make: the same engine read 2.81 M a check in one tree and 3.82 M
(frozen) in another. Frozen, the checks' own young collections still count. Needs valgrind on the PATH; takes a few minutes (valgrind runs Python about 50 times slower).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_compliance import messages, synthetic_rules  # noqa: E402

from loancs.core.compliance import load_rules  # noqa: E402

CHECKS = """
import gc
import sys
from loancs.core.compliance import RuleSet
ruleset = RuleSet.loads(open(sys.argv[1], "rb").read())
texts = open(sys.argv[2], encoding="utf-8").read().splitlines()
for text in texts:
    ruleset.check(text)
gc.freeze()
for i in range(int(sys.argv[3])):
    ruleset.check(texts[i % len(texts)])
"""


def counted(args: list[str], cwd: str) -> tuple[int, int]:
    """(instructions, D1 misses) of one process under cachegrind (run in ``cwd``, so the
    loancs it imports is the one on PYTHONPATH, not the current directory's). The hash seed is
    fixed: with a random one the count moves ~1.5% from run to run (set and dict order)."""
    out = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=yes",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    ).stderr

    def total(label: str) -> int:
        found = re.search(rf"{label}:\s+([\d,]+)", out)
        if found is None:
            raise SystemExit(f"valgrind printed no {label!r}:\n{out}")
        return int(found.group(1).replace(",", ""))

    return total("I\\s+refs"), total("D1\\s+misses")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checks", type=int, default=100)
    parser.add_argument("--rules", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--texts", type=int, default=16, help="distinct messages checked in turn")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    rng = random.Random(args.seed)
    ruleset = load_rules(text=synthetic_rules(args.rules, rng))
    synthetic = [p for r in ruleset.rules if r.id.startswith("synthetic.") for p in r.patterns]
    # as bench_compliance.py
    texts = messages(rng, [synthetic[10] + "，", synthetic[-3] + "。"], args.texts)
    assert not any("\n" in t for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        rules_file, text_file = Path(tmp, "rules"), Path(tmp, "message")
        rules_file.write_bytes(ruleset.dumps())
        text_file.write_text("\n".join(texts), encoding="utf-8")
        base = ["-c", CHECKS, str(rules_file), str(text_file)]
        once = counted([*base, "0"], tmp)
        many = counted([*base, str(args.checks)], tmp)
    per_check = [(b - a) / args.checks for a, b in zip(once, many, strict=True)]
    print(
        f"rules: {len(ruleset)}, messages: {len(texts)} of {len(texts[0])} chars, "
        f"checks counted: {args.checks}"
    )
    print(f"RuleSet.check: {per_check[0] / 1e6:.2f} M instructions per check")
    print(f"RuleSet.check: {per_check[1] / 1e3:.1f} k first-level data-cache misses per check")
    print(f"load average (does not move these): {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
