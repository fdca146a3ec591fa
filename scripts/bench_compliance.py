"""Benchmark the compliance check: accuracy on the labelled sentences, then speed with 5,000
synthetic rules on 300-character messages.

    python scripts/bench_compliance.py [--rules 5000] [--runs 2000] [--seed 7] [--texts 32] [--show dev]

Accuracy (tests/data/compliance/{dev,heldout}.tsv): recall is the share of violations that
get a hit of their labelled category at warn or block; the false-alarm rate is the share of
clean sentences whose verdict is not ok. ``--show dev`` lists the misses and false alarms of
the development half (the held-out half is only ever summarised: do not tune on it).

Prints the median (and p95) time of ``RuleSet.check`` on the full engine (normalisation,
Aho-Corasick phrase matching, negation, rate disclosure, PII; over ``--texts`` messages, the
same planted phrases in different padding, checked in turn) and, in the same run, of a
naive loop that tests every pattern with ``pattern in normalised_text`` (that loop does
LESS work: it is given the normalised text and does no offsets, negation, rates or PII).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

from loancs.core.compliance import load_rules
from loancs.core.normalize import normalize

COMMON_HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向"
    "道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长"
)
ENGLISH = [
    "loan",
    "rate",
    "credit",
    "approval",
    "fee",
    "term",
    "repay",
    "account",
    "balance",
    "offer",
    "limit",
    "bank",
    "agent",
    "customer",
    "payment",
    "interest",
    "schedule",
    "review",
    "apply",
    "mobile",
    "card",
    "quick",
    "easy",
    "promise",
    "guarantee",
    "bonus",
]


def synthetic_rules(count: int, rng: random.Random) -> str:
    lines = []
    for i in range(count):
        if i % 5 == 4:
            patterns = [" ".join(rng.sample(ENGLISH, 3)) for _ in range(2)]
        else:
            patterns = ["".join(rng.choices(COMMON_HANZI, k=rng.randint(3, 6))) for _ in range(2)]
        quoted = ", ".join(f'"{p}"' for p in patterns)
        lines.append(
            f'[[rule]]\nid = "synthetic.{i}"\ncategory = "marketing"\nseverity = "warn"\n'
            f'patterns = [{quoted}]\nmessage = "synthetic rule {i}"\nsuggestion = "rephrase"\n'
        )
    return "\n".join(lines)


def message(rng: random.Random, planted: list[str], length: int = 300) -> str:
    """A service reply with a rate quote, a negated lure, a masked number and two phrases
    of synthetic rules planted in it, padded with common characters."""
    parts = [
        *planted,
        "您好，我是您的专属客服。",
        "关于您咨询的贷款，月费率0.5%，分12期，",
        "我们不能保证通过，",
        "审核结果以系统通知为准。",
        "您的手机号138****5678已绑定，",
        "如有疑问请随时联系我们。Your application is under review. ",
    ]
    text = "".join(parts)
    while len(text) < length:
        text += "".join(rng.choices(COMMON_HANZI, k=20)) + "，"
    return text[:length]


def messages(rng: random.Random, planted: list[str], count: int = 32) -> list[str]:
    """``count`` messages as :func:`message` builds them, each padded differently (the first
    is the one a single-message run used): timing one text again and again would let the
    engine's one-message caches (the sound view of the last text) flatter it."""
    return [message(rng, planted), *(message(random.Random(i), planted) for i in range(1, count))]


DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "compliance"


def labelled(name: str, origin: str | None = None) -> list[tuple[str, str, str]]:
    """The rows of one set; with ``origin``, only those after its "# origin: ..." line (a set
    grown in sections keeps where each section came from)."""
    rows = []
    section = "original"
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# origin:"):
            section = line.removeprefix("# origin:").split("—")[0].strip()
        elif line.strip() and not line.startswith("#") and origin in (None, section):
            label, klass, text = line.split("\t")
            rows.append((label, klass, text))
    return rows


def origins(name: str) -> list[str]:
    found = ["original"]
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# origin:"):
            found.append(line.removeprefix("# origin:").split("—")[0].strip())
    return found


def _rate(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:5.1f}%" if whole else "-"


def accuracy(
    ruleset, name: str, show: bool, by_class: bool = False, origin: str | None = None
) -> str:
    rows = labelled(name, origin)
    caught = violations = alarms = clean = 0
    per_class: dict[str, list[int]] = {}
    for label, klass, text in rows:
        result = ruleset.check(text)
        counts = per_class.setdefault(f"{label}/{klass}", [0, 0])
        counts[1] += 1
        if label == "clean":
            clean += 1
            if result.verdict != "ok":
                alarms += 1
                counts[0] += 1
                if show:
                    print(f"  FALSE ALARM [{klass}] {text}  <- {[h.rule for h in result.hits]}")
        else:
            violations += 1
            if any(h.category == label and h.severity != "info" for h in result.hits):
                caught += 1
                counts[0] += 1
            elif show:
                print(f"  MISSED [{label}/{klass}] {text}  <- {[h.rule for h in result.hits]}")
    title = name if origin is None else f"  {origin}"
    lines = [f"{title:<8} recall {_rate(caught, violations)}   false alarms {_rate(alarms, clean)}"]
    if by_class:
        for key in sorted(per_class):
            hit, total = per_class[key]
            what = "false alarms" if key.startswith("clean/") else "caught"
            lines.append(f"    {key:<34} {what} {_rate(hit, total)}")
    return "\n".join(lines)


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rules", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--texts", type=int, default=32, help="distinct messages the speed runs cycle through"
    )
    parser.add_argument(
        "--show", help="list one set's errors (dev or a probe set; never the held-out half)"
    )
    parser.add_argument(
        "--by-class",
        action="store_true",
        help="recall / false alarms per class of the probes and of each held-out section (counts only)",
    )
    parser.add_argument(
        "--sets", help="comma-separated sets to score (default: all); iterate with --sets dev"
    )
    parser.add_argument("--accuracy-only", action="store_true", help="skip the speed figures")
    args = parser.parse_args()
    if args.show == "heldout":
        parser.error("the held-out half is only summarised")
    shipped = load_rules()
    print("accuracy (shipped rules; tests/data/compliance):")
    probes = sorted(p.stem for p in DATA.glob("probe*.tsv"))
    for name in args.sets.split(",") if args.sets else ("dev", "heldout", *probes):
        by_class = args.by_class and name in probes
        by_section = args.by_class and name == "heldout"  # counts per class, never sentences
        print("  " + accuracy(shipped, name, show=args.show == name, by_class=by_class))
        if len(origins(name)) > 1:  # the held-out half in its sections, totals only
            for origin in origins(name):
                print(
                    "  " + accuracy(shipped, name, show=False, by_class=by_section, origin=origin)
                )
    if args.accuracy_only:
        return
    rng = random.Random(args.seed)

    build_start = time.perf_counter()
    ruleset = load_rules(text=synthetic_rules(args.rules, rng))
    build_ms = (time.perf_counter() - build_start) * 1000
    patterns = [p for r in ruleset.rules if r.detector == "phrase" for p in r.patterns]
    synthetic = [p for r in ruleset.rules if r.id.startswith("synthetic.") for p in r.patterns]
    texts = messages(rng, [synthetic[10] + "，", synthetic[-3] + "。"], args.texts)
    text = texts[0]
    folded = [normalize(p).dense for p in patterns]
    turn = iter(range(1 << 62))  # each run checks the next text

    def engine() -> None:
        ruleset.check(texts[next(turn) % len(texts)])

    def naive() -> None:
        dense = normalize(texts[next(turn) % len(texts)]).dense
        [p for p in folded if p in dense]

    for fn in (engine, naive):  # warm caches
        for _ in range(50):
            fn()
    engine_ms = timed(engine, args.runs)
    naive_ms = timed(naive, args.runs)
    result = ruleset.check(text)

    # CPU time per check over batches (steadier than wall time while others load the machine;
    # the best batch is the least disturbed by them)
    batches = []
    size = max(1, args.runs // 10)
    for _ in range(10):
        cpu_start = time.process_time()
        for i in range(size):
            ruleset.check(texts[i % len(texts)])
        batches.append((time.process_time() - cpu_start) * 1000 / size)
    cpu_per_check = statistics.mean(batches)

    def row(name: str, samples: list[float]) -> str:
        p95 = statistics.quantiles(samples, n=20)[-1]
        return f"{name:<44} median {statistics.median(samples):7.3f} ms   p95 {p95:7.3f} ms"

    print(
        f"rules: {len(ruleset)} ({len(patterns)} phrase patterns), messages: {len(texts)} of "
        f"{len(text)} chars, runs: {args.runs}, build: {build_ms:.0f} ms"
    )
    print(f"verdict (first message): {result.verdict}, hits: {[h.rule for h in result.hits]}")
    print(row("RuleSet.check (full engine, Aho-Corasick)", engine_ms))
    print(row("naive loop (pattern in normalised text)", naive_ms))
    print(f"speed-up: {statistics.median(naive_ms) / statistics.median(engine_ms):.1f}x")
    print(
        f"RuleSet.check CPU time per check (10 batches of {size}): mean {cpu_per_check:.3f} ms, "
        f"best batch {min(batches):.3f} ms"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
