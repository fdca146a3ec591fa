"""Start-up time of the commands scripts and supervisors run often, against the floor of
importing Typer and Rich. Prints the median wall time of N runs each (a fresh interpreter per
run, like a shell script calling `loancs`).

    python scripts/bench_startup.py [--runs 15]

`loancs check` is measured with its compiled rules cached (the usual case: the first run
after an install or a rule change compiles them, about as long as before the cache).
"""

from __future__ import annotations

import argparse
import resource
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
        "python -c 'import typer._adapters' (what Typer 0.29 would import for any option)",
        ["-c", "import typer, rich, typer._adapters"],
    ),
]


def run_once(args: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one fresh interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    # Round robin: each round runs every case once, so the machine's other load (which moves
    # a fresh interpreter's start by tens of percent from minute to minute) falls on all of
    # them alike; then the median of each case's runs.
    times: list[list[tuple[float, float]]] = [[] for _ in CASES]
    for _label, args in CASES:  # warm the file cache (and the compiled rules of `check`)
        run_once(args)
    for _ in range(runs):
        for k, (_label, args) in enumerate(CASES):
            times[k].append(run_once(args))
    print(f"median of {runs} rounds (every case once a round), fresh interpreter each")
    print("   wall          CPU (user+sys; steadier when other work shares the machine)")
    floor_wall = statistics.median(t[0] for t in times[0])
    floor_cpu = statistics.median(t[1] for t in times[0])
    for (label, _args), runs_of_case in zip(CASES, times, strict=True):
        wall = statistics.median(t[0] for t in runs_of_case)
        cpu = statistics.median(t[1] for t in runs_of_case)
        print(
            f"{wall * 1000:7.0f} ms x{wall / floor_wall:4.1f}"
            f"  {cpu * 1000:5.0f} ms x{cpu / floor_cpu:4.1f}  {label}"
        )
    print("target (issue 15): loancs --help, calc and check within x1.5 of the floor")


if __name__ == "__main__":
    main()
