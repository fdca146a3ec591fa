"""Where a check's time goes, by stage of ``RuleSet.check``, on the speed bench's messages
(300 characters, 5,000 synthetic rules: see bench_compliance.py), and what their two halves
cost apart: the service reply the bench plants (about 135 characters: greeting, a rate quote,
a negated promise, a masked mobile, an English sentence) and the padding of random common
hanzi that fills each message up to 300.

    python scripts/bench_compliance_stages.py [--rules 5000] [--texts 32] [--batches 60]

Each stage's functions (the engine's calls of them, in loancs.core.compliance.engine) are
wrapped with a clock for the run (CPU time of the thread, so time spent waiting for a core
does not count); the wrapper's own cost is measured and taken off. A batch
checks every message once; the batch with the smallest total is the one reported (the least
disturbed by other processes), as bench_compliance.py reports its best batch; the shares are
of a check timed without the clocks (best batch too), and "rest" is what is left of it outside
the stages (the check's own lines, ranking and sorting the hits).
Compare two trees with each tree's own script, alternated, with the load written beside.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_compliance import messages, synthetic_rules  # noqa: E402

from loancs.core.compliance import concepts, engine, load_rules  # noqa: E402

# stage -> the (owner, attribute) pairs timed for it; each is called by RuleSet.check itself
STAGES: dict[str, list[tuple[Any, str]]] = {
    "normalize (views, maps)": [
        (engine, "normalize_viewed"),
        (engine, "normalize"),
        (engine, "_unsymbol"),
        (engine, "_unleet"),
    ],
    "shared walk (syllable view)": [(engine, "syllable_matches")],
    "typed pinyin (Latin text)": [
        (engine, "latin_windows"),
        (engine, "sound_matches"),
        (engine, "pinyin_windows"),
        (engine, "initial_matches"),
    ],
    "concept finds": [
        (concepts.ConceptIndex, "occurrences"),
        (engine, "quiet_times"),
        (engine, "Matcher"),
    ],
    "phrase hits": [(engine.RuleSet, "_phrase_hits")],
    "concept hits": [(engine.RuleSet, "_concept_hits")],
    "model (classifier)": [(engine.RuleSet, "_model_hits"), (engine, "_judged")],
    "rates": [(engine.RuleSet, "_rate_hits")],
    "pii": [(engine.RuleSet, "_pii_hits")],
}

_TEMPLATE_END = "Your application is under review. "


def _clocked(fn: Callable[..., Any], slot: list[int]) -> Callable[..., Any]:
    clock = time.thread_time_ns

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            slot[0] += clock() - start
            slot[1] += 1

    return timed


def _wrapper_cost() -> float:
    """Nanoseconds a wrapped call costs more than a plain one (taken off each call)."""

    def plain(x: int) -> int:
        return x

    slot = [0, 0]
    wrapped = _clocked(plain, slot)
    best = float("inf")
    for _ in range(7):
        start = time.thread_time_ns()
        for i in range(20_000):
            plain(i)
        bare = time.thread_time_ns() - start
        start = time.thread_time_ns()
        for i in range(20_000):
            wrapped(i)
        best = min(best, (time.thread_time_ns() - start - bare) / 20_000)
    return max(best, 0.0)


def split(text: str) -> tuple[str, str]:
    """A bench message as (the planted service reply, the padding after it)."""
    cut = text.find(_TEMPLATE_END)
    if cut < 0:
        return text, ""
    cut += len(_TEMPLATE_END)
    return text[:cut], text[cut:]


def plain_time(ruleset: Any, texts: list[str], batches: int) -> float:
    """us a check of the least disturbed batch, without clocks (CPU time of the thread)."""
    for text in texts:
        ruleset.check(text)
    best = float("inf")
    for _ in range(batches):
        start = time.thread_time_ns()
        for text in texts:
            ruleset.check(text)
        best = min(best, (time.thread_time_ns() - start) / len(texts) / 1000)
    return best


def stage_times(
    ruleset: Any, texts: list[str], batches: int
) -> tuple[float, dict[str, float], dict[str, float]]:
    """(total us a check, stage -> us a check, stage -> calls a check) of the least disturbed
    batch, with the stages' clocks in place (the total without what the clocks cost as
    calibrated; see :func:`plain_time` for a check without them)."""
    slots = {name: [0, 0] for name in STAGES}
    saved = []
    for name, places in STAGES.items():
        for owner, attribute in places:
            original = getattr(owner, attribute)
            saved.append((owner, attribute, original))
            setattr(owner, attribute, _clocked(original, slots[name]))
    try:
        overhead = _wrapper_cost()
        for text in texts:  # warm every one-text cache and lazy table
            ruleset.check(text)
        best: tuple[float, dict[str, float], dict[str, float]] | None = None
        for _ in range(batches):
            for slot in slots.values():
                slot[0] = slot[1] = 0
            start = time.thread_time_ns()
            for text in texts:
                ruleset.check(text)
            total = (time.thread_time_ns() - start) / len(texts) / 1000
            if best is None or total < best[0]:
                best = (
                    total,
                    {n: (s[0] - s[1] * overhead) / len(texts) / 1000 for n, s in slots.items()},
                    {n: s[1] / len(texts) for n, s in slots.items()},
                )
        assert best is not None
        total, stages, calls = best
        # the wrappers' cost is off the stages; take it off the whole check too
        total -= sum(calls.values()) * overhead / 1000
        return total, stages, calls
    finally:
        for owner, attribute, original in saved:
            setattr(owner, attribute, original)


def report(
    title: str, plain: float, measured: tuple[float, dict[str, float], dict[str, float]]
) -> str:
    """The stages of one run, as shares of a check without clocks (``plain``); "rest" is
    what is left of it (the check's own lines, ranking the hits; negative when the clocks
    cost more inside a check than calibrated)."""
    clocked, stages, _ = measured
    lines = [f"{title}: {plain:.1f} us a check ({clocked:.1f} with the clocks, their cost off)"]
    for name, us in sorted(stages.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<30} {us:7.1f} us  {100 * us / plain:5.1f}%")
    rest = plain - sum(stages.values())
    lines.append(f"  {'rest (check itself)':<30} {rest:7.1f} us  {100 * rest / plain:5.1f}%")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rules", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--texts", type=int, default=32)
    parser.add_argument("--batches", type=int, default=60, help="batches of --texts checks")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    ruleset = load_rules(text=synthetic_rules(args.rules, rng))
    synthetic = [p for r in ruleset.rules if r.id.startswith("synthetic.") for p in r.patterns]
    texts = messages(rng, [synthetic[10] + "，", synthetic[-3] + "。"], args.texts)
    parts = [split(text) for text in texts]
    print(
        f"rules: {len(ruleset)}, messages: {len(texts)} of {len(texts[0])} characters "
        f"(planted reply {len(parts[0][0])}, padding {len(parts[0][1])}); "
        f"best of {args.batches} batches"
    )
    sets = {
        "whole messages": texts,
        "the planted reply alone": [p[0] for p in parts],
        "the padding alone": [p[1] for p in parts if p[1]],
    }
    runs = {}
    for title, chosen in sets.items():
        plain = plain_time(ruleset, chosen, args.batches)
        runs[title] = (plain, stage_times(ruleset, chosen, args.batches))
        print(report(title, *runs[title]))
    whole, reply = runs["whole messages"][1], runs["the planted reply alone"][1]
    added = runs["whole messages"][0] - runs["the planted reply alone"][0]
    print(
        f"the padding adds {added:.1f} us to a check "
        f"({100 * added / runs['whole messages'][0]:.0f}%), "
        f"{added / max(1, len(parts[0][1])):.2f} us a character; by stage:"
    )
    for name in sorted(STAGES, key=lambda n: -(whole[1][n] - reply[1][n])):
        print(f"  {name:<30} {whole[1][name] - reply[1][name]:7.1f} us")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
