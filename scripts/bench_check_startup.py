"""How long ``loancs check`` takes from process start to exit, against a bare Python that
only imports typer and rich (the floor any Typer + Rich command pays), with the compiled
rules cache (see loancs/rules_cache.py) warm and turned off; then, in one process, what the
engine's stages cost (import, compile or load from the cache, first check).

    python scripts/bench_check_startup.py [--runs 15]

Prints the median and best wall time of each command, run as a fresh process each time, and
the difference. Run it from the repository root with PYTHONPATH pointing at the tree.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MESSAGE = "放心，这笔肯定能批下来，月息1.5%"


def timed(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
        )
        samples.append((time.perf_counter() - start) * 1000)
    return samples


STAGES = """
import time
t0 = time.perf_counter()
from loancs.core.compliance import load_rules
from loancs.rules_cache import FileRuleCache
t1 = time.perf_counter()
rules = load_rules(cache=FileRuleCache.default())
t2 = time.perf_counter()
rules.check(MESSAGE)
t3 = time.perf_counter()
print(f"{(t1 - t0) * 1000:.1f} {(t2 - t1) * 1000:.1f} {(t3 - t2) * 1000:.1f}")
"""


def stages(runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    code = f"MESSAGE = {MESSAGE!r}\n{STAGES}"
    rows = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout
        rows.append([float(x) for x in out.split()])
    a, b, c = (statistics.median(col) for col in zip(*rows, strict=True))
    return a, b, c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    commands = {
        'python -c "import typer, rich"': [python, "-c", "import typer, rich"],
        "python -m loancs check MSG --json": [python, "-m", "loancs", "check", MESSAGE, "--json"],
        "python -m loancs check MSG (table)": [python, "-m", "loancs", "check", MESSAGE],
    }
    script = shutil.which("loancs")
    if script:
        commands["loancs check MSG --json"] = [script, "check", MESSAGE, "--json"]
    print(f"runs: {args.runs} each, PYTHONPATH={os.environ.get('PYTHONPATH', '')}")
    with tempfile.TemporaryDirectory() as cache_dir:
        warm = {**os.environ, "LOANCS_CACHE_DIR": cache_dir}
        cold = {**os.environ, "LOANCS_CACHE_DIR": ""}
        floor = None
        for position, (name, cmd) in enumerate(commands.items()):
            for label, env in (("", warm), (" [no cache]", cold)):
                if position == 0 and label:
                    continue  # the floor does not read rules
                timed(cmd, 2, env)  # warm the page cache, .pyc files and the rules cache
                samples = timed(cmd, args.runs, env)
                median = statistics.median(samples)
                floor = median if floor is None else floor
                extra = f"   (+{median - floor:5.0f} ms over the floor)" if median != floor else ""
                print(
                    f"{name + label:<50} median {median:6.0f} ms   best {min(samples):6.0f} ms"
                    f"{extra}"
                )
        print("in one process (median): import engine / load rules / first check")
        for label, env in (("rules cache warm", warm), ("no cache", cold)):
            a, b, c = stages(args.runs, env)
            print(f"  {label:<18} {a:6.1f} ms / {b:6.1f} ms / {c:6.1f} ms")


if __name__ == "__main__":
    main()
