"""What the shipped compliance classifier (loancs/core/compliance/model.py) costs.

    python scripts/bench_compliance_model.py [--runs 1000] [--repeat 5]

Prints the CPU time of ``RuleSet.check`` on the bench's 300-character message with 5,000
synthetic rules, with the classifier and with it stubbed out in the same rule set (best of
``--repeat`` batches, alternating), their difference, the cost of the model alone on short messages, and the CPU
time to read the model file in a fresh process (what a cold ``loancs check`` pays once; a warm
rules cache carries the built model).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_compliance import message, synthetic_rules  # noqa: E402

from loancs.core.compliance import load_rules, model  # noqa: E402
from loancs.core.normalize import normalize  # noqa: E402

SHORT = (
    "放心，这笔肯定能批下来",
    "你再不还钱，我们就去你单位找你领导",
    "您好，请问有什么可以帮您？",
)
LOAD = (
    "import time; from loancs.core.compliance import model; t = time.process_time(); "
    "model.shipped(); print((time.process_time() - t) * 1000)"
)


def cpu_ms(fn, runs: int) -> float:
    for _ in range(50):
        fn()
    start = time.process_time()
    for _ in range(runs):
        fn()
    return (time.process_time() - start) * 1000 / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    ruleset = load_rules(text=synthetic_rules(5000, rng))
    synthetic = [p for r in ruleset.rules if r.id.startswith("synthetic.") for p in r.patterns]
    text = message(rng, [synthetic[10] + "，", synthetic[-3] + "。"])
    real = model.classify
    best = {"with": float("inf"), "without": float("inf")}
    try:
        for _ in range(args.repeat):  # the same rule set, the classifier on and stubbed out
            model.classify = real
            best["with"] = min(best["with"], cpu_ms(lambda: ruleset.check(text), args.runs))
            model.classify = lambda norm: []
            best["without"] = min(best["without"], cpu_ms(lambda: ruleset.check(text), args.runs))
    finally:
        model.classify = real
    print(
        f"RuleSet.check, {len(text)}-char message, {len(ruleset)} rules, CPU ms per check "
        f"(best of {args.repeat} x {args.runs}): with the model {best['with']:.3f}, "
        f"model stubbed out {best['without']:.3f}, "
        f"difference {1000 * (best['with'] - best['without']):.0f} us"
    )
    shipped = model.shipped()
    for short in (text, *SHORT):
        light = normalize(short).light
        us = 1000 * min(cpu_ms(lambda s=light: shipped.score(s), args.runs) for _ in range(3))
        print(f"model alone {us:6.1f} us  {short[:24]!r} ({len(short)} chars)")
    loads = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", LOAD],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PATH": ""},
        )
        loads.append(float(out.stdout))
    size = (model.DATA_DIR / model.MODEL_FILE).stat().st_size // 1024
    print(
        f"reading the model file ({size} KiB) in a fresh process: median "
        f"{sorted(loads)[2]:.1f} ms CPU (5 runs)"
    )


if __name__ == "__main__":
    main()
