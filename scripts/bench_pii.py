#!/usr/bin/env python3
"""CPU per call of the personal-number masking, for texts the server sees: the whole scan
(``find_pii_normalized(normalize(text))``, what every text paid before the pre-check) against
``mask_text`` (the exact pre-check first) and ``masked_for_agents`` (what every event an agent
gets goes through). Best of 5 rounds, ``time.process_time``, so it holds on a loaded machine.

    python scripts/bench_pii.py            # 20,000 calls per figure
    python scripts/bench_pii.py 50000
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loancs.core.normalize import normalize  # noqa: E402
from loancs.core.pii import find_pii_normalized, mask_text  # noqa: E402
from loancs.core.privacy import masked_for_agents  # noqa: E402

TEXTS = {
    "load test body (perf_counter stamp)": "t=46923.123456 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
    "bench_writer body (epoch stamp)": "t=1764612345.123456 我想咨询一下房贷提前还款的违约金和手续费，谢谢",
    "Chinese, no digits": "我想咨询一下房贷提前还款的违约金和手续费，谢谢",
    "English, short numbers": "About the prepayment penalty on my mortgage, ref 2024-118, thanks",
    "order number, 16 digits": "订单号 2024112012345678 还没到账",
    "a mobile (masked)": "我的手机13800138000，请回电",
    "a mobile read out in hanzi (masked)": "我的手机一三八零零一三八零零零，请回电",
}


def per_call(fn: Callable[[], object], n: int) -> float:
    best = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(n):
            fn()
        best.append((time.process_time() - started) / n * 1e6)
    return min(best)


def main(n: int) -> None:
    print(f"CPU µs per call, best of 5 x {n:,}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'text':38s} {'whole scan':>10s} {'mask_text':>10s} {'agents':>10s}")
    for name, text in TEXTS.items():
        payload = {"message": 1, "customer": 2, "channel": "wechat", "body": text}
        scan = per_call(lambda t=text: find_pii_normalized(normalize(t)), n)
        mask = per_call(lambda t=text: mask_text(t), n)
        agents = per_call(lambda p=payload: masked_for_agents(p), n)
        print(f"{name:38s} {scan:10.1f} {mask:10.1f} {agents:10.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
