"""Instructions per ``RuleSet.check`` (the speed bench's 300-character message, 5,000
synthetic rules) counted by valgrind: a figure the machine's load does not move, for
comparing two trees or two commits when wall and CPU time are too noisy.

    python scripts/bench_compliance_instructions.py [--checks 100]

Builds the rule set natively and keeps it as the rules cache would (``RuleSet.dumps``), then
runs two processes under ``valgrind --tool=cachegrind``: one that loads it and checks the
message once, one that checks it ``--checks`` more times; the difference, divided, is what
one check costs: instructions executed and first-level data-cache misses (simulated). Needs
valgrind on the PATH; takes a few minutes (valgrind runs Python about 50 times slower).
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

from bench_compliance import message, synthetic_rules  # noqa: E402

from loancs.core.compliance import load_rules  # noqa: E402

CHECKS = """
import sys
from loancs.core.compliance import RuleSet
ruleset = RuleSet.loads(open(sys.argv[1], "rb").read())
text = open(sys.argv[2], encoding="utf-8").read()
for _ in range(1 + int(sys.argv[3])):
    ruleset.check(text)
"""


def counted(args: list[str], cwd: str) -> tuple[int, int]:
    """(instructions, D1 misses) of one process under cachegrind (run in ``cwd``, so the
    loancs it imports is the one on PYTHONPATH, not the current directory's)."""
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
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    rng = random.Random(args.seed)
    ruleset = load_rules(text=synthetic_rules(args.rules, rng))
    synthetic = [p for r in ruleset.rules if r.id.startswith("synthetic.") for p in r.patterns]
    text = message(rng, [synthetic[10] + "，", synthetic[-3] + "。"])  # as bench_compliance.py
    with tempfile.TemporaryDirectory() as tmp:
        rules_file, text_file = Path(tmp, "rules"), Path(tmp, "message")
        rules_file.write_bytes(ruleset.dumps())
        text_file.write_text(text, encoding="utf-8")
        base = ["-c", CHECKS, str(rules_file), str(text_file)]
        once = counted([*base, "0"], tmp)
        many = counted([*base, str(args.checks)], tmp)
    per_check = [(b - a) / args.checks for a, b in zip(once, many, strict=True)]
    print(f"rules: {len(ruleset)}, message: {len(text)} chars, checks counted: {args.checks}")
    print(f"RuleSet.check: {per_check[0] / 1e6:.2f} M instructions per check")
    print(f"RuleSet.check: {per_check[1] / 1e3:.1f} k first-level data-cache misses per check")
    print(f"load average (does not move these): {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
