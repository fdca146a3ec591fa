"""Every hit the compliance checker finds on a large, fixed set of messages, saved and compared:
a speed change to the engine must not change a single verdict, offset or explanation.

    python scripts/compliance_verdicts.py save /tmp/verdicts.json      # before a change
    python scripts/compliance_verdicts.py compare /tmp/verdicts.json   # after: exit 1 on a diff

The messages (stored in the file, so ``compare`` checks exactly what ``save`` saw):

- every sentence of tests/data/compliance/*.tsv, without and with a send time (21:00 in
  Shanghai, so relative times count) and in both message languages;
- ``--random`` (default 3,000) generated messages, from a fixed seed: strings of common hanzi
  (the speed bench's filler); labelled sentences spliced together; sentences with hanzi typed
  as pinyin, spaced out, full-width, traditional, with zero-width characters or leet digits;
  random mixes of the rule packs' concept terms, negators and fillers;
- the speed bench's message and variants against its 5,000 synthetic rules;
- the assistant's knowledge-base answers (every ``answer*`` of every entry, and each Markdown
  file whole and by paragraph), in both message languages and none: what the assistant
  suggests goes through the same check.

Every other message of the shipped rules is checked by a rule set that went through the
rules cache's bytes (``RuleSet.dumps`` / ``loads``), as a warm ``loancs check`` reads it.

For each: the verdict and every hit's contract fields (rule, category, severity, start, end,
match, message, suggestion) plus what ``--explain`` shows (pattern and concepts).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import opencc

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_compliance import COMMON_HANZI, ENGLISH, message, synthetic_rules  # noqa: E402

from loancs.core.compliance import RuleSet, load_rules  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "compliance"
# 2026-03-02 21:00 in Shanghai (13:00 UTC): inside the default quiet hours' evening
EVENING_MS = 1_772_456_400_000
PUNCT = "，。！？、；：,.!? "
NEGATORS = ["不", "没", "不会", "不能", "别", "无需", "not ", "no ", "never ", "不是", "并非"]
REPORTED = ["他说", "声称", "有人说", "谨防", "小心", "beware of anyone who says ", "据说"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"]
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
LEET = {"o": "0", "i": "1", "e": "3", "a": "4", "s": "5", "t": "7"}


def labelled_texts() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t")[2])
    return texts


def kb_texts() -> list[str]:
    """The assistant's knowledge-base answers, as the assistant may suggest them."""
    texts: list[str] = []
    for path in sorted((ROOT / "loancs" / "data" / "assistant" / "kb").rglob("*")):
        if path.suffix == ".toml":
            for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("entry", []):
                texts += [
                    v for k, v in entry.items() if k.startswith("answer") and isinstance(v, str)
                ]
        elif path.suffix == ".md":
            whole = path.read_text(encoding="utf-8")
            texts += [whole, *(p for p in whole.split("\n\n") if p.strip())]
    return texts


def concept_terms() -> list[str]:
    terms: list[str] = []
    for name in ("zh.toml", "en.toml"):
        data = tomllib.loads((ROOT / "loancs" / "rules" / name).read_text(encoding="utf-8"))
        for value in data.get("concepts", {}).values():
            terms.extend(value["terms"] if isinstance(value, dict) else value)
        for rule in data.get("rule", []):
            terms.extend(p for p in rule.get("patterns", ()) if "@" not in p and ".." not in p)
    return sorted(set(terms))


def _pinyin_of(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL)[0]


_HOMOPHONES: dict[str, list[str]] = {}


def homophones(ch: str) -> list[str]:
    """Other hanzi read (first reading, any tone) like ``ch``, from the speed bench's common
    characters and the rule packs' terms."""
    if not _HOMOPHONES:
        from pypinyin import Style, lazy_pinyin

        pool = set(COMMON_HANZI) | {
            c for t in concept_terms() for c in t if "\u4e00" <= c <= "\u9fff"
        }
        for c in sorted(pool):
            _HOMOPHONES.setdefault(lazy_pinyin(c, style=Style.NORMAL)[0], []).append(c)
    return [c for c in _HOMOPHONES.get(_pinyin_of(ch), []) if c != ch]


def perturb(text: str, rng: random.Random, t2s: opencc.OpenCC) -> str:
    kind = rng.randrange(8)
    chars = list(text)
    if kind == 7:  # homophones: a hanzi or two replaced by one read alike
        for i, ch in enumerate(chars):
            if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.3:
                others = homophones(ch)
                if others:
                    chars[i] = rng.choice(others)
        return "".join(chars)
    if kind == 0:  # some hanzi typed as pinyin
        for i, ch in enumerate(chars):
            if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.25:
                chars[i] = _pinyin_of(ch) + rng.choice(["", " "])
    elif kind == 1:  # spaced out / symbols between characters
        chars = [c + rng.choice(["", "", " ", "*", "-", "."]) for c in chars]
    elif kind == 2:  # full width
        chars = [FULL_WIDTH.get(c, c) if rng.random() < 0.5 else c for c in chars]
    elif kind == 3:  # traditional
        return str(t2s.convert(text))
    elif kind == 4:  # zero-width characters
        chars = [c + (rng.choice(INVISIBLE) if rng.random() < 0.2 else "") for c in chars]
    elif kind == 5:  # leet digits / upper case
        chars = [
            LEET.get(c, c) if rng.random() < 0.3 else c.upper() if rng.random() < 0.2 else c
            for c in chars
        ]
    else:  # initials of a pinyin word
        out = []
        for ch in chars:
            if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.2:
                out.append(_pinyin_of(ch)[:1])
            else:
                out.append(ch)
        chars = out
    return "".join(chars)


def generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    t2s = opencc.OpenCC("s2t")
    sentences = labelled_texts()
    terms = concept_terms()
    out = []
    for n in range(count):
        kind = n % 5
        if kind == 0:  # filler hanzi, as in the speed bench
            length = rng.randint(10, 300)
            text = ""
            while len(text) < length:
                text += "".join(rng.choices(COMMON_HANZI, k=rng.randint(3, 20)))
                text += rng.choice(PUNCT)
        elif kind == 1:  # labelled sentences spliced into one message
            text = rng.choice(["", " ", "。"]).join(rng.sample(sentences, rng.randint(2, 4)))
        elif kind == 2:  # a labelled sentence, disguised
            text = perturb(rng.choice(sentences), rng, t2s)
        elif kind == 3:  # concept terms with negators, reported speech and filler
            parts = []
            for _ in range(rng.randint(2, 6)):
                roll = rng.random()
                if roll < 0.15:
                    parts.append(rng.choice(NEGATORS))
                elif roll < 0.22:
                    parts.append(rng.choice(REPORTED))
                elif roll < 0.4:
                    parts.append("".join(rng.choices(COMMON_HANZI, k=rng.randint(1, 6))))
                elif roll < 0.5:
                    parts.append(rng.choice(PUNCT))
                else:
                    parts.append(rng.choice(terms))
            text = "".join(parts)
            if rng.random() < 0.3:
                text = perturb(text, rng, t2s)
        else:  # English mixes
            words = rng.choices(ENGLISH + [t for t in terms if t.isascii()], k=rng.randint(3, 25))
            text = " ".join(words)
            if rng.random() < 0.5:
                text = text.capitalize() + rng.choice(".!? ")
        out.append(text)
    return out


Case = dict[str, Any]


def cases(count: int, seed: int) -> list[Case]:
    found: list[Case] = []
    for text in labelled_texts():
        found.append({"set": "shipped", "text": text, "lang": None, "now": None})
        found.append({"set": "shipped", "text": text, "lang": "en", "now": EVENING_MS})
        found.append({"set": "shipped", "text": text, "lang": "zh", "now": None})
    for n, text in enumerate(generated(count, seed)):
        now = EVENING_MS + (n % 24) * 3_600_000 if n % 3 == 0 else None
        found.append({"set": "shipped", "text": text, "lang": None, "now": now})
    for text in kb_texts():
        for lang in (None, "zh", "en"):
            found.append({"set": "shipped", "text": text, "lang": lang, "now": None})
    rng = random.Random(seed)
    for _ in range(200):
        planted = ["".join(rng.choices(COMMON_HANZI, k=rng.randint(3, 6))) + "，"]
        found.append({"set": "synthetic", "text": message(rng, planted), "lang": None, "now": None})
    return found


def run(found: list[Case], seed: int) -> list[Case]:
    shipped = load_rules()
    synthetic = load_rules(text=synthetic_rules(5000, random.Random(seed)))
    # as a warm rules cache gives it to `loancs check`: every other message checked by this
    cached = RuleSet.loads(shipped.dumps())
    assert cached is not None
    sets = {"shipped": shipped, "synthetic": synthetic}
    planted = [p for r in synthetic.rules if r.id.startswith("synthetic.") for p in r.patterns]
    rng = random.Random(seed + 1)
    for case in found:
        if case["set"] == "synthetic" and "planted" not in case:
            case["planted"] = True
            case["text"] = rng.choice(planted) + "。" + case["text"]
    out = []
    for n, case in enumerate(found):
        ruleset = cached if case["set"] == "shipped" and n % 2 else sets[case["set"]]
        result = ruleset.check(case["text"], case["lang"], case["now"])
        hits = [{**h.to_dict(), **h.explain()} for h in result.hits]
        out.append({**case, "verdict": result.verdict, "hits": hits})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--random", type=int, default=3000, help="generated messages (save)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--show", type=int, default=10, help="differences to print")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.action == "save":
        results = run(cases(args.random, args.seed), args.seed)
        args.path.write_text(json.dumps(results, ensure_ascii=False, indent=0), encoding="utf-8")
        hits = sum(len(r["hits"]) for r in results)
        flagged = sum(r["verdict"] != "ok" for r in results)
        print(f"saved {len(results)} messages ({flagged} flagged, {hits} hits) to {args.path}")
    else:
        saved = json.loads(args.path.read_text(encoding="utf-8"))
        cases_only = [{k: v for k, v in r.items() if k not in ("verdict", "hits")} for r in saved]
        results = run(cases_only, args.seed)
        diffs = [(a, b) for a, b in zip(saved, results, strict=True) if a != b]
        for before, after in diffs[: args.show]:
            print(f"DIFF {before['text']!r} lang={before['lang']} now={before['now']}")
            print(f"  before: {before['verdict']} {before['hits']}")
            print(f"  after:  {after['verdict']} {after['hits']}")
        print(f"{len(diffs)} of {len(saved)} messages differ")
        if diffs:
            sys.exit(1)
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
