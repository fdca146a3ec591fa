"""Compliance engine: check an agent's message against marketing, rate-disclosure, collection
and PII rules before it reaches a customer.

    rules = load_rules()                   # shipped zh + en packs
    rules = load_rules("lender.toml")      # plus a lender's adds / overrides / disables
    result = rules.check("保證 通過，月费率0.5%，分12期")
    result.verdict                         # "block"
    [(h.rule, h.start, h.end, h.match) for h in result.hits]

Phrase rules are matched with one Aho-Corasick automaton over the dense normalised text (see
:mod:`loancs.core.normalize`), read in its syllable view so that the same walk finds
homophones, so a check costs the same with five rules or five thousand.
Every hit carries offsets into the ORIGINAL text (Python str indices, end exclusive), so
``text[hit.start:hit.end] == hit.match`` and the console underlines what the agent typed.

Pure and deterministic: no clock, no network. :func:`load_rules` reads the package's own rule
files and an optional lender file; everything else works on strings.
"""

from __future__ import annotations

import bisect
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any, Protocol

import ahocorasick

from loancs.core import lazyre
from loancs.core.compliance import model, pinyin
from loancs.core.compliance.concepts import (
    BUILTIN,
    PASS_KEY,
    Concept,
    ConceptIndex,
    ConceptMatch,
    LazyValues,
    Matcher,
    SyllableKeys,
    freeze,
    initial_matches,
    is_concept_pattern,
    latin_windows,
    pickled,
    pinyin_windows,
    sound_matches,
    syllable_matches,
    thawed,
    unpickled,
)
from loancs.core.compliance.contact import (
    ContactDecision,
    ContactPolicy,
    ContactPolicyError,
    check_contact,
    in_quiet_hours,
    local_day,
    quiet_times,
)
from loancs.core.compliance.rates import RateDetector, annualise
from loancs.core.compliance.register import standard_reading
from loancs.core.compliance.rules import (
    CATEGORIES,
    SEVERITIES,
    Rule,
    RuleFileError,
    RulePack,
    merge_packs,
    parse_rules,
)
from loancs.core.compliance.scope import (
    CLAUSE_CHARS,
    asked_alternatives,
    asks_en,
    en_condition,
    en_other_voice_unit,
    is_phrase,
    is_question,
    negated,
    reported,
    speaks_of_others,
)
from loancs.core.gcpause import collector_paused
from loancs.core.lazyre import lazy_compile
from loancs.core.normalize import (
    Normalized,
    Record,
    cjk_blob,
    fold_dense,
    normalize,
    normalize_viewed,
    use_cjk_blob,
)
from loancs.core.pii import add_hanzi_numbers, find_pii_normalized, mask_value

_set = object.__setattr__

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "CheckResult",
    "ContactDecision",
    "ContactPolicy",
    "Hit",
    "Rule",
    "RuleCache",
    "RuleFileError",
    "RuleSet",
    "check_contact",
    "default_packs",
    "in_quiet_hours",
    "load_rules",
    "local_day",
    "parse_rules",
]

DEFAULT_PACKS = ("zh.toml", "en.toml")
_HANZI = lazy_compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _has_latin(dense: str) -> bool:
    """Whether ``dense`` holds a Latin letter (a-z; folded text has no A-Z): its ASCII
    characters changed by upper() (in C, a few steps a character, where a regular expression
    takes dozens)."""
    ascii_part = dense.encode("ascii", "ignore")
    return ascii_part != ascii_part.upper()


_RANK = {"info": 0, "warn": 1, "block": 2}
# what a speaker says (a lure, a threat) can be reported or quoted without being said
_SPOKEN = frozenset({"marketing", "collection"})
# In a literal phrase, ".." stands for up to MAX_GAP other characters ("保证..批下来" catches
# 保证给您批下来); keep both sides specific, since the gap can hold anything.
GAP = ".."
MAX_GAP = 4


class Hit(Record):
    """A rule's finding: original[start:end] (a frozen record; see normalize.Record)."""

    __slots__ = (
        "rule",
        "category",
        "severity",
        "start",
        "end",
        "match",
        "message",
        "suggestion",
        "pattern",
        "concepts",
        "veto",
    )
    __match_args__ = __slots__
    rule: str
    category: str
    severity: str
    start: int
    end: int
    match: str
    message: str
    suggestion: str
    # What fired, for ``loancs check --explain`` (not part of the JSON contract): the pattern
    # as written in the rule file, and each concept with the text it matched.
    pattern: str
    concepts: tuple[tuple[str, str], ...]
    # a weak rule's hit: what the classifier said of it (see model.judge)
    veto: str

    def __init__(
        self,
        rule: str,
        category: str,
        severity: str,
        start: int,
        end: int,
        match: str,
        message: str,
        suggestion: str,
        pattern: str = "",
        concepts: tuple[tuple[str, str], ...] = (),
        veto: str = "",
    ) -> None:
        _set(self, "rule", rule)
        _set(self, "category", category)
        _set(self, "severity", severity)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "match", match)
        _set(self, "message", message)
        _set(self, "suggestion", suggestion)
        _set(self, "pattern", pattern)
        _set(self, "concepts", concepts)
        _set(self, "veto", veto)

    def explain(self) -> dict[str, Any]:
        explained = {
            "rule": self.rule,
            "pattern": self.pattern,
            "concepts": [{"concept": c, "match": m} for c, m in self.concepts],
        }
        if self.veto:
            explained["veto"] = self.veto
        return explained

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "message": self.message,
            "suggestion": self.suggestion,
        }


class CheckResult(Record):
    """What :meth:`RuleSet.check` found (a frozen record; see normalize.Record)."""

    __slots__ = ("verdict", "hits", "vetoed")
    __match_args__ = ("verdict", "hits", "vetoed")
    verdict: str  # "ok" | "warn" | "block"
    hits: list[Hit]
    # weak rules' hits the classifier vetoed (for --explain; not part of the JSON contract)
    vetoed: tuple[Hit, ...]

    def __init__(self, verdict: str, hits: list[Hit], vetoed: tuple[Hit, ...] = ()) -> None:
        _set(self, "verdict", verdict)
        _set(self, "hits", hits)
        _set(self, "vetoed", vetoed)

    @property
    def blocked(self) -> bool:
        return self.verdict == "block"

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "hits": [h.to_dict() for h in self.hits]}


def _verdict(hits: list[Hit]) -> str:
    worst = max((_RANK[h.severity] for h in hits), default=0)
    return ("ok", "warn", "block")[worst]


class _Sorted:
    """A frozenset of names that pickles as one read back from its names sorted: a frozenset
    pickles in the order its strings hash, which PYTHONHASHSEED picks anew in each process, so
    two processes compiling the same rules wrote rules-cache entries of different bytes. Only
    made while pickling (see :meth:`RuleSet.__getstate__`): what loads is a plain frozenset."""

    __slots__ = ("names",)

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def __reduce__(self) -> tuple[type[frozenset[str]], tuple[tuple[str, ...]]]:
        return (frozenset, (tuple(sorted(self.names)),))


class RuleSet:
    """An immutable, compiled set of rules. Build with :func:`load_rules` or :meth:`from_packs`."""

    def __init__(
        self,
        rules: tuple[Rule, ...],
        rate_terms: dict[str, tuple[str, ...]] | None = None,
        contact: ContactPolicy | None = None,
        sources: tuple[str, ...] = (),
        concepts: Mapping[str, Concept] | None = None,
    ) -> None:
        self.rules = rules
        self.by_id = {r.id: r for r in rules}
        self._order = {r.id: n for n, r in enumerate(rules)}  # which of two findings is kept
        self.contact = contact or ContactPolicy()
        self.sources = sources
        self._concepts = dict(concepts or {})
        self._phrase_rules = [r for r in rules if r.detector == "phrase"]
        self._pii_rules = {r.pii_kind: r for r in rules if r.detector == "pii"}
        self._model_rules = {r.patterns[0]: r for r in rules if r.detector == "model"}
        # weak rule id -> its own veto logit (None: the model file's)
        self._weak = {r.id: r.veto for r in rules if r.weak}
        self._rate = RateDetector(
            [r for r in rules if r.detector == "rate-quote"], rate_terms or {}
        )
        self._gapped: list[tuple[int, int, str]] = []  # gapped id -> (rule index, parts, pattern)
        self._initial_phrases: ahocorasick.Automaton | None = None  # phrases abbreviated
        phrase_tables = self._phrase_tables()
        self._concept_rules = [
            (index, rule) for index, rule in enumerate(self._phrase_rules) if rule.concept_patterns
        ]
        # a concept of a pattern -> [(rule order, pattern order, rule, its concepts, pattern)]:
        # a pattern is tried when all its concepts occur, so it is listed under one of them
        # only, the one a message least often holds (by its terms: see _rarity), so that a
        # check visits few patterns
        self._patterns_by_key: dict[str, list[tuple[int, int, Rule, frozenset[str], Any]]] = {}
        rarity: dict[str, tuple[int, int]] = {}  # each concept's, worked out once
        for order, (_, rule) in enumerate(self._concept_rules):
            for n, p in enumerate(rule.concept_patterns):
                plan = (order, n, rule, frozenset(p.elements), p)
                for name in p.elements:
                    if name not in rarity:
                        rarity[name] = self._rarity(name)
                key = max(p.elements, key=rarity.__getitem__)
                self._patterns_by_key.setdefault(key, []).append(plan)
        # its keys, for a check to meet the concepts a message holds in C (set & set)
        self._pattern_keys = frozenset(self._patterns_by_key)
        used = {
            name
            for _, rule in self._concept_rules
            for name in (*(n for p in rule.concept_patterns for n in p.elements), *rule.unless)
        }
        used |= {name for rule in self._phrase_rules for name in rule.unless}
        used |= {name for rule in self._phrase_rules for name in rule.unless_after}
        # a model rule's unless concepts are looked up too, even when no other rule names them
        model_unless = {
            n
            for r in self._model_rules.values()
            for n in r.unless
            if n not in ("question", "en_voice", "en_condition", "en_denies")
        }
        used |= model_unless
        # concepts that never stand alone in a pattern: a partner keeps them specific
        alone = {
            p.elements[0]
            for _, r in self._concept_rules
            for p in r.concept_patterns
            if len(p.elements) == 1
        }
        alone |= {name for rule in self._phrase_rules for name in rule.unless}
        alone |= {name for rule in self._phrase_rules for name in rule.unless_after}
        alone |= model_unless
        partnered = {n for n in used if n not in alone and not n.startswith("=")}
        # One automaton per view for concepts and phrases together: each key's value is
        # (length, its concept payload or None, its phrase payload or None).
        self._concept_index, (dense, sound, alt) = _concept_index(self._concepts, used, partnered)
        self._sound = _shared_automaton(sound, phrase_tables[1])  # heard, not read
        # One walk of the syllable view finds both the keys as written (the dense view's
        # terms and phrases) and the homophones of the sound terms (spans without Latin
        # letters): see concepts.syllable_matches.
        self._syllables = pinyin.Syllables({})
        written = _shared_table(dense, phrase_tables[0])
        # the classifier's hanzi triggers are keys of this walk too (see _fired): the model
        # need not walk the text a second time for them
        self._trigger_model: model.Model | None = None
        if self._model_rules:
            classifier = model.shipped()
            triggers = classifier.trigger_terms()
            if triggers:
                self._trigger_model = classifier
                for key, mask in triggers.items():
                    value = written.get(key)
                    written[key] = (len(key), None, None, mask) if value is None else (*value, mask)
        self._automaton = _syllable_automaton(
            written,
            _shared_table(
                _by_syllables(sound, self._syllables),
                _by_syllables(phrase_tables[1], self._syllables),
                terms=True,
            ),
            self._syllables,
        )
        # a typed-pinyin span covers at most one dense character per letter of its key
        self._sound_reach = self._sound.get_stats()["longest_word"] if self._sound else 0
        self._sound_alt = _shared_automaton(alt, phrase_tables[2])  # other readings
        # the concepts that stand beside quiet_time: no need to read clock times without them
        self._quiet_partners = frozenset(
            name
            for _, rule in self._concept_rules
            for p in rule.concept_patterns
            if "quiet_time" in p.elements
            for name in p.elements
            if name != "quiet_time"
        )

    def _rarity(self, name: str) -> tuple[int, int]:
        """How rarely a message holds the concept ``name``, roughly (higher: more rarely): by
        its shortest term (one hanzi, 你, is in most messages), then by how few terms it has.
        A built-in concept (a clock time in the quiet hours) is the rarest."""
        if name in BUILTIN:
            return (1 << 30, 0)
        concept = None if name.startswith("=") else self._concepts.get(name)
        terms = (name[1:],) if concept is None else concept.terms
        # as written (folding them all would cost a compile milliseconds): a guess, and any
        # guess lists each pattern once
        shortest = min((len(t) for t in terms if t), default=1 << 30)
        return (shortest, -len(terms))

    def _phrase_tables(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """The literal phrases as (dense, sound, other readings) tables, key -> values for
        the shared automata; the initials automaton is the phrases' own."""
        # value per key: ((rule index, length, gapped-pattern id or -1, part index, pattern), ...)
        entries: dict[str, list[tuple[int, int, int, int, str]]] = {}
        for index, rule in enumerate(self._phrase_rules):
            for pattern in rule.phrases:
                parts = [fold_dense(p) for p in pattern.split(GAP)]
                if len(parts) == 1:
                    values = [(index, len(parts[0]), -1, 0, pattern)]
                else:
                    gid = len(self._gapped)
                    self._gapped.append((index, len(parts), pattern))
                    values = [(index, len(k), gid, n, pattern) for n, k in enumerate(parts)]
                for key, value in zip(parts, values, strict=True):
                    bucket = entries.setdefault(key, [])
                    if value[:4] not in [b[:4] for b in bucket]:
                        bucket.append(value)
        Heard = tuple[tuple[int, int, int, int, str], str, bool]
        sound_entries: dict[str, list[Heard]] = {}
        alt_entries: dict[str, list[Heard]] = {}
        initial_entries: dict[str, list[Heard]] = {}
        for key, values in entries.items():
            whole = [v for v in values if v[2] < 0]
            hanzi = sum(pinyin.is_hanzi(c) for c in key)
            if whole and hanzi >= 2:
                for n, skey in enumerate(pinyin.sound_keys(key)):
                    table = sound_entries if n == 0 else alt_entries  # typed pinyin only
                    table.setdefault(skey, []).extend((v, key, False) for v in whole)
            if whole and hanzi >= 3:  # "bkzx" for 不看征信; two letters are too ambiguous
                ikey = pinyin.initials_key(key)
                if ikey:
                    initial_entries.setdefault(ikey, []).extend((v, key, False) for v in whole)
        self._initial_phrases = _sound_automaton(initial_entries)
        return (
            {k: tuple(v) for k, v in entries.items()},
            {k: tuple(v) for k, v in sound_entries.items()},
            {k: tuple(v) for k, v in alt_entries.items() if k not in sound_entries},
        )

    # read only for typed pinyin (or never by a check): kept pickled in a rules cache until
    # something reads them
    _FROZEN = ("_sound", "_sound_alt", "_initial_phrases", "_concepts")

    @property
    def concepts(self) -> dict[str, Concept]:
        """Every concept of the rule files, by name."""
        concepts: dict[str, Concept] = thawed(self, "_concepts")
        return concepts

    def __getstate__(self) -> dict[str, Any]:
        state = freeze(self.__dict__, self._FROZEN)
        # the sets of concept names, pickled sorted (the same bytes in any process)
        state["_pattern_keys"] = _Sorted(self._pattern_keys)
        state["_quiet_partners"] = _Sorted(self._quiet_partners)
        one: dict[frozenset[str], _Sorted] = {}  # equal sets written once (read back as one)
        state["_patterns_by_key"] = {
            key: [(*plan[:3], one.setdefault(plan[3], _Sorted(plan[3])), plan[4]) for plan in plans]
            for key, plans in self._patterns_by_key.items()
        }
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @classmethod
    def from_packs(cls, packs: list[RulePack]) -> RuleSet:
        merged = merge_packs(packs)
        try:
            contact = ContactPolicy.from_mapping(merged.contact)
        except (ContactPolicyError, TypeError) as exc:
            source = next((p.source for p in reversed(packs) if p.contact), "rules")
            raise RuleFileError(source, f"[contact]: {exc}") from None
        return cls(
            merged.rules,
            dict(merged.rate),
            contact,
            tuple(p.source for p in packs),
            merged.concepts,
        )

    def __len__(self) -> int:
        return len(self.rules)

    def dumps(self) -> bytes:
        """The compiled rule set as bytes, for :meth:`loads` in another process (with the
        pinyin table, which a check of Chinese text reads, the engine's regular
        expressions as compiled programs (the ``cached=False`` ones each packed alone, read at
        their first use), when a rule uses it the classifier built, and the common hanzi
        folded)."""
        blobs = (pinyin.table_blob(), lazyre.code_blob(), lazyre.stored_blob())
        shipped = model.shipped() if self._model_rules else None  # the classifier, built
        folds = cjk_blob()  # hanzi folded without starting OpenCC
        return pickled((self, *blobs, shipped, folds))

    @staticmethod
    def loads(data: bytes) -> RuleSet | None:
        """A rule set from :meth:`dumps`; None when ``data`` is not one (damaged, or
        written by other code). The collector is paused while it loads (see
        concepts.unpickled): the classifier and tables it sets up make objects too."""
        with collector_paused():
            return RuleSet._loaded(data)

    @staticmethod
    def _parts(data: bytes) -> tuple[Any, ...] | None:
        """What :meth:`dumps` wrote, unpickled; None when ``data`` is not that."""
        try:
            loaded = unpickled(data)  # our own cache, written by dumps()
        except Exception:  # noqa: BLE001 - any damage means: compile again
            return None
        if not (
            isinstance(loaded, tuple)
            and len(loaded) == 6
            and isinstance(loaded[0], RuleSet)
            and isinstance(loaded[1], bytes)
            and isinstance(loaded[2], bytes)
            and isinstance(loaded[3], bytes)
            and (loaded[4] is None or isinstance(loaded[4], model.Model))
            and isinstance(loaded[5], str)
        ):
            return None
        return loaded

    @staticmethod
    def _use_blobs(parts: tuple[Any, ...]) -> None:
        """Install what a cache entry holds besides the rule set and its classifier: the
        common hanzi folded, the pinyin table, the engine's regex programs (see :meth:`dumps`)."""
        use_cjk_blob(parts[5])
        pinyin.use_table_blob(parts[1])
        lazyre.use_code_blob(parts[2])
        lazyre.use_stored_blob(parts[3])

    @staticmethod
    def _loaded(data: bytes) -> RuleSet | None:
        loaded = RuleSet._parts(data)
        if loaded is None:
            return None
        RuleSet._use_blobs(loaded)
        if loaded[4] is not None:
            model.use(loaded[4])
        ruleset: RuleSet = loaded[0]
        return ruleset

    # ------------------------------------------------------------------ checking
    def check(
        self,
        text: str,
        lang: str | None = None,
        now_utc_ms: int | None = None,
        contact: ContactPolicy | None = None,
    ) -> CheckResult:
        """Check one outgoing message. ``lang`` ("zh"/"en") picks translated messages and
        suggestions where a rule has them; by default each rule speaks its pack's language.
        ``now_utc_ms``, when the message is being sent, lets times relative to it count
        ("过两个小时再打给你" at 21:00 announces a call inside the quiet hours). ``contact``
        replaces the rule files' quiet hours (a server whose config sets its own).
        An English register (Singlish, pidgin, Hinglish, patois, Scots, texting) is also read
        in standard English (see register.py): what that reading finds is added, on the
        original words; where that reading finds a borrower reporting what someone else said
        ("the agent say confirm approve one, is it real?") and nothing to flag, it is the
        answer."""
        result = self._check(text, lang, now_utc_ms, contact)
        reading = standard_reading(text)
        if reading is None:
            return result
        standard, starts, ends, reported = reading
        more = self._check(standard, lang, now_utc_ms, contact)
        if reported and not more.hits:
            return more  # a report of what someone else said, read as one: nothing to flag
        hits = list(result.hits)
        for hit in more.hits:
            start, end = starts[hit.start], ends[max(hit.end, hit.start + 1) - 1]
            if any(h.category == hit.category and h.start < end and start < h.end for h in hits):
                continue
            hits.append(hit.replace(start=start, end=end, match=text[start:end]))
        if len(hits) == len(result.hits):
            return result
        hits.sort(key=lambda h: (h.start, -_RANK[h.severity], h.end, h.rule))
        return CheckResult(_verdict(hits), hits, result.vetoed)

    def _check(
        self,
        text: str,
        lang: str | None,
        now_utc_ms: int | None,
        contact: ContactPolicy | None,
    ) -> CheckResult:
        """:meth:`check` of one reading of the text."""
        # the syllable view and where the one-character keys stand, read with the dense
        # view when they can be
        view = marked_at = None
        keys = self._automaton
        if keys is None:
            norm = _unleet(text, normalize(_unsymbol(text)))
        else:
            syllables = self._syllables
            read, view, marked_at = normalize_viewed(
                _unsymbol(text), syllables.folds, syllables.token, keys.singles, syllables.encoded
            )
            norm = _unleet(text, read)
            if norm.dense is not read.dense:
                view = marked_at = None  # leet digits read as letters: another dense text
        dense = norm.dense
        # one pass of each shared automaton, its finds split between concepts and phrases
        # (last dense index, (length, concept payload or None, phrase payload or None))
        dense_finds: list[tuple[int, tuple[int, Any, Any]]] = []
        phrase_dense: list[tuple[int, Any]] = []
        heard_concepts: list[tuple[int, int, Any]] | None = None
        heard_phrases: list[tuple[int, int, Any]] = []
        typed_latin = False
        if self._automaton is not None and dense:
            all_pinyin = False
            hear = bool(_HANZI.search(dense) or (all_pinyin := pinyin.reads_as_pinyin(norm.light)))
            dense_finds, homophones = syllable_matches(
                norm, self._automaton, self._syllables, hear, view, marked_at
            )
            phrase_dense = [(last, v[2]) for last, v in dense_finds if v[2] is not None]
            if hear:
                heard_concepts = []
                heard = (heard_concepts, heard_phrases)
                for d_start, d_end, side, x in homophones:
                    heard[side].append((d_start, d_end, x))
                typed_latin = _has_latin(dense)
                if typed_latin:  # typed pinyin: around Latin letters, other readings, initials
                    sound = thawed(self, "_sound")
                    if sound is not None:
                        near_latin = latin_windows(norm, self._sound_reach)
                        for d_start, d_end, side, x in sound_matches(
                            norm, sound, near_latin, latin_only=True
                        ):
                            heard[side].append((d_start, d_end, x))
                    windows = [(0, len(dense))] if all_pinyin else pinyin_windows(dense)
                    alt = thawed(self, "_sound_alt") if windows else None
                    if alt is not None:
                        for d_start, d_end, side, x in sound_matches(norm, alt, windows):
                            heard[side].append((d_start, d_end, x))
                    initials = thawed(self, "_initial_phrases")
                    if initials is not None:
                        heard_phrases.extend(initial_matches(norm, initials))
        occ: dict[str, list[tuple[int, int]]] = {}
        matcher = None
        if self._concept_index is not None and dense:
            occ = self._concept_index.occurrences(norm, dense_finds, heard_concepts, typed_latin)
            if any(name in occ for name in self._quiet_partners):
                times = quiet_times(norm, contact or self.contact, now_utc_ms)
                if times:
                    occ["quiet_time"] = times
            matcher = Matcher(norm, occ)
        hits = self._phrase_hits(norm, lang, matcher, phrase_dense, heard_phrases)
        if matcher is not None:
            hits.extend(self._concept_hits(matcher, lang, hits))
        vetoed: tuple[Hit, ...] = ()
        if self._weak and hits:
            hits, vetoed = _judged(norm, hits, self._weak, occ)
        if self._model_rules and norm.dense:
            fired = None
            if view is not None and norm is read and self._trigger_model is model.shipped():
                fired = _fired(dense_finds, norm.dense_map)
            hits.extend(self._model_hits(norm, lang, hits, occ, fired))
        if len(hits) > 1:
            hits = self._one_per_span(hits)
        rate_hits = self._rate_hits(norm, lang)
        if rate_hits and hits:
            # a Chinese price a concept read (免息…每期手续费0.5%) that the rate reader also quoted:
            # the quote, with its APR, says it once
            hits = [
                h
                for h in hits
                if h.category != "rate-disclosure"
                or _HANZI.search(h.match) is None
                or not any(r.start < h.end and h.start < r.end for r in rate_hits)
            ]
        hits.extend(rate_hits)
        hits.extend(self._pii_hits(norm, lang))
        hits.sort(key=lambda h: (h.start, -_RANK[h.severity], h.end, h.rule))
        return CheckResult(_verdict(hits), hits, vetoed)

    def _one_per_span(self, hits: list[Hit]) -> list[Hit]:
        """One finding for the same words in one category: two rules that flag the same span
        ("不看征信": no credit check, and no threshold) say one thing twice. The one kept is
        the more severe, then a literal phrase (written for those words) before a concept
        pattern, then the rule listed first."""
        best: dict[tuple[str, int, int], Hit] = {}
        for hit in hits:
            key = (hit.category, hit.start, hit.end)
            kept = best.get(key)
            if kept is None or self._rank(hit) < self._rank(kept):
                best[key] = hit
        if len(best) == len(hits):
            return hits
        return [h for h in hits if best[(h.category, h.start, h.end)] is h]

    def _rank(self, hit: Hit) -> tuple[int, bool, int]:
        literal = bool(hit.pattern) and "@" not in hit.pattern and hit.rule not in self._weak
        return (-_RANK[hit.severity], not literal, self._order.get(hit.rule, len(self._order)))

    @staticmethod
    def _hit(
        rule: Rule,
        text: str,
        start: int,
        end: int,
        lang: str | None,
        template: str = "suggestion",
        pattern: str = "",
        concepts: tuple[tuple[str, str], ...] = (),
        **fmt: Any,
    ) -> Hit:
        """A hit on original[start:end]; ``fmt`` fills the suggestion's placeholders
        (templates were checked when the rule file was read)."""
        suggestion = rule.text(template, lang) or rule.text("suggestion", lang) or ""
        if fmt:
            suggestion = suggestion.format(**fmt)
        return Hit(
            rule=rule.id,
            category=rule.category,
            severity=rule.severity,
            start=start,
            end=end,
            match=text[start:end],
            message=rule.text("message", lang) or "",
            suggestion=suggestion,
            pattern=pattern,
            concepts=concepts,
        )

    def _phrase_hits(
        self,
        norm: Normalized,
        lang: str | None,
        matcher: Matcher | None,
        dense_hits: list[tuple[int, Any]],
        heard: list[tuple[int, int, Any]],
    ) -> list[Hit]:
        """Hits of the literal phrases, from what the shared automata found: ``dense_hits``
        (last dense index, phrase values) and ``heard`` (d_start, d_end, phrase value)."""
        if not dense_hits and not heard:
            return []
        text = norm.original
        kept_until: dict[int, int] = {}  # rule index -> end of its last hit (dense)
        hits: list[Hit] = []
        candidates = []
        parts: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for last, values in dense_hits:
            for rule_index, length, gid, part, pattern in values:
                if gid < 0:
                    candidates.append((last - length + 1, last + 1, rule_index, pattern))
                else:
                    parts.setdefault((gid, part), []).append((last - length + 1, last + 1))
        if parts:
            candidates.extend(self._gapped_candidates(norm, parts))
        for d_start, d_end, value in heard:
            candidates.append((d_start, d_end, value[0], value[4]))
        # Longest match first so "保证百分百通过" wins over a shorter pattern inside it.
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        negated_spans: list[tuple[int, int]] = []
        asked = asked_alternatives(norm) if ("不" in norm.dense or "没" in norm.dense) else None
        for d_start, d_end, rule_index, pattern in candidates:
            if asked and d_start in asked:
                continue  # "你们查不查征信？": an asked alternative, not a denial
            # candidates come in start order, so one end per rule is enough to drop overlaps
            if d_start < kept_until.get(rule_index, 0):
                continue
            rule = self._phrase_rules[rule_index]
            if not is_phrase(norm, d_start, d_end):
                continue
            if rule.negatable and (
                negated(norm, d_start) or _follows_negated(norm, d_start, negated_spans)
            ):
                negated_spans.append((d_start, d_end))
                continue
            if (rule.unless or rule.unless_after) and matcher is not None:
                as_match = ConceptMatch(((pattern, (d_start, d_end)),))
                if matcher.in_scope_of(as_match, rule.unless, rule.unless_after):
                    continue
            start, end = norm.dense_span(d_start, d_end)
            if rule.category in _SPOKEN and reported(text, start, end):
                continue
            kept_until[rule_index] = d_end
            hits.append(
                self._hit(
                    rule,
                    text,
                    start,
                    end,
                    lang,
                    pattern=pattern,
                    concepts=(("phrase", text[start:end]),),
                )
            )
        return hits

    def _concept_hits(self, matcher: Matcher, lang: str | None, earlier: list[Hit]) -> list[Hit]:
        norm = matcher.norm
        text = norm.original
        hits: list[Hit] = []
        taken: dict[str, list[tuple[int, int]]] = {}
        for h in earlier:
            taken.setdefault(h.rule, []).append((h.start, h.end))
        # a pattern needs every one of its concepts to occur: only the patterns listed under
        # a concept that occurs are looked at, and tried in rule order
        # (the occurring concepts are few, the keys ~700: met with the keys' frozenset, which
        # walks the smaller set in C; set.intersection with the dict itself would walk the dict)
        present = set(matcher.occ)
        by_key = self._patterns_by_key
        tried = sorted(
            plan
            for name in present.intersection(self._pattern_keys)
            for plan in by_key[name]
            if plan[3] <= present
        )
        for _, group in groupby(tried, key=lambda plan: plan[0]):
            plans = list(group)
            rule = plans[0][2]
            found: list[tuple[int, int, ConceptMatch, str]] = []
            for plan in plans:
                pattern = plan[4]
                for match in matcher.find(pattern):
                    found.append((match.start, match.end, match, pattern.source))
            if not found:
                continue
            found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
            for d_start, d_end, match, source in found:
                start, end = norm.dense_span(d_start, d_end)
                spans = taken.setdefault(rule.id, [])
                if any(s < end and start < e for s, e in spans):
                    continue
                if rule.negatable and matcher.is_negated(match):
                    continue
                if (rule.unless or rule.unless_after) and matcher.in_scope_of(
                    match, rule.unless, rule.unless_after
                ):
                    continue
                if (
                    rule.category in _SPOKEN
                    or (rule.category == "rate-disclosure" and _HANZI.search(text, start, end))
                ) and reported(text, start, end):
                    continue  # (a price someone else told the borrower, checked with us)
                spans.append((start, end))
                concepts = tuple(
                    (name.lstrip("="), text[slice(*norm.dense_span(*span))])
                    for name, span in match.spans
                )
                hits.append(
                    self._hit(rule, text, start, end, lang, pattern=source, concepts=concepts)
                )
        return hits

    def _model_hits(
        self,
        norm: Normalized,
        lang: str | None,
        earlier: list[Hit],
        occ: Mapping[str, list[tuple[int, int]]],
        fired: list[tuple[int, int]] | None = None,
    ) -> list[Hit]:
        """The classifier's sentences (see :mod:`.model`), each on the whole sentence, unless a
        rule of the same category already flagged part of it, or the sentence reports someone
        else's words, or one of the rule's ``unless`` concepts stands in it (not negated): the
        scopes the concept rules respect."""
        text = norm.original
        hits: list[Hit] = []
        for score in model.classify(norm, occ, fired):
            rule = self._model_rules.get(score.label)
            if rule is None:
                continue
            start, end = norm.light_span(score.start, score.end)
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end or any(
                h.category == rule.category and h.start < end and start < h.end
                for h in (*earlier, *hits)
            ):
                continue
            if speaks_of_others(text, start, end) or self._excused(rule, norm, occ, start, end):
                continue
            hit_lang = lang or ("zh" if _HANZI.search(text[start:end]) else "en")
            hits.append(
                self._hit(
                    rule,
                    text,
                    start,
                    end,
                    hit_lang,
                    pattern=f"model {score.label}: score {score.probability:.2f} "
                    f"(threshold {score.threshold:.2f})",
                    concepts=tuple(("model", gram) for gram in score.features),
                )
            )
        return hits

    @staticmethod
    def _excused(
        rule: Rule,
        norm: Normalized,
        occ: Mapping[str, list[tuple[int, int]]],
        start: int,
        end: int,
    ) -> bool:
        """An ``unless`` concept of ``rule`` stands, not negated, in original[start:end] (a
        question: the sentence asks)."""
        for name in rule.unless:
            if name == "question":
                text = norm.original
                if _HANZI.search(text, start, end) is None:
                    if asks_en(text, start, end):  # who asks, not a bare "?" (English)
                        return True
                elif is_question(text, start, end):
                    return True
                continue
            if name == "en_voice":
                if en_other_voice_unit(norm.original, start, end):
                    return True
                continue
            if name == "en_condition":
                if en_condition(norm.original, start, end):
                    return True
                continue
            for d_start, d_end in occ.get(name, ()):
                o_start, o_end = norm.dense_span(d_start, d_end)
                if start <= o_start and o_end <= end and not negated(norm, d_start):
                    return True
        return False

    def _gapped_candidates(
        self, norm: Normalized, parts: dict[tuple[int, int], list[tuple[int, int]]]
    ) -> list[tuple[int, int, int, str]]:
        """Chain the parts of "A..B" phrases: each next part starts at most MAX_GAP dense
        characters after the previous one ends, within one clause."""
        found = []
        # only the patterns whose first part occurs, in pattern order
        for gid in sorted(gid for gid, part in parts if part == 0):
            rule_index, count, pattern = self._gapped[gid]
            for start, end in parts[(gid, 0)]:
                for n in range(1, count):
                    # AC reports each part's occurrences in order, so starts are sorted
                    following = parts.get((gid, n), ())
                    i = bisect.bisect_left(following, (end, -1))
                    if i == len(following) or following[i][0] > end + MAX_GAP:
                        break
                    end = following[i][1]
                else:
                    o_start, o_end = norm.dense_span(start, end)
                    if not any(ch in CLAUSE_CHARS for ch in norm.original[o_start:o_end]):
                        found.append((start, end, rule_index, pattern))
        return found

    def _rate_hits(self, norm: Normalized, lang: str | None) -> list[Hit]:
        quotes = self._rate.find(norm)
        hits = []
        for quote in quotes:
            rule = quote.rule
            kind = quote.kind
            term = quote.months if kind == "flat_monthly" else None
            apr, ear = annualise(kind, quote.rate_pct, term)
            hits.append(
                self._hit(
                    rule,
                    norm.original,
                    quote.start,
                    quote.end,
                    lang,
                    quote=norm.original[quote.start : quote.end],
                    apr=f"{apr:.2f}",
                    ear=f"{ear:.2f}",
                    months=term or 12,
                    template=(
                        "suggestion_no_term"
                        if kind == "flat_monthly" and quote.months is None
                        else "suggestion"
                    ),
                    pattern=f"rate quote: {kind} {quote.rate_pct.normalize():f}%"
                    + (f" over {term} periods" if term else ""),
                    concepts=(("rate", norm.original[quote.start : quote.end]),),
                )
            )
        return hits

    def _pii_hits(self, norm: Normalized, lang: str | None) -> list[Hit]:
        if not self._pii_rules:
            return []
        text = norm.original
        hits = []
        found = find_pii_normalized(norm)
        add_hanzi_numbers(text, found)  # 幺三八零零一二三四五六: a mobile dictated in hanzi
        speaks: str | None = None
        for match in found:
            rule = self._pii_rules.get(match.kind)
            if rule is not None:
                masked = mask_value(match.kind, match.value)
                if speaks is None:  # the message's language: an English one gets English
                    speaks = lang or ("zh" if _HANZI.search(text) else "en")
                hits.append(
                    self._hit(
                        rule,
                        text,
                        match.start,
                        match.end,
                        speaks,
                        masked=masked,
                        pattern=f"pii: {match.kind} (checksum)",
                        concepts=((match.kind, masked),),
                    )
                )
        return hits


# the concept index this process built last, with the tables taken from it: (concepts,
# used, partnered, index, (dense, sound, alt))
_INDEX: list[tuple[Any, ...]] = []


def _concept_index(
    concepts: Mapping[str, Concept], used: set[str], partnered: set[str]
) -> tuple[ConceptIndex | None, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """The concept index of ``concepts`` for the names ``used`` and the tables taken from it
    (see ConceptIndex.take_tables; None and empty tables when no rule uses a concept). The
    one built last in this process is handed out again for equal arguments: a second compile
    in one process (a lender's file that adds no concept, a refused file's neighbour, a
    server reloading a lender's rules) built the same index from ~70,000 terms again, ~2 s of
    CPU. Nothing changes an index or its tables once built (a check reads them; its frozen
    parts thaw in place): two rule sets may share one."""
    if not used:
        return None, ({}, {}, {})
    if _INDEX:
        same_concepts, same_used, same_partnered, index, tables = _INDEX[0]
        if same_used == used and same_partnered == partnered and same_concepts == concepts:
            return index, tables
    index = ConceptIndex(concepts, used, partnered)
    tables = index.take_tables()
    _INDEX[:] = [(dict(concepts), frozenset(used), frozenset(partnered), index, tables)]
    return index, tables


def _judged(
    norm: Normalized,
    hits: list[Hit],
    weak: Mapping[str, float | None],
    occ: Mapping[str, list[tuple[int, int]]],
) -> tuple[list[Hit], tuple[Hit, ...]]:
    """The hits that stand and the weak rules' hits the classifier vetoed (model.judge),
    each weak one with what the classifier said. Only a concept pattern's hit is judged: a
    literal phrase says exactly what the rule's author wrote down."""
    kept: list[Hit] = []
    vetoed: list[Hit] = []
    for hit in hits:
        if hit.rule not in weak or not is_concept_pattern(hit.pattern):
            kept.append(hit)
            continue
        stands, why = model.judge(norm, hit.start, hit.end, hit.category, occ, weak[hit.rule])
        (kept if stands else vetoed).append(hit.replace(veto=why))
    return kept, tuple(vetoed)


def _fired(
    dense_finds: list[tuple[int, tuple[Any, ...]]], dmap: tuple[int, ...]
) -> list[tuple[int, int]]:
    """The classifier's triggers among the shared walk's finds, as ``model.classify``'s
    ``fired``: (light index of the last character, value), where the light view has the
    trigger too. Only for a text read on normalize's fast path (each original character one
    light character, so a dense index's original index is its light index): a trigger found
    in the dense view stands in the light view when no separator came between its
    characters, and a trigger in the light view (kept hanzi only) is in the dense view."""
    return [
        (dmap[last], value[3])
        for last, value in dense_finds
        if len(value) > 3 and dmap[last] - dmap[last - value[0] + 1] == value[0] - 1
    ]


def _sound_automaton(
    entries: Mapping[str, list[tuple[tuple[int, int, int, int, str], str, bool]]],
) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for key, values in entries.items():
        automaton.add_word(key, (len(key), tuple(values)))
    automaton.make_automaton()
    return automaton


def _by_syllables(table: Mapping[str, Any], syllables: pinyin.Syllables) -> dict[str, Any]:
    """A sound table (sound key -> ((x, term, loose), ...)) keyed by each term in the
    syllable view instead, values in the same order."""
    out: dict[str, list[Any]] = {}
    for values in table.values():
        for value in values:
            out.setdefault(syllables.key(value[1]), []).append(value)
    return {k: tuple(v) for k, v in out.items()}


def _shared_table(
    concepts: Mapping[str, Any], phrases: Mapping[str, Any], terms: bool = False
) -> dict[str, tuple[Any, ...]]:
    """The keys of both tables: key -> (length, concept payload or None, phrase payload or
    None); ``terms`` (sound tables): the set of the terms of both payloads last."""
    keys = dict.fromkeys([*concepts, *phrases])
    table: dict[str, tuple[Any, ...]] = {
        key: (len(key), concepts.get(key), phrases.get(key)) for key in keys
    }
    if terms:
        table = {
            key: (*value, frozenset(v[1] for side in value[1:] for v in side or ()))
            for key, value in table.items()
        }
    return table


def _shared_automaton(concepts: Mapping[str, Any], phrases: Mapping[str, Any]) -> Any:
    """One automaton over the keys of both tables (values as :func:`_shared_table`)."""
    table = _shared_table(concepts, phrases)
    if not table:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in table.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


def _syllable_automaton(
    written: Mapping[str, tuple[Any, ...]],
    heard: Mapping[str, tuple[Any, ...]],
    syllables: pinyin.Syllables,
) -> SyllableKeys | None:
    """One automaton over the syllable view for the dense keys (``written``, as
    :func:`_shared_table`) and the homophone keys (``heard``, syllable key -> as
    :func:`_shared_table` with ``terms``): syllable key -> (characters, key, value, more,
    terms, sounds), where ``key`` and ``value`` are a dense key with these syllables and its
    value (None when none has them), ``more`` the others, ((key, value), ...) or None (keys
    that sound alike: 征信, 正信), and ``terms`` the homophone key's (None when no sound term
    has these syllables) and ``sounds`` its values, ((side, x, term, loose), ...) with side 0
    for a concept's, 1 for a phrase's (see :func:`.concepts.sound_matches`). A dense key is found where the view
    finds its syllables and the text is the key itself. (Plain tuples, in the order a check
    reads them: a rules cache reads them back faster than a dict a key.) The keys of one
    character (never a homophone key: those have two hanzi or more) are kept aside, as
    written (see :class:`~loancs.core.compliance.concepts.SyllableKeys`)."""
    merged: dict[str, list[Any]] = {}
    for key, value in heard.items():
        # two view characters a character
        # the homophone's terms, side by side: (side, x, term, loose), concepts first
        sounds = tuple(
            (side, x, term, loose)
            for side, values in enumerate(value[1:3])
            for x, term, loose in values or ()
        )
        merged[key] = [len(key) >> 1, None, None, None, value[3], sounds]
    singles: dict[str, Any] = {}
    latin: dict[str, Any] = {}
    for key, value in written.items():
        heard_as = syllables.key(key)  # numbered in the same order either way
        if len(key) == 1:
            singles[key] = value
            continue
        if key.isascii() and key.isalnum() and heard_as not in merged:
            # found in the dense text as written (no homophone shares its syllables), in
            # its runs of ASCII characters (see concepts._ascii_finds)
            latin[key] = value
            continue
        entry = merged.setdefault(heard_as, [len(key), *(None,) * 5])
        if entry[1] is None:
            entry[1], entry[2] = key, value
        else:
            entry[3] = (*(entry[3] or ()), (key, value))
    if not merged and not singles and not latin:
        return None
    automaton = values = None
    if merged:
        # the automaton stores each value's index: a rules cache reads a value back only
        # when a check finds its key (see concepts.LazyValues)
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for index, key in _by_frequency(merged):
            automaton.add_word(key, index)
        automaton.make_automaton()
        values = LazyValues([tuple(entry) for entry in merged.values()])
    latin_keys = None
    if latin:
        latin_keys = ahocorasick.Automaton()
        latin_keys.add_word(PASS_KEY, None)  # first (see concepts._ascii_finds)
        for key, value in latin.items():
            latin_keys.add_word(key, value)
        latin_keys.make_automaton()
    return SyllableKeys(automaton, singles, latin_keys, values)


def _by_frequency(keys: Iterable[str]) -> list[tuple[int, str]]:
    """(index, key) of ``keys``, in the order that gives each node of their automaton its
    children most frequent first: by the keys' view characters ranked by how many keys hold
    them (ties by code point). pyahocorasick keeps a node's children in the order they were
    first added and looks a letter up by scanning them: a walk of the syllable view scans
    fewer (the bench's walk 15.4 -> 14.3 us hot). The finds are the same in any order."""
    counts: Counter[str] = Counter()
    listed = list(enumerate(keys))
    for _, key in listed:
        counts.update(key)
    ranked = sorted(counts, key=lambda ch: (-counts[ch], ch))
    rank = {ch: r for r, ch in enumerate(ranked)}
    listed.sort(key=lambda item: [rank[ch] for ch in item[1]])
    return listed


_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
_LEET_RE = lazy_compile(r"(?<=[a-z])[013457](?=[a-z])")
# whether _LEET_RE (or _SYMBOL_RE) finds anything: the same characters without the
# lookbehind, which keeps the regular expression engine from trying every position
_LEET_HINT = lazy_compile(r"[a-z][013457][a-z]")


# symbols that stand for letters inside a word ("cr€dit", "a$$et", "l@an"); punctuation
# would otherwise drop them from the dense view
_SYMBOL_LETTERS = {"€": "e", "@": "a", "$": "s", "£": "l", "¢": "c"}
_SYMBOL_RE = lazy_compile(r"(?<=[A-Za-z])[€@$£¢](?=[A-Za-z])")
_SYMBOL_HINT = lazy_compile(r"[A-Za-z][€@$£¢][A-Za-z]")
_SYMBOLS = tuple(_SYMBOL_LETTERS)


def _unsymbol(text: str) -> str:
    """``text`` with letter-like symbols inside Latin words read as letters (same length)."""
    # most texts hold none of the symbols: looked up one by one (C scans), not with a
    # regular expression that tries a letter set at every character
    if not any(map(text.__contains__, _SYMBOLS)) or not _SYMBOL_HINT.search(text):
        return text
    return _SYMBOL_RE.sub(lambda m: _SYMBOL_LETTERS[m.group()], text)


def _unleet(text: str, norm: Normalized) -> Normalized:
    """A digit written inside a Latin word stands for the letter it looks like ("cr3dit",
    "appr0val"): the dense view reads it as that letter (offsets unchanged; numbers, rates
    and PII are read from the light view). ``norm`` may have been built from a copy of
    ``text`` with symbols read as letters (see :func:`_unsymbol`): spans stay on ``text``."""
    if norm.original is not text:
        norm = norm.replace(original=text)
    dense = norm.dense
    # first in the text's ASCII characters alone, side by side (a few steps a character in
    # C): a digit between letters there may have a hanzi beside it in the text, and the
    # search below finds none; without one there, there is none in the text either
    if not _LEET_HINT.search(dense.encode("ascii", "ignore").decode("ascii")):
        return norm
    if not _LEET_HINT.search(dense):
        return norm
    dmap = norm.dense_map
    chars = list(dense)
    original = norm.original

    def touching(a: int, b: int) -> bool:  # nothing between but invisible characters
        return all(unicodedata.category(c) == "Cf" for c in original[a + 1 : b])

    for m in _LEET_RE.finditer(dense):
        i = m.start()
        if touching(dmap[i - 1], dmap[i]) and touching(dmap[i], dmap[i + 1]):
            chars[i] = _LEET[dense[i]]
    return norm.replace(dense="".join(chars))


def _follows_negated(norm: Normalized, d_start: int, negated: list[tuple[int, int]]) -> bool:
    """A phrase listed right after a negated one shares its negation:
    "谨防“无门槛秒批”类诈骗", "no credit check or guaranteed approval"."""
    for _n_start, n_end in negated:
        if n_end > d_start or d_start - n_end > 3:
            continue
        gap = norm.dense[n_end:d_start]
        between = norm.original[norm.dense_map[n_end - 1] + 1 : norm.dense_map[d_start]]
        if any(ch in CLAUSE_CHARS and ch != "、" for ch in between):
            continue
        if gap in ("", "和", "或", "及", "与", "or", "and", "nor"):
            return True
    return False


# ---------------------------------------------------------------------- loading
def _pack_text(name: str) -> str:
    """A shipped pack's text (see :func:`_pack_bytes`)."""
    return _text_of(_pack_bytes(name))


def _pack_bytes(name: str) -> bytes:
    """A shipped pack's bytes: a plain file read where the packs sit next to this module (any
    ordinary install, and an editable one); importlib.resources (imported only then) where
    they do not (a zipped package). Bytes, not text: a warm cache only hashes them (decoding
    ~590 KB of packs and encoding them again for the key was ~24 M instructions of every
    ``loancs check``)."""
    try:
        return (Path(__file__).resolve().parents[2] / "rules" / name).read_bytes()
    except OSError:
        from importlib import resources

        return resources.files("loancs").joinpath("rules", name).read_bytes()


def _text_of(data: bytes) -> str:
    """A rule file's bytes as ``Path.read_text(encoding="utf-8")`` reads them: UTF-8, each
    line ending ("\\r\\n", "\\r") read as "\\n" (UnicodeDecodeError when not UTF-8)."""
    text = data.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def default_packs() -> list[RulePack]:
    """The shipped packs, parsed."""
    return [_parsed(_pack_text(name), f"loancs/rules/{name}") for name in DEFAULT_PACKS]


# the shipped packs as this process last parsed them: source -> (text, pack)
_PARSED: dict[str, tuple[str, RulePack]] = {}


def _parsed(text: str, source: str) -> RulePack:
    """``parse_rules(text, source)``; a shipped pack's parsed once a process while its text is
    the same (a parsed pack is never changed: merge_packs copies what it merges). A second
    compile in one process (a lender's file after the shipped rules, a server reloading a
    lender's edited file, a rule file refused) parsed ~590 KB of shipped packs again: ~1.2 s
    of CPU each."""
    kept = _PARSED.get(source)
    if kept is not None and kept[0] == text:
        return kept[1]
    pack = parse_rules(text, source)
    _PARSED[source] = (text, pack)
    return pack


class RuleCache(Protocol):
    """Where compiled rule sets are kept between processes (see :mod:`loancs.rules_cache`):
    bytes by key; a cache that cannot answer returns None and may drop what it is given."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...


# Part of every cache key: bump it when the compiled form changes in a way the pack texts
# do not show (a new field, a new automaton). The engine's own source is hashed too.
CACHE_FORMAT = 12


def _hasher() -> Any:
    """A BLAKE2b hash object (16-byte digest): CPython's own where there is one, since
    importing hashlib starts OpenSSL (milliseconds of every ``loancs check``); the digest is
    the same. BLAKE2b rather than SHA-256: CPython's own SHA-256 reads the ~1.2 MB a key
    hashes in ~3.4 ms, BLAKE2b in ~1.1 ms."""
    try:
        from _blake2 import blake2b  # CPython's built-in module
    except ImportError:
        from hashlib import blake2b
    return blake2b(digest_size=16)


def _installed(module: str) -> str:
    """Where ``module`` is installed and when it was written (without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec is not None else None
    try:
        return f"{origin} {Path(origin).stat().st_mtime_ns}" if origin else ""
    except OSError:
        return str(origin)


def rules_key(sources: Sequence[tuple[str, str | bytes]]) -> str:
    """A key naming the compiled form of these (source, text) rule files on this engine,
    this Python and this pyahocorasick: equal keys compile to equal rule sets. A text may be
    given as the file's bytes (hashed as they are: a file's text is UTF-8, so without a "\\r"
    its bytes are the encoded text, and the key is the same)."""
    digest = _hasher()
    package = Path(__file__).resolve().parent
    parts = [f"format {CACHE_FORMAT}", sys.version, getattr(ahocorasick, "__version__", "")]
    parts.append(_installed("opencc"))  # the cache holds hanzi folded by it
    for source, text in sources:
        parts += [source, text]
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    # the engine's code decides what a pack compiles to: hashed as the bytes on disk (not
    # decoded and encoded again)
    # (iterdir, not glob("*.py"): glob compiles a pattern at every `loancs check`)
    code = sorted(f for f in package.iterdir() if f.name.endswith(".py"))
    code += [package.parent / f for f in ("normalize.py", "pii.py", "lazyre.py")]
    code += [package.parents[1] / "data" / model.MODEL_FILE]  # kept in the cache, built
    for f in code:
        digest.update(f.read_bytes())
        digest.update(b"\0")
    hexdigest: str = digest.hexdigest()
    return hexdigest


def _blobs_from_shipped(cache: RuleCache, sources: list[tuple[str, str | bytes]]) -> None:
    """Before a lender's rules compile (a miss): the parts of the shipped rules' cache entry
    that do not depend on the rule files (see :meth:`RuleSet.dumps`): the engine's regular
    expressions as programs, the pinyin table, the common hanzi folded. The compile and the
    new entry then take them as they are instead of building them again (the entry's bytes
    are the same: a miss with a lender file cost ~2.5 s of CPU more). The shipped rule set
    itself is dropped: its patterns are not counted as this process's (see
    lazyre.unregistered), and the classifier is built as on any miss."""
    data = cache.get(rules_key(sources))
    if data is None:
        return
    with collector_paused():
        parts = lazyre.unregistered(RuleSet._parts, data)
    if parts is not None:
        RuleSet._use_blobs(parts)


def load_rules(
    extra: str | Path | None = None,
    text: str | None = None,
    cache: RuleCache | None = None,
    source: str = "<rules text>",
) -> RuleSet:
    """Shipped zh + en packs, then a lender's rule file ``extra`` (a path) and/or lender rule
    TOML given as ``text`` (named ``source``, as a file already read). A file that cannot be
    used raises :class:`RuleFileError` naming the file and the rule. With a ``cache``, the compiled rule set is taken from it when the
    same files were compiled before (and stored there otherwise): start-up then skips parsing
    and building the automata."""
    # the files as bytes: a warm cache only hashes them (decoded on a miss, to compile)
    sources: list[tuple[str, str | bytes]] = [
        (f"loancs/rules/{name}", _pack_bytes(name)) for name in DEFAULT_PACKS
    ]
    if extra is not None:
        path = Path(extra)
        try:
            sources.append((str(path), path.read_bytes()))
        except OSError as exc:
            why = exc.strerror.lower() if exc.strerror else exc
            raise RuleFileError(str(path), f"cannot read: {why}") from None
    if text is not None:
        sources.append((source, text))
    if cache is None:
        return _compiled(sources, extra)
    key = rules_key(sources)
    cached = _cached(cache, key)
    if cached is not None:
        return cached
    # A miss: where the cache offers a lock (FileRuleCache: an flock beside the entry), one
    # process compiles these files at a time; one that waited reads the entry the first wrote
    # instead of compiling the same rules again (xdist workers, several `loancs serve` started
    # together on a cold cache).
    lock = getattr(cache, "lock", None)
    if lock is None:
        return _compiled_into(cache, key, sources, extra)
    with lock(key):
        cached = _cached(cache, key)
        if cached is not None:
            return cached
        return _compiled_into(cache, key, sources, extra)


def _cached(cache: RuleCache, key: str) -> RuleSet | None:
    data = cache.get(key)
    return RuleSet.loads(data) if data is not None else None


def _compiled_into(
    cache: RuleCache, key: str, sources: list[tuple[str, str | bytes]], extra: str | Path | None
) -> RuleSet:
    """Compile ``sources`` and put the rule set in ``cache`` under ``key`` (not dumped where
    the cache says it cannot keep it: a ``writable()`` that answers False)."""
    if len(sources) > len(DEFAULT_PACKS):
        _blobs_from_shipped(cache, sources[: len(DEFAULT_PACKS)])
    ruleset = _compiled(sources, extra)
    writable = getattr(cache, "writable", None)
    if writable is None or writable():
        cache.put(key, ruleset.dumps())
    return ruleset


def _compiled(sources: list[tuple[str, str | bytes]], extra: str | Path | None) -> RuleSet:
    packs = []
    for i, (name, content) in enumerate(sources):
        if isinstance(content, bytes):
            try:
                content = _text_of(content)
            except UnicodeDecodeError as exc:
                if extra is None or i != len(DEFAULT_PACKS):
                    raise
                raise RuleFileError(name, f"cannot read: {exc}") from None
        packs.append(
            _parsed(content, name) if i < len(DEFAULT_PACKS) else parse_rules(content, name)
        )
    return RuleSet.from_packs(packs)
