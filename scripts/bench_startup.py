"""Start-up time of the commands scripts and supervisors run often, against the floor of
importing Typer and Rich. Prints the median wall time of N runs each (a fresh interpreter per
run, like a shell script calling `loancs`).

    python scripts/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = [
    ("python -c 'import typer, rich' (floor)", ["-c", "import typer, rich"]),
    ("loancs --help", ["-m", "loancs", "--help"]),
    ("loancs -V", ["-m", "loancs", "-V"]),
    (
        "loancs calc schedule --principal 100000 --rate 4.2 --months 12",
        [
            "-m",
            "loancs",
            "calc",
            "schedule",
            "--principal",
            "100000",
            "--rate",
            "4.2",
            "--months",
            "12",
        ],
    ),
    ("loancs check '保证下款'", ["-m", "loancs", "check", "保证下款"]),
    (
        "loancs --help with every command module imported first (what cli.py did before)",
        [
            "-c",
            "import sys; sys.argv = ['loancs', '--help']; import loancs.cli as c;"
            " [c.load_module_commands(m) for m in c.COMMAND_MODULES]; c.main()",
        ],
    ),
    (
        "python -c 'import typer._adapters' (Typer 0.29 coerces every option with pydantic)",
        ["-c", "import typer, rich, typer._adapters"],
    ),
]


def measure(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    floor = None
    print(f"median of {runs} runs, fresh interpreter each")
    for label, args in CASES:
        seconds = measure(args, runs)
        floor = floor or seconds
        print(f"{seconds * 1000:7.0f} ms  x{seconds / floor:4.1f}  {label}")


if __name__ == "__main__":
    main()
