"""Rule files: parse and validate TOML rule packs, then merge a lender's file over the defaults.

Pure: takes TOML text and a source name (used in error messages), returns data. Reading the
files lives in :func:`loancs.core.compliance.load_rules`.

A lender's file uses the same schema as the shipped packs and is applied after them:

- a ``[[rule]]`` with a new ``id`` adds a rule (all fields required);
- a ``[[rule]]`` with an existing ``id`` overrides only the fields it gives;
- ``disabled = true`` on a ``[[rule]]``, or ``disable = ["id", ...]`` at the top, removes rules;
- ``[rate]`` lists are appended to; ``[contact]`` keys replace the defaults;
- ``[concepts]``: ``name = ["term", ...]`` or ``name = {terms = [...], exclude = [...]}``
  appends terms to a shipped concept or defines a new one (``prefixes = [...]`` in the table
  makes the terms every prefix + term: a role from two closed lists, "你那辆" x "车"); a
  rule's patterns use it as ``@name`` (see :mod:`loancs.core.compliance.concepts`) and ``unless = ["name"]`` names
  concepts that, standing in the same sentence, make a match compliant; ``unless_after`` names
  concepts that do so only when they stand after the match (a denial or a doubt that follows
  the claim: "零门槛是不可能的", "…秒到账，是真的吗"; not "是真的吗？当然，保证下款").
- ``weak = true`` on a marketing or collection phrase rule: a hit of one of its concept
  patterns (literal phrases are not judged) stands only where the shipped classifier's score for that category on the hit's sentence reaches the model file's
  veto logit (see :func:`loancs.core.compliance.model.judge`); for rules whose wording is also
  common in lawful text (questions, negations, news). ``veto = 0.5`` (a number: a logit, the
  score's log-odds) gives the rule its own veto logit instead of the file's; it takes effect
  only while the rule is weak (``weak = false`` over a shipped rule stops the judging).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from loancs.core.compliance.concepts import (
    BUILTIN,
    Concept,
    ConceptPattern,
    PatternError,
    is_concept_pattern,
    parse_pattern,
)
from loancs.core.lazyre import lazy_compile
from loancs.core.normalize import Record, fold_dense, fold_light

CATEGORIES = ("marketing", "rate-disclosure", "collection", "pii")
SEVERITIES = ("info", "warn", "block")
DETECTORS = ("phrase", "rate-quote", "pii", "model")
# what the shipped classifier (core/compliance/model.py) scores; a model rule names one
MODEL_CLASSES = ("approval-guarantee", "easy-credit", "student-lure", "collection-abuse")
QUOTE_KINDS = ("daily", "weekly", "monthly", "flat_monthly")
PII_KINDS: tuple[str, ...] = ("id_card", "national_id", "passport", "bank_card", "mobile", "ssn")
PII_KINDS += ("bank_account", "email", "wechat", "dob")  # (a person's, not the lender's: pii.py)
PII_KINDS += ("cvv", "plate")  # (session 40: a card's security code, a car's plate: pii.py)
LANGS = ("zh", "en")
# the categories whose hits the classifier can confirm: a rule of one may be ``weak``
WEAK_CATEGORIES = ("marketing", "collection")

_TEXT_FIELDS = ("message", "suggestion", "suggestion_no_term")
_RULE_FIELDS = frozenset(
    {
        "id",
        "category",
        "severity",
        "detector",
        "patterns",
        "after",
        "quote_kind",
        "pii_kind",
        "negatable",
        "disabled",
        "unless",
        "unless_after",
        "weak",
        "veto",
        *_TEXT_FIELDS,
        *(f"{name}_{lang}" for name in _TEXT_FIELDS for lang in LANGS),
    }
)
_TOP_KEYS = frozenset({"rule", "disable", "rate", "contact", "concepts"})
_CONCEPT_RE = lazy_compile(r"^[a-z][a-z0-9_]{0,63}$")
_RATE_KEYS = ("annual_before", "annual_after", "penalty")
_CONTACT_KEYS = frozenset({"quiet_start", "quiet_end", "daily_cap", "tz"})
_ID_RE = lazy_compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,79}$")

_set = object.__setattr__


class RuleFileError(ValueError):
    """A rule file that cannot be used. The message names the file and, when known, the rule."""

    def __init__(self, source: str, message: str, rule_id: str | None = None) -> None:
        where = f"{source}: rule {rule_id!r}" if rule_id else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.rule_id = rule_id
        self.detail = message


class Rule(Record):
    """One validated rule. ``texts[lang]`` holds translated message/suggestion fields."""

    __slots__ = (
        "id",
        "category",
        "severity",
        "message",
        "suggestion",
        "detector",
        "patterns",
        "after",
        "quote_kind",
        "pii_kind",
        "negatable",
        "suggestion_no_term",
        "texts",
        "source",
        "unless",
        "unless_after",
        "concept_patterns",
        "weak",
        "veto",
    )
    __match_args__ = __slots__
    id: str
    category: str
    severity: str
    message: str
    suggestion: str
    detector: str
    patterns: tuple[str, ...]
    after: tuple[str, ...]
    quote_kind: str | None
    pii_kind: str | None
    negatable: bool
    suggestion_no_term: str | None
    texts: Mapping[str, Mapping[str, str]]
    source: str
    unless: tuple[str, ...]
    # unless concepts that excuse a match only when they stand after it (in its sentence):
    # "零门槛是不可能的" denies the lure, "是不可能被拒的，零门槛" does not
    unless_after: tuple[str, ...]
    concept_patterns: tuple[ConceptPattern, ...]
    # a weak rule's hit stands only where the shipped classifier agrees (see model.judge)
    weak: bool
    # this weak rule's own veto logit (None: the model file's)
    veto: float | None

    def __init__(
        self,
        id: str,
        category: str,
        severity: str,
        message: str,
        suggestion: str,
        detector: str = "phrase",
        patterns: tuple[str, ...] = (),
        after: tuple[str, ...] = (),
        quote_kind: str | None = None,
        pii_kind: str | None = None,
        negatable: bool = True,
        suggestion_no_term: str | None = None,
        texts: Mapping[str, Mapping[str, str]] | None = None,
        source: str = "",
        unless: tuple[str, ...] = (),
        unless_after: tuple[str, ...] = (),
        concept_patterns: tuple[ConceptPattern, ...] = (),
        weak: bool = False,
        veto: float | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "category", category)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "suggestion", suggestion)
        _set(self, "detector", detector)
        _set(self, "patterns", patterns)
        _set(self, "after", after)
        _set(self, "quote_kind", quote_kind)
        _set(self, "pii_kind", pii_kind)
        _set(self, "negatable", negatable)
        _set(self, "suggestion_no_term", suggestion_no_term)
        _set(self, "texts", {} if texts is None else texts)
        _set(self, "source", source)
        _set(self, "unless", unless)
        _set(self, "unless_after", unless_after)
        _set(self, "concept_patterns", concept_patterns)
        _set(self, "weak", weak)
        _set(self, "veto", veto)

    @property
    def phrases(self) -> tuple[str, ...]:
        """The literal phrases among the patterns (the rest are concept patterns)."""
        return tuple(p for p in self.patterns if not is_concept_pattern(p))

    def text(self, name: str, lang: str | None) -> str | None:
        """``message``/``suggestion``/``suggestion_no_term`` in ``lang`` if translated."""
        if lang and name in self.texts.get(lang, {}):
            return self.texts[lang][name]
        value: str | None = getattr(self, name)
        return value


class RulePack(Record):
    """One parsed file: rule entries (possibly partial, for overrides) and settings."""

    __slots__ = ("source", "entries", "disable", "rate", "contact", "concepts")
    __match_args__ = __slots__
    source: str
    entries: tuple[dict[str, Any], ...]
    disable: tuple[str, ...]
    rate: Mapping[str, tuple[str, ...]]
    contact: Mapping[str, Any]
    concepts: Mapping[str, Concept]

    def __init__(
        self,
        source: str,
        entries: tuple[dict[str, Any], ...],
        disable: tuple[str, ...] = (),
        rate: Mapping[str, tuple[str, ...]] | None = None,
        contact: Mapping[str, Any] | None = None,
        concepts: Mapping[str, Concept] | None = None,
    ) -> None:
        _set(self, "source", source)
        _set(self, "entries", entries)
        _set(self, "disable", disable)
        _set(self, "rate", {} if rate is None else rate)
        _set(self, "contact", {} if contact is None else contact)
        _set(self, "concepts", {} if concepts is None else concepts)


def _str_list(value: Any, what: str, source: str, rule_id: str | None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleFileError(source, f"{what} must be a list of strings", rule_id)
    return tuple(value)


def parse_rules(toml_text: str, source: str) -> RulePack:
    """Parse one rule file's text. Checks types and names here; completeness at merge."""
    import tomllib  # here, not at import: a rules cache that answers parses nothing

    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(source, f"not valid TOML: {exc}") from None
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise RuleFileError(
            source,
            f"unknown top-level key(s) {sorted(unknown)}: use rule, disable, rate, contact, concepts",
        )
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise RuleFileError(source, "'rule' must be an array of tables: write [[rule]]")
    entries = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_rules, start=1):
        entry = _parse_entry(raw, position, source)
        if entry["id"] in seen:
            raise RuleFileError(source, "defined twice in the same file", entry["id"])
        seen.add(entry["id"])
        entries.append(entry)
    disable = _str_list(data.get("disable", []), "disable", source, None)
    rate_raw = data.get("rate", {})
    if not isinstance(rate_raw, dict) or set(rate_raw) - set(_RATE_KEYS):
        raise RuleFileError(source, f"[rate] takes only {', '.join(_RATE_KEYS)}")
    rate = {k: _str_list(v, f"rate.{k}", source, None) for k, v in rate_raw.items()}
    contact = data.get("contact", {})
    if not isinstance(contact, dict) or set(contact) - _CONTACT_KEYS:
        raise RuleFileError(source, f"[contact] takes only {', '.join(sorted(_CONTACT_KEYS))}")
    concepts = _parse_concepts(data.get("concepts", {}), source)
    return RulePack(source, tuple(entries), disable, rate, dict(contact), concepts)


def _parse_concepts(raw: Any, source: str) -> dict[str, Concept]:
    if not isinstance(raw, dict):
        raise RuleFileError(source, "[concepts] must be a table of name = [terms]")
    concepts = {}
    for name, value in raw.items():
        if not _CONCEPT_RE.match(name) or name in BUILTIN:
            raise RuleFileError(
                source, f"concept name {name!r}: use lower-case letters, digits and '_'"
            )
        if isinstance(value, dict):
            unknown = set(value) - {"terms", "exclude", "prefixes"}
            if unknown:
                raise RuleFileError(source, f"concept {name!r}: unknown key(s) {sorted(unknown)}")
            terms = _str_list(value.get("terms", []), f"concept {name!r} terms", source, None)
            exclude = _str_list(value.get("exclude", []), f"concept {name!r} exclude", source, None)
            prefixes = _str_list(
                value.get("prefixes", []), f"concept {name!r} prefixes", source, None
            )
            # with prefixes, a role from two closed lists: matched as written, never heard
            # (the concept keeps the lists apart, see Concept.terms)
            prefixes = tuple(dict.fromkeys(prefixes))
        else:
            terms = _str_list(value, f"concept {name!r}", source, None)
            exclude = ()
            prefixes = ()
        concept = Concept(name, terms, exclude, heard=not prefixes, prefixes=prefixes)
        empty = [t for t in (*concept.terms, *concept.exclude) if not fold_dense(t)]
        if empty:
            raise RuleFileError(source, f"concept {name!r}: term {empty[0]!r} is only punctuation")
        concepts[name] = concept
    return concepts


def _parse_entry(raw: Any, position: int, source: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RuleFileError(source, f"rule #{position} is not a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID_RE.match(rule_id):
        raise RuleFileError(
            source, f"rule #{position} needs an id of letters, digits, '.', '_' or '-'"
        )
    unknown = set(raw) - _RULE_FIELDS
    if unknown:
        raise RuleFileError(source, f"unknown field(s) {sorted(unknown)}", rule_id)
    entry: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("patterns", "after", "unless", "unless_after"):
            entry[key] = _str_list(value, key, source, rule_id)
        elif key in ("negatable", "disabled", "weak"):
            if not isinstance(value, bool):
                raise RuleFileError(source, f"{key} must be true or false", rule_id)
            entry[key] = value
        elif key == "veto":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise RuleFileError(
                    source, "veto must be a number (a logit, e.g. -4.0 or 0.5)", rule_id
                )
            if not -20.0 <= value <= 20.0:
                raise RuleFileError(
                    source, f"veto {value} is out of range (a logit from -20 to 20)", rule_id
                )
            entry[key] = float(value)
        elif not isinstance(value, str):
            raise RuleFileError(source, f"{key} must be a string", rule_id)
        else:
            entry[key] = value
    for key, allowed in (
        ("category", CATEGORIES),
        ("severity", SEVERITIES),
        ("detector", DETECTORS),
        ("quote_kind", QUOTE_KINDS),
        ("pii_kind", PII_KINDS),
    ):
        if key in entry and entry[key] not in allowed:
            raise RuleFileError(
                source, f"unknown {key} {entry[key]!r} (use {', '.join(allowed)})", rule_id
            )
    return entry


def _build_rule(fields: dict[str, Any], source: str) -> Rule:
    rule_id = fields["id"]
    for key in ("category", "severity", "message", "suggestion"):
        if not fields.get(key):
            raise RuleFileError(source, f"missing {key}", rule_id)
    detector = fields.get("detector", "phrase")
    patterns = tuple(fields.get("patterns", ()))
    after = tuple(fields.get("after", ()))
    concept_patterns: list[ConceptPattern] = []
    if detector == "phrase":
        if not patterns:
            raise RuleFileError(source, "a phrase rule needs at least one pattern", rule_id)
        for pattern in patterns:
            if is_concept_pattern(pattern):
                try:
                    concept_patterns.append(parse_pattern(pattern))
                except PatternError as exc:
                    raise RuleFileError(source, str(exc), rule_id) from None
                continue
            if not all(fold_dense(part) for part in pattern.split("..")):
                raise RuleFileError(
                    source,
                    f"pattern {pattern!r} is only spaces or punctuation (around '..')",
                    rule_id,
                )
    elif detector == "rate-quote":
        if not fields.get("quote_kind"):
            raise RuleFileError(source, "a rate-quote rule needs quote_kind", rule_id)
        if not patterns and not after:
            raise RuleFileError(source, "a rate-quote rule needs patterns or after", rule_id)
        for pattern in (*patterns, *after):
            if not fold_light(pattern).strip():
                raise RuleFileError(source, f"keyword {pattern!r} is empty", rule_id)
    elif detector == "model":
        if len(patterns) != 1 or patterns[0] not in MODEL_CLASSES:
            raise RuleFileError(
                source,
                f"a model rule names one class in patterns (use {', '.join(MODEL_CLASSES)})",
                rule_id,
            )
    elif not fields.get("pii_kind"):
        raise RuleFileError(source, "a pii rule needs pii_kind", rule_id)
    if fields.get("unless_after") and detector != "phrase":
        raise RuleFileError(
            source, "unless_after is for phrase rules (it is read against a match)", rule_id
        )
    for key in ("weak", "veto"):
        given = fields.get(key)
        if given is None or given is False:
            continue
        if detector != "phrase" or fields["category"] not in WEAK_CATEGORIES:
            shown = "weak = true" if key == "weak" else "veto"
            raise RuleFileError(
                source,
                f"{shown} is for phrase rules of category marketing or collection "
                "(the classifier that confirms their hits knows only those)",
                rule_id,
            )
    texts: dict[str, dict[str, str]] = {}
    for name in _TEXT_FIELDS:
        for lang in LANGS:
            value = fields.get(f"{name}_{lang}")
            if value:
                texts.setdefault(lang, {})[name] = value
    for name in ("suggestion", "suggestion_no_term") if detector in _PLACEHOLDERS else ():
        for template in (fields.get(name), *(t.get(name) for t in texts.values())):
            if template:
                _check_template(template, detector, source, rule_id)
    return Rule(
        id=rule_id,
        category=fields["category"],
        severity=fields["severity"],
        message=fields["message"],
        suggestion=fields["suggestion"],
        detector=detector,
        patterns=patterns,
        after=after,
        quote_kind=fields.get("quote_kind"),
        pii_kind=fields.get("pii_kind"),
        negatable=fields.get("negatable", True),
        suggestion_no_term=fields.get("suggestion_no_term"),
        texts=texts,
        source=source,
        unless=tuple(fields.get("unless", ())),
        unless_after=tuple(fields.get("unless_after", ())),
        concept_patterns=tuple(concept_patterns),
        weak=fields.get("weak", False),
        veto=fields.get("veto"),
    )


_PLACEHOLDERS = {
    "rate-quote": {"quote", "apr", "ear", "months"},
    "pii": {"masked"},
}


def _check_template(template: str, detector: str, source: str, rule_id: str) -> None:
    names = set(re.findall(r"\{([^{}]*)\}", template))
    bad = names - _PLACEHOLDERS[detector]
    if bad:
        allowed = ", ".join(sorted(_PLACEHOLDERS[detector])) or "none"
        raise RuleFileError(
            source,
            f"suggestion uses unknown placeholder(s) {sorted(bad)} (allowed: {allowed})",
            rule_id,
        )


class MergedRules(Record):
    __slots__ = ("rules", "rate", "contact", "concepts")
    __match_args__ = __slots__
    rules: tuple[Rule, ...]
    rate: Mapping[str, tuple[str, ...]]
    contact: Mapping[str, Any]
    concepts: Mapping[str, Concept]

    def __init__(
        self,
        rules: tuple[Rule, ...],
        rate: Mapping[str, tuple[str, ...]],
        contact: Mapping[str, Any],
        concepts: Mapping[str, Concept] | None = None,
    ) -> None:
        _set(self, "rules", rules)
        _set(self, "rate", rate)
        _set(self, "contact", contact)
        _set(self, "concepts", {} if concepts is None else concepts)


def merge_packs(packs: Iterable[RulePack]) -> MergedRules:
    """Apply packs in order: later packs add, override (field by field) or disable rules."""
    fields_by_id: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}
    rate: dict[str, tuple[str, ...]] = {k: () for k in _RATE_KEYS}
    contact: dict[str, Any] = {}
    concepts: dict[str, Concept] = {}
    for pack in packs:
        for name, concept in pack.concepts.items():
            old = concepts.get(name)
            if old is None:
                concepts[name] = concept
            elif old.prefixes == concept.prefixes:  # the same lists (or none): add the stems
                stems = old.stems + tuple(t for t in concept.stems if t not in old.stems)
                exclude = old.exclude_stems + tuple(
                    t for t in concept.exclude_stems if t not in old.exclude_stems
                )
                heard = old.heard and concept.heard
                concepts[name] = Concept(name, stems, exclude, heard, old.prefixes)
            else:  # other prefixes: every term as written
                terms = old.terms + tuple(t for t in concept.terms if t not in old.terms)
                exclude = old.exclude + tuple(t for t in concept.exclude if t not in old.exclude)
                concepts[name] = Concept(name, terms, exclude, old.heard and concept.heard)
        for entry in pack.entries:
            rule_id = entry["id"]
            if entry.get("disabled"):
                if rule_id not in fields_by_id:
                    raise RuleFileError(pack.source, "cannot disable an unknown rule", rule_id)
                del fields_by_id[rule_id]
                continue
            merged = {**fields_by_id.get(rule_id, {}), **entry}
            merged.pop("disabled", None)
            _build_rule(merged, pack.source)  # validate now so the error names this file
            fields_by_id[rule_id] = merged
            origin[rule_id] = pack.source
        for rule_id in pack.disable:
            if rule_id not in fields_by_id:
                raise RuleFileError(pack.source, "cannot disable an unknown rule", rule_id)
            del fields_by_id[rule_id]
        for key, values in pack.rate.items():
            rate[key] = rate[key] + tuple(v for v in values if v not in rate[key])
        contact.update(pack.contact)
    rules = tuple(_build_rule(f, origin[i]) for i, f in fields_by_id.items())
    for rule in rules:
        names = [n for p in rule.concept_patterns for n in p.elements]
        names += [*rule.unless, *rule.unless_after]
        for name in names:
            if not name.startswith("=") and name not in concepts and name not in BUILTIN:
                raise RuleFileError(
                    rule.source, f"unknown concept @{name} (define it under [concepts])", rule.id
                )
    return MergedRules(rules, rate, contact, concepts)
