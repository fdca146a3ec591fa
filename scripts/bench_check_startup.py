"""How long ``loancs check`` takes from process start to exit, against a bare Python that
only imports typer and rich (the floor any Typer + Rich command pays).

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
import time

MESSAGE = "放心，这笔肯定能批下来，月息1.5%"


def timed(cmd: list[str], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


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
    floor = None
    for name, cmd in commands.items():
        timed(cmd, 2)  # warm the page cache and .pyc files
        samples = timed(cmd, args.runs)
        median = statistics.median(samples)
        floor = median if floor is None else floor
        extra = f"   (+{median - floor:5.0f} ms over the floor)" if median != floor else ""
        print(f"{name:<40} median {median:6.0f} ms   best {min(samples):6.0f} ms{extra}")


if __name__ == "__main__":
    main()
