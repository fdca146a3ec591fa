"""A small trained classifier for the kinds of violation that paraphrase most: approval
guarantees, easy-credit lures (no credit check, no threshold, instant money), lures aimed at
students and abusive collection. Term lists and proximity rules catch the wording someone
wrote down; this catches new wording that shares enough of their characters.

    scores = classify(normalize(text))      # [(class, probability, start, end, features)]

The model is a linear one-vs-rest logistic regression over binary character 1-4-grams of the
normalised ("light") text, trained by ``scripts/train_compliance_model.py`` on the development
half of the labelled sentences (never the held-out half) plus sentences composed from the rule
packs' concept terms. Its weights and vocabulary ship as ``loancs/data/compliance_model.json``
(no pickled objects); scoring is one Aho-Corasick pass per sentence over the n-grams that carry
weight, so a check costs tens of microseconds. The file is read on first use.

Each class has a threshold chosen on the training data's out-of-fold scores (a budget of false
alarms on its clean sentences); the engine turns a score above it into a hit of the pack rule
whose ``detector = "model"`` names the class, unless a rule of that category already flagged
the sentence.
"""

from __future__ import annotations

import bisect
import math
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

import ahocorasick

from loancs.core.lazyre import lazy_compile
from loancs.core.normalize import Normalized, Record

MODEL_FILE = "compliance_model.json"
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
FORMAT = 1
# Sentence ends in the light view (full-width punctuation is already half-width there); a
# full stop only before a space or the end, so 0.5% and a.m. stay whole.
_SENTENCE_END = lazy_compile(r"[!?;\n。.]+")  # what units() cuts at (see _end_runs)
_END_CHARS = "!?;\n。."
# Short sentences are scored with their neighbours: "征信有逾期？没关系，照样批" is one pitch.
UNIT_CHARS = 40
# A unit with fewer hanzi than this is not scored: a lure or a threat needs more words than
# "多久到账" or "你是真人吗", and the rules already cover the short set phrases (包过, 秒批).
MIN_HANZI = 6
# A short question that asks for a fact ("您想借多少钱？", "您家在哪个城市？", "你想分几期还？")
# is service, not a lure or a threat, whatever words it shares with them: a unit with fewer
# hanzi than this, followed by a question mark, holding a question word and not ending in a
# yes/no particle (你知道你女儿在哪上学吗？ stays scored) is not scored.
SHORT_QUESTION_HANZI = 12
_WH_WORD = lazy_compile(r"多少|几[点个期天号次月年岁时分]|哪|什么|怎么|怎样|啥|多久|多长|谁|何时")
_YES_NO_END = ("吗", "么", "嘛")
_WH_END = ("什么", "怎么", "干嘛")  # end in 么/嘛 but ask for a fact
TOP_FEATURES = 3
# a trigger automaton value's bits from here on are lexicon meanings, below it classes
LEXICON_SHIFT = 8
_SECOND = itemgetter(1)


def _bytes(text: str) -> str:
    """``text`` as its UTF-8 bytes, one Latin-1 character a byte: what the model's automata
    hold and read. pyahocorasick looks a node's children up one by one, and the n-grams start
    with hundreds of different hanzi; in UTF-8 a node has at most 64 children below the root
    (a hanzi is three bytes), so a walk costs a third as much. A key's bytes match exactly
    where the key does (UTF-8 is self-synchronising: no match starts or ends inside a
    character), so the finds, and the features read from them, are the same."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def _size(text: str) -> int:
    """How many characters ``_bytes(text)`` has."""
    return len(text.encode("utf-8", "surrogatepass"))


def prepare(light: str) -> str:
    """The text the model reads: light view, every digit as 0, spaces collapsed, padded with a
    space at both ends (word starts and ends are features). Training uses this function."""
    for digit in "123456789":  # str.replace beats a regular expression on short text
        if digit in light:
            light = light.replace(digit, "0")
    return " " + " ".join(light.split()) + " "


def units(light: str, limit: int = UNIT_CHARS) -> list[tuple[int, int]]:
    """Spans of ``light`` the model scores: sentences, with short neighbours merged up to
    ``limit`` characters (:data:`UNIT_CHARS`; a file's "unit_chars"). Spans exclude the
    sentence-ending punctuation; a full stop ends a sentence only before a space or the end
    (0.5% and a.m. stay whole)."""
    merged: list[tuple[int, int]] = []
    start = 0
    size = len(light)
    for stop, after in _end_runs(light):
        if light[after - 1] == "." and after < size and not light[after].isspace():
            continue
        if stop > start and not light[start:stop].isspace():
            if merged and stop - merged[-1][0] <= limit:
                merged[-1] = (merged[-1][0], stop)
            else:
                merged.append((start, stop))
        start = after
    if start < size and not light[start:].isspace():
        if merged and size - merged[-1][0] <= limit:
            merged[-1] = (merged[-1][0], size)
        else:
            merged.append((start, size))
    return merged


def _picker(present: set[int]) -> Callable[[Sequence[float]], Iterable[float]]:
    """A class's weights of the features ``present``, in the set's order: a unit's logit is
    the bias plus ``sum(_picker(present)(weights))``, the same additions in the same order
    as ``sum(map(weights.__getitem__, present))``. One ``itemgetter`` call reads them all in
    C (about half the time of a method call per feature), made once for the unit's classes."""
    if len(present) > 1:
        return itemgetter(*present)
    items = tuple(present)  # itemgetter of one index returns the weight itself, of none fails
    return lambda weights: [weights[i] for i in items]


def _end_runs(light: str) -> list[tuple[int, int]]:
    """The spans of ``_SENTENCE_END.finditer(light)``: each run of sentence-ending characters.
    Found with ``str.find`` per character (a text has a few of them): the regular expression
    tested a character class at each of the text's characters, a sizeable part of a check's
    model step."""
    found: list[int] = []
    for char in _END_CHARS:
        at = light.find(char)
        while at >= 0:
            found.append(at)
            at = light.find(char, at + 1)
    if not found:
        return []
    found.sort()
    runs = []
    begin = end = found[0]
    for at in found[1:]:
        if at != end + 1:
            runs.append((begin, end + 1))
            begin = at
        end = at
    runs.append((begin, end + 1))
    return runs


class Score(Record):
    __slots__ = ("label", "probability", "threshold", "start", "end", "features")
    __match_args__ = __slots__
    label: str  # the class, e.g. "approval-guarantee"
    probability: float
    threshold: float
    start: int  # light-view span of the scored unit
    end: int
    features: tuple[str, ...]  # the n-grams that pushed the score up most

    def __init__(
        self,
        label: str,
        probability: float,
        threshold: float,
        start: int,
        end: int,
        features: tuple[str, ...],
    ) -> None:
        _set = object.__setattr__
        _set(self, "label", label)
        _set(self, "probability", probability)
        _set(self, "threshold", threshold)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "features", features)


def _packed(weights: tuple[float, ...]) -> tuple[float, ...] | array[int]:
    """``weights`` as an array of thousandths ("h", else "i") when each comes back exactly
    (``_unpacked``), else as they are."""
    thousandths = [round(w * 1000) for w in weights]
    if any(t / 1000 != w for t, w in zip(thousandths, weights, strict=True)):
        return weights
    return array("h" if all(-32768 <= t < 32768 for t in thousandths) else "i", thousandths)


def _unpacked(weights: tuple[float, ...] | array[int]) -> tuple[float, ...]:
    """The weights ``_packed`` stored: t / 1000 is the double nearest the three-decimal value,
    the same one json gave when the file was read."""
    if isinstance(weights, tuple):
        return weights
    return tuple([t / 1000 for t in weights])


class Model:
    """The shipped classifier (see the module docs)."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != FORMAT:
            raise ValueError(f"compliance model format {data.get('format')!r}, want {FORMAT}")
        self.classes: tuple[str, ...] = tuple(data["classes"])
        self.bias: tuple[float, ...] = tuple(data["bias"])
        # thresholds are on the logit; probabilities are for people
        self.thresholds: tuple[float, ...] = tuple(data["thresholds"])
        self._grams: tuple[str, ...] = tuple(data["grams"])
        # "ngram_min": the shortest character n-gram the model was trained on (the trainer's
        # --ngram-min; an English model may start at 3 letters, its 1-2 letter grams carried
        # technical false alarms); absent, 1. A gram shorter than it is a broken file (a
        # splice that mixed models), refused rather than scored with a weight never trained.
        self.ngram_min = int(data.get("ngram_min", 1))
        if self.ngram_min > 1 and self._grams and min(map(len, self._grams)) < self.ngram_min:
            raise ValueError(f"compliance model holds n-grams shorter than {self.ngram_min}")
        # per class, the weight of each n-gram by its index (summed over a set of indices)
        self._weights = [
            tuple(w[label] for w in data["weights"]) for label in range(len(self.classes))
        ]
        self._automaton = ahocorasick.Automaton()
        for index, gram in enumerate(self._grams):
            self._automaton.add_word(_bytes(gram), index)
        # pinyin-folded n-grams: matched in the unit with every hanzi replaced by the first
        # character of its homophone group ("fold"), so 苞过 reads as 包过; numbered after
        # the n-grams
        self._fold = str.maketrans({c: g[0] for g in data.get("fold", ()) for c in g[1:]})
        self._folded: tuple[str, ...] = tuple(data.get("folded", ()))
        self._folded_automaton = ahocorasick.Automaton()
        for index, gram in enumerate(self._folded, len(self._grams)):
            self._folded_automaton.add_word(_bytes(gram), index)
        if self._folded:
            self._folded_automaton.make_automaton()
        # word features: the unit segmented by forward maximum matching against the file's
        # "vocabulary" (see segment()); a "words" feature is a word or two adjacent tokens
        # joined by a space, numbered after the folded n-grams
        first = len(self._grams) + len(self._folded)
        self._word_index = {w: first + n for n, w in enumerate(data.get("words", ()))}
        self._vocabulary = word_automaton(data.get("vocabulary", ()))
        # the trigger automaton's value: the classes a trigger wakes (one bit each) and, from
        # bit LEXICON_SHIFT on, the gate meanings a term carries (see "lexicon" below)
        values: dict[str, int] = {}
        for gram, mask in data["triggers"]:
            values[gram] = mask
        # "lexicon": the model's own meanings (a gift or reward, borrowing...), each a list of
        # terms of the light view. A unit holding every meaning of a "lexicon_gate" entry
        # wakes its classes (so 送 or 领 beside a loan counts, though a single character is no
        # trigger): the terms of each gate's first meaning (the rare one: a gift) are found
        # in the triggers' pass, and only a unit holding one is read for the others.
        # "lexicon_features" (a meaning, or meanings joined by "+": all of them in the unit)
        # are weighted features numbered after the concepts.
        lexicon: dict[str, list[str]] = data.get("lexicon", {})
        bits = {name: 1 << bit for bit, name in enumerate(lexicon)}
        gates = data.get("lexicon_gate", ())
        self._gates = tuple((_meaning_bits(bits, names), mask) for names, mask in gates)
        keys = {names.split("+")[0] for names, _ in gates}
        # the other meanings of the gates, as one regular expression: a unit holding a key
        # term (送 in 发送) but none of these is not read at all
        rest = {n for names, _ in gates for n in names.split("+")[1:]}
        # longest first, then by text: the pattern (and the rules cache's bytes) must not
        # depend on the set's order, which PYTHONHASHSEED moves (a process started with
        # another seed compiled it again instead of reading the cache's program)
        terms = sorted({t for n in rest for t in lexicon[n]}, key=lambda t: (-len(t), t))
        # (lazy: a rules cache keeps the model pickled, and a plain re.Pattern compiled again
        # at every load, ~1.5 ms of each `loancs check`; this one compiles, or comes from the
        # cache's stored programs, when a unit first needs it)
        self._gate_rest = (
            lazy_compile("|".join(map(re.escape, terms)), cached=False) if terms else None
        )
        for name in sorted(keys):  # (a set: its order moves with PYTHONHASHSEED)
            for term in lexicon[name]:
                values[term] = values.get(term, 0) | bits[name] << LEXICON_SHIFT
        self._triggers = ahocorasick.Automaton()
        for gram, value in values.items():
            self._triggers.add_word(_bytes(gram), value)
        self._triggers.make_automaton()
        # the ASCII keys alone, walked over the text's Latin part when a caller found the
        # hanzi keys (see trigger_terms); None when there are none, or a key is neither
        # hanzi nor ASCII with an a-z letter
        latin_keys = [key for key in values if not _hanzi_key(key)]
        # their automaton is made on first use and not pickled (see _latin_fired)
        self._latin_triggers: ahocorasick.Automaton | None = None
        self._latin_terms: tuple[tuple[str, int], ...] | None = None
        self._latin_reach = (0, 0)
        if (
            latin_keys
            and not data.get("latin_only")  # an English model is never handed its finds
            and all(key.isascii() and _A_Z.search(key) for key in latin_keys)
        ):
            self._latin_terms = tuple((key, values[key]) for key in latin_keys)
            self._latin_reach = (
                max(_A_Z.search(key).start() for key in latin_keys),  # type: ignore[union-attr]
                max(len(key) - len(_A_Z_END.sub("", key)) for key in latin_keys),
            )
        # "ungated": a unit holding no trigger is scored as well, for every class, against
        # the class's threshold plus this margin (the trainer's --ungated); absent, it is not
        ungated = data.get("ungated")
        self.ungated: float | None = None if ungated is None else float(ungated)
        self._every_class = (1 << len(self.classes)) - 1
        # "ungated_classes": the classes such a unit is scored for (default every class; an
        # English model's trigger-free path for threats by tone alone is collection-abuse's)
        wanted = data.get("ungated_classes", self.classes)
        self._ungated_mask = sum(1 << self.classes.index(name) for name in wanted)
        # "ungated_margins": a class's own margin in place of "ungated" (an English lure is
        # judged by its tone at a lower margin than a threat; absent, every class takes it)
        margins = data.get("ungated_margins", {})
        self._margins = [float(margins.get(name, self.ungated or 0.0)) for name in self.classes]
        # "unit_chars": sentences merge into one unit up to this many characters (a threat by
        # tone alone is often two short English sentences: a fact, then a demand)
        self.unit_chars = int(data.get("unit_chars", UNIT_CHARS))
        # "ungated_words": such a unit without hanzi needs this many Latin words (a short one,
        # "your application is under review", carries no tone to judge and costs a scoring)
        self.ungated_words = int(data.get("ungated_words", 0))
        # "ungated_woken": the trigger-free classes are read only in units another class's
        # trigger woke (those are scored anyway, so they cost no more); a unit holding no
        # trigger at all is not scored
        self.ungated_woken = bool(data.get("ungated_woken", False))
        # "ungated_cue" and "ungated_hanzi": a hanzi unit that no trigger woke is read only
        # when it holds one of the cue's characters (你: a threat speaks to the borrower, while
        # service replies say 您) and has at most that many hanzi (a sentence, not a run of
        # clauses); absent, every such unit is read
        self.ungated_cue: str | None = data.get("ungated_cue")
        self.ungated_hanzi = int(data.get("ungated_hanzi", 0))
        # concept features: the engine's concept names found in a unit, weighted like n-grams
        # (their weights follow the n-grams'), and the classes each wakes like a trigger
        features = first + len(self._word_index)
        self.concepts: dict[str, int] = {
            name: features + n for n, name in enumerate(data.get("concepts", ()))
        }
        self._concept_triggers: dict[str, int] = dict(data.get("concept_triggers", ()))
        first_lex = features + len(self.concepts)
        self._lexicon_features = tuple(
            (_meaning_bits(bits, name), first_lex + n, name)
            for n, name in enumerate(data.get("lexicon_features", ()))
        )
        # "tokens": Latin words and adjacent word pairs ("free gift") of the prepared unit (an
        # English model's word features; see latin_tokens()), numbered after the lexicon's
        first_token = first_lex + len(self._lexicon_features)
        self._tokens = {t: first_token + n for n, t in enumerate(data.get("tokens", ()))}
        # the lexicon's terms are found by the n-gram automaton in the unit being scored: a
        # term that is a weighted n-gram is read as its feature, any other one is a key of its
        # own numbered after every feature and weighing nothing; a meaning is present when
        # one of its indices is (see _meanings)
        gram_index = {gram: index for index, gram in enumerate(self._grams)}
        others: dict[str, int] = {}
        last = first_token + len(self._tokens)
        sets = []
        for name, terms in lexicon.items():
            indices = set()
            for term in terms:
                known = gram_index.get(term)
                indices.add(others.setdefault(term, last + len(others)) if known is None else known)
            sets.append((bits[name], frozenset(indices)))
        self._meaning_sets = tuple(sets)
        for term, index in others.items():
            self._automaton.add_word(_bytes(term), index)
        if others:
            self._weights = [w + (0.0,) * len(others) for w in self._weights]
        self._automaton.make_automaton()
        # a weak rule's hit stands where a class of its category scores at least this logit
        # (chosen out-of-fold by the trainer); without it weak rules are not vetoed
        veto = data.get("veto")
        self.veto: float | None = None if veto is None else float(veto)
        # a unit without hanzi is scored when it has at least this many Latin words (English
        # text; see scored()); a file without the key scores hanzi text only
        latin = data.get("latin_words")
        self.latin_words: int | None = None if latin is None else int(latin)
        # English units' own thresholds (their logits run on another scale than hanzi text's)
        self.latin_thresholds: tuple[float, ...] = tuple(
            data.get("latin_thresholds", self.thresholds)
        )
        # "english": a second model of the same format trained on English sentences alone
        # (the trainer's --english N); it scores the units without hanzi, so English rows
        # never move the hanzi model's weights. Absent, English is the rules' alone.
        self.latin_only = bool(data.get("latin_only"))
        english = data.get("english")
        self.english: Model | None = (
            None if english is None else Model({**english, "latin_only": True})
        )

    def trigger_terms(self) -> dict[str, int]:
        """The trigger keys a caller's own walk of the light view must find for
        :func:`classify`'s ``fired`` (the engine's shared walk), as the light view writes
        them, with their values (see :meth:`_score`): the hanzi keys (U+3400-4DBF,
        U+4E00-9FFF). The model finds the others (ASCII words of the lexicon: "gift",
        "parents") itself, in the Latin part of the text; empty when a key is neither."""
        keys = {
            key.encode("latin-1").decode("utf-8"): value for key, value in self._triggers.items()
        }
        hanzi = {key: value for key, value in keys.items() if _hanzi_key(key)}
        if self._latin_terms is None and len(hanzi) < len(keys):
            return {}
        return hanzi

    def _latin_fired(self, light: str) -> list[tuple[int, int]]:
        """(last character index, value) of the ASCII trigger keys in ``light``: a walk of
        the text from its first a-z letter to its last (widened by the keys' own characters
        before the first letter and after the last one of each key)."""
        if self._latin_terms is None:
            return []
        latin = self._latin_triggers
        if latin is None:
            latin = self._latin_triggers = ahocorasick.Automaton()
            for key, value in self._latin_terms:
                latin.add_word(key, value)
            latin.make_automaton()
        bounds = _letter_span(light)
        if bounds is None:
            return []
        before, after = self._latin_reach
        start, end = max(0, bounds[0] - before), bounds[1] + after
        return list(latin.iter(light, start, min(end, len(light))))

    def __getstate__(self) -> dict[str, Any]:
        """The pickled form (the rules cache carries the model): each class's weights as
        thousandths in a 2-byte array (``_packed``) where that round-trips exactly, as the
        file's weights (three decimals) do: 2 bytes a weight instead of a pickled float's 9."""
        state = dict(vars(self))
        state["_weights"] = [_packed(weights) for weights in self._weights]
        state["_latin_triggers"] = None  # made again from _latin_terms when first needed
        state.pop("_named", None)  # a process's memo (see _explained)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["_weights"] = [_unpacked(weights) for weights in state["_weights"]]
        vars(self).update(state)

    def score(
        self,
        light: str,
        concepts: Sequence[tuple[int, int, str]] = (),
        light_map: tuple[int, ...] = (),
        original: str | None = None,
        fired: list[tuple[int, int]] | None = None,
    ) -> list[Score]:
        """Every (unit, class) whose score reaches the class's threshold. Only units holding a
        trigger n-gram or trigger concept are scored (most text holds none: one pass of a
        small automaton). ``concepts`` are (original start, original end, name) of the
        engine's concept finds that the model knows, ``light_map`` maps light to original.
        A file with an "english" model hands the units without hanzi to it as well.
        ``original`` (mapped by ``light_map``) is the text "ungated_cue" is looked for in.
        ``fired``: every place ``light`` holds a key of :meth:`trigger_terms`, as (index of
        its last character, value), when the caller found them (the engine's shared walk);
        None: this walks ``light`` for them."""
        found = self._score(light, concepts, light_map, original, fired)
        if self.english is not None:
            found += self.english.score_english(light)
        return found

    def score_english(self, light: str) -> list[Score]:
        """An English model's scores: each run of ``light`` from a Latin letter to the last
        one before a hanzi (no hanzi inside) that holds at least ``latin_words`` words, scored
        on its own and its spans shifted back. The runs are found by one regular expression
        (none at all in text with fewer spaces than the words it needs), so hanzi text costs
        no pass of the trigger automaton (a pass reads every byte)."""
        found: list[Score] = []
        least = self.latin_words or 1
        if light.count(" ") < least - 1:  # N words need N - 1 spaces: most Chinese has none
            return found
        # a run starts and ends at a-z: searched from the first a-z to the last, not across
        # the whole text
        bounds = _letter_span(light)
        if bounds is None:
            return found
        for match in _LATIN_RUN.finditer(light, *bounds):
            start, end = match.span()
            if len(_LATIN_WORD.findall(light, start, end)) < least:
                continue
            for score in self._score(light[start:end], (), ()):
                found.append(score.replace(start=score.start + start, end=score.end + start))
        return found

    def _score(
        self,
        light: str,
        concepts: Sequence[tuple[int, int, str]],
        light_map: tuple[int, ...],
        original: str | None = None,
        fired_at: list[tuple[int, int]] | None = None,
    ) -> list[Score]:
        found: list[Score] = []
        # each trigger: hanzi n-grams without digits or spaces, so the light view itself is
        # searched; (last byte index, classes mask), or with ``fired_at`` (the caller's finds)
        # (last character index, classes mask); a model may wake classes by concepts only
        if fired_at is not None:
            fired = fired_at + self._latin_fired(light)
        else:
            fired = list(self._triggers.iter(_bytes(light))) if len(self._triggers) else []
        if not fired and not concepts:
            if (
                self.ungated is None
                or self.ungated_woken
                or self.ungated_cue is not None
                and not any(
                    c in (light if original is None else original) for c in self.ungated_cue
                )
            ):
                return found  # no trigger, and nothing the trigger-free path would read
            if self.ungated_cue is not None and not self.ungated_words:
                return self._score_unwoken(light, light_map, original)
        done = b_done = 0  # characters read so far, and their bytes
        for start, end in units(light, self.unit_chars):
            if fired_at is not None:
                b_start, b_end = start, end  # the finds are character indices
            else:
                b_start = b_done + _size(light[done:start])
                b_end = b_start + _size(light[start:end])
                done, b_done = end, b_end
            mask = 0
            for last, bits in fired:  # the trigger's last byte is in the unit
                if b_start <= last < b_end:
                    mask |= bits
            gate = mask >> LEXICON_SHIFT  # a gate's first meaning: the unit is read for the rest
            mask &= self._every_class
            inside: set[str] = set()
            if concepts:
                o_start, o_end = light_map[start], light_map[end - 1] + 1
                inside = {n for a, b, n in concepts if o_start <= a and b <= o_end}
                for name in inside:
                    mask |= self._concept_triggers.get(name, 0)
            # the trigger-free path: the "ungated" classes no trigger of their own woke are
            # scored too, each against its threshold plus the margin (a unit holding another
            # class's trigger is read for them as well: a lure's word does not hide a threat)
            ungated = 0
            if (
                self.ungated is not None
                and self._ungated_mask & ~mask
                and (mask or gate or self._unwoken_read(light, start, end, light_map, original))
                and (
                    not self.ungated_words
                    or len(_LATIN_WORD.findall(light, start, end)) >= self.ungated_words
                )
            ):
                ungated = self._ungated_mask & ~mask
            if not (mask or ungated or gate) or not scored(light, start, end, self.latin_words):
                continue
            if not (mask or ungated) and (
                self._gate_rest is None or not self._gate_rest.search(light, start, end)
            ):
                continue  # a gate's key alone (送 in 发送): no loan beside it
            if self.latin_only and hanzi_count(light, start, end):
                continue  # an English model reads English units only
            present = self._present(light[start:end], inside)
            if gate:
                meanings = self._meanings(present)
                for need, wake in self._gates:
                    if meanings & need == need:
                        mask |= wake
                if not (mask or ungated):
                    continue
            bars = self.thresholds
            if self.latin_words is not None and not hanzi_count(light, start, end):
                bars = self.latin_thresholds
            pick = _picker(present)
            for label, weights in enumerate(self._weights):
                if mask >> label & 1:
                    bar = bars[label]
                elif ungated >> label & 1:
                    bar = bars[label] + self._margins[label]
                else:
                    continue
                logit = self.bias[label] + sum(pick(weights))
                if logit >= bar:
                    found.append(self._explained(present, label, logit, bar, start, end))
        return found

    def _score_unwoken(
        self, light: str, light_map: tuple[int, ...], original: str | None
    ) -> list[Score]:
        """``_score`` of a text that woke no trigger and holds the cue: only the trigger-free
        path's units are read (the same units, features and bars; no trigger bookkeeping)."""
        found: list[Score] = []
        margins = self._margins
        for start, end in units(light, self.unit_chars):
            if not self._unwoken_read(light, start, end, light_map, original) or not scored(
                light, start, end, self.latin_words
            ):
                continue
            if self.latin_only and hanzi_count(light, start, end):
                continue
            bars = self.thresholds
            if self.latin_words is not None and not hanzi_count(light, start, end):
                bars = self.latin_thresholds
            present = self._present(light[start:end])
            pick = _picker(present)
            for label, weights in enumerate(self._weights):
                if self._ungated_mask >> label & 1:
                    logit = self.bias[label] + sum(pick(weights))
                    bar = bars[label] + margins[label]
                    if logit >= bar:
                        found.append(self._explained(present, label, logit, bar, start, end))
        return found

    def _unwoken_read(
        self,
        light: str,
        start: int,
        end: int,
        light_map: tuple[int, ...],
        original: str | None,
    ) -> bool:
        """Whether the trigger-free path reads light[start:end], a unit that no trigger woke
        (see "ungated_woken", "ungated_cue" and "ungated_hanzi"). The cue is looked for in
        the original text (the light view reads 您 as 你); without it, in the light view."""
        if self.ungated_woken:
            return False
        cue = self.ungated_cue
        if cue is None:
            return True
        text, o_start, o_end = light, start, end
        if original is not None and light_map:
            text, o_start, o_end = original, light_map[start], light_map[end - 1] + 1
        for char in cue:
            if text.find(char, o_start, o_end) >= 0:
                break
        else:
            return False
        most = self.ungated_hanzi
        return not most or end - start <= most or hanzi_count(light, start, end) <= most

    def _present(self, unit: str, inside: Iterable[str] = ()) -> set[int]:
        """The indices of the features found in ``unit`` (light view) with the concepts
        ``inside`` it and the lexicon's (see _meanings): binary features, each find's index
        read in C."""
        text = prepare(unit)
        present = set(map(_SECOND, self._automaton.iter(_bytes(text))))
        if self._folded:
            folded = self._folded_automaton.iter(_bytes(text.translate(self._fold)))
            present.update(map(_SECOND, folded))
        if self._word_index:
            known = self._word_index
            grams = word_grams(segment(text, self._vocabulary))
            present.update(known[g] for g in grams if g in known)
        present.update(self.concepts[name] for name in inside)
        if self._tokens:
            tokens = self._tokens
            present.update(tokens[t] for t in latin_tokens(text) if t in tokens)
        if self._lexicon_features:
            meanings = self._meanings(present)
            present.update(i for need, i, _ in self._lexicon_features if meanings & need == need)
        return present

    def _meanings(self, present: set[int]) -> int:
        """The lexicon meanings (bits) of which ``present`` (a unit's finds) holds a term."""
        meanings = 0
        for bit, indices in self._meaning_sets:
            if not indices.isdisjoint(present):
                meanings |= bit
        return meanings

    def best_logit(
        self,
        light: str,
        start: int,
        end: int,
        labels: Iterable[str],
        concepts: Sequence[tuple[int, int, str]] = (),
        light_map: tuple[int, ...] = (),
    ) -> tuple[float, str] | None:
        """The highest logit of the classes ``labels`` over the units of ``light`` that
        overlap light[start:end] and that the model scores (see :func:`scored`), with its
        class; None when it scores none of them (too short, a short question for a fact).
        No trigger is needed: this is what a weak rule's hit asks (see :func:`judge`)."""
        wanted = [self.classes.index(name) for name in labels if name in self.classes]
        best: tuple[float, str] | None = None
        for u_start, u_end in units(light, self.unit_chars):
            if (
                u_end <= start
                or end <= u_start
                or not scored(light, u_start, u_end, self.latin_words)
            ):
                continue
            inside: set[str] = set()
            if concepts:
                o_start, o_end = light_map[u_start], light_map[u_end - 1] + 1
                inside = {n for a, b, n in concepts if o_start <= a and b <= o_end}
            present = self._present(light[u_start:u_end], inside)
            pick = _picker(present)
            for label in wanted:
                logit = self.bias[label] + sum(pick(self._weights[label]))
                if best is None or logit > best[0]:
                    best = (logit, self.classes[label])
        return best

    def _explained(
        self, present: set[int], label: int, logit: float, bar: float, start: int, end: int
    ) -> Score:
        weights = self._weights[label]
        # each feature as read, and whether it is two characters or more (a fired unit names
        # its longer features), worked out once a process: ``_feature`` of a word, token or
        # lexicon index walks a table
        named: dict[int, tuple[str, bool]] | None = self.__dict__.get("_named")
        if named is None:
            named = {}
            self._named: dict[int, tuple[str, bool]] = named
        longer: list[int] = []
        for i in present:
            if weights[i] > 0:
                read = named.get(i)
                if read is None:
                    gram = self._feature(i)
                    read = named[i] = (gram, len(gram.lstrip("~")) >= 2)
                if read[1]:
                    longer.append(i)
        top: list[str] = []
        for i in sorted(longer, key=weights.__getitem__, reverse=True):
            gram = named[i][0]
            if gram not in top:
                top.append(gram)
        return Score(
            self.classes[label],
            _sigmoid(logit),
            _sigmoid(bar),
            start,
            end,
            tuple(top[:TOP_FEATURES]),
        )

    def _feature(self, index: int) -> str:
        """A feature as a person reads it: the n-gram, ~folded n-gram or <concept>."""
        if index < len(self._grams):
            return self._grams[index].strip()
        if index < len(self._grams) + len(self._folded):
            return "~" + self._folded[index - len(self._grams)].strip()
        for word, i in self._word_index.items():
            if i == index:
                return f"[{word}]"
        for _, i, name in self._lexicon_features:
            if i == index:
                return f"{{{name}}}"
        for token, i in self._tokens.items():
            if i == index:
                return f"[{token}]"
        return next(f"<{name}>" for name, i in self.concepts.items() if i == index)


def _meaning_bits(bits: Mapping[str, int], names: str) -> int:
    """The lexicon bits of a meaning or of meanings joined by "+" ("borrow+gift")."""
    need = 0
    for name in names.split("+"):
        need |= bits[name]
    return need


def word_automaton(words: Iterable[str]) -> ahocorasick.Automaton:
    """An automaton of a segmentation vocabulary (each word's value is its length)."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def segment(text: str, vocabulary: ahocorasick.Automaton) -> list[str]:
    """``text`` cut into tokens by forward maximum matching: from the left, the longest
    vocabulary word starting here, else one character; spaces are dropped. Training segments
    with this function and the vocabulary it ships, so the features match at check time."""
    longest: dict[int, int] = {}
    if len(vocabulary):
        for end, size in vocabulary.iter(text):
            start = end - size + 1
            if size > longest.get(start, 1):
                longest[start] = size
    tokens: list[str] = []
    pos = 0
    for start in sorted(longest):  # the next word at or after pos; single characters before it
        if start >= pos:
            tokens += text[pos:start]
            pos = start + longest[start]
            tokens.append(text[start:pos])
    tokens += text[pos:]
    return [token for token in tokens if not token.isspace()]


def word_grams(tokens: Sequence[str]) -> Iterator[str]:
    """The word features of a segmented text: each word (a token of two or more characters)
    and each adjacent token pair ("a b") holding at least one word (pairs of single
    characters are the character bigrams already)."""
    previous = ""
    for token in tokens:
        if len(token) > 1:
            yield token
        if previous and len(previous) + len(token) > 2:
            yield previous + " " + token
        previous = token


def latin_tokens(text: str) -> Iterator[str]:
    """The word features of a prepared text: each Latin word of two or more letters and each
    pair of adjacent ones ("free gift"). Training reads text with this function too."""
    words = _LATIN_WORD.findall(text)
    yield from words
    for first, second in zip(words, words[1:], strict=False):
        yield first + " " + second


def scored(light: str, start: int, end: int, latin_words: int | None = None) -> bool:
    """Whether the model scores the unit light[start:end]: not when it is too short
    (:data:`MIN_HANZI`) or a short question for a fact (:data:`SHORT_QUESTION_HANZI`). A unit
    without hanzi is scored when ``latin_words`` is set (the model file's "latin_words") and
    it holds at least that many Latin words of two or more letters."""
    count = hanzi_count(light, start, end)
    if count < MIN_HANZI:
        if count or latin_words is None:
            return False
        return len(_LATIN_WORD.findall(light, start, end)) >= latin_words
    if count >= SHORT_QUESTION_HANZI or not light.startswith("?", end):
        return True
    tail = light[start:end].rstrip()
    if tail.endswith(_YES_NO_END) and not tail.endswith(_WH_END):
        return True
    return _WH_WORD.search(light, start, end) is None


_NOT_HANZI = lazy_compile("[^\u3400-\u9fff]+")
_LATIN_WORD = lazy_compile(r"[a-z][a-z']+")
# a run without hanzi from a Latin letter to the last one (an English model's text)
_LATIN_RUN = lazy_compile("[a-z][^\u3400-\u9fff]*[a-z]")
# bytes.translate table: a-z read as "a", any other byte as " "
_A_Z_AS_A = bytes(0x61 if 0x61 <= b <= 0x7A else 0x20 for b in range(256))


_A_Z = lazy_compile("[a-z]")
_A_Z_END = lazy_compile("[^a-z]+$")  # what follows a key's last a-z letter


def _hanzi_key(key: str) -> bool:
    """A trigger key of hanzi only (U+3400-4DBF, U+4E00-9FFF; not the hexagram symbols
    between, which the dense view drops as separators)."""
    return bool(key) and all("\u3400" <= c <= "\u4dbf" or "\u4e00" <= c <= "\u9fff" for c in key)


def _letter_span(text: str) -> tuple[int, int] | None:
    """From the first a-z of ``text`` to just after its last (None when it has none), found
    in C: one byte a character (any other character reads as "?", then as " "). The last
    text's answer is kept: a check asks it twice of one light view (the hanzi model's ASCII
    triggers, then the English model)."""
    if _LAST_SPAN and text is _LAST_SPAN[0][0]:
        return _LAST_SPAN[0][1]
    letters = text.encode("ascii", "replace").translate(_A_Z_AS_A)
    first = letters.find(b"a")
    span = None if first < 0 else (first, letters.rfind(b"a") + 1)
    _LAST_SPAN[:] = [(text, span)]
    return span


_LAST_SPAN: list[tuple[str, tuple[int, int] | None]] = []  # (the last text, its span)


def hanzi_count(text: str, start: int, end: int) -> int:
    """Hanzi in text[start:end] (a unit shorter than MIN_HANZI is not scored): what is left
    when everything else is cut out, in C rather than a Python step per character."""
    return len(_NOT_HANZI.sub("", text[start:end]))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -60 else 0.0


_MODEL: list[Model] = []


def shipped() -> Model:
    """The packaged model, read once per process (a plain file read: importlib.resources on
    the namespace package loancs.data cost more than parsing the file)."""
    if not _MODEL:
        import json  # noqa: PLC0415 - only a check that reaches the model needs it

        raw = (DATA_DIR / MODEL_FILE).read_text(encoding="utf-8")
        _MODEL.append(Model(json.loads(raw)))
    return _MODEL[0]


def use(model: Model) -> None:
    """Take ``model`` (kept in a compiled rules cache, see engine.RuleSet.dumps) as the
    shipped one, unless this process has read it already: start-up skips the JSON."""
    if not _MODEL:
        _MODEL.append(model)


def _known_concepts(
    model: Model, norm: Normalized, occ: Mapping[str, list[tuple[int, int]]] | None
) -> list[tuple[int, int, str]]:
    """(original start, original end, name) of the concept finds the model knows."""
    if not occ or not model.concepts:
        return []
    dense_map = norm.dense_map
    known = model.concepts
    return [
        (dense_map[a], dense_map[b - 1] + 1, name)
        for name, spans in occ.items()
        if name in known
        for a, b in spans
    ]


def classify(
    norm: Normalized,
    occ: Mapping[str, list[tuple[int, int]]] | None = None,
    fired: list[tuple[int, int]] | None = None,
) -> list[Score]:
    """The model's scores for a normalised text; ``occ`` (the engine's concept finds: name ->
    dense spans) adds the concepts the model was trained with as features; ``fired``: the
    triggers the caller found in ``norm.light`` (see :meth:`Model.score`)."""
    model = shipped()
    found = _known_concepts(model, norm, occ)
    if not found:
        return model.score(norm.light, (), norm.light_map, norm.original, fired)
    return model.score(norm.light, found, norm.light_map, norm.original, fired)


# the classes that speak for a rule category: a weak rule's hit needs one of them to agree
CATEGORY_CLASSES = {
    "marketing": ("approval-guarantee", "easy-credit", "student-lure"),
    "collection": ("collection-abuse",),
}


def hit_logit(
    norm: Normalized,
    start: int,
    end: int,
    category: str,
    occ: Mapping[str, list[tuple[int, int]]] | None = None,
) -> tuple[float, str] | None:
    """The shipped model's best logit (and its class) of ``category``'s classes on the units
    that original[start:end] touches; None when it scores none of them."""
    model = shipped()
    light_map = norm.light_map
    l_start = bisect.bisect_left(light_map, start)
    l_end = bisect.bisect_left(light_map, end, l_start)
    return model.best_logit(
        norm.light,
        l_start,
        max(l_end, l_start + 1),
        CATEGORY_CLASSES.get(category, ()),
        _known_concepts(model, norm, occ),
        light_map,
    )


def judge(
    norm: Normalized,
    start: int,
    end: int,
    category: str,
    occ: Mapping[str, list[tuple[int, int]]] | None = None,
    veto: float | None = None,
) -> tuple[bool, str]:
    """Does a weak rule's hit on original[start:end] stand? The best logit of its category's
    classes on the sentences (model units) it touches against ``veto`` (the rule's own veto
    logit) or else the model file's: (stands, why) for ``loancs check --explain``. It stands
    when neither is set or the model scores none of those sentences (too short to judge). One
    unit scoring per hit."""
    model = shipped()
    if veto is None:
        veto = model.veto
    if veto is None:
        return True, ""
    best = hit_logit(norm, start, end, category, occ)
    if best is None:
        return True, "weak rule: the model does not score so short a sentence; the hit stands"
    logit, label = best
    score, bar = _sigmoid(logit), _sigmoid(veto)
    if logit >= veto:
        return True, f"weak rule confirmed by the model: {label} score {score:.3f} >= {bar:.3f}"
    return False, f"weak rule vetoed by the model: best score {score:.3f} ({label}) < {bar:.3f}"
