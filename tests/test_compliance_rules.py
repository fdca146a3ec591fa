"""Rule files: the shipped packs, and a lender's file that adds, overrides or disables rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from loancs.core.compliance import (
    CATEGORIES,
    ContactPolicy,
    RuleFileError,
    RuleSet,
    load_rules,
    parse_rules,
)
from loancs.rules_cache import FileRuleCache


def test_shipped_packs_cover_every_category_in_both_languages() -> None:
    rules = load_rules(cache=FileRuleCache.default())
    assert {r.category for r in rules.rules} == set(CATEGORIES)
    ids = {r.id for r in rules.rules}
    assert any(i.startswith("zh.") for i in ids) and any(i.startswith("en.") for i in ids)
    for rule in rules.rules:
        assert rule.message and rule.suggestion, rule.id
    assert rules.contact == ContactPolicy()


LENDER = """
disable = ["zh.marketing.low-rate-lure"]

[[rule]]
id = "lender.marketing.vip"
category = "marketing"
severity = "warn"
patterns = ["内部渠道", "VIP通道"]
message = "本行禁止承诺内部渠道。"
suggestion = "删去“内部渠道”。"

[[rule]]
id = "zh.marketing.zero-interest-lure"
severity = "block"

[[rule]]
id = "zh.collection.insult"
disabled = true

[contact]
quiet_start = "21:00"
daily_cap = 3
"""


def test_lender_file_adds_overrides_and_disables(tmp_path: Path) -> None:
    path = tmp_path / "lender.toml"
    path.write_text(LENDER, encoding="utf-8")
    default = load_rules(cache=FileRuleCache.default())
    rules = load_rules(path)

    added = rules.check("走VIP 通道，马上办")
    assert [h.rule for h in added.hits] == ["lender.marketing.vip"]
    assert added.verdict == "warn"
    assert default.check("走VIP通道").verdict == "ok"

    assert default.check("本月免息").verdict == "warn"
    overridden = rules.check("本月免息")
    assert overridden.verdict == "block"
    # an override keeps the fields it does not mention
    assert overridden.hits[0].message == default.check("本月免息").hits[0].message

    assert default.check("利率全网最低").verdict == "warn"
    # the low-rate rule is off (the classifier may still read a lure: a rule of its own)
    assert "zh.marketing.low-rate-lure" not in {h.rule for h in rules.check("利率全网最低").hits}
    # the insult rule is off; the classifier is a rule of its own (model.collection-abuse)
    assert "zh.collection.insult" not in {h.rule for h in rules.check("你这个老赖").hits}

    assert rules.contact == ContactPolicy(quiet_start="21:00", quiet_end="08:00", daily_cap=3)


def test_lender_rules_given_as_text() -> None:
    rules = load_rules(text='disable = ["pii.mobile"]')
    assert rules.check("13800138000").verdict == "ok"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[[rule]\nid = 1", "not valid TOML"),
        (
            '[[rule]]\nid = "x.y"\ncategory = "marketing"\nseverity = "high"',
            "unknown severity 'high'",
        ),
        ('[[rule]]\nid = "x.y"\ncategory = "spam"', "unknown category 'spam'"),
        ('[[rule]]\nid = "x.y"\ncategory = "marketing"\nseverity = "warn"', "missing message"),
        (
            '[[rule]]\nid = "x.y"\ncategory = "marketing"\nseverity = "warn"\nmessage = "m"\n'
            'suggestion = "s"',
            "needs at least one pattern",
        ),
        ('[[rule]]\nid = "x.y"\npatern = ["a"]', "unknown field(s) ['patern']"),
        ('[[rule]]\nid = "x.y"\npatterns = "保证通过"', "patterns must be a list of strings"),
        ('[[rule]]\nid = "gone"\ndisabled = true', "cannot disable an unknown rule"),
        ('disable = ["nope"]', "cannot disable an unknown rule"),
        (
            '[[rule]]\nid = "zh.marketing.instant-approval"\npatterns = ["***"]',
            "only spaces or punctuation",
        ),
        (
            '[[rule]]\nid = "pii.mobile"\nsuggestion = "use {apr}"',
            "unknown placeholder",
        ),
        ('[contact]\ndaily_cap = "six"', "daily_cap"),
        ('[contact]\nquiet_start = "25:00"', "quiet_start"),
        ('[contact]\ntz = "Mars/Olympus"', "unknown time zone"),
        ("colour = 1", "unknown top-level key"),
    ],
)
def test_malformed_lender_file_names_file_and_rule(
    tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules(path)
    message = str(info.value)
    assert str(path) in message
    assert fragment in message
    if "id = " in content and "TOML" not in fragment:
        assert "rule '" in message


def test_missing_lender_file_is_a_rule_file_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="cannot read"):
        load_rules(tmp_path / "nope.toml")


def test_parse_rules_is_pure_and_keeps_partial_entries() -> None:
    pack = parse_rules('[[rule]]\nid = "zh.marketing.instant-approval"\nseverity = "warn"', "x")
    assert pack.source == "x"
    assert pack.entries == ({"id": "zh.marketing.instant-approval", "severity": "warn"},)


def test_same_id_twice_in_one_file_is_rejected() -> None:
    with pytest.raises(RuleFileError, match="defined twice"):
        parse_rules('[[rule]]\nid = "a"\n[[rule]]\nid = "a"', "dup.toml")


def test_a_lender_concept_from_prefixes_is_every_pairing_as_written() -> None:
    """``prefixes`` makes a role from two closed lists (whose x what): each pairing counts,
    an exclude is paired too, and the pairings are matched as written, never by sound."""
    rules = load_rules(
        text='[[rule]]\nid = "acme.pet"\ncategory = "collection"\nseverity = "block"\n'
        'patterns = ["@acme_cut .. @acme_pet"]\nmessage = "m"\nsuggestion = "s"\n'
        '[concepts]\nacme_cut = ["不还"]\n'
        'acme_pet = { prefixes = ["你的", "你家"], terms = ["猫", "狗"], exclude = ["狗粮"] }\n'
    )

    def pet(text: str) -> bool:
        return "acme.pet" in [h.rule for h in rules.check(text).hits]

    assert pet("不还的话，你家猫就别想好了")
    assert pet("不还的话，你的狗就别想好了")
    assert not pet("不还的话，你的狗粮优惠就取消了")  # the exclude, paired
    assert not pet("不还的话，猫会饿")  # a term without its prefix
    assert not pet("不还的话，你的够了")  # 你的狗 heard, not written


def _pairing_pack(prefixes: list[str], stems: list[str], extra: str = "") -> str:
    quoted = ", ".join(f'"{p}"' for p in prefixes), ", ".join(f'"{t}"' for t in stems)
    return (
        '[[rule]]\nid = "acme.visit"\ncategory = "collection"\nseverity = "block"\n'
        'patterns = ["@acme_visit"]\nmessage = "m"\nsuggestion = "s"\n'
        f"[concepts]\nacme_visit = {{ prefixes = [{quoted[0]}], terms = [{quoted[1]}] }}\n" + extra
    )


def test_a_concept_from_prefixes_costs_its_lists_not_their_product() -> None:
    """The compiled rules (the cache every process loads) grow with the prefixes and the
    terms, not with every pairing of them: 60 x 60 long English pairings once cost megabytes."""
    prefixes = [f"we will be waiting outside your {w} " for w in ("new", "old", "nice")]
    prefixes += [f"somebody will come around to your {n}th " for n in range(57)]
    stems = [f"place of work number {n}" for n in range(60)]

    def size(text: str) -> int:
        return len(RuleSet.from_packs([parse_rules(text, "acme.toml")]).dumps())

    one = size(_pairing_pack(prefixes[:1], stems[:1]))
    many = size(_pairing_pack(prefixes, stems))
    assert many - one < 60_000, (one, many)  # 3,600 pairings of ~55 characters each
    rules = RuleSet.from_packs([parse_rules(_pairing_pack(prefixes, stems), "acme.toml")])
    hit = rules.check("Somebody will come around to your 12th place of work number 7 tonight.")
    assert [h.rule for h in hit.hits] == ["acme.visit"]
    assert hit.hits[0].match == "Somebody will come around to your 12th place of work number 7"
    assert not rules.check("your 12th place of work number 7").hits  # a stem without a prefix
    assert not rules.check("somebody will come around to your 12th birthday").hits


def test_a_prefixed_concept_keeps_word_boundaries_and_pack_merges() -> None:
    """A pairing is matched as one term would be (whole words in Latin text), and a later
    pack that adds terms to the concept pairs them with the same prefixes, or with its own."""
    base = _pairing_pack(["outside your ", "at your "], ["house", "office"])
    rules = RuleSet.from_packs([parse_rules(base, "acme.toml")])

    def visit(r: RuleSet, text: str) -> bool:
        return "acme.visit" in [h.rule for h in r.check(text).hits]

    assert visit(rules, "We'll be waiting outside your house.")
    assert not visit(rules, "We'll be waiting outside your householder's club.")
    assert not visit(rules, "That's what your office said.")  # no prefix
    same = parse_rules(
        '[concepts]\nacme_visit = { prefixes = ["outside your ", "at your "], terms = ["gym"] }',
        "more.toml",
    )
    other = parse_rules(
        '[concepts]\nacme_visit = { prefixes = ["by your "], terms = ["car"] }', "o.toml"
    )
    merged = RuleSet.from_packs([parse_rules(base, "acme.toml"), same, other])
    assert visit(merged, "See you at your gym.")
    assert visit(merged, "See you by your car.")
    assert visit(merged, "See you at your office.")
    assert not visit(merged, "See you by your gym.")  # each pack pairs its own lists


def test_unless_after_excuses_only_what_follows_the_match() -> None:
    """``unless_after``: a denial or a doubt excuses the claim it follows, not one that follows
    it ("零门槛是骗人的" denies; "骗人的是别家，我们零门槛" does not)."""
    rules = load_rules(
        text='[[rule]]\nid = "acme.lure"\ncategory = "marketing"\nseverity = "block"\n'
        'patterns = ["@acme_lure"]\nunless_after = ["acme_deny"]\n'
        'message = "m"\nsuggestion = "s"\n'
        '[concepts]\nacme_lure = ["随便借"]\nacme_deny = ["是骗人的"]\n'
    )

    def lure(text: str) -> bool:
        return "acme.lure" in [h.rule for h in rules.check(text).hits]

    assert not lure("说什么随便借是骗人的")
    assert lure("是骗人的那些平台不说，我们这里随便借")
    assert lure("随便借")


def test_unless_after_is_for_phrase_rules_and_names_known_concepts() -> None:
    with pytest.raises(RuleFileError, match="unless_after is for phrase rules"):
        load_rules(
            text='[[rule]]\nid = "acme.m"\ncategory = "marketing"\nseverity = "warn"\n'
            'detector = "model"\npatterns = ["approval-guarantee"]\nunless_after = ["question"]\n'
            'message = "m"\nsuggestion = "s"\n'
        )
    with pytest.raises(RuleFileError, match="unknown concept @acme_nope"):
        load_rules(
            text='[[rule]]\nid = "acme.lure"\ncategory = "marketing"\nseverity = "block"\n'
            'patterns = ["随便借"]\nunless_after = ["acme_nope"]\nmessage = "m"\nsuggestion = "s"\n'
        )
