"""Compliance engine: check an agent's message against marketing, rate-disclosure, collection
and PII rules before it reaches a customer.

    rules = load_rules()                   # shipped zh + en packs
    rules = load_rules("lender.toml")      # plus a lender's adds / overrides / disables
    result = rules.check("保證 通過，月费率0.5%，分12期")
    result.verdict                         # "block"
    [(h.rule, h.start, h.end, h.match) for h in result.hits]

Phrase rules are matched with one Aho-Corasick automaton over the dense normalised text (see
:mod:`loancs.core.normalize`), so a check costs the same with five rules or five thousand.
Every hit carries offsets into the ORIGINAL text (Python str indices, end exclusive), so
``text[hit.start:hit.end] == hit.match`` and the console underlines what the agent typed.

Pure and deterministic: no clock, no network. :func:`load_rules` reads the package's own rule
files and an optional lender file; everything else works on strings.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from loancs.core.compliance_contact import (
    ContactDecision,
    ContactPolicy,
    ContactPolicyError,
    check_contact,
    in_quiet_hours,
    local_day,
)
from loancs.core.compliance_rate import RateDetector, annualise
from loancs.core.compliance_rules import (
    CATEGORIES,
    SEVERITIES,
    Rule,
    RuleFileError,
    RulePack,
    merge_packs,
    parse_rules,
)
from loancs.core.normalize import Normalized, fold_dense, is_word_char, normalize
from loancs.core.pii import find_pii_normalized, mask_value

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "CheckResult",
    "ContactDecision",
    "ContactPolicy",
    "Hit",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "check_contact",
    "in_quiet_hours",
    "load_rules",
    "local_day",
    "parse_rules",
]

DEFAULT_PACKS = ("zh.toml", "en.toml")
_RANK = {"info": 0, "warn": 1, "block": 2}

# Negators that make a following phrase compliant ("我们不能保证通过", "we cannot guarantee
# approval"). Matched in the dense view strictly BEFORE the phrase, so the 不 inside 不看征信
# never negates itself. Latin negators must stand as whole words in the original text.
NEGATORS = (
    "不能",
    "无法",
    "不会",
    "不可能",
    "不是",
    "并非",
    "并不",
    "绝不",
    "决不",
    "没有",
    "没",
    "不",
    "未",
    "别",
    "勿",
    "禁止",
    "杜绝",
    "谨防",
    "警惕",
    "cannot",
    "cant",
    "can't",
    "not",
    "never",
    "noonecan",
    "nobodycan",
    "no",
    "dont",
    "don't",
    "wont",
    "won't",
    "doesnt",
    "doesn't",
    "isnt",
    "isn't",
    "beware",
)
# Longest first, and overlapping occurrences too (the lookahead): "不能" and its "不" are
# both tried. Apostrophes are separators, so "can't" is matched as "cant".
_NEGATOR_RE = re.compile(
    "(?=("
    + "|".join(
        re.escape(k) for k in sorted({n.replace("'", "") for n in NEGATORS}, key=len, reverse=True)
    )
    + "))"
)
# 不 followed by these does not negate what comes after ("不管...", "不到5分钟...").
NON_NEGATING = (
    "不仅",
    "不但",
    "不管",
    "不论",
    "不用",
    "不必",
    "不到",
    "不超过",
    "不怕",
    "不限",
    "不要担心",
)
# Between a negator and the phrase only these may stand ("不会主动联系你的家人", "不能向您保证
# 通过", "we do not offer guaranteed approval"). Anything else means the negator belongs to
# another verb: in "再不还就找你单位" the 不 negates 还, not the threat.
BRIDGES_ZH = frozenset(
    [
        "会",
        "能",
        "能够",
        "可",
        "可能",
        "可以",
        "是",
        "要",
        "需要",
        "去",
        "再",
        "主动",
        "随便",
        "随意",
        "轻易",
        "擅自",
        "私自",
        "对外",
        "向",
        "给",
        "对",
        "为",
        "帮",
        "替",
        "跟",
        "和",
        "与",
        "您",
        "你",
        "您的",
        "你的",
        "我们",
        "我",
        "都",
        "也",
        "一定",
        "百分百",
        "百分之百",
        "100",
        "承诺",
        "提供",
        "做到",
        "做",
        "说",
        "敢",
        "得",
        "以",
        "任何",
        "任何方式",
        "方式",
        "所谓",
        "什么",
        "存在",
        "有",
        "进行",
        "随时",
        "人",
        "谁",
        "任何人",
        "把",
        "将",
        "情况",
        "信息",
        "欠款",
        "债务",
        "借款",
        "这件事",
        "此事",
    ]
)
BRIDGES_EN = frozenset(
    [
        "a",
        "an",
        "the",
        "any",
        "be",
        "been",
        "ever",
        "offer",
        "offers",
        "offering",
        "give",
        "gives",
        "provide",
        "provides",
        "promise",
        "promises",
        "say",
        "says",
        "tell",
        "make",
        "makes",
        "we",
        "you",
        "i",
        "it",
        "is",
        "are",
        "will",
        "would",
        "can",
        "could",
        "do",
        "does",
        "did",
        "to",
        "of",
        "that",
        "there",
        "able",
        "going",
        "always",
        "really",
        "ever",
        "actually",
        "such",
        "thing",
        "as",
    ]
)
_BRIDGE_MAX = max(len(w) for w in BRIDGES_ZH)
# In a pattern, ".." stands for up to MAX_GAP other characters ("保证..批下来" catches
# 保证给您批下来); keep both sides specific, since the gap can hold anything.
GAP = ".."
MAX_GAP = 4
_CJK_WINDOW = 12  # dense characters scanned before a CJK phrase for a negator
_LATIN_WINDOW = 24  # ... before a Latin phrase (words are run together in the dense view)
# Punctuation that ends a clause: a negator beyond it does not reach the phrase, and a phrase
# split by it is only an evasion if every gap is split ("保，证，通，过"), not "我们保证，通过审核后".
_CLAUSE = frozenset("，。！？；：,.!?;:\n、")


@dataclass(frozen=True, slots=True)
class Hit:
    rule: str
    category: str
    severity: str
    start: int
    end: int
    match: str
    message: str
    suggestion: str

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


@dataclass(frozen=True, slots=True)
class CheckResult:
    verdict: str  # "ok" | "warn" | "block"
    hits: list[Hit]

    @property
    def blocked(self) -> bool:
        return self.verdict == "block"

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "hits": [h.to_dict() for h in self.hits]}


def _verdict(hits: list[Hit]) -> str:
    worst = max((_RANK[h.severity] for h in hits), default=0)
    return ("ok", "warn", "block")[worst]


class RuleSet:
    """An immutable, compiled set of rules. Build with :func:`load_rules` or :meth:`from_packs`."""

    def __init__(
        self,
        rules: tuple[Rule, ...],
        rate_terms: dict[str, tuple[str, ...]] | None = None,
        contact: ContactPolicy | None = None,
        sources: tuple[str, ...] = (),
    ) -> None:
        self.rules = rules
        self.by_id = {r.id: r for r in rules}
        self.contact = contact or ContactPolicy()
        self.sources = sources
        self._phrase_rules = [r for r in rules if r.detector == "phrase"]
        self._pii_rules = {r.pii_kind: r for r in rules if r.detector == "pii"}
        self._rate = RateDetector(
            [r for r in rules if r.detector == "rate-quote"], rate_terms or {}
        )
        self._gapped: list[tuple[int, int]] = []  # gapped pattern id -> (rule index, parts)
        self._automaton = self._build_automaton()

    def _build_automaton(self) -> ahocorasick.Automaton | None:
        # value per key: ((rule index, length, gapped-pattern id or -1, part index), ...)
        entries: dict[str, list[tuple[int, int, int, int]]] = {}
        for index, rule in enumerate(self._phrase_rules):
            for pattern in rule.patterns:
                parts = [fold_dense(p) for p in pattern.split(GAP)]
                if len(parts) == 1:
                    values = [(index, len(parts[0]), -1, 0)]
                else:
                    gid = len(self._gapped)
                    self._gapped.append((index, len(parts)))
                    values = [(index, len(k), gid, n) for n, k in enumerate(parts)]
                for key, value in zip(parts, values, strict=True):
                    bucket = entries.setdefault(key, [])
                    if value not in bucket:
                        bucket.append(value)
        if not entries:
            return None
        automaton = ahocorasick.Automaton()
        for key, values in entries.items():
            automaton.add_word(key, tuple(values))
        automaton.make_automaton()
        return automaton

    @classmethod
    def from_packs(cls, packs: list[RulePack]) -> RuleSet:
        merged = merge_packs(packs)
        try:
            contact = ContactPolicy.from_mapping(merged.contact)
        except (ContactPolicyError, TypeError) as exc:
            source = next((p.source for p in reversed(packs) if p.contact), "rules")
            raise RuleFileError(source, f"[contact]: {exc}") from None
        return cls(merged.rules, dict(merged.rate), contact, tuple(p.source for p in packs))

    def __len__(self) -> int:
        return len(self.rules)

    # ------------------------------------------------------------------ checking
    def check(self, text: str, lang: str | None = None) -> CheckResult:
        """Check one outgoing message. ``lang`` ("zh"/"en") picks translated messages and
        suggestions where a rule has them; by default each rule speaks its pack's language."""
        norm = normalize(text)
        hits = self._phrase_hits(norm, lang)
        hits.extend(self._rate_hits(norm, lang))
        hits.extend(self._pii_hits(norm, lang))
        hits.sort(key=lambda h: (h.start, -_RANK[h.severity], h.end, h.rule))
        return CheckResult(_verdict(hits), hits)

    @staticmethod
    def _hit(
        rule: Rule,
        text: str,
        start: int,
        end: int,
        lang: str | None,
        template: str = "suggestion",
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
        )

    def _phrase_hits(self, norm: Normalized, lang: str | None) -> list[Hit]:
        if self._automaton is None or not norm.dense:
            return []
        text = norm.original
        kept_until: dict[int, int] = {}  # rule index -> end of its last hit (dense)
        hits: list[Hit] = []
        candidates = []
        parts: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for last, values in self._automaton.iter(norm.dense):
            for rule_index, length, gid, part in values:
                if gid < 0:
                    candidates.append((last - length + 1, last + 1, rule_index))
                else:
                    parts.setdefault((gid, part), []).append((last - length + 1, last + 1))
        if parts:
            candidates.extend(self._gapped_candidates(norm, parts))
        # Longest match first so "保证百分百通过" wins over a shorter pattern inside it.
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        negated: list[tuple[int, int]] = []
        for d_start, d_end, rule_index in candidates:
            # candidates come in start order, so one end per rule is enough to drop overlaps
            if d_start < kept_until.get(rule_index, 0):
                continue
            rule = self._phrase_rules[rule_index]
            if not self._is_phrase(norm, d_start, d_end):
                continue
            latin = dense_is_latin(norm.dense[d_start])
            if rule.negatable and (
                _negated(norm, d_start, latin) or _follows_negated(norm, d_start, negated)
            ):
                negated.append((d_start, d_end))
                continue
            kept_until[rule_index] = d_end
            start, end = norm.dense_span(d_start, d_end)
            hits.append(self._hit(rule, text, start, end, lang))
        return hits

    def _gapped_candidates(
        self, norm: Normalized, parts: dict[tuple[int, int], list[tuple[int, int]]]
    ) -> list[tuple[int, int, int]]:
        """Chain the parts of "A..B" patterns: each next part starts at most MAX_GAP dense
        characters after the previous one ends, within one clause."""
        found = []
        for gid, (rule_index, count) in enumerate(self._gapped):
            for start, end in parts.get((gid, 0), ()):
                for n in range(1, count):
                    # AC reports each part's occurrences in order, so starts are sorted
                    following = parts.get((gid, n), ())
                    i = bisect.bisect_left(following, (end, -1))
                    if i == len(following) or following[i][0] > end + MAX_GAP:
                        break
                    end = following[i][1]
                else:
                    o_start, o_end = norm.dense_span(start, end)
                    if not any(ch in _CLAUSE for ch in norm.original[o_start:o_end]):
                        found.append((start, end, rule_index))
        return found

    @staticmethod
    def _is_phrase(norm: Normalized, d_start: int, d_end: int) -> bool:
        """Word boundaries for Latin phrases, and no accidental run across clauses."""
        dense, text = norm.dense, norm.original
        start, end = norm.dense_span(d_start, d_end)
        if dense_is_latin(dense[d_start]) and start > 0 and is_word_char(text[start - 1]):
            return False
        if dense_is_latin(dense[d_end - 1]) and end < len(text) and is_word_char(text[end]):
            return False
        return _split_is_evasion(text, norm.dense_map, d_start, d_end)

    def _rate_hits(self, norm: Normalized, lang: str | None) -> list[Hit]:
        quotes, months = self._rate.find(norm)
        hits = []
        for quote in quotes:
            rule = quote.rule
            kind = rule.quote_kind or "monthly"
            term = months if kind == "flat_monthly" else None
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
                        if kind == "flat_monthly" and months is None
                        else "suggestion"
                    ),
                )
            )
        return hits

    def _pii_hits(self, norm: Normalized, lang: str | None) -> list[Hit]:
        if not self._pii_rules:
            return []
        text = norm.original
        hits = []
        for match in find_pii_normalized(norm):
            rule = self._pii_rules.get(match.kind)
            if rule is not None:
                masked = mask_value(match.kind, match.value)
                hits.append(self._hit(rule, text, match.start, match.end, lang, masked=masked))
        return hits


def _split_is_evasion(text: str, dmap: tuple[int, ...], d_start: int, d_end: int) -> bool:
    """False when one clause break splits an otherwise unbroken phrase:
    "我们保证，通过审核后" is two clauses, "保，证，通，过" is an evasion."""
    gaps_with_clause = 0
    empty_gaps = 0
    for k in range(d_start, d_end - 1):
        a, b = dmap[k], dmap[k + 1]
        if b - a <= 1:
            empty_gaps += 1
        elif any(ch in _CLAUSE for ch in text[a + 1 : b]):
            gaps_with_clause += 1
    # One clause break inside an otherwise unbroken phrase is two sentences meeting; an
    # evasion breaks it systematically (保，证，通，过 / g.u.a.r.a.n.t.e.e.d approval).
    return not (gaps_with_clause == 1 and empty_gaps)


def dense_is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _follows_negated(norm: Normalized, d_start: int, negated: list[tuple[int, int]]) -> bool:
    """A phrase listed right after a negated one shares its negation:
    "谨防“无门槛秒批”类诈骗", "no credit check or guaranteed approval"."""
    for _n_start, n_end in negated:
        if n_end > d_start or d_start - n_end > 3:
            continue
        gap = norm.dense[n_end:d_start]
        between = norm.original[norm.dense_map[n_end - 1] + 1 : norm.dense_map[d_start]]
        if any(ch in _CLAUSE and ch != "、" for ch in between):
            continue
        if gap in ("", "和", "或", "及", "与", "or", "and", "nor"):
            return True
    return False


def _negated(norm: Normalized, d_start: int, latin: bool) -> bool:
    dense, text, dmap = norm.dense, norm.original, norm.dense_map
    low = max(0, d_start - (_LATIN_WINDOW if latin else _CJK_WINDOW))
    for m in _NEGATOR_RE.finditer(dense, low, d_start):
        if _negates(dense, text, dmap, m.start(1), m.end(1), d_start):
            return True
    return False


def _negates(
    dense: str, text: str, dmap: tuple[int, ...], pos: int, end: int, d_start: int
) -> bool:
    if any(dense.startswith(word, pos) for word in NON_NEGATING):
        return False
    o_start, o_end = dmap[pos], dmap[end - 1] + 1
    phrase_start = dmap[d_start]
    if dense[pos].isascii():
        # whole words only: "not" must not fire inside "another" or "note"
        if o_start > 0 and is_word_char(text[o_start - 1]):
            return False
        if o_end < len(text) and is_word_char(text[o_end]):
            return False
    between = text[o_end:phrase_start]
    if any(ch in _CLAUSE for ch in between):
        return False
    if dense[pos].isascii():
        words = re.findall(r"[a-z0-9']+", between.casefold())
        return len(words) <= 4 and all(
            w.replace("'", "") in BRIDGES_EN or w in BRIDGES_EN for w in words
        )
    return _bridges(dense[end:d_start])


def _bridges(gap: str) -> bool:
    """True when ``gap`` is empty or splits entirely into bridge words."""
    reachable = [True] + [False] * len(gap)
    for i in range(len(gap)):
        if not reachable[i]:
            continue
        for j in range(i + 1, min(len(gap), i + _BRIDGE_MAX) + 1):
            if gap[i:j] in BRIDGES_ZH:
                reachable[j] = True
    return reachable[-1]


# ---------------------------------------------------------------------- loading
def _pack_text(name: str) -> str:
    try:
        return resources.files("loancs").joinpath("rules", name).read_text(encoding="utf-8")
    except (OSError, TypeError, ModuleNotFoundError):
        # A stale editable install can expose loancs as a namespace package, which
        # importlib.resources cannot read: the packs sit next to this module anyway.
        return (Path(__file__).resolve().parents[1] / "rules" / name).read_text(encoding="utf-8")


def default_packs() -> list[RulePack]:
    """The shipped packs, parsed."""
    return [parse_rules(_pack_text(name), f"loancs/rules/{name}") for name in DEFAULT_PACKS]


def load_rules(extra: str | Path | None = None, text: str | None = None) -> RuleSet:
    """Shipped zh + en packs, then a lender's rule file ``extra`` (a path) and/or lender rule
    TOML given as ``text``. A file that cannot be used raises :class:`RuleFileError` naming
    the file and the rule."""
    packs = default_packs()
    if extra is not None:
        path = Path(extra)
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleFileError(str(path), f"cannot read: {exc}") from None
        packs.append(parse_rules(content, str(path)))
    if text is not None:
        packs.append(parse_rules(text, "<rules text>"))
    return RuleSet.from_packs(packs)
