"""The lender's knowledge base: entries with question variants and answers in Chinese and
English, an intent and optionally a product, or the borrowers it is about (``employment =
["student"]``: the eligibility rule a student's "can I apply?" gets, whatever loan it names). Entries come as Markdown (TOML front matter
between ``+++`` lines, then ``## zh`` and ``## en`` answer sections) or TOML (one entry, or
many as ``[[entry]]``). Retrieval is BM25 (bm25s) over the folded question variants.

Pure: the caller reads the files and passes (name, text) pairs.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import bm25s
import jieba
import numpy as np

from loancs.core.assistant.intents import INTENTS
from loancs.core.assistant.slots import EMPLOYMENTS, SITUATIONS
from loancs.core.assistant.text import fold

jieba.setLogLevel(logging.WARNING)
logging.getLogger("bm25s").setLevel(logging.WARNING)

_FRONT = re.compile(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n?(.*)\Z", re.S)
_SECTION = re.compile(r"^##\s*(zh|en)\s*$", re.M)
_STOP = frozenset(
    [
        "需要",
        "可以",
        "能",
        "才能",
        "能不能",
        "我们",
        "的",
        "了",
        "里",
        "写",
        "吗",
        "呢",
        "啊",
        "吧",
        "呀",
        "我",
        "你",
        "你们",
        "是",
        "请问",
        "一下",
        "怎么",
        "什么",
        "有",
        "和",
        "在",
        "要",
        "想",
        "the",
        "a",
        "an",
        "is",
        "am",
        "are",
        "with",
        "do",
        "i",
        "my",
        "to",
        "of",
        "for",
        "can",
        "what",
        "how",
    ]
)


@dataclass(frozen=True)
class Entry:
    id: str
    intent: str
    questions_zh: tuple[str, ...]
    questions_en: tuple[str, ...]
    answer_zh: str
    answer_en: str
    product: str | None = None
    source: str = ""
    employment: tuple[str, ...] = ()
    situation: tuple[str, ...] = ()
    # What the entry is about, named ("加速到期", "grace period", "interest rate+apr": every
    # part, in any order): a message that names one is this entry's question, whatever intent
    # the classifier reads ("合同里说的 宽限期 是几天" is the grace period, not a clause).
    terms: tuple[str, ...] = ()

    def answer(self, lang: str) -> str:
        return self.answer_en if lang == "en" and self.answer_en else self.answer_zh


@dataclass
class Problem:
    source: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.entry}: {self.message}"


def _entry(
    data: dict[str, Any], source: str, default_id: str, problems: list[Problem]
) -> Entry | None:
    entry_id = str(data.get("id") or default_id)
    known = {
        "id",
        "intent",
        "product",
        "employment",
        "situation",
        "terms",
        "questions_zh",
        "questions_en",
        "answer_zh",
        "answer_en",
    }
    unknown = set(data) - known
    if unknown:
        problems.append(Problem(source, entry_id, f"unknown keys: {', '.join(sorted(unknown))}"))
    intent = data.get("intent")
    if intent not in INTENTS:
        problems.append(Problem(source, entry_id, f"unknown intent {intent!r}"))
        return None
    qz = tuple(str(q).strip() for q in data.get("questions_zh", ()) if str(q).strip())
    qe = tuple(str(q).strip() for q in data.get("questions_en", ()) if str(q).strip())
    az = str(data.get("answer_zh", "")).strip()
    ae = str(data.get("answer_en", "")).strip()
    if not qz and not qe:
        problems.append(Problem(source, entry_id, "no question variants"))
    if not az:
        problems.append(Problem(source, entry_id, "no Chinese answer (answer_zh / ## zh)"))
    if not ae:
        problems.append(Problem(source, entry_id, "no English answer (answer_en / ## en)"))
    jobs = data.get("employment", ())
    jobs = (jobs,) if isinstance(jobs, str) else tuple(str(j) for j in jobs)
    for job in jobs:
        if job not in EMPLOYMENTS:
            problems.append(Problem(source, entry_id, f"unknown employment {job!r}"))
    about = data.get("situation", ())
    about = (about,) if isinstance(about, str) else tuple(str(a) for a in about)
    for name in about:
        if name not in SITUATIONS:
            problems.append(Problem(source, entry_id, f"unknown situation {name!r}"))
    named = data.get("terms", ())
    named = (named,) if isinstance(named, str) else tuple(str(t).strip() for t in named)
    for term in named:
        parts = [w for part in term.split("+") for w in part.split("|")]
        if not term or not all(fold(w).text.strip() for w in parts):
            problems.append(Problem(source, entry_id, f"empty term {term!r}"))
    named = tuple(t for t in named if t)
    return Entry(entry_id, intent, qz, qe, az, ae, data.get("product"), source, jobs, about, named)


@functools.lru_cache(maxsize=1024)
def _term_part(part: str) -> re.Pattern[str]:
    """One part of a term, folded, with its alternatives ("晚还|pay late"): Chinese anywhere
    in the message, English as whole words (an English plural too: "late fees")."""
    alternatives = []
    for word in part.split("|"):
        text = re.escape(fold(word).text.strip()).replace(r"\ ", r"\s*")
        if not text:
            continue
        if re.search(r"[a-z0-9]", text):
            text = r"(?<![a-z0-9])" + text + r"(?:e?s)?(?![a-z0-9])"
        alternatives.append(text)
    return re.compile("|".join(alternatives) or r"(?!)")


@functools.lru_cache(maxsize=2048)
def _term_parts(term: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_term_part(p) for p in term.split("+"))


def term_length(term: str, folded: str) -> int:
    """How much of the folded message the term names (0: it does not name it): the longer
    of two named terms is the more specific ("宽限期内罚息" names both; 宽限期 is longer).
    A part that is missing ends the look (most terms' first part names nothing here)."""
    total = 0
    for part in _term_parts(term):
        m = part.search(folded)
        if m is None:
            return 0
        total += m.end() - m.start()
    return total


def parse_entries(source: str, text: str, problems: list[Problem] | None = None) -> list[Entry]:
    problems = problems if problems is not None else []
    stem = re.sub(r"\.(md|toml)$", "", source.rsplit("/", 1)[-1])
    if source.endswith(".md"):
        m = _FRONT.match(text)
        if not m:
            problems.append(Problem(source, stem, "Markdown entry needs +++ TOML front matter +++"))
            return []
        try:
            data = tomllib.loads(m.group(1))
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem(source, stem, f"front matter is not TOML: {exc}"))
            return []
        parts = _SECTION.split(m.group(2))
        answers = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
        data.setdefault("answer_zh", answers.get("zh", ""))
        data.setdefault("answer_en", answers.get("en", ""))
        entry = _entry(data, source, stem, problems)
        return [entry] if entry else []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(source, stem, f"not valid TOML: {exc}"))
        return []
    raw = data.get("entry")
    if isinstance(raw, list):
        out = []
        for i, item in enumerate(raw, 1):
            entry = _entry(item, source, f"{stem}#{i}", problems)
            if entry:
                out.append(entry)
        return out
    entry = _entry(data, source, stem, problems)
    return [entry] if entry else []


def question_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text).text)


# What jieba leaves of an English contraction ("I'm" -> "i", "'", "m"): shared by every
# "I'm ..." and "it's ..." question, they made "I'm a student, can I get a loan" the
# self-employed entry's "can I get a loan if I'm self-employed".
_CONTRACTION = frozenset(["m", "s", "re", "ve", "ll", "d", "t"])
_PLURAL = re.compile(r"[a-z]{3,}[^s]s")  # "students", "loans", not "business", "yes"


def _word(word: str) -> str:
    """An English plural as its singular ("students" finds "student"); the rest as it is."""
    return word[:-1] if _PLURAL.fullmatch(word) else word


def tokens(text: str) -> list[str]:
    folded = fold(text).text
    words = [w.strip() for w in jieba.lcut(folded)]
    kept = [
        _word(w)
        for w in words
        if w and w not in _STOP and w not in _CONTRACTION and re.search(r"\w", w)
    ]
    return kept or ([folded] if folded.strip() else [])


@dataclass
class KnowledgeBase:
    entries: list[Entry]
    problems: list[Problem] = field(default_factory=list)
    _index: Any = None  # a bm25s.BM25 (untyped library)
    _rows: list[int] = field(default_factory=list)  # index row -> entry
    by_intent: dict[str, list[int]] = field(default_factory=dict)
    _keys: dict[str, int] = field(default_factory=dict)  # folded question -> entry
    _tokens: list[frozenset[str]] = field(default_factory=list)  # index row -> tokens
    _idf: dict[str, float] = field(default_factory=dict)  # word -> how rare among questions
    _with_terms: list[Entry] = field(default_factory=list)  # entries that name ``terms``
    _named_last: tuple[str, Entry | None] | None = None  # the last message asked about
    _any_term: re.Pattern[str] | None = None  # the first part of every term, in one pattern
    # each entry with terms and its terms' first parts in one pattern: an entry none of whose
    # terms starts in the message costs one search, not one a term
    _gates: list[tuple[Entry, re.Pattern[str]]] = field(default_factory=list)

    @classmethod
    def build(cls, files: list[tuple[str, str]]) -> KnowledgeBase:
        problems: list[Problem] = []
        entries: list[Entry] = []
        for source, text in sorted(files):
            entries += parse_entries(source, text, problems)
        kb = cls(entries, problems)
        kb._with_terms = [e for e in entries if e.terms]
        firsts = [
            _term_part(term.split("+")[0]).pattern for e in kb._with_terms for term in e.terms
        ]
        kb._any_term = re.compile("|".join(f"(?:{p})" for p in firsts)) if firsts else None
        kb._gates = [
            (
                e,
                re.compile("|".join(f"(?:{_term_part(t.split('+')[0]).pattern})" for t in e.terms)),
            )
            for e in kb._with_terms
        ]
        corpus: list[list[str]] = []
        for n, entry in enumerate(entries):
            kb.by_intent.setdefault(entry.intent, []).append(n)
            for q in entry.questions_zh + entry.questions_en:
                words = tokens(q)
                corpus.append(words)
                kb._rows.append(n)
                kb._tokens.append(frozenset(words))
                kb._keys.setdefault(question_key(q), n)
        frequency: dict[str, int] = {}
        for words_ in kb._tokens:
            for word in words_:
                frequency[word] = frequency.get(word, 0) + 1
        rows = len(kb._tokens)
        kb._idf = {w: math.log(1 + (rows - f + 0.5) / (f + 0.5)) for w, f in frequency.items()}
        if corpus:
            index = bm25s.BM25()
            index.index(corpus, show_progress=False)
            kb._index = index
        return kb

    def search(self, text: str, k: int = 8) -> list[tuple[Entry, float]]:
        """Best entries for ``text`` (each once), highest BM25 score first."""
        if self._index is None:
            return []
        scores = self._scores(tokens(text))
        order = scores.argsort()[::-1][: max(k, 1) * 3]
        seen: set[int] = set()
        out = []
        for row in order:
            score = scores[row]
            n = self._rows[int(row)]
            if n in seen or score <= 0:
                continue
            seen.add(n)
            out.append((self.entries[n], float(score)))
            if len(out) >= k:
                break
        return out

    def _scores(self, query: list[str]) -> np.ndarray:
        # get_scores is the plain BM25 sum (retrieve() starts a thread pool per call); it
        # refuses words the index has never seen, so only known ones go in.
        vocab = self._index.vocab_dict
        known = [w for w in query if w and w in vocab]
        if not known:
            return np.zeros(len(self._rows))
        scores: np.ndarray = self._index.get_scores(known)
        return scores

    def named(self, text: str, folded: bool = False) -> Entry | None:
        """The entry whose ``terms`` the message names (the most specific when it names
        several; on a tie the better BM25 match), or None. ``folded``: ``text`` is folded
        already (the assistant asks twice per message; the last answer is remembered)."""
        key = text if folded else fold(text).text
        if self._named_last is not None and self._named_last[0] == key:
            return self._named_last[1]
        found = self._named(text, key)
        self._named_last = (key, found)
        return found

    def _named(self, text: str, folded: str) -> Entry | None:
        if self._any_term is None or not self._any_term.search(folded):
            return None  # most messages name no term: one search instead of one a term
        best: tuple[int, Entry] | None = None
        tied: list[Entry] = []
        for entry, gate in self._gates:
            if not gate.search(folded):
                continue
            length = max((term_length(t, folded) for t in entry.terms), default=0)
            if length <= 0:
                continue
            if best is None or length > best[0]:
                best, tied = (length, entry), [entry]
            elif length == best[0]:
                tied.append(entry)
        if best is None:
            return None
        if len(tied) > 1:
            ranked = [e for e, _ in self.search(text, k=len(self.entries)) if e in tied]
            return ranked[0] if ranked else tied[0]
        return best[1]

    def for_employment(self, intent: str, job: str) -> Entry | None:
        """The entry of this intent about borrowers with this job (``employment = [...]``)."""
        return next((e for e in self.entries if e.intent == intent and job in e.employment), None)

    def for_situation(self, situation: str) -> Entry | None:
        """The entry about this situation (``situation = [...]``): "我单位没给我交社保" is
        answered by the social-insurance rule, whatever else the message shares."""
        return next((e for e in self.entries if situation in e.situation), None)

    def matching(self, text: str) -> Entry | None:
        """The entry whose question variant is (nearly) this very message: the lender's
        own wording counts as understood even where the classifier never saw it."""
        n = self._keys.get(question_key(text))
        if n is not None:
            return self.entries[n]
        if self._index is None:
            return None
        query = frozenset(tokens(text))
        scores = self._scores(list(query))
        row = int(scores.argmax())
        if scores[row] <= 0:
            return None
        words = self._tokens[row]
        overlap = len(query & words) / max(1, len(query | words))
        return self.entries[self._rows[row]] if overlap >= 0.75 else None

    def _shared_weight(self, words: frozenset[str], question: frozenset[str]) -> float:
        """The share of a question variant's words, each weighed by how rare it is among
        all the variants, that the message has: "大学生能借钱吗" shares only the common
        "借钱" with "不查征信能借钱吗", while "大学生" is what that question is about."""
        total = sum(self._idf.get(w, 0.0) for w in question)
        if total <= 0:
            return 0.0
        return sum(self._idf.get(w, 0.0) for w in words & question) / total

    def covers(self, text: str, entry: Entry) -> float:
        """The share of the message's words, each weighed by how rare it is (a word no
        question has counts as the rarest), that one of the entry's question variants has:
        "how much can I borrow" has the common half of "can I borrow money without my
        husband knowing" (0.17), "no credit check" the heart of "can I borrow money without
        a credit check" (0.36)."""
        words = frozenset(tokens(text))
        rare = max(self._idf.values(), default=1.0)
        total = sum(self._idf.get(w, rare) for w in words)
        if total <= 0:
            return 0.0
        return max(
            (
                sum(self._idf.get(w, rare) for w in words & self._tokens[row]) / total
                for row, n in enumerate(self._rows)
                if self.entries[n] is entry
            ),
            default=0.0,
        )

    def general(self, intent: str) -> Entry | None:
        """The intent's general entry (its first without a product): what ``best`` falls
        back to when no other entry of the intent matches."""
        general = [self.entries[n] for n in self.by_intent.get(intent, ())]
        plain = [e for e in general if not e.product] or general
        return plain[0] if plain else None

    def best(
        self,
        text: str,
        intent: str,
        product: str | None = None,
        situation: str | None = None,
        employment: str | None = None,
    ) -> tuple[Entry | None, float]:
        """The entry to answer with: the best match of this intent (a product match first)
        when it shares enough words with the message, else the intent's general entry. An
        entry about a situation (``situation = [...]``) is in the running only for a message
        in that situation: "still on probation at my new job, can i apply" shares "apply" and
        "job" with "can I apply with a part-time job", and is not about part-time work."""
        general = [
            self.entries[n]
            for n in self.by_intent.get(intent, ())
            if not self.entries[n].situation or situation in self.entries[n].situation
        ]
        plain = [e for e in general if not e.product] or general
        fallback = (plain[0], 0.0) if plain else (None, 0.0)
        if self._index is None or not general:
            return fallback
        query = tokens(text)
        scores = self._scores(query)
        words = frozenset(query)
        rare = max(self._idf.values(), default=1.0)
        asked = sum(self._idf.get(w, rare) for w in words) or 1.0
        best: tuple[float, float, float, int] | None = None  # (product, rank, general, row)
        for row, n in enumerate(self._rows):
            entry = self.entries[n]
            if entry.intent != intent or scores[row] <= 0:
                continue
            if entry.situation and situation not in entry.situation:
                continue
            if (
                entry.employment
                and entry is not fallback[0]
                and employment is not None
                and employment not in entry.employment
            ):
                continue  # "hw do i apply" shares "apply" with "can freelancers apply"
            if self._shared_weight(words, self._tokens[row]) < 0.34:
                continue  # one shared common word ("工作", "借钱") is not the same question
            # BM25 favours short variants that share a few words; the share of the message's
            # own (rare) words a variant has breaks near ties: "合同里写的提前还款违约金是什么
            # 意思" is about the prepayment penalty, not the "合同里的…是什么意思" of the default clause.
            share = sum(self._idf.get(w, rare) for w in words & self._tokens[row]) / asked
            rank = float(scores[row]) * (1.0 + share)
            # ... and on a tie the intent's general entry: "那利率呢" is as near "利率是多少" as
            # "利率是固定的吗", "will applying show up on my credit report" as near "will a rate
            # check show up …" as "will paying late show up …"; what makes the other entry
            # specific (固定, late) is not in the message.
            general_first = 1.0 if entry is fallback[0] else 0.0
            key = (1.0 if product and entry.product == product else 0.0, rank, general_first, row)
            if best is None or key > best:
                best = key
        if best is None:
            return fallback
        return self.entries[self._rows[best[3]]], float(scores[best[3]])


def lint(kb: KnowledgeBase, check: Callable[[str, str], Any] | None = None) -> list[Problem]:
    """Mistakes a lender makes: unreadable entries, unknown intents, missing answers,
    duplicate ids and questions, answers the compliance engine would not let an agent
    send (``check(text, lang)`` -> result with ``hits``)."""
    problems = list(kb.problems)
    ids: dict[str, str] = {}
    terms: dict[str, str] = {}
    for entry in kb.entries:
        for term in entry.terms:
            key = "+".join(sorted(fold(p).text.strip() for p in term.split("+")))
            if key in terms and terms[key] != entry.id:
                problems.append(
                    Problem(entry.source, entry.id, f"term {term!r} also names {terms[key]}")
                )
            terms.setdefault(key, entry.id)
    questions: dict[str, str] = {}
    for entry in kb.entries:
        if entry.id in ids:
            problems.append(
                Problem(entry.source, entry.id, f"duplicate id (also in {ids[entry.id]})")
            )
        ids.setdefault(entry.id, entry.source)
        for q in entry.questions_zh + entry.questions_en:
            key = question_key(q)
            where = f"{entry.source}:{entry.id}"
            if key in questions:
                problems.append(
                    Problem(
                        entry.source, entry.id, f"duplicate question {q!r} (also {questions[key]})"
                    )
                )
            else:
                questions[key] = where
        if check is not None:
            for lang, answer in (("zh", entry.answer_zh), ("en", entry.answer_en)):
                if not answer:
                    continue
                result = check(answer, lang)
                for hit in getattr(result, "hits", ()):
                    problems.append(
                        Problem(
                            entry.source,
                            entry.id,
                            f"{lang} answer fails compliance {hit.rule} ({hit.severity}): "
                            f"{hit.match!r}: {hit.message}",
                        )
                    )
    return problems
