"""Benchmark the repayment/APR engine against numpy-financial in the same run.

    python scripts/bench_calc.py [--runs 200]

Ours (Decimal, exact): a 360-month annuity schedule in the display and the ledger
convention plus the APR of the same loan with an upfront fee (IRR on 361 flows).
Theirs (float): numpy-financial's amortisation loop, ipmt/ppmt for each of the 360
periods, plus the vectorised form and npf.irr, for comparison. Target: ours < 5 ms median.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import numpy_financial as npf

from loancs.core.finance import LoanSpec, apr_from_spec, schedule

PRINCIPAL = Decimal(1_000_000)
RATE = Decimal("4.9")
MONTHS = 360
FEE = Decimal(10_000)
TARGET_MS = 5.0


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1e6


def ours() -> dict[str, Callable[[], object]]:
    display = LoanSpec(PRINCIPAL, RATE, MONTHS)
    ledger = LoanSpec(PRINCIPAL, RATE, MONTHS, rounding="ledger")

    def all_three() -> None:
        schedule(display)
        schedule(ledger)
        apr_from_spec(display, upfront_fee=FEE)

    return {
        "schedule 360, display": lambda: schedule(display),
        "schedule 360, ledger": lambda: schedule(ledger),
        "APR (361 flows, upfront fee)": lambda: apr_from_spec(display, upfront_fee=FEE),
        "TOTAL display + ledger + APR": all_three,
    }


def numpy_financial() -> dict[str, Callable[[], object]]:
    i, p = float(RATE) / 1200, float(PRINCIPAL)
    periods = np.arange(1, MONTHS + 1)

    def loop() -> list[tuple[float, float, float]]:
        payment = -npf.pmt(i, MONTHS, p)
        balance = p
        rows = []
        for per in range(1, MONTHS + 1):
            interest = -float(npf.ipmt(i, per, MONTHS, p))
            principal = -float(npf.ppmt(i, per, MONTHS, p))
            balance -= principal
            rows.append((payment, interest, balance))
        return rows

    flows = [-(p - float(FEE))] + [-float(npf.pmt(i, MONTHS, p))] * MONTHS
    return {
        "npf amortisation loop (ipmt+ppmt x360)": loop,
        "npf vectorised ipmt/ppmt": lambda: (
            npf.ipmt(i, periods, MONTHS, p),
            npf.ppmt(i, periods, MONTHS, p),
        ),
        "npf.irr (361 flows)": lambda: npf.irr(flows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    print(
        f"loancs calc benchmark: {PRINCIPAL:,} at {RATE}% over {MONTHS} months, median of {args.runs} runs"
    )
    results = {}
    for name, fn in {**ours(), **numpy_financial()}.items():
        results[name] = _median_ms(fn, args.runs)
        print(f"  {name:<42} {results[name]:8.3f} ms")
    total = results["TOTAL display + ledger + APR"]
    verdict = "OK" if total < TARGET_MS else "OVER TARGET"
    print(f"ours total {total:.3f} ms vs target {TARGET_MS:.1f} ms: {verdict}")


if __name__ == "__main__":
    main()
