"""Train the compliance classifier shipped as loancs/data/compliance_model.json.

    python scripts/train_compliance_model.py [--budget 0.005] [--out loancs/data/compliance_model.json]

Training data: the DEVELOPMENT sentences only (tests/data/compliance/dev.tsv and the tuned-on
probe*.tsv sets; never heldout.tsv), the assistant's shipped Chinese answers (clean, sentence by
sentence), and sentences composed from the rule packs' concept terms, each also negated, warned
against or reported (clean)
(one term per concept of each concept pattern of the rules the model's classes stand beside,
joined as a writer would: "铁定的会下", "your payroll be told about"). Features: binary
character 1-4-grams of :func:`loancs.core.compliance.model.prepare` (the engine's light view).
Model: one logistic regression per class (one-vs-rest, L2, balanced class weights).

Thresholds: repeated 5-fold out-of-fold logits on the real sentences; each class's threshold
lets through at most ``--budget`` of the clean sentences (the near-misses, warnings and negations
included), counting only those where the engine would keep the hit (no rule of the category
fired, no one else's words, no unless concept of the model rule), so the model adds few false
alarms to the rules' own. Prints the out-of-fold recall per class at its threshold and the file
size. Deterministic: the same data gives the same file.

Yardstick (how the model does on wording it never saw, without reading heldout.tsv):

    python scripts/train_compliance_model.py --yardstick-only          # ~3-6 min
    python scripts/train_compliance_model.py --yardstick-scores-only   # threshold-free part only

trains once per batch (a probe*.tsv file or a 200-line run of dev.tsv) without that batch,
scores the batch with the model alone and with the engine carrying that model, and prints the
mean over batches (see :func:`yardstick`). ``--groups 10`` puts whole batches into 10 folds
(by a hash of the name, so runs with and without ``--drop`` compare) for a run ~6 times faster;
``--veto V`` adds how the rules' hits would fare if a model logit below V vetoed them.
``--weak-report`` (with ``--yardstick-scores-only``) judges every marketing/collection phrase rule's
hit as a weak rule's would be (model.hit_logit, each sentence by the fold model that never saw
it) and prints per rule and veto logit what would be dropped, the rules worth making weak
(``weak = true`` in the pack) and the same choice made on half the batches, measured on the
other half. The file carries ``--veto-logit`` (default :data:`VETO`) as its ``veto``.
``--concepts`` (with ``--concept-triggers``) adds the engine's concept finds as features;
measured and not shipped (notes, session 8). ``--words`` (``--word-hmm``) adds words and word
pairs: forward maximum matching (model.segment) against a vocabulary built with jieba from the
training sentences, shipped in the file, so a check needs no jieba; measured and not shipped
(notes, session 10). The weak-rule report also picks a veto logit per rule (the rule's ``veto = X``
in the pack; the most clean hits net of WEAK_LOSS per violation hit). ``--latin N`` (with
``--latin-budget``) trains on and scores English sentences of N or more Latin words too, with
their own thresholds (the file's "latin_words" and "latin_thresholds"); measured and not shipped:
English joined to the hanzi model cost more hanzi catches than it added English ones (notes,
model helper, 2026-12-02). ``--ungated M`` (the file's "ungated") also scores the units holding
no trigger, for every class, at its threshold plus M; measured and not shipped: at M = 2 it
caught 5 more of 476 fresh violations (probe13d/14d, out-of-fold) with no more false alarms,
but every check then cost 4.59 M instructions instead of 3.68 M (notes, model helper, session 13).
``--english N`` (default 3, 0 for none; ``--english-budget``) also trains a SEPARATE English model (this script with
``--latin N --latin-only --composed 0``, in a subprocess) and ships it as the file's "english":
it scores the units without hanzi of N or more words, so English rows never move the hanzi
model's weights (what cost the shared --latin model its hanzi catches). Shipped at N = 3 and the
default budget: on the English sentences of every batch (``--latin 3 --latin-only --composed 0
--yardstick-only --groups 10``) the engine with it caught 1879/2027 against 1865 for the rules
alone, for 14 false alarms of 1438 against 12; at budget 0.01, 1906 for 26, and with
``--english-ungated 0`` (every English unit scored, not only those holding a trigger), 1899 for
21: measured, not shipped (notes, model helper, session 14). ``--chat`` (off by default) adds ordinary
service chat as clean rows (:func:`service_chat`): the assistant's intent sentences of
``--chat-intents`` (default greeting_smalltalk, other, human_request: small talk and asking for a
person). The session-14 model read 今天天气怎么样, 你叫什么名字, 你们公司在哪里 and 受够了你们了 as
abusive collection. The rows teach the weights only: the thresholds' budget counts the labelled
clean sentences, and they count in the choice of triggers only with ``--chat-gate`` (which cut the
lure triggers: the first retrain of session 15 lost 3 fresh lures to it). Measured with
``--yardstick-scores-only --groups 5 --evaluate '(?!chat$).*'`` (recall at 0.5% of the clean
sentences, guarantee / easy-credit / collection): no chat 76.1 / 79.6 / 84.0%; small talk
78.7 / 79.6 / 84.3%; every intent and the simulator's lines (``--chat-intents ''``) 77.0 / 80.3 /
**81.7%**, and at ``--chat-weight 0.3`` 74.8 / 80.1 / 82.9%: customers' complaints and questions
share their words with threats. Not shipped (session 15): every retrain on main with the
probe16d batches, with or without chat, flagged a clean line of the collection tests (你就按这个金额还，
下个月就结清了), and the small-talk ones woke on 关于您 (trigger 于你: 3.90 -> 4.11 M instructions a check). ``--cover K`` keeps a flagged sentence
in the trigger cover until it holds K triggers; measured at K = 2, not shipped: the same fresh
catches on probe16d5-6 for 407 collection triggers instead of 277 and a larger file (notes, model
helper, session 15).

Session 16, measured and NOT shipped (all off by default, so the defaults still reproduce the
shipped file): ``--lexicon`` adds LEXICON meanings (gift, borrow, condition, deny) and their pairs as
features, and the pair gift + borrow as a gate of the easy-credit class, so a gift lure in wording
no trigger covers (送/领/返 beside a loan) is scored; ``--chat --chat-ban`` (the small-talk intents
train as clean rows and none of their n-grams is a trigger); ``--english-chat-ban-all`` (no n-gram
of any service chat line is a collection trigger of the English model: "what kind of loan do you
have" woke it by "kind"). The candidate ``--lexicon --chat --chat-ban --english-chat-ban-all --drop
probe17d6``: fresh batches probe17d2-6, each measured once on the candidate of the moment before
training on it, 128/157 = 81.5% recall, 10/143 = 7.0% false alarms (main 082a2ec on the same lines:
108/157 = 68.8%, 16/143 = 11.2%); held-out 4520/5024, 103/3365 (the shipped model 4523, 106); 0/1110
service chat lines with a model hit (shipped: 4); 3.98 M instructions a check (3.90 M). Not shipped:
it flags two clean test lines, 你就按这个金额还，下个月就结清了 (collection 0.92 against 0.90, as every
retrain since session 15) and "Don't forget your pay slips when you come in." (English easy-credit
0.99 against 0.98). Also measured: ``--chat-ban-all`` for every class of both models (held-out
4502), for every class of the English model (4510); ``--tokens`` (English words and word pairs as
features, ``--english-tokens``): the same English catches on probe17d4 as without.

Session 17, measured and NOT shipped (the shipped file is still m7): G = ``--lexicon --lexicon-more
--kin-gate --chat --chat-ban --english-chat-ban-all --budget 0.004 --english-budget 0.008
--english-chat-intents '' --drop probe18d4`` (hanzi model at 0.4% of the clean sentences, English
at 0.8% with every service-chat intent and the simulator's lines as clean rows; dev.tsv's session-17
families). Built as two runs in parallel (the hanzi half with ``--english 0``, the English half by
the command line english_model() builds), then joined. Fresh batches, each measured once before
training on it: probe18d2-4 pooled 95/120, 0/90 on the candidates of the moment against m7's 91/120,
0/90; held-out 4756/5270, 113/3536 against m7's 4733, 107 (the same rules); 0/1110 desk chat lines;
4.04 M instructions a check (m7 4.05 M). It passes both session-16 false alarms (你就按这个金额还，
下个月就结清了: collection logit 2.38 -> below 0; its weight came from 你, 还 and ",下个" with no clean
repayment instruction beside them. "Don't forget your pay slips when you come in.": document
reminders now train as clean). Not shipped: at 0.4% the approval-guarantee bar falls 2.36 -> 1.73
and two clean test lines flag (我说了算的只是回访时间，审批结果我决定不了 1.75, 我从没承诺过一定能下款
1.80), and the rules cache grows past test_compliance_cache's 10 MB bound (10,048,423 bytes; m7
passes). F, the same options on main 6945dac: those two lines pass (bar 1.90), the cache bound
fails (10,046,923). The same data at the old budgets (0.003 both): held-out 4710 against m7's 4726
(the added clean near-misses raise the collection bar 2.18 -> 2.30-2.42). The English model at
0.008 with small-talk chat only: two desk lines woke it ("is this interest rate even legal",
"reapply after rejection").

Session 18, measured and NOT shipped (the shipped file is still m7): F1, byte-identical on two runs::

    python scripts/train_compliance_model.py --lexicon --lexicon-more --kin-gate --lexicon-bills \
      --chat --chat-ban --english-chat-ban-all --budget 0.004 --budget-for approval-guarantee=0.003 \
      --english-budget 0.008 --english-chat-intents '' --drop probe19d4 --budget-report

``--budget-for CLASS=SHARE`` gives one class its own budget, chosen on the out-of-fold table
``--budget-report`` prints (recall and clean let through per class at 0.2-1% of the clean
sentences; never held-out): from 0.003 to 0.004 the hanzi approval-guarantee class gains 9.1
violations per extra clean sentence let through, the least of the three (easy-credit 9.2,
collection 16.7), and its bar falls 2.29 -> 1.85; it keeps m7's 0.003. ``--lexicon-bills``: gift
terms for a bill or a fee paid for the borrower (报销, 替你交, we'll cover, is on us). F1: fresh
probe19d2-4 (candidates of the moment) 74/120, 5/90 against m7's 59/120, 6/90; held-out 4973/5510,
110/3699 against m7's 4953, 110 on the same rules; no desk chat hit; both session-16 false alarms
pass, and the guarantee denials too. Not shipped: it flags two other clean test lines, "When you
borrow, there's no cash back, bonus or gift." and 我们有的是耐心，也有的是时间陪您慢慢规划. Also
measured: every class's budget chosen by "at least 10 violations gained per extra clean sentence"
(H2: hanzi guarantee, easy-credit, collection 0.003/0.003/0.005, English 0.005/0.008/0.01):
probe19d2 27/40 like F1's options, probe19d3 22/40 against 23/40.

Session 33, measured and NOT shipped (the shipped file is still R3u of 1e063fd4): R3u's recipe (``--lexicon
--lexicon-more --lexicon-bills --kin-gate --chat --chat-ban --english-chat-ban-all --budget 0.004 --budget-for
approval-guarantee=0.003 --budget-for collection-abuse=0.003 --english-budget 0.008 --english-chat-intents ''
--trigger-function-ban --chat-intents '' --english-ungated 3 --english-ungated-classes collection-abuse
--english-ungated-words 7 --english-unit-chars 300 --batch-weight 'probe2[2345]f[0-9]=2' --english-batch-weight
'probe2[2345]f[0-9]=2' --drop 'probe34.*'``) on all development data of c0ab96fa (17,800 hanzi rows, 10,175 English
rows: +11% / +28% over session 28). On the 81 batches written after 1e063fd4 (probe24r3 ... probe33e1, which R3u never
read), with the same rules: R3u's json 1740/1920 English violations and 36/1388 false alarms, 1700/1754 and 11/1197 hanzi;
the recipe leave-batch-out (``--yardstick-only --groups 5 --evaluate`` those batches; English run as english_model()
builds it) 1744/1920 and 37/1388, 1700/1754 and **19/1197**. Fresh rounds (first sight for every json): probe34e1 29/40 ->
30/40 (English part replaced), author's probe34a1-a3 131/155 & 3/90 -> the same (English part) or 132/155 & **4/90** (both
parts). The English part alone also flags one clean mixed line of probe10m1 ("No hard pull, no soft pull"的广告多半是骗局).
More data does not read new wording (as in sessions 23, 24 and 28).

Session 42, the grouped author-round yardstick (``--session-folds 'probe\\d+a\\d*' --session-groups 6
--groups 2 --yardstick-only``; a session holding an author round is left out WHOLE, its author rounds
scored by the engine carrying the fold's model against the same engine less the model rules' hits;
paraphrases go with their source row's fold). R3u's hanzi recipe on 19,929 rows, 18 sessions (probe3a,
probe4a, probe27a*-probe42a*): rules alone 1668/1879 -> engine 1826/1879, clean flagged 13 -> 15 of
1207. ``--augment 2 --augment-hant 0.3 --augment-chat 0.3`` (19,490 paraphrases: a concept term swapped
for another of its concept, zh-Hant, chat forms): **1839/1879 (+13 of the base's 53 misses, 11 of 18
sessions gain, none loses), clean 16 (+1 of 1207)**; model alone 1099 -> 1157 of 1333 at 2 -> 3 false
alarms. The English recipe (--latin 3 ... as english_model() builds it): rules 1923/2280 -> engine 2015,
clean 32 -> 42 of 1483; with ``--augment 2 --augment-chat 0.3`` 2071 (+56) but clean 53 (+11 = +0.74
points: over the 0.3-point budget). The hanzi candidate trained on everything (cand, 9,006 n-grams,
1,677 triggers): held-out 14,581 -> 14,747 of 16,288, false alarms 301 -> 313 of 10,511 (AU-AW +29 caught,
+1 false alarm), 4.26 M instructions a check (main 4.30 M). NOT shipped: five pinned clean test lines
flag (来的都是老客户，拿到钱了都说好, 您的合同已经准备好了，随时来取, 提额成功，马上就能用, 钱不是问题，喜欢的款式
我们都有现货, 我们有的是耐心，也有的是时间陪您慢慢规划: n-grams such as 客户, 好了, 随时 beside a loan word),
and the pickled model is 1,579,251 bytes against test_compliance_model's 1,150,000 bound; at ``--select-c
15`` 8,039 n-grams and three of the five still flag. The plain hanzi retrain (no paraphrases): held-out 14,655 / 302,
AU-AW +27 caught for -2 false alarms (the recent sections' gain is the retrain, not the paraphrases), but two pinned
clean lines flag. The English part retrained with ``--augment 2 --augment-chat 0.3 --budget 0.005`` (grouped folds
2039/2280, clean 43/1483 against the base's 2015, 42): held-out 14,614 -> 14,806 of 16,321, false alarms 301 -> 305 of
10,576 (AW-lead 102 -> 108 of 121); NOT shipped: seven pinned tests fail (the pickle bound, four clean lines, two hits
a weak rule's veto now drops; notes/wave2 model report, session 42).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import zlib
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loancs.core.compliance.engine import _verdict, default_packs  # noqa: E402
from loancs.core.compliance.model import (  # noqa: E402
    FORMAT,
    MODEL_FILE,
    latin_tokens,
    prepare,
    segment,
    units,
    word_automaton,
    word_grams,
)
from loancs.core.compliance.rules import merge_packs  # noqa: E402
from loancs.core.normalize import normalize  # noqa: E402

DATA = ROOT / "tests" / "data" / "compliance"
CLASSES = ("approval-guarantee", "easy-credit", "student-lure", "collection-abuse")
# labelled (category, class) -> model class; rate quotes, PII and quiet hours stay with the
# rules (they are exact); None = not a training sentence for any class
NONE = -1
_HANZI = re.compile(r"[\u3400-\u9fff]")
_TRIGGER = re.compile(r"[\u3400-\u9fff]+")  # hanzi only: searched in the light view as is
# with --latin N: English sentences (N or more Latin words, no hanzi) train and are scored too
# (the file's "latin_words"); their triggers are runs of 3-4 letters
LATIN: list[int | None] = [None]
_LATIN_WORD = re.compile(r"[a-z][a-z']+")
_LATIN_TRIGGER = re.compile(r"[a-z]{3,4}")


def latin_enough(text: str) -> bool:
    """Does a sentence without hanzi hold enough Latin words to train on (--latin)?"""
    return LATIN[0] is not None and len(_LATIN_WORD.findall(text.lower())) >= LATIN[0]


# --chat-intents: the intents whose sentences service_chat() takes (None: all, and the simulator)
CHAT_INTENTS: list[frozenset[str] | None] = [None]
# --chat-ban-all: every service chat line (all intents, the simulator), prepared and joined by
# newlines: an n-gram found in it is never a trigger, though only --chat-intents train
BAN_TEXT: list[str] = []
BAN_CLASSES = (3,)  # collection-abuse: customers' questions woke it ("what kind of loan...")
# --trigger-function-ban: function characters (particles, pronouns, prepositions, adverbs of
# degree). An n-gram made of them alone (于你, 你就, 了我) says nothing about a class, yet a
# greedy cover picks it as a trigger; it then wakes the model on ordinary service text (关于你
# 咨询的贷款) and costs a scored unit a message for no find.
FUNCTION_CHARS = frozenset(
    "的了于你我他她它们在是和与对把被也就都这那个之其您咱俺啊吧呢吗嘛呀哦还又再很太"
)
# each development row's sample weight (service chat rows: --chat-weight), set in main()
ROW_WEIGHTS: list[np.ndarray] = []

# n-grams of 1-4 characters (without single characters the guarantee class loses a third of
# its out-of-fold recall); --ngram-min raises the English model's (--latin-only runs only:
# its 1-2 letter grams, "no", "es", "sl", carried technical false alarms, session 46)
NGRAM_MIN = 1
NGRAM_MAX = 4


def model_class(label: str, klass: str) -> int | None:
    if label == "marketing":
        return {"guarantee": 0, "student": 2}.get(klass, 1)
    if label == "collection":
        return None if klass == "quiet-hours" else 3
    return NONE  # clean, rate-disclosure, pii: negative for every class


# pack rule (id without its language) -> the class its concept patterns teach
RULE_CLASS = {
    "marketing.guaranteed-approval": 0,
    "marketing.instant-approval": 1,
    "marketing.no-threshold": 1,
    "marketing.no-credit-check": 1,
    "marketing.student": 2,
    "collection.threat": 3,
    "collection.third-party": 3,
    "collection.shaming": 3,
    "collection.children": 3,
    "collection.night-visit": 3,
    "collection.borrow-to-repay": 3,
    "collection.insult": 3,
}


# dev.tsv has no batch markers; it was written in batches of a few hundred lines, so the
# leave-one-batch-out yardstick takes runs of this many lines as its batches
DEV_BATCH_LINES = 200


def row_weight(batch: str, args: argparse.Namespace) -> float:
    """A development row's sample weight: --chat-weight for service chat, the first matching
    --batch-weight for a batch it names, else 1."""
    if batch == "chat":
        return args.chat_weight
    for spec in args.batch_weight:
        pattern, _, weight = spec.rpartition("=")
        if re.fullmatch(pattern, batch):
            return float(weight)
    return 1.0


def near_test_texts(texts: list[str], bar: float = 0.6) -> set[str]:
    """The texts that equal or near-copy a string literal of tests/*.py: character 4-gram
    Jaccard (lowered) >= ``bar``. A test pins a line to see whether the checker reads wording
    it was not tuned on; a training row that copies it makes that test pass by memory."""
    import ast
    from collections import defaultdict

    def grams(text: str) -> frozenset[str]:
        low = text.lower()
        return frozenset(low[i : i + 4] for i in range(max(1, len(low) - 3)))

    literals = set()
    for path in sorted((ROOT / "tests").glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(node.value) >= 6
            ):
                literals.add(node.value)
    sizes = []
    index: dict[str, list[int]] = defaultdict(list)
    for number, literal in enumerate(sorted(literals)):
        found = grams(literal)
        sizes.append(len(found))
        for gram in found:
            index[gram].append(number)
    near = set()
    for text in texts:
        found = grams(text)
        shared: dict[int, int] = defaultdict(int)
        for gram in found:
            for number in index.get(gram, ()):
                shared[number] += 1
        if any(c / (len(found) + sizes[n] - c) >= bar for n, c in shared.items()):
            near.add(text)
    return near


def development_rows() -> list[tuple[str, int, bool, str, str]]:
    """(text, class or NONE, is clean, batch, label) for every development sentence; the
    batch is the probe file's name (probe7m1) or a run of dev.tsv lines (dev01, dev02, ...)."""
    rows = []
    files = [DATA / "dev.tsv", *sorted(DATA.glob("probe*.tsv"))]
    for path in files:
        assert path.name != "heldout.tsv"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip() or line.startswith("#"):
                continue
            label, klass, text = line.split("\t")
            target = model_class(label, klass)
            batch = path.stem
            if batch == "dev":
                batch = f"dev{number // DEV_BATCH_LINES + 1:02d}"
            if target is not None and (_HANZI.search(text) or latin_enough(text)):
                rows.append((text, target, label == "clean", batch, label))
    return rows


# how a message around a composed phrase may begin and end (also common in clean messages)
OPENERS = ("", "", "", "亲，", "您好，", "跟您说，", "老板，", "兄弟，", "姐，", "这边")
CLOSERS = ("", "", "", "。", "哦", "，您看呢", "，联系我", "～", "！")


# negation, warnings, advice and reported speech around a composed phrase: clean
CLEAN_FRAMES = (
    "我们不能保证{}",
    "没办法{}，以审核为准",
    "我们绝不会{}",
    "不可能{}的",
    "声称{}的都是骗子",
    "如果有人说{}，请直接举报",
    "有人跟您说{}？那是诈骗",
    "不建议{}",
    "您说对方讲{}，这是违规的，可以投诉",
    "谨防“{}”之类的话术",
    "我们从来不会说{}这种话",
    "我们已经停止{}了",
    "以后不会再{}",
)


def shipped_answers() -> list[str]:
    """The product's own text, one scoring unit each: the assistant's shipped answers (real
    text about applying, rates and repayment that must pass; tests/test_assistant_core.py lints
    them) and the console's canned replies (``CANNED``: the greeting an agent sends in nearly
    every conversation). Both must pass, and no n-gram in them may wake the model: 是你的,
    learnt from "the money is yours" pitches, woke it on every agent greeting (我是您的贷款顾问),
    +7% instructions a check for nothing."""
    import tomllib

    from loancs.tui.i18n import CANNED

    texts = []
    for path in sorted((ROOT / "loancs" / "data" / "assistant" / "kb").glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("entry", []):
            texts.append(entry.get("answer_zh", ""))
            if LATIN[0] is not None:
                texts.append(entry.get("answer_en", ""))
    for zh, en in CANNED:
        texts.append(zh)
        if LATIN[0] is not None:
            texts.append(en)
    found = []
    for text in texts:
        light = normalize(text).light
        found.extend(light[start:end] for start, end in units(light))
    return found


def service_chat() -> list[str]:
    """Ordinary service chat, clean: what customers type to the desk (the assistant's intent
    training sentences of --chat-intents; with --chat-intents '' every intent and the
    simulator's conversations too). Each is a clean training row of the batch "chat": it
    teaches the weights, not the gate (see --chat-gate), and the thresholds' false-alarm budget
    counts the labelled clean sentences only, so it means what it did. Without them the
    collection class flagged 今天天气怎么样 and 你叫什么名字 (its triggers 今天, 名字)."""
    import tomllib

    texts = []
    intents = ROOT / "loancs" / "data" / "assistant" / "training.tsv"
    for line in intents.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            intent, text = line.split("\t", 1)
            if CHAT_INTENTS[0] is None or intent in CHAT_INTENTS[0]:
                texts.append(text)
    library = ROOT / "loancs" / "sim" / "scenarios" / "borrowers.toml"
    scenarios = tomllib.loads(library.read_text(encoding="utf-8"))["scenario"]
    for scenario in scenarios if CHAT_INTENTS[0] is None else ():
        for text in (*scenario.get("turns", ()), *scenario.get("agent", ())):
            texts.append(
                text.replace("{total}", "120").replace("{amount}", "5万").replace("{app}", "A1024")
            )
    return [t for t in texts if _HANZI.search(t) or latin_enough(t)]


def composed_rows(per_pattern: int, seed: int) -> list[tuple[str, int]]:
    """Sentences composed from the concept terms of each concept pattern of the rules above."""
    rng = random.Random(seed)
    merged = merge_packs(default_packs())
    rows = []
    for rule in merged.rules:
        target = RULE_CLASS.get(rule.id.split(".", 1)[-1])
        if target is None:
            continue
        if not rule.id.startswith("zh."):
            continue
        for pattern in rule.concept_patterns:
            if any(e.startswith("=") or e not in merged.concepts for e in pattern.elements):
                continue
            for _ in range(per_pattern):
                parts = [rng.choice(merged.concepts[e].terms) for e in pattern.elements]
                text = parts[0]
                for part in parts[1:]:
                    text += rng.choice(("", "", "，", "的", "都", "就")) + part
                rows.append((rng.choice(OPENERS) + text + rng.choice(CLOSERS), target))
                # the same words negated, warned against or reported are clean
                rows.append((rng.choice(CLEAN_FRAMES).format(text), NONE))
    return rows


def kept_model_hits(texts: list[str]) -> np.ndarray:
    """(sentence, class): would the engine keep a model hit of that class on the sentence?
    Found by letting a stand-in model flag every sentence for every class."""
    from loancs.core.compliance import load_rules, model

    rules = load_rules()
    real, real_judge = model.classify, model.judge
    # weak rules' hits all stand here: what the model is trained on must not depend on the
    # model file already shipped (its veto), so that a retrain of the same tree is the same
    model.judge = lambda *args, **kwargs: (True, "")  # type: ignore[assignment]

    kept = np.zeros((len(texts), len(CLASSES)), dtype=bool)
    try:
        for label, name in enumerate(CLASSES):

            def everything(norm, occ=None, fired=None, name=name):  # type: ignore[no-untyped-def]
                size = len(norm.light)
                light = norm.light
                if not any(model.scored(light, s, e, LATIN[0]) for s, e in model.units(light)):
                    return []  # the model does not score it (Model.score)
                return [model.Score(name, 1.0, 0.5, 0, size, ())]

            model.classify = everything
            for row, text in enumerate(texts):
                kept[row, label] = any(h.rule == f"model.{name}" for h in rules.check(text).hits)
    finally:
        model.classify, model.judge = real, real_judge
    return kept


def cached_kept(texts: list[str]) -> np.ndarray:
    """kept_model_hits, kept in $KEPT_CACHE (a directory) by a hash of the texts, the rules and
    the model code: a yardstick run's fixed minute or two of engine checks, done once."""
    import hashlib
    import os

    where = os.environ.get("KEPT_CACHE")
    if not where:
        return kept_model_hits(texts)
    digest = hashlib.sha256("\n".join(texts).encode())
    digest.update(str(LATIN[0]).encode())
    for path in sorted((ROOT / "loancs").rglob("*")):
        if path.suffix in (".py", ".toml"):
            digest.update(path.read_bytes())
    path = Path(where) / f"kept-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    kept = kept_model_hits(texts)
    np.save(path, kept)
    return kept


# A training sample: the prepared text and the names of the engine's concepts found in it.
Sample = tuple[str, tuple[str, ...]]
CONCEPT = "\x01"  # a concept feature's prefix among the n-grams (never in prepared text)
_ANALYZERS: dict[int, Any] = {}


def _CHARS(text: str) -> list[str]:
    """The character NGRAM_MIN..NGRAM_MAX-grams of ``text`` (NGRAM_MIN: --ngram-min)."""
    analyzer = _ANALYZERS.get(NGRAM_MIN)
    if analyzer is None:
        analyzer = _ANALYZERS[NGRAM_MIN] = CountVectorizer(
            analyzer="char", ngram_range=(NGRAM_MIN, NGRAM_MAX), lowercase=False
        ).build_analyzer()
    return analyzer(text)


FOLDED = "\x02"  # a pinyin-folded n-gram's prefix
WORD = "\x03"  # a word (or word pair) feature's prefix (see features())
WORD_MIN_COUNT = [2]  # a vocabulary word occurs in at least this many training sentences
WORD_HMM = [False]  # let jieba guess words outside its dictionary (--word-hmm)
# which feature families features() emits (set from the command line)
FAMILIES = {"fold": False, "words": False, "lexicon": False, "tokens": False}
TOKEN = "\x05"  # a Latin word (or word pair) feature's prefix (--tokens; model.latin_tokens)
LEX = "\x04"  # a lexicon meaning's prefix (see LEXICON)
# --lexicon: meanings that carry across wording, each a list of terms of the light view (the
# model file's "lexicon"); a sentence holding a term has the meaning's feature, and each pair
# of LEXICON_PAIRS present has one more ("borrow+gift"). A unit holding both meanings of a
# LEXICON_GATE pair wakes the class, so 送/领/返 beside a loan count though a single character
# is never a trigger (a gift lure: 借款满三千返三百, 扫码借一笔领充电宝).


def _terms(text: str) -> list[str]:
    """A lexicon's terms written "a|b|c" (some end in a space: "win " is not "window")."""
    return text.split("|")


LEXICON = {
    "gift": _terms(
        "送|赠|领|返|礼|奖|抽|红包|现金|福利|补贴|辛苦费|好处费|车马费|券|会员|免费|白拿|白送|话费|加油卡|"
        "购物卡|free|gift|bonus|prize|reward|cash back|cashback|voucher|"
        "coupon|on the house|giveaway|win |wins |throw in|comes with|"
        "get a |get an |cash |perk|give you|take home|receive a"
    ),
    "borrow": _terms(
        "借|贷|下款|放款|提现|提款|用款|额度|首单|首笔|loan|borrow|lend|apply|application|"
        "credit line|advance|financ"
    ),
    "condition": _terms(
        "满|成功|完成|只要|就送|即送|就返|即可|就能|都能|每人|人人|首次|首借|新户|新用户|注册|当天|当场|"
        "once |when you|if you|every |each |everyone|first |sign up|"
        "approved borrowers|new customers"
    ),
    # a denial beside a gift ("借款不送礼品", "no cash bonus"): service, not a lure
    "deny": _terms(
        "不送|不赠|不返|不附赠|没有|不会|无任何|从不|绝不|并无|不提供|"
        "no |never|don't|doesn't|do not|does not|won't|there's no|there is no"
    ),
}
LEXICON_PAIRS = ("borrow+gift", "gift+condition", "borrow+gift+condition", "deny+gift")
LEXICON_GATE = (("gift+borrow", 1 << 1),)  # easy-credit (lures); first the rare meaning
# --lexicon-more (session 17): more English gift and borrow terms, and two meanings for threats
# by implication: "kin" (the people and places a borrower's life holds: family, employer,
# school, neighbours) and "debt" (owing, paying, dodging); their pair is a feature, and with
# --kin-gate a unit holding both wakes the collection class
LEXICON_MORE = {
    "gift": _terms(
        "complimentary|on us|hamper|prizes|reward points|top-up|red packet|gift card|"
        "lucky draw|spin the wheel|giveaway|keep the free|thank-you gift|welcome bonus"
    ),
    "borrow": _terms("cash advance|draw down|refinanc|payday|instalment|disburs|approved for"),
    "kin": _terms(
        "单位|领导|同事|老板|人事|家人|家里|父母|爸妈|老婆|老公|丈母娘|孩子|儿子|女儿|小孩|学校|"
        "政审|邻居|小区|村里|亲戚|老家|饭碗|單位|領導|學校|親戚|"
        "boss|manager|employer|colleague|coworker|hr |your office|your job|that job|wife|"
        "husband|kids|children|daughter|your son|mother|father|parents|family|neighbo|school|"
        "church|landlord|in-laws|brother|sister|relatives|your friends"
    ),
    "debt": _terms(
        "欠|拖|逾期|不还|没还|还钱|躲|装死|不還|還錢|"
        "owe |owed|owes|owing|debt|ignor|dodg|overdue|arrears|don't pay|doesn't pay|isn't paid|not paid|pay today|"
        "pay by|pay up"
    ),
}
LEXICON_MORE_PAIRS = ("kin+debt", "deny+kin")
# --lexicon-bills (session 18): a gift that is a bill or a fee paid for the borrower (报销 a
# ticket, 物业费我们替你交, "we'll cover your phone bill", "your rent is on us"): more gift terms
LEXICON_BILLS = {
    "gift": _terms(
        "报销|替你交|帮你交|替你缴|帮你缴|替您交|帮您交|替您缴|帮您缴|我们出|帮你出|帮您出|平台承担|"
        "由平台|我们包|包你|我们给你|平台为您|平台替|reimburse|we'll pay|we will pay|we pay|"
        "paid by us|paid for by us|is on us|are on us|on the house|we'll cover|we cover|"
        "we'll settle|we'll clear|we'll take care of|let us handle|pick up the tab|"
        "we'll knock|we'll refund|covered by us|we'll top up"
    ),
}
KIN_GATE = ("kin+debt", 1 << 3)  # collection-abuse


def lexicon_bills() -> None:
    """--lexicon-bills: extend LEXICON with LEXICON_BILLS in place."""
    for name, terms in LEXICON_BILLS.items():
        known = LEXICON.setdefault(name, [])
        known += [t for t in terms if t not in known]


def lexicon_more(gate: bool) -> None:
    """--lexicon-more (and --kin-gate): extend LEXICON, its pairs and gates in place."""
    global LEXICON_PAIRS, LEXICON_GATE
    for name, terms in LEXICON_MORE.items():
        known = LEXICON.setdefault(name, [])
        known += [t for t in terms if t not in known]
    LEXICON_PAIRS = (*LEXICON_PAIRS, *LEXICON_MORE_PAIRS)
    if gate:
        LEXICON_GATE = (*LEXICON_GATE, KIN_GATE)


_FOLD: list[dict[int, str]] = []


def fold_groups() -> list[str]:
    """Homophone groups for pinyin folding: the 3,755 level-1 GB2312 hanzi (the common ones;
    the light view is simplified) grouped by toneless pinyin (pypinyin's first reading), each
    group a string whose first character stands for the others. Only groups of two or more."""
    from pypinyin import lazy_pinyin

    groups: dict[str, list[str]] = {}
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            groups.setdefault(lazy_pinyin(char)[0], []).append(char)
    return ["".join(chars) for _, chars in sorted(groups.items()) if len(chars) > 1]


def fold(text: str) -> str:
    """``text`` with every hanzi replaced by its homophone group's first character."""
    if not _FOLD:
        _FOLD.append(str.maketrans({c: g[0] for g in fold_groups() for c in g[1:]}))
    return text.translate(_FOLD[0])


def features(sample: Sample, vocabulary: Any = None) -> list[str]:
    """Character 1-4-grams of the text, and one feature per concept found in it; with
    --fold also the 1-4-grams of the pinyin-folded text, with --words the words and word pairs
    of the text segmented against ``vocabulary`` (an automaton, see :func:`vocabulary_of`)."""
    text, concepts = sample
    found = [*_CHARS(text), *(CONCEPT + name for name in concepts)]
    if FAMILIES["fold"]:
        found += [FOLDED + gram for gram in _CHARS(fold(text))]
    if vocabulary is not None:
        found += [WORD + gram for gram in word_grams(segment(text, vocabulary))]
    if FAMILIES["lexicon"]:
        found += lexicon_features(text)
    if FAMILIES["tokens"]:
        found += [TOKEN + token for token in latin_tokens(text)]
    return found


def lexicon_features(text: str) -> list[str]:
    """The lexicon meanings found in ``text`` and the LEXICON_PAIRS it holds whole."""
    names = {name for name, terms in LEXICON.items() if any(t in text for t in terms)}
    pairs = [p for p in LEXICON_PAIRS if names.issuperset(p.split("+"))]
    return [LEX + name for name in (*sorted(names), *pairs)]


_JIEBA: dict[str, list[str]] = {}


def vocabulary_of(texts: list[Sample], min_count: int) -> list[str]:
    """The segmentation vocabulary: the words of two or more hanzi that jieba's dictionary
    (no HMM guessing) finds in at least ``min_count`` of ``texts``. The model segments with
    it by forward maximum matching (model.segment) in training and at check time alike, so
    jieba is needed only here."""
    import jieba

    jieba.setLogLevel(60)
    counts: dict[str, int] = {}
    for text, _ in texts:
        if text not in _JIEBA:
            _JIEBA[text] = jieba.lcut(text, HMM=WORD_HMM[0])
        for word in set(_JIEBA[text]):
            if len(word) > 1 and _TRIGGER.fullmatch(word):
                counts[word] = counts.get(word, 0) + 1
    return sorted(w for w, n in counts.items() if n >= min_count)


def found_concepts(texts: list[str]) -> list[tuple[str, ...]]:
    """The names of the concepts the engine finds in each text (what it hands the model)."""
    from loancs.core.compliance import load_rules, model

    rules = load_rules()
    real = model.classify
    found: list[tuple[str, ...]] = []

    def record(norm, occ=None, fired=None):  # type: ignore[no-untyped-def]
        found[-1] = tuple(sorted(occ or ()))
        return []

    model.classify = record
    try:
        for text in texts:
            found.append(())
            rules.check(text)
    finally:
        model.classify = real
    return found


def fit(texts: list[Sample], targets: np.ndarray, weights: np.ndarray, c: float, select_c: float):
    """L1 per class picks the n-grams (a few hundred a class), then L2 refits on them: a small
    vocabulary keeps a check fast, the refit keeps the accuracy of the dense model."""
    vocabulary = vocabulary_of(texts, WORD_MIN_COUNT[0]) if FAMILIES["words"] else []
    analyzer = partial(features, vocabulary=word_automaton(vocabulary) if vocabulary else None)
    vectorizer = CountVectorizer(analyzer=analyzer, binary=True, min_df=2)
    matrix = vectorizer.fit_transform(texts)
    grams = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    # the n-grams are chosen among the n-grams alone (concepts would crowd out the wording
    # that carries fresh text where no concept term matches); every concept stays
    words = np.array([not g.startswith((CONCEPT, LEX)) for g in grams])
    chosen = set(np.flatnonzero(~words).tolist())
    columns = np.flatnonzero(words)
    for label in range(len(CLASSES)):
        sparse = LogisticRegression(
            C=select_c, l1_ratio=1.0, solver="liblinear", class_weight="balanced", random_state=0
        )
        sparse.fit(matrix[:, columns], targets == label, sample_weight=weights)
        chosen |= set(columns[np.abs(sparse.coef_[0]) > 1e-4].tolist())
    vectorizer = CountVectorizer(
        analyzer=analyzer, binary=True, vocabulary=sorted(grams[i] for i in chosen)
    )
    matrix = vectorizer.fit_transform(texts)
    vectorizer.segmentation_ = vocabulary  # shipped as the file's "vocabulary"
    models = []
    for label in range(len(CLASSES)):
        model = LogisticRegression(
            C=c, solver="liblinear", class_weight="balanced", random_state=0, max_iter=1000
        )
        model.fit(matrix, targets == label, sample_weight=weights)
        models.append(model)
    return vectorizer, models


def choose_thresholds(
    logits: np.ndarray,
    clean: np.ndarray,
    kept: np.ndarray,
    budget: float | tuple[float, ...],
    latin: np.ndarray | None = None,
    latin_budget: float | tuple[float, ...] | None = None,
) -> list[float]:
    """Per class, the logit that lets through at most ``budget`` of the clean sentences where
    the engine would keep the hit. ``logits`` is (repeats, sentences, classes) of out-of-fold
    scores; ``clean`` and ``kept`` describe the same sentences. With ``latin`` (which of them
    are English, --latin) the hanzi and the English sentences get their own thresholds, each
    at ``budget`` of its own clean sentences (``latin_budget`` for the English ones if given):
    eight values, the hanzi ones first. A budget is one share for every class or a tuple of
    one share per class (``class_budgets``: --budget-for)."""
    if latin is not None and latin.any():
        english = budget if latin_budget is None else latin_budget
        return [
            *choose_thresholds(logits[:, ~latin], clean[~latin], kept[~latin], budget),
            *choose_thresholds(logits[:, latin], clean[latin], kept[latin], english),
        ]
    repeats = logits.shape[0]
    thresholds = []
    for label in range(len(CLASSES)):
        counted = clean & kept[:, label]
        scores = np.sort(logits[:, counted, label].ravel())[::-1]
        share = budget if isinstance(budget, float) else budget[label]
        allowed = int(share * repeats * int(clean.sum()))
        # strictly above the last clean score let through; never below even odds
        threshold = max(float(scores[allowed]) + 1e-6 if allowed < len(scores) else 0.0, 0.0)
        thresholds.append(round(threshold, 4))
    return thresholds


def class_budgets(budget: float, overrides: list[str] | None) -> float | tuple[float, ...]:
    """``budget`` for every class, or with ``overrides`` (--budget-for CLASS=SHARE, repeatable)
    a tuple of one clean share per class of CLASSES."""
    if not overrides:
        return budget
    shares = dict.fromkeys(CLASSES, budget)
    for item in overrides:
        name, _, share = item.partition("=")
        if name not in shares:
            raise SystemExit(f"--budget-for: unknown class {name!r} (one of {', '.join(CLASSES)})")
        shares[name] = float(share)
    return tuple(shares[name] for name in CLASSES)


def budget_report(
    oof: np.ndarray, targets: np.ndarray, clean: np.ndarray, kept: np.ndarray, latin: np.ndarray
) -> None:
    """Per class and script, the out-of-fold recall and false alarms at a row of budgets
    (--budget-report): what a per-class budget (--budget-for) is chosen on. Never held-out."""
    for script, rows in (("hanzi", ~latin), ("latin", latin)):
        if not rows.any():
            continue
        for label, name in enumerate(CLASSES):
            cells = []
            for share in (0.002, 0.003, 0.004, 0.005, 0.006, 0.008, 0.01):
                (bar,) = choose_thresholds(oof[:, rows], clean[rows], kept[rows], share)[
                    label : label + 1
                ]
                positives = rows & (targets == label)
                counted = rows & clean & kept[:, label]
                hit = float(np.mean(oof[:, positives, label] >= bar)) if positives.any() else 0.0
                alarms = float(np.mean(oof[:, counted, label] >= bar)) * int(counted.sum())
                cells.append(f"{share}: {hit:.1%} {alarms:.1f}fa bar {bar:.2f}")
            print(f"budget-report {script} {name}: " + " | ".join(cells), file=sys.stderr)


# --ungated-report's (margin, least Latin words) pairs
UNGATED_GRID = tuple((m, w) for m in (1.0, 2.0, 2.5, 3.0, 3.5) for w in (0, 6, 7, 8))
_LATIN_WORD_RE = re.compile(r"[a-z][a-z']+")
_HANZI_RE = re.compile("[\u3400-\u9fff]")


def ungated_report(
    data: dict,
    texts: list[Sample],
    oof: np.ndarray,
    targets: np.ndarray,
    clean: np.ndarray,
    kept: np.ndarray,
    bars: np.ndarray,
    originals: list[str],
) -> None:
    """--ungated-report: per class, what scoring the sentences that hold none of its triggers
    (the file's "ungated" margin M) would add, out-of-fold: violations caught that the gated
    path misses, and clean sentences flagged, at a row of margins. The triggers are the final
    model's (chosen on every row), the scores each row's fold model's. Never held-out."""
    masks = [(gram, mask) for gram, mask in data["triggers"]]
    # a sentence any class's trigger woke (the file's "ungated_woken" reads only those)
    any_woken = np.array([any(gram in text for gram, _ in masks) for text, _ in texts])
    # a sentence the file's "ungated_cue" (in the original: the light view reads 您 as 你) and
    # "ungated_hanzi" let the path read without a trigger
    cue, most = data.get("ungated_cue"), data.get("ungated_hanzi", 0)
    hanzi = np.array([len(_HANZI_RE.findall(text)) for text, _ in texts])
    cued = np.array([cue is None or any(c in text for c in cue) for text in originals])
    cued = (hanzi == 0) | cued & ((hanzi <= most) if most else True)
    for label, name in enumerate(CLASSES):
        grams = [gram for gram, mask in masks if mask >> label & 1]
        woken = np.array([any(gram in text for gram in grams) for text, _ in texts])
        words = np.array([len(_LATIN_WORD_RE.findall(text)) for text, _ in texts])
        scores = oof[:, :, label]
        positives = targets == label
        counted = clean & kept[:, label]
        gated = scores >= bars[None, :, label]
        base_hit = float(np.mean((gated & woken)[:, positives].sum(axis=1)))
        base_fa = float(np.mean((gated & woken)[:, counted].sum(axis=1)))
        cells = [f"gated {base_hit:.1f}/{int(positives.sum())} {base_fa:.1f}fa"]
        for margin, least in UNGATED_GRID:
            extra = (scores >= bars[None, :, label] + margin) & ~woken & (words >= least)[None]
            hit = float(np.mean(extra[:, positives].sum(axis=1)))
            fa = float(np.mean(extra[:, counted].sum(axis=1)))
            cells.append(f"M {margin} {least}w: +{hit:.1f} +{fa:.1f}fa")
            if not least:
                extra &= any_woken[None]
                hit = float(np.mean(extra[:, positives].sum(axis=1)))
                fa = float(np.mean(extra[:, counted].sum(axis=1)))
                cells.append(f"M {margin} woken: +{hit:.1f} +{fa:.1f}fa")
                extra = (scores >= bars[None, :, label] + margin) & ~woken & (any_woken | cued)
                hit = float(np.mean(extra[:, positives].sum(axis=1)))
                fa = float(np.mean(extra[:, counted].sum(axis=1)))
                cells.append(f"M {margin} cued: +{hit:.1f} +{fa:.1f}fa")
        print(f"ungated-report {name}: " + " | ".join(cells), file=sys.stderr)


def fold_thresholds(
    args: argparse.Namespace,
    logits: np.ndarray,
    clean: np.ndarray,
    kept: np.ndarray,
    latin: np.ndarray,
    others: np.ndarray,
) -> list[float]:
    """The thresholds a fold's model gets: chosen (``choose_thresholds``, at the run's
    budgets) on the out-of-fold scores of the sentences outside that fold only."""
    return choose_thresholds(
        logits[None, others],
        clean[others],
        kept[others],
        class_budgets(args.budget, args.budget_for),
        latin[others],
        args.latin_budget,
    )


def export(
    vectorizer: CountVectorizer,
    models: list[LogisticRegression],
    thresholds: list[float],
    texts: list[Sample],
    clean_rows: set[int],
    args: argparse.Namespace,
    quiet: bool = False,
    answer_rows: frozenset[int] = frozenset(),
    chat_rows: frozenset[int] = frozenset(),
) -> dict:
    """The model file's data: every n-gram the selection kept, with its weight for each
    class, and per class TRIGGERS: hanzi n-grams (2+ characters, positive weight for the
    class, in at most --trigger-clean clean sentences, and flagged in at least
    --trigger-precision of the sentences holding them) one of which every training sentence
    the class flags holds where possible, chosen greedily by how many flagged sentences each
    covers per sentence it appears in without being flagged. A sentence is scored for a class
    only when it holds one of the class's triggers: most text costs one pass of a small
    automaton. ``texts`` are the training sentences, ``clean_rows`` the indices of the clean
    ones among them, ``answer_rows`` those of the assistant's shipped answers: an n-gram found
    in any of them is no trigger (a service word such as 手机 would wake the model on every
    message that names a phone number)."""
    grams = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    matrix = vectorizer.transform(texts).tocsc()
    rows_of: dict[int, set[int]] = {}
    banned: dict[int, bool] = {}  # in a row of answer_rows: never a trigger
    heard: dict[int, bool] = {}  # in service chat (--chat-ban-all): no trigger of BAN_CLASSES
    masks: dict[str, int] = {}
    latin = np.array([not _HANZI.search(text) for text, _ in texts])
    for label, model in enumerate(models):
        bar = np.where(latin, thresholds[label - len(CLASSES)], thresholds[label])
        flagged_rows = set(np.flatnonzero(model.decision_function(matrix) >= bar).tolist())
        candidates = set()
        for column in np.flatnonzero(model.coef_[0] > 0).tolist():
            concept = grams[column].startswith(CONCEPT)
            if concept and not args.concept_triggers:
                continue
            gram = grams[column]
            trigger = _TRIGGER.fullmatch(gram) or (
                LATIN[0] is not None and _LATIN_TRIGGER.fullmatch(gram)
            )
            if not concept and (len(gram) < 2 or not trigger):
                continue
            if column not in rows_of:
                every = set(matrix[:, column].nonzero()[0].tolist())
                banned[column] = not answer_rows.isdisjoint(every)
                heard[column] = bool(BAN_TEXT) and grams[column] in BAN_TEXT[0]
                # service chat teaches the weights, not the gate (see service_chat)
                rows_of[column] = every - chat_rows
            if not concept and (banned[column] or heard[column] and label in BAN_CLASSES):
                continue
            if not concept and args.trigger_function_ban and set(gram) <= FUNCTION_CHARS:
                continue
            precision = len(rows_of[column] & flagged_rows) / max(1, len(rows_of[column]))
            if (
                len(rows_of[column] & clean_rows) <= args.trigger_clean
                and precision >= args.trigger_precision
            ):
                candidates.add(column)
        # two covers: the n-grams alone (as without concepts), then the concepts alone, so
        # a sentence wakes the class by its words or by its concepts
        chosen = 0
        covered: set[int] = set()
        for kind in (False, True):
            pool = {col for col in candidates if grams[col].startswith(CONCEPT) == kind}
            uncovered = set(flagged_rows)
            # --cover K: a flagged sentence stays in the cover until K of its n-grams are
            # triggers, so that new wording of the same kind holds one of them more often
            need = dict.fromkeys(flagged_rows, args.cover)
            while uncovered and pool:
                best = max(
                    pool,
                    key=lambda col: (
                        len(rows_of[col] & uncovered) / (1 + len(rows_of[col] - flagged_rows)),
                        -col,
                    ),
                )
                if not rows_of[best] & uncovered:
                    break
                masks[grams[best]] = masks.get(grams[best], 0) | 1 << label
                for row in rows_of[best] & uncovered:
                    need[row] -= 1
                    if not need[row]:
                        uncovered.discard(row)
                covered |= rows_of[best] & flagged_rows
                pool.discard(best)
                chosen += 1
        uncovered = flagged_rows - covered
        if not quiet:
            print(
                f"  {CLASSES[label]:<20} {chosen} triggers cover "
                f"{len(flagged_rows) - len(uncovered)}/{len(flagged_rows)} flagged training "
                "sentences"
            )
    # n-grams first, then concepts (model.Model numbers them in this order)
    # plain n-grams, then folded ones, then words, then concepts
    kinds = (FOLDED, WORD, CONCEPT, LEX, TOKEN)
    order = sorted(
        range(len(grams)),
        key=lambda i: (next((n + 1 for n, k in enumerate(kinds) if grams[i].startswith(k)), 0), i),
    )
    plain = [grams[i] for i in order if not grams[i].startswith(kinds)]
    folded = [grams[i][1:] for i in order if grams[i].startswith(FOLDED)]
    extra: dict[str, Any] = {"fold": fold_groups(), "folded": folded} if folded else {}
    words = [grams[i][1:] for i in order if grams[i].startswith(WORD)]
    if words:
        # only the vocabulary words that can end up in a kept feature's segmentation matter,
        # but every one changes where FMM cuts: ship them all
        extra.update(vocabulary=vectorizer.segmentation_, words=words)
    return {
        "format": FORMAT,
        "about": "trained by scripts/train_compliance_model.py on the development sentences",
        "classes": list(CLASSES),
        "bias": [round(float(m.intercept_[0]), 4) for m in models],
        "thresholds": thresholds[: len(CLASSES)],
        **(
            {"latin_thresholds": thresholds[len(CLASSES) :]}
            if len(thresholds) > len(CLASSES)
            else {}
        ),
        "grams": plain,
        **extra,
        "triggers": sorted((g, m) for g, m in masks.items() if not g.startswith(CONCEPT)),
        "concepts": [grams[i][1:] for i in order if grams[i].startswith(CONCEPT)],
        **(
            {
                "lexicon": LEXICON,
                "lexicon_gate": [list(gate) for gate in LEXICON_GATE],
                "lexicon_features": [grams[i][1:] for i in order if grams[i].startswith(LEX)],
            }
            if FAMILIES["lexicon"]
            else {}
        ),
        **(
            {"tokens": [grams[i][1:] for i in order if grams[i].startswith(TOKEN)]}
            if FAMILIES["tokens"]
            else {}
        ),
        "concept_triggers": sorted((g[1:], m) for g, m in masks.items() if g.startswith(CONCEPT)),
        "weights": [[round(float(m.coef_[0, column]), 3) for m in models] for column in order],
        **({"latin_words": LATIN[0]} if LATIN[0] is not None else {}),
        **({"ungated": args.ungated} if args.ungated is not None else {}),
        # the shortest character n-gram trained (model.py leaves shorter grams out of its
        # automaton); absent: 1
        **({"ngram_min": NGRAM_MIN} if NGRAM_MIN != 1 else {}),
    }


CATEGORY = ("marketing", "marketing", "marketing", "collection")  # of each class


def english_model(args: argparse.Namespace) -> dict:
    """The separate English model (--english N): this script run on the English sentences
    alone (--latin N --latin-only, no composed sentences, which are Chinese), in its own
    process so that none of this run's settings leak into it; deterministic like this one."""
    import subprocess
    import tempfile

    budget = args.budget if args.english_budget is None else args.english_budget
    intents = args.chat_intents if args.english_chat_intents is None else args.english_chat_intents
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "english.json"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            f"--latin={args.english}",
            "--latin-only",
            "--composed=0",
            "--english=0",
            f"--budget={budget}",
            *[f"--budget-for={item}" for item in args.english_budget_for or ()],
            *(["--budget-report"] if args.budget_report else []),
            f"--cover={args.cover}",
            f"--chat-weight={args.chat_weight}",
            *[f"--batch-weight={spec}" for spec in args.english_batch_weight],
            f"--chat-intents={intents}",
            *([f"--drop={args.drop}"] if args.drop else []),
            *(
                [f"--exclude-near-tests={args.exclude_near_tests}"]
                if args.exclude_near_tests
                else []
            ),
            "--chat" if args.chat else "--no-chat",
            "--chat-gate" if args.chat_gate else "--no-chat-gate",
            "--chat-ban" if args.chat_ban else "--no-chat-ban",
            "--chat-ban-all" if args.english_chat_ban_all else "--no-chat-ban-all",
            "--lexicon" if args.lexicon else "--no-lexicon",
            "--lexicon-more" if args.lexicon_more else "--no-lexicon-more",
            "--lexicon-bills" if args.lexicon_bills else "--no-lexicon-bills",
            "--kin-gate" if args.kin_gate else "--no-kin-gate",
            "--tokens" if args.english_tokens else "--no-tokens",
            f"--ngram-min={args.english_ngram_min}",
            f"--out={out}",
        ]
        if args.english_ungated is not None:
            command.append(f"--ungated={args.english_ungated}")
        if args.english_ungated_classes:
            command.append(f"--ungated-classes={args.english_ungated_classes}")
        if args.english_ungated_words:
            command.append(f"--ungated-words={args.english_ungated_words}")
        if args.english_unit_chars is not None:
            command.append(f"--unit-chars={args.english_unit_chars}")
        if args.english_augment:
            command += [
                f"--augment={args.english_augment}",
                f"--augment-weight={args.augment_weight}",
                f"--augment-chat={args.english_augment_chat}",
            ]
        if args.ungated_report:
            command.append("--ungated-report")
        subprocess.run(command, check=True)
        data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("veto", None)  # weak rules are judged by the hanzi model only
    return data


def session_of(batch: str) -> str:
    """The session a batch was written in: probe27a3 -> "27", probe3a -> "3"; "" for dev
    runs, the shipped answers and chat."""
    found = re.match(r"probe(\d+)", batch)
    return found.group(1) if found else ""


# --augment K: paraphrases of the development rows (see paraphrases): (source row, sample,
# class, clean), trained with their source row only (a fold that leaves a batch out leaves
# out its paraphrases too), never scored nor counted in a threshold's budget
AUGMENTED: list[tuple[int, Sample, int, bool]] = []
# endings and openers a writer adds in chat (particles, texting forms)
CHAT_ENDS = ("哈", "哦", "呢", "啦", "哈哈", "~", "!!", "嘛", "呀", "滴", "哒", "噢")
EN_CHAT_ENDS = (
    " lah",
    " leh",
    " one",
    " yaar",
    " ji",
    " na",
    " o",
    " sha",
    " bro",
    " pls",
    " k?",
    "!!",
)
CHAT_OPENERS = ("亲~", "宝子，", "hello，", "哥，", "美女，", "在吗？", "哈喽，")


def paraphrases(
    rows: list[tuple[str, int, bool, str, str]], per_row: int, args: argparse.Namespace
) -> list[tuple[int, str, int, bool]]:
    """--augment: up to ``per_row`` rewrites of each violation (and with --augment-clean each
    clean sentence) holding a concept term of the rule packs: one term swapped for another of
    the same concept (same script), then with --augment-hant's chance the whole row in
    traditional characters (opencc s2t) and with --augment-chat's a chat opener or ending.
    Deterministic (seeded)."""
    import ahocorasick

    merged = merge_packs(default_packs())
    of_term: dict[str, list[str]] = {}
    for name, concept in merged.concepts.items():
        for term in concept.terms:
            if len(term) >= 2 and not term.startswith("="):
                of_term.setdefault(term.lower(), []).append(name)
    finder = ahocorasick.Automaton()
    for term in of_term:
        finder.add_word(term, term)
    finder.make_automaton()
    converter = None
    if args.augment_hant:
        import opencc

        converter = opencc.OpenCC("s2t")
    rng = random.Random(11)
    out = []
    for index, (text, target, is_clean, batch, _) in enumerate(rows):
        if batch in ("kb", "chat") or is_clean and not args.augment_clean:
            continue
        lower = text.lower()
        found = [(end - len(term) + 1, end + 1, term) for end, term in finder.iter(lower)]
        if not found:
            continue
        seen: set[str] = set()
        for _ in range(per_row * 3):
            if len(seen) >= per_row:
                break
            start, end, term = rng.choice(found)
            concept = merged.concepts[rng.choice(of_term[term])]
            hanzi = bool(_HANZI.search(term))
            if len(concept.terms) > AUGMENT_CONCEPT_TERMS:
                continue  # a broad concept (harm: 101 terms) mixes kinds of words
            others = [
                t
                for t in concept.terms
                if t.lower() != term
                and len(t) >= 2
                and bool(_HANZI.search(t)) == hanzi
                and not t.startswith("=")
            ]
            if not others:
                continue
            variant = text[:start] + rng.choice(others) + text[end:]
            if converter is not None and hanzi and rng.random() < args.augment_hant:
                variant = converter.convert(variant)
            if not hanzi and rng.random() < args.augment_chat:
                # English registers: Singlish, Hinglish, pidgin, texting
                variant = variant.rstrip(".!") + rng.choice(EN_CHAT_ENDS)
            elif hanzi and rng.random() < args.augment_chat:
                if rng.random() < 0.5:
                    variant = rng.choice(CHAT_OPENERS) + variant
                else:
                    variant = variant.rstrip("。.!！") + rng.choice(CHAT_ENDS)
            if variant != text and variant not in seen:
                seen.add(variant)
                out.append((index, variant, target, is_clean))
    return out


def augmented_in(train: np.ndarray) -> tuple[list[Sample], np.ndarray, np.ndarray, np.ndarray]:
    """The paraphrases of the rows ``train`` holds: samples, classes, weights, clean flags."""
    inside = np.zeros(max((a[0] for a in AUGMENTED), default=0) + 1, dtype=bool)
    inside[train[train < len(inside)]] = True
    chosen = [a for a in AUGMENTED if inside[a[0]]]
    return (
        [a[1] for a in chosen],
        np.array([a[2] for a in chosen], dtype=int),
        np.full(len(chosen), AUGMENT_WEIGHT[0]),
        np.array([a[3] for a in chosen], dtype=bool),
    )


AUGMENT_WEIGHT = [0.5]
AUGMENT_CONCEPT_TERMS = 40  # a concept with more terms is not used for swaps


def fit_and_score(
    texts: list[Sample],
    targets: np.ndarray,
    composed: tuple[list[Sample], np.ndarray, np.ndarray],
    train: np.ndarray,
    test: np.ndarray,
    args: argparse.Namespace,
    logits: np.ndarray,
):
    """Fit on the ``train`` rows plus the composed sentences; write each class's logit for the
    ``test`` rows into ``logits`` (rows x classes). Returns the fitted vectorizer and models."""
    c_texts, c_targets, c_weights = composed
    a_texts, a_targets, a_weights, _ = augmented_in(train)
    vectorizer, models = fit(
        [texts[i] for i in train] + a_texts + c_texts,
        np.concatenate([targets[train], a_targets, c_targets]),
        np.concatenate(
            [
                ROW_WEIGHTS[0][train] if ROW_WEIGHTS else np.ones(len(train)),
                a_weights,
                c_weights,
            ]
        ),
        args.c,
        args.select_c,
    )
    matrix = vectorizer.transform([texts[i] for i in test])
    for label, model in enumerate(models):
        logits[test, label] = model.decision_function(matrix)
    return vectorizer, models


def yardstick(
    rows: list[tuple[str, int, bool, str, str]],
    texts: list[Sample],
    kept: np.ndarray,
    composed: tuple[list[Sample], np.ndarray, np.ndarray],
    args: argparse.Namespace,
) -> None:
    """Leave-one-batch-out: for each batch (a probe file, a run of dev.tsv), train on every
    other batch (and the composed sentences), choose the thresholds on the other batches'
    leave-one-batch-out scores, and score the batch it never saw: with the model alone (a
    violation of a model class counts when a class of its category flags it; a clean sentence
    counts as a false alarm when a class flags it and the engine would keep that hit) and with
    the whole engine carrying that model (bench_compliance's recall and false alarms, on the
    batch's lines with hanzi). A proxy for wording nobody wrote down: it never reads
    heldout.tsv. The rule packs were tuned on these batches, so the engine column is
    optimistic; the model column is the one the model's changes move."""
    from loancs.core.compliance import load_rules, model

    c_texts = composed[0]
    targets = np.array([r[1] for r in rows])
    clean = np.array([r[2] for r in rows])
    latin = np.array([not _HANZI.search(r[0]) for r in rows])
    groups = np.array([r[3] for r in rows])
    labelled = clean & (groups != "chat")  # the thresholds' budget (see service_chat)
    batches = sorted(set(groups.tolist()) - {"kb"})
    # the batches the figures count (all by default): --evaluate compares training sets on the
    # same batches, e.g. the old batches with and without new training batches
    scored_batches = [b for b in batches if re.fullmatch(args.evaluate, b)]
    counted_rows = np.isin(groups, [*scored_batches, "kb"])  # the shipped answers always
    logits = np.zeros((len(rows), len(CLASSES)))
    # one fold per batch; with --groups N the batches go into N folds by a hash of their name
    # (the same fold whatever other batches exist, so runs with and without --drop compare)
    fold_of = {
        b: (b if not args.groups else str(zlib.crc32(b.encode()) % args.groups))
        for b in [*batches, "kb"]
    }
    if args.session_folds:
        # grouped by writer-round: every batch of a session that has a batch matching
        # --session-folds (an author round) is one fold, trained without the whole session
        sessions = {session_of(b) for b in batches if re.fullmatch(args.session_folds, b)}
        ordered = sorted(sessions, key=int)
        for b in fold_of:
            if session_of(b) in sessions:
                # --session-groups G: the sessions in G folds, round robin by number (each
                # fold trains without all of its sessions: fewer fits, no less honest)
                place = ordered.index(session_of(b))
                fold_of[b] = (
                    f"g{place % args.session_groups}"
                    if args.session_groups
                    else f"s{session_of(b)}"
                )
            else:
                fold_of[b] = str(zlib.crc32(b.encode()) % max(2, args.groups or 5))
        scored_batches = [b for b in scored_batches if re.fullmatch(args.session_folds, b)]
    folds = np.array([fold_of[g] for g in groups.tolist()])
    fitted = {}
    for fold in sorted(set(fold_of.values())):
        test = np.flatnonzero(folds == fold)
        train = np.flatnonzero(folds != fold)
        began = time.process_time()
        vectorizer, models = fit_and_score(texts, targets, composed, train, test, args, logits)
        print(
            f"  fold {fold}: {len(test)} rows out, {time.process_time() - began:.0f} s", flush=True
        )
        fitted[fold] = (vectorizer, models, train)
    # threshold-free: per class, the recall of the leave-one-batch-out scores at the logit that
    # lets through 0.5% / 2% of the clean sentences (what a change of features buys at a
    # fixed false-alarm budget)
    hanzi = np.array([bool(_HANZI.search(r[0])) for r in rows])
    parts = [("", counted_rows)]
    if not hanzi.all():  # --latin: the hanzi and the English sentences apart as well
        parts += [(" (hanzi)", counted_rows & hanzi), (" (latin)", counted_rows & ~hanzi)]
    for part, rows_in in parts:
        for label, name in enumerate(CLASSES):
            negatives = np.sort(logits[clean & kept[:, label] & rows_in, label])[::-1]
            positives = logits[(targets == label) & rows_in, label]
            if not len(negatives) or not len(positives):
                continue  # --latin-only: no hanzi sentences
            at = [
                float(np.mean(positives >= negatives[int(share * len(negatives))]))
                for share in (0.005, 0.02)
            ]
            print(
                f"  {name + part:<28} recall at 0.5% / 2% of its clean sentences: "
                f"{at[0]:6.1%} / {at[1]:6.1%} ({len(positives)} + {len(negatives)})"
            )
    if args.veto is not None:
        veto_report(rows, logits, counted_rows)
    if args.weak_report:
        weak_report(rows, texts, composed[0], folds, fitted, logits, kept, counted_rows, args)
    if args.yardstick_scores_only:
        return
    rules = load_rules()
    shipped = list(model._MODEL)
    real = model.classify
    seen: list[model.Score] = []

    def spy(norm, occ=None, fired=None):  # type: ignore[no-untyped-def]
        scores = real(norm, occ, fired)
        seen.extend(scores)
        return scores

    model.classify = spy
    # model caught/violations/alarms/clean, engine the same, then the rules alone (the
    # engine's hits less the model rules') caught and alarms
    totals = np.zeros(10, dtype=int)
    by_script = np.zeros((2, 10), dtype=int)  # the same, hanzi sentences and English ones
    by_session: dict[str, np.ndarray] = {}
    rates = []
    print("leave-one-batch-out yardstick (model alone | engine with that model):")
    try:
        exported: dict[str, dict] = {}  # a fold's file, the same for each of its batches
        for batch in scored_batches:
            others = folds != fold_of[batch]
            thresholds = fold_thresholds(args, logits, labelled, kept, latin, others)
            vectorizer, models, train = fitted[fold_of[batch]]
            clean_rows = {n for n, i in enumerate(train) if clean[i]}
            a_texts, _, _, a_clean = augmented_in(train)
            clean_rows |= {len(train) + n for n in np.flatnonzero(a_clean).tolist()}
            data = exported.get(fold_of[batch]) or export(
                vectorizer,
                models,
                thresholds,
                [texts[i] for i in train] + a_texts + c_texts,
                clean_rows,
                args,
                quiet=True,
                answer_rows=frozenset(n for n, i in enumerate(train) if groups[i] == "kb"),
                chat_rows=frozenset(
                    n for n, i in enumerate(train) if groups[i] == "chat" and not args.chat_gate
                ),
            )
            exported[fold_of[batch]] = data
            held = model.Model(data)
            model._MODEL[:] = [held]
            counts = np.zeros(10, dtype=int)
            for i in np.flatnonzero(groups == batch):
                before = counts.copy()
                text, target, is_clean, _, category = rows[i]
                seen.clear()
                result = rules.check(text)
                flagged = {s.label for s in seen}
                alone = [h for h in result.hits if not h.rule.startswith("model.")]
                if is_clean:
                    counts[3] += 1
                    counts[2] += any(kept[i, CLASSES.index(name)] for name in flagged)
                    counts[7] += 1
                    counts[6] += result.verdict != "ok"
                    counts[9] += _verdict(alone) != "ok"
                    by_script[int(latin[i])] += counts - before
                    continue
                if target >= 0:
                    counts[1] += 1
                    counts[0] += any(CATEGORY[CLASSES.index(n)] == category for n in flagged)
                counts[5] += 1
                counts[4] += any(
                    h.category == category and h.severity != "info" for h in result.hits
                )
                counts[8] += any(h.category == category and h.severity != "info" for h in alone)
                by_script[int(latin[i])] += counts - before
            totals += counts
            rates.append(counts[:8])
            key = f"s{session_of(batch)}" if args.session_folds else batch
            by_session[key] = by_session.get(key, np.zeros(10, dtype=int)) + counts
            print(
                f"  {batch:<9} model {_ratio(counts[0], counts[1])} "
                f"false alarms {_ratio(counts[2], counts[3])}  | engine "
                f"{_ratio(counts[4], counts[5])} false alarms {_ratio(counts[6], counts[7])}"
            )
    finally:
        model._MODEL[:] = shipped
        model.classify = real
    table = np.array(rates, dtype=float)

    def mean(caught: int, total: int) -> float:
        have = table[:, total] > 0
        return float(np.mean(table[have, caught] / table[have, total]))

    for name, part in zip(("hanzi", "latin"), by_script, strict=True):
        if part[5] or part[7]:
            print(
                f"  {name:<9} model {_ratio(part[0], part[1])} false alarms "
                f"{_ratio(part[2], part[3])}  | engine {_ratio(part[4], part[5])} "
                f"false alarms {_ratio(part[6], part[7])}"
            )
    if args.session_folds:
        print("  per session: rules alone -> engine with the fold's model (caught | clean flagged)")
        for key, part in sorted(by_session.items(), key=lambda kv: int(kv[0][1:] or 0)):
            print(
                f"  {key:<5} caught {part[8]:4d} -> {part[4]:4d} of {part[5]:4d} "
                f"({part[4] - part[8]:+d})  clean flagged {part[9]:3d} -> {part[6]:3d} of "
                f"{part[7]:4d} ({part[6] - part[9]:+d})"
            )
        print(
            f"  SESSION FOLDS ({len(by_session)}): caught {totals[8]} -> {totals[4]} of "
            f"{totals[5]} ({totals[4] - totals[8]:+d}), clean flagged {totals[9]} -> {totals[6]} "
            f"of {totals[7]} ({totals[6] - totals[9]:+d})"
        )
    print(
        f"  pooled    model {_ratio(totals[0], totals[1])} false alarms "
        f"{_ratio(totals[2], totals[3])}  | engine {_ratio(totals[4], totals[5])} "
        f"false alarms {_ratio(totals[6], totals[7])}"
    )
    print(
        f"  YARDSTICK (mean over {len(scored_batches)} batches): model recall {mean(0, 1):.1%}, "
        f"false alarms {mean(2, 3):.2%} | engine recall {mean(4, 5):.1%}, "
        f"false alarms {mean(6, 7):.2%}"
    )


def veto_report(
    rows: list[tuple[str, int, bool, str, str]], logits: np.ndarray, counted: np.ndarray
) -> None:
    """Would a model score vetoing a rule hit cut false alarms at equal recall? For the rule
    hits of the model's categories (the model itself switched off), on the counted batches'
    sentences: per veto logit v, a rule hit of a category whose best leave-one-batch-out
    class logit is below v is dropped. Prints recall of the violations of those categories
    and the false alarms on clean sentences, then, per rule at the chosen v, the hits kept and
    dropped on violations and on clean sentences."""
    from loancs.core.compliance import load_rules, model

    rules = load_rules()
    real = model.classify
    model.classify = lambda norm, occ=None: []  # type: ignore[assignment]
    hits: list[dict[str, set[str]]] = []  # per row: category -> rule ids at warn or block
    try:
        for text, *_ in rows:
            found: dict[str, set[str]] = {}
            for hit in rules.check(text).hits:
                if hit.severity != "info":
                    found.setdefault(hit.category, set()).add(hit.rule)
            hits.append(found)
    finally:
        model.classify = real
    best = {
        "marketing": logits[:, :3].max(axis=1),
        "collection": logits[:, 3],
    }
    indices = [i for i in np.flatnonzero(counted).tolist()]
    for v in (-99.0, -6.0, -5.0, -4.0, -3.0, -2.5, -2.0, -1.5, -1.0):
        caught = violations = alarms = clean = 0
        for i in indices:
            _, _, is_clean, _, label = rows[i]
            flagged = {cat for cat in hits[i] if cat not in best or float(best[cat][i]) >= v}
            if is_clean:
                clean += 1
                alarms += bool(flagged)
            elif label in best:
                violations += 1
                caught += label in flagged
        print(
            f"  veto below {v:6.1f}: rule recall {_ratio(caught, violations)} "
            f"false alarms {_ratio(alarms, clean)}"
        )
    per_rule: dict[str, list[int]] = {}  # rule -> [violation kept, dropped, clean kept, dropped]
    for i in indices:
        _, _, is_clean, _, label = rows[i]
        for cat, ids in hits[i].items():
            if cat not in best:
                continue
            low = float(best[cat][i]) < VETO_LOGIT[0]
            for rule in ids:
                counts = per_rule.setdefault(rule, [0, 0, 0, 0])
                if is_clean:
                    counts[2 + low] += 1
                elif label == cat:
                    counts[low] += 1
    print(f"  per rule at veto below {VETO_LOGIT[0]}: violations kept/dropped, clean kept/dropped")
    for rule, counts in sorted(per_rule.items(), key=lambda kv: -kv[1][3]):
        if counts[3]:
            print(f"    {rule:<45} {counts[0]:4d}/{counts[1]:<4d} {counts[2]:4d}/{counts[3]:<4d}")


VETO_LOGIT = [-3.0]
# the shipped veto logit for weak rules' hits: chosen with --weak-report in session 11 (10
# batch folds, every batch counted, concept patterns' hits only): the rules that drop at least
# twice as many clean hits as violation hits there are weak in zh.toml
VETO = -4.0
# veto logits the weak-rule report tries
WEAK_VETOES = (-5.0, -4.0, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0)
# a violation the veto loses costs as much as this many false alarms it removes (recall is
# further from its target than false alarms are)
WEAK_LOSS = 2.0


def weak_report(
    rows: list[tuple[str, int, bool, str, str]],
    texts: list[Sample],
    c_texts: list[Sample],
    folds: np.ndarray,
    fitted: dict,
    logits: np.ndarray,
    kept: np.ndarray,
    counted: np.ndarray,
    args: argparse.Namespace,
) -> None:
    """Which rules should be weak (``weak = true``: a hit stands only where the model's best
    logit of its category on the hit's units reaches the veto logit), and at which veto? Every
    marketing/collection phrase rule's hit on the counted batches (rule hits with the model
    off), judged by the model of the fold that never saw the sentence through
    model.hit_logit, as a check does. Prints per rule and veto the hits dropped on violations
    of the rule's category and on clean sentences; picks, per veto, the rules that drop at
    least WEAK_LOSS times as many clean hits as violation hits; then the sentence figures
    (rule hits only) with those rules weak, and the same choice made on one half of the
    batches and measured on the other (the honest figure)."""
    from loancs.core.compliance import engine, load_rules, model
    from loancs.core.compliance.concepts import is_concept_pattern

    rules = load_rules()
    judged = {
        r.id for r in rules.rules if r.detector == "phrase" and r.category in model.CATEGORY_CLASSES
    }
    clean = np.array([r[2] for r in rows])
    latin = np.array([not _HANZI.search(r[0]) for r in rows])
    groups = np.array([r[3] for r in rows])
    labelled = clean & (groups != "chat")
    real, shipped = model.classify, list(model._MODEL)
    model.classify = lambda norm, occ=None: []  # type: ignore[assignment]
    # (row, rule, category, best logit or None when the model scores none of the hit's units)
    records: list[tuple[int, str, str, float | None]] = []
    try:
        for fold, (vectorizer, models, train) in fitted.items():
            others = folds != fold
            thresholds = fold_thresholds(args, logits, labelled, kept, latin, others)
            data = export(
                vectorizer,
                models,
                thresholds,
                [texts[i] for i in train] + c_texts,
                {n for n, i in enumerate(train) if clean[i]},
                args,
                quiet=True,
                answer_rows=frozenset(n for n, i in enumerate(train) if groups[i] == "kb"),
                chat_rows=frozenset(
                    n for n, i in enumerate(train) if groups[i] == "chat" and not args.chat_gate
                ),
            )
            model._MODEL[:] = [model.Model(data)]
            for i in np.flatnonzero((folds == fold) & counted).tolist():
                text = rows[i][0]
                norm = engine._unleet(text, normalize(engine._unsymbol(text)))
                for hit in rules.check(text).hits:
                    if hit.rule in judged and hit.severity != "info":
                        # as engine._judged: a literal phrase's hit is never judged (stands)
                        best = None
                        if is_concept_pattern(hit.pattern):
                            best = model.hit_logit(norm, hit.start, hit.end, hit.category)
                        records.append(
                            (i, hit.rule, hit.category, None if best is None else best[0])
                        )
    finally:
        model._MODEL[:] = shipped
        model.classify = real

    def dropped(v: float, subset: set[int]) -> dict[str, list[int]]:
        """rule -> [hits, on violations of its category, dropped there, on clean, dropped]"""
        table: dict[str, list[int]] = {}
        for i, rule, category, logit in records:
            if i not in subset:
                continue
            low = logit is not None and logit < v
            counts = table.setdefault(rule, [0, 0, 0, 0, 0])
            counts[0] += 1
            if clean[i]:
                counts[3] += 1
                counts[4] += low
            elif rows[i][4] == category:
                counts[1] += 1
                counts[2] += low
        return table

    def chosen(v: float, subset: set[int]) -> set[str]:
        return {
            rule
            for rule, c in dropped(v, subset).items()
            if c[4] >= 2 and c[4] >= WEAK_LOSS * max(c[2], 0.5)
        }

    def per_rule(subset: set[int]) -> dict[str, float]:
        """Each rule's own veto: the logit of WEAK_VETOES where the rule drops the most clean
        hits net of WEAK_LOSS per violation hit (at least 2 clean hits, a positive net; the
        lower logit on a tie); the rules with none are not weak."""
        tables = [dropped(v, subset) for v in WEAK_VETOES]
        picked: dict[str, float] = {}
        for rule in tables[0]:
            best = (0.0, 0.0)
            for v, table in zip(WEAK_VETOES, tables, strict=True):
                c = table[rule]
                net = c[4] - WEAK_LOSS * c[2]
                if c[4] >= 2 and net > best[0]:
                    best = (net, v)
            if best[0] > 0:
                picked[rule] = best[1]
        return picked

    def sentences(
        weak: set[str] | dict[str, float], v: float, subset: set[int]
    ) -> tuple[int, int, int, int]:
        vetoes = weak if isinstance(weak, dict) else dict.fromkeys(weak, v)
        flagged: dict[int, set[str]] = {}
        for i, rule, category, logit in records:
            if i in subset and not (rule in vetoes and logit is not None and logit < vetoes[rule]):
                flagged.setdefault(i, set()).add(category)
        caught = violations = alarms = cleans = 0
        for i in subset:
            if clean[i]:
                cleans += 1
                alarms += bool(flagged.get(i))
            elif rows[i][4] in model.CATEGORY_CLASSES:
                violations += 1
                caught += rows[i][4] in flagged.get(i, ())
        return caught, violations, alarms, cleans

    every = set(np.flatnonzero(counted & (groups != "kb")).tolist())
    base = sentences(set(), 0.0, every)
    print(
        f"weak-rule veto, out-of-fold ({len(records)} rule hits; rule hits only, model off): "
        f"no veto: recall {_ratio(base[0], base[1])} false alarms {_ratio(base[2], base[3])}"
    )
    print(
        "  per rule: its hits on violations of its category and on clean sentences; per veto, "
        "how many of each it drops (violations/clean)"
    )
    header = "".join(f"{v:>8.1f}" for v in WEAK_VETOES)
    print(f"    {'rule':<38}{'viol':>5}{'clean':>6}{header}")
    tables = [dropped(v, every) for v in WEAK_VETOES]
    for rule in sorted(tables[0], key=lambda r: (-tables[4][r][4] + tables[4][r][2], r)):
        if not any(t[rule][2] or t[rule][4] for t in tables):
            continue
        cells = "".join(f"{f'{t[rule][2]}/{t[rule][4]}':>8}" for t in tables)
        print(f"    {rule:<38}{tables[0][rule][1]:>5}{tables[0][rule][3]:>6}{cells}")
    if args.weak_rules:
        weak = set(args.weak_rules.split(","))
        for v in WEAK_VETOES:
            caught, violations, alarms, cleans = sentences(weak, v, every)
            print(
                f"  --weak-rules at veto {v:5.1f}: recall {_ratio(caught, violations)} "
                f"false alarms {_ratio(alarms, cleans)}"
            )
    half = {b: zlib.crc32(b.encode()) % 2 for b in set(groups.tolist())}
    halves = [{i for i in every if half[rows[i][3]] == h} for h in (0, 1)]
    for v in WEAK_VETOES:
        weak = chosen(v, every)
        caught, violations, alarms, cleans = sentences(weak, v, every)
        honest = [0, 0, 0, 0]
        for h in (0, 1):
            picked = chosen(v, halves[h])
            got = sentences(picked, v, halves[1 - h])
            before = sentences(set(), v, halves[1 - h])
            honest = [honest[0] + before[0] - got[0], honest[1], honest[2], 0]
            honest[2] += before[2] - got[2]
        print(
            f"  veto {v:5.1f}: {len(weak)} weak rules: recall {_ratio(caught, violations)} "
            f"false alarms {_ratio(alarms, cleans)} | chosen on one half, measured on the "
            f"other: {honest[0]} violations lost, {honest[2]} false alarms removed"
        )
        print(f"    {' '.join(sorted(weak))}")
    own = per_rule(every)
    caught, violations, alarms, cleans = sentences(own, 0.0, every)
    honest = [0, 0]
    for h in (0, 1):
        got = sentences(per_rule(halves[h]), 0.0, halves[1 - h])
        before = sentences(set(), 0.0, halves[1 - h])
        honest[0] += before[0] - got[0]
        honest[1] += before[2] - got[2]
    print(
        f"  per-rule vetoes (veto = X on each weak rule): recall {_ratio(caught, violations)} "
        f"false alarms {_ratio(alarms, cleans)} | chosen on one half, measured on the other: "
        f"{honest[0]} violations lost, {honest[1]} false alarms removed"
    )
    print("    " + " ".join(f"{rule}={v}" for rule, v in sorted(own.items())))


def _ratio(part: int, whole: int) -> str:
    return f"{part:4d}/{whole:<4d} = {part / max(1, whole):6.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=0.003, help="clean share let through")
    parser.add_argument(
        "--budget-for",
        action="append",
        default=None,
        metavar="CLASS=SHARE",
        help="one class's clean share let through instead of --budget (repeatable; the English "
        "model gets its own with --english-budget-for)",
    )
    parser.add_argument(
        "--english-budget-for",
        action="append",
        default=None,
        metavar="CLASS=SHARE",
        help="with --english: --budget-for for the English model",
    )
    parser.add_argument(
        "--budget-report",
        action="store_true",
        help="print each class's out-of-fold recall and false alarms at a row of budgets",
    )
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--select-c", type=float, default=30.0, help="L1 strength (selection)")
    parser.add_argument("--composed", type=int, default=3, help="sentences per concept pattern")
    parser.add_argument("--repeats", type=int, default=3, help="repeated cross-validation")
    parser.add_argument("--composed-weight", type=float, default=0.5)
    parser.add_argument(
        "--frame-weight", type=float, default=0.5, help="weight of the negated/reported ones"
    )
    parser.add_argument(
        "--chat-weight", type=float, default=1.0, help="sample weight of a service chat row"
    )
    parser.add_argument(
        "--batch-weight",
        action="append",
        default=[],
        metavar="REGEX=W",
        help="sample weight of the rows of every batch (probe file name) the regex matches "
        "in full (repeatable; e.g. probe2[23]f1=2 for the implied-threat families)",
    )
    parser.add_argument(
        "--english-batch-weight",
        action="append",
        default=[],
        metavar="REGEX=W",
        help="with --english: --batch-weight for the English model (--batch-weight itself "
        "weighs the hanzi model's rows only)",
    )
    parser.add_argument(
        "--chat-intents",
        default="greeting_smalltalk,other,human_request",
        help="comma-separated intents service chat takes ('': every intent and the simulator)",
    )
    parser.add_argument(
        "--chat-gate",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="service chat counts in the choice of triggers too",
    )
    parser.add_argument(
        "--chat-ban",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="an n-gram found in a service chat row is never a trigger (as in the KB answers)",
    )
    parser.add_argument(
        "--chat-ban-all",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="no n-gram of any service chat line (every intent, the simulator) is a trigger",
    )
    parser.add_argument(
        "--english-chat-ban-all",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="the separate English model is trained with --chat-ban-all",
    )
    parser.add_argument(
        "--cover",
        type=int,
        default=1,
        help="triggers each flagged training sentence holds, where it has that many",
    )
    parser.add_argument(
        "--trigger-clean", type=int, default=60, help="clean sentences a trigger may appear in"
    )
    parser.add_argument(
        "--ungated",
        type=float,
        default=None,
        help="also score units holding no trigger, at each class's threshold plus this margin",
    )
    parser.add_argument(
        "--ungated-classes",
        default="",
        help="with --ungated: the classes a unit holding no trigger is scored for (comma-separated; "
        "default every class)",
    )
    parser.add_argument(
        "--ungated-words",
        type=int,
        default=0,
        help="with --ungated: a unit without hanzi holding no trigger needs this many Latin words",
    )
    parser.add_argument(
        "--ungated-woken",
        action="store_true",
        help="with --ungated: the trigger-free classes are read only in units another class's "
        "trigger woke (no unit without a trigger is scored: no cost)",
    )
    parser.add_argument(
        "--ungated-cue",
        default=None,
        help="with --ungated: a hanzi unit no trigger woke is read only when it holds one of "
        "these characters (the file's ungated_cue, e.g. 你)",
    )
    parser.add_argument(
        "--ungated-hanzi",
        type=int,
        default=0,
        help="with --ungated-cue: ... and has at most this many hanzi (the file's ungated_hanzi)",
    )
    parser.add_argument(
        "--ungated-report",
        action="store_true",
        help="print per class what --ungated M would add out-of-fold at a row of margins",
    )
    parser.add_argument(
        "--unit-chars",
        type=int,
        default=None,
        help="the file's unit_chars: sentences merge into one scored unit up to this many characters",
    )
    parser.add_argument(
        "--trigger-function-ban",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="no trigger made of function characters alone (于你, 你就: FUNCTION_CHARS)",
    )
    parser.add_argument(
        "--trigger-precision",
        type=float,
        default=0.3,
        help="share of the sentences holding a trigger that the class flags",
    )
    parser.add_argument(
        "--concepts",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="features for the engine's concepts found in a sentence",
    )
    parser.add_argument(
        "--concept-triggers",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="a concept may wake a class like a trigger n-gram",
    )
    parser.add_argument(
        "--yardstick",
        action="store_true",
        help="also print the leave-one-batch-out figures (about a minute more)",
    )
    parser.add_argument(
        "--yardstick-only", action="store_true", help="print them and write no model"
    )
    parser.add_argument(
        "--yardstick-scores-only",
        action="store_true",
        help="only the threshold-free leave-one-batch-out figures (faster)",
    )
    parser.add_argument(
        "--fold",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="also n-grams of the pinyin-folded text (homophones read alike)",
    )
    parser.add_argument(
        "--lexicon",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="the LEXICON meanings (gift, borrow) as features, and their pair as a gate",
    )
    parser.add_argument(
        "--lexicon-more",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="with --lexicon: LEXICON_MORE (English gift/borrow terms, the kin and debt meanings)",
    )
    parser.add_argument(
        "--lexicon-bills",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="with --lexicon: LEXICON_BILLS (a gift that is a bill or a fee paid: 报销, 替你交, "
        '"we\'ll cover your phone bill")',
    )
    parser.add_argument(
        "--english-chat-intents",
        default=None,
        help="with --english: the English model's --chat-intents ('' = every intent and the "
        "simulator's lines); default: the same as --chat-intents",
    )
    parser.add_argument(
        "--kin-gate",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="with --lexicon-more: kin beside debt wakes the collection class",
    )
    parser.add_argument(
        "--tokens",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="Latin words and word pairs as features (model.latin_tokens)",
    )
    parser.add_argument(
        "--english-tokens",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="the separate English model is trained with --tokens",
    )
    parser.add_argument(
        "--words",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="also words and word pairs: forward maximum matching against a vocabulary of "
        "jieba's dictionary words found in the training sentences",
    )
    parser.add_argument(
        "--word-hmm",
        action="store_true",
        help="vocabulary: also the words jieba's HMM guesses (not only its dictionary's)",
    )
    parser.add_argument(
        "--word-min-count", type=int, default=2, help="training sentences a vocabulary word is in"
    )
    parser.add_argument(
        "--evaluate",
        default=".*",
        help="yardstick: count only the batches whose name matches this regular expression "
        "(all train the folds)",
    )
    parser.add_argument(
        "--drop",
        default="",
        help="leave out the batches whose name matches this regular expression (training and "
        "yardstick): the figures before a new batch joined",
    )
    parser.add_argument(
        "--exclude-near-tests",
        default="",
        help="leave out the rows of the batches whose name matches this regular expression that "
        "equal or near-copy (character 4-gram Jaccard >= 0.6) a string of tests/*.py (session 46)",
    )
    parser.add_argument(
        "--groups",
        type=int,
        default=0,
        help="yardstick: N folds of whole batches (by a hash of the name) instead of one fold "
        "per batch (about 6 times faster; each fold trains on less)",
    )
    parser.add_argument(
        "--augment",
        type=int,
        default=0,
        metavar="K",
        help="train on up to K paraphrases of each violation: a concept term swapped for another "
        "of its concept (paraphrases)",
    )
    parser.add_argument(
        "--english-augment", type=int, default=0, help="with --english: its --augment K"
    )
    parser.add_argument(
        "--english-augment-chat",
        type=float,
        default=0.0,
        help="with --english-augment: its --augment-chat",
    )
    parser.add_argument("--augment-weight", type=float, default=0.5, help="a paraphrase's weight")
    parser.add_argument(
        "--augment-clean",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="with --augment: paraphrase the clean sentences too",
    )
    parser.add_argument(
        "--augment-hant", type=float, default=0.0, help="with --augment: chance of zh-Hant"
    )
    parser.add_argument(
        "--augment-chat", type=float, default=0.0, help="with --augment: chance of a chat form"
    )
    parser.add_argument(
        "--session-groups",
        type=int,
        default=0,
        help="with --session-folds: put the sessions into this many folds (round robin)",
    )
    parser.add_argument(
        "--session-folds",
        default="",
        metavar="REGEX",
        help="yardstick: one fold per session holding a batch this matches in full (every "
        "batch of that session, e.g. 'probe\\d+a\\d*' for the author rounds), the other batches "
        "in --groups folds (default 5) by hash; count only the matching batches, and print per "
        "session the rules alone against the engine with the fold's model",
    )
    parser.add_argument(
        "--veto",
        type=float,
        default=None,
        help="yardstick: how rule hits would fare if a model logit below this vetoed them",
    )
    parser.add_argument(
        "--weak-report",
        action="store_true",
        help="yardstick: which rules should be weak (model.judge on each rule hit, out-of-fold)",
    )
    parser.add_argument(
        "--weak-rules",
        default="",
        help="with --weak-report: also the sentence figures with these rules (comma-separated) weak",
    )
    parser.add_argument(
        "--veto-logit",
        type=float,
        default=VETO,
        help="the model file's veto logit: a weak rule's hit stands where a class of its "
        "category scores at least this on the hit's sentence (chosen with --weak-report)",
    )
    parser.add_argument(
        "--latin",
        type=int,
        default=None,
        metavar="N",
        help="also train on and score English sentences of N or more Latin words (no hanzi)",
    )
    parser.add_argument(
        "--latin-budget",
        type=float,
        default=None,
        help="with --latin: the clean share let through for English sentences (default --budget)",
    )
    parser.add_argument(
        "--latin-only",
        action="store_true",
        help="with --latin: the English sentences alone (a separate English model)",
    )
    parser.add_argument(
        "--ngram-min",
        type=int,
        default=1,
        choices=range(1, NGRAM_MAX + 1),
        metavar="N",
        help="with --latin-only: character n-grams of N-4 characters (default 1); the file's "
        "'ngram_min'. A hanzi run refuses anything but 1",
    )
    parser.add_argument(
        "--english-ngram-min",
        type=int,
        default=1,
        choices=range(1, NGRAM_MAX + 1),
        metavar="N",
        help="with --english: the English model's --ngram-min (the hanzi model keeps 1)",
    )
    parser.add_argument(
        "--english",
        type=int,
        default=3,
        metavar="N",
        help="also train a separate English model (--latin N --latin-only --composed 0) and "
        "ship it as the file's 'english': it scores units without hanzi of N or more words "
        "(0: none)",
    )
    parser.add_argument(
        "--english-budget",
        type=float,
        default=None,
        help="with --english: the English model's clean share let through (default --budget)",
    )
    parser.add_argument(
        "--english-ungated",
        type=float,
        default=None,
        metavar="M",
        help="with --english: the English model scores every English unit (its --ungated M)",
    )
    parser.add_argument(
        "--english-ungated-classes",
        default="",
        help="with --english-ungated: the English model's --ungated-classes",
    )
    parser.add_argument(
        "--english-ungated-words",
        type=int,
        default=0,
        help="with --english-ungated: the English model's --ungated-words",
    )
    parser.add_argument(
        "--english-unit-chars",
        type=int,
        default=None,
        help="with --english: the English model's --unit-chars",
    )
    parser.add_argument(
        "--chat",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="train on ordinary service chat as clean (service_chat)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "loancs" / "data" / MODEL_FILE)
    args = parser.parse_args()

    FAMILIES.update(fold=args.fold, words=args.words, lexicon=args.lexicon, tokens=args.tokens)
    if args.lexicon_more:
        lexicon_more(args.kin_gate)
    if args.lexicon_bills:
        lexicon_bills()
    CHAT_INTENTS[0] = frozenset(args.chat_intents.split(",")) if args.chat_intents else None
    LATIN[0] = args.latin
    if args.ngram_min != 1 and not args.latin_only:
        parser.error("--ngram-min is for an English run (--latin-only); see --english-ngram-min")
    global NGRAM_MIN
    NGRAM_MIN = args.ngram_min
    WORD_MIN_COUNT[0] = args.word_min_count
    WORD_HMM[0] = args.word_hmm
    if args.veto is not None:
        VETO_LOGIT[0] = args.veto
    rows = [r for r in development_rows() if not (args.drop and re.fullmatch(args.drop, r[3]))]
    if args.exclude_near_tests:
        chosen = [r[0] for r in rows if re.fullmatch(args.exclude_near_tests, r[3])]
        near = near_test_texts(chosen)
        rows = [
            r for r in rows if not (r[0] in near and re.fullmatch(args.exclude_near_tests, r[3]))
        ]
        print(f"left out {len(near)} rows of {len(chosen)} near a test's string", file=sys.stderr)
    rows += [(text, NONE, True, "kb", "clean") for text in shipped_answers()]
    if args.chat:
        rows += [(text, NONE, True, "chat", "clean") for text in service_chat()]
    if args.chat_ban_all:
        chosen, CHAT_INTENTS[0] = CHAT_INTENTS[0], None
        BAN_TEXT[:] = ["\n".join(prepare(normalize(t).light) for t in service_chat())]
        CHAT_INTENTS[0] = chosen
    if args.latin_only:
        rows = [r for r in rows if not _HANZI.search(r[0]) and latin_enough(r[0])]
    originals = [row[0] for row in rows]
    concepts = found_concepts(originals) if args.concepts else [()] * len(rows)
    texts = [
        (prepare(normalize(t).light), found) for t, found in zip(originals, concepts, strict=True)
    ]
    targets = np.array([row[1] for row in rows])
    clean = np.array([row[2] for row in rows])
    ROW_WEIGHTS[:] = [np.array([row_weight(row[3], args) for row in rows])]
    if args.augment:
        AUGMENT_WEIGHT[0] = args.augment_weight
        made = paraphrases(rows, args.augment, args)
        AUGMENTED[:] = [
            (i, (prepare(normalize(t).light), ()), target, is_clean)
            for i, t, target, is_clean in made
        ]
        print(f"augment: {len(made)} paraphrases of {len({m[0] for m in made})} sentences")
    composed = composed_rows(args.composed, seed=5)
    c_originals = [t for t, _ in composed]
    c_concepts = found_concepts(c_originals) if args.concepts else [()] * len(composed)
    c_texts = [
        (prepare(normalize(t).light), f) for t, f in zip(c_originals, c_concepts, strict=True)
    ]
    c_targets = np.array([target for _, target in composed], dtype=int)
    c_weights = np.where(c_targets == NONE, args.frame_weight, args.composed_weight)
    extra = (c_texts, c_targets, c_weights)
    print(
        f"training: {len(rows)} development sentences ({int(clean.sum())} clean), "
        f"{len(composed)} composed from concept terms"
    )
    # A clean sentence costs a false alarm only where the engine would keep the model's hit:
    # not where a rule of the category already fired (it is a false alarm anyway), not in
    # someone else's words, not beside one of the model rule's unless concepts.
    kept = cached_kept([row[0] for row in rows])
    if args.yardstick or args.yardstick_only or args.yardstick_scores_only or args.weak_report:
        yardstick(rows, texts, kept, extra, args)
        if args.yardstick_only or args.yardstick_scores_only or args.weak_report:
            return

    # Repeated 5-fold out-of-fold logits on the real sentences choose the thresholds: a
    # threshold is an extreme quantile of the clean scores, so one split is too noisy.
    oof = np.zeros((args.repeats, len(rows), len(CLASSES)))
    for repeat in range(args.repeats):
        folds = StratifiedKFold(5, shuffle=True, random_state=repeat)
        for train, test in folds.split(texts, targets):
            fit_and_score(texts, targets, extra, train, test, args, oof[repeat])
    latin = np.array([not _HANZI.search(row[0]) for row in rows])
    labelled = clean & np.array([row[3] != "chat" for row in rows])
    budgets = class_budgets(args.budget, args.budget_for)
    thresholds = choose_thresholds(oof, labelled, kept, budgets, latin, args.latin_budget)
    if args.budget_report:
        budget_report(oof, targets, labelled, kept, latin)
    bars = np.where(latin[:, None], thresholds[-4:], thresholds[:4])  # per sentence and class
    for label, name in enumerate(CLASSES):
        counted = clean & kept[:, label]
        positives = targets == label
        recall = float(np.mean(oof[:, positives, label] >= bars[positives, label]))
        alarms = float(np.mean(oof[:, counted, label] >= bars[counted, label])) * int(counted.sum())
        shown = "/".join(f"{t:.2f}" for t in thresholds[label :: len(CLASSES)])
        print(
            f"  {name:<20} threshold {shown:>6}  out-of-fold recall {recall:6.1%} "
            f"({int(positives.sum())})  clean let through {alarms:.1f}/{int(clean.sum())}"
        )
    flagged = ((oof >= bars) & kept).any(axis=2).mean(axis=0)
    print(
        f"  any class on clean sentences (kept hits): {flagged[clean].sum():.1f}/{int(clean.sum())}"
    )

    a_texts, a_targets, a_weights, a_clean = augmented_in(np.arange(len(rows)))
    vectorizer, models = fit(
        texts + a_texts + c_texts,
        np.concatenate([targets, a_targets, c_targets]),
        np.concatenate([ROW_WEIGHTS[0], a_weights, c_weights]),
        args.c,
        args.select_c,
    )
    data = export(
        vectorizer,
        models,
        thresholds,
        texts + a_texts + c_texts,
        set(np.flatnonzero(clean).tolist())
        | {len(rows) + n for n in np.flatnonzero(a_clean).tolist()},
        args,
        answer_rows=frozenset(
            i for i, row in enumerate(rows) if row[3] == "kb" or args.chat_ban and row[3] == "chat"
        ),
        chat_rows=frozenset(
            i for i, row in enumerate(rows) if row[3] == "chat" and not args.chat_gate
        ),
    )
    data["veto"] = args.veto_logit
    if args.ungated_cue is not None:
        data["ungated_cue"] = args.ungated_cue
    if args.ungated_hanzi:
        data["ungated_hanzi"] = args.ungated_hanzi
    if args.ungated_report:
        ungated_report(data, texts, oof, targets, labelled, kept, bars, [row[0] for row in rows])
    if args.ungated_classes:
        data["ungated_classes"] = args.ungated_classes.split(",")
    if args.unit_chars is not None:
        data["unit_chars"] = args.unit_chars
    if args.ungated_words:
        data["ungated_words"] = args.ungated_words
    if args.ungated_woken:
        data["ungated_woken"] = True
    if args.english:
        data["english"] = english_model(args)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {len(vectorizer.vocabulary_)} n-grams in training, "
        f"{len(text.encode()) // 1024} KiB"
    )


if __name__ == "__main__":
    main()
