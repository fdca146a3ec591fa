"""How long ``loancs check`` takes from process start to exit, against a bare Python that
only imports typer and rich (the floor any Typer + Rich command pays), with the compiled
rules cache (see loancs/rules_cache.py) warm and turned off; then, in one process, what the
engine's stages cost (import, compile or load from the cache, first check).

    python scripts/bench_check_startup.py [--runs 15]

Prints, for each command run as a fresh process each time (the commands take turns, one
run each, so the machine's load weighs on all alike), the median CPU time the process
used (user + system, from the kernel's accounting of the child: steady while others load the
machine) and its ratio to the floor, then the median and best wall time. Run it from the
repository root with PYTHONPATH pointing at the tree. Byte-code files are allowed to be
written (PYTHONDONTWRITEBYTECODE is dropped for the children): an installed package has them,
and without them every run would compile loancs's sources again.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MESSAGE = "放心，这笔肯定能批下来，月息1.5%"


def timed(
    cmd: list[str], runs: int, env: dict[str, str] | None = None
) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each run (CPU: user + system of the child)."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
        )
        wall.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpu.append(used * 1000)
    return wall, cpu


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
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as cache_dir:
        warm = {**base, "LOANCS_CACHE_DIR": cache_dir}
        cold = {**base, "LOANCS_CACHE_DIR": ""}
        runs = []
        for position, (name, cmd) in enumerate(commands.items()):
            for label, env in (("", warm), (" [no cache]", cold)):
                if position == 0 and label:
                    continue  # the floor does not read rules
                timed(cmd, 2, env)  # warm the page cache, .pyc files and the rules cache
                runs.append((name + label, cmd, env, [], []))
        # round-robin: one run of each command in turn, so a change in the machine's load
        # weighs on every command alike (and on the floor they are divided by)
        for _ in range(args.runs):
            for _, cmd, env, wall, cpu in runs:
                one_wall, one_cpu = timed(cmd, 1, env)
                wall += one_wall
                cpu += one_cpu
        floor = statistics.median(runs[0][4])
        for name, _, _, wall, cpu in runs:
            median = statistics.median(cpu)
            print(
                f"{name:<46} cpu {median:5.0f} ms ({median / floor:4.2f}x floor)"
                f"   wall median {statistics.median(wall):5.0f} ms, best {min(wall):5.0f} ms"
            )
        print("in one process (median): import engine / load rules / first check")
        for label, env in (("rules cache warm", warm), ("no cache", cold)):
            a, b, c = stages(args.runs, env)
            print(f"  {label:<18} {a:6.1f} ms / {b:6.1f} ms / {c:6.1f} ms")


if __name__ == "__main__":
    main()
