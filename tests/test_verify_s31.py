"""Session 31 verify: the English register reader (register.py, df03b9f8) checked with replies
written by verify before reading english's data or tests (/tmp/verify/s31/cases*.tsv).

- An agent who quotes or denies a Hinglish rumour ("CIBIL check nahi karte na?" - "Ji nahi, hum
  CIBIL check karte hain") must pass: the reader rewrites the quoted / negated clause to "We don't
  check your credit" and drops its question particle (kya / na?) and its denial frame ("aisa nahi
  hai ki ...", "... aisa kisne bola?"). Pidgin and Singlish of the same idea already pass.
- A Hindi daily rate ("1% roz ka interest") is a daily figure, not a monthly one.
- Guards: what the reader newly catches keeps its highlight on the breaking words."""

from __future__ import annotations

import pytest

from loancs.core.pii import mask_text
from tests.compliance_asserts import RULES, hits, passes

# Open on main when landed (english asked in requests.md, 11:35): strict, so the fix turns these
# into XPASS failures and the owner drops the mark with the fix.
OPEN = pytest.mark.xfail(strict=True, reason="verify s31: open (register.py)")


@pytest.mark.parametrize(
    "text",
    [
        'Customer: "aap log CIBIL check nahi karte na?" - Ji nahi, hum CIBIL check karte hain',
        "Aapne pucha CIBIL check nahi hota kya? Hota hai ji, hum har application ka CIBIL check karte hain",
        # variants in other words (written after the fix's cases, not from any probe)
        "Sir, aapne suna CIBIL check nahi hota? Galat hai, hum sabka CIBIL check karte hain",
        'Aap puch rahe ho "credit check nahi karte kya?" - nahi sir, hum credit check karte hain',
        "Tum log CIBIL nahi dekhte na? - aisa poocha customer ne, jawab: hum CIBIL dekhte hain",
        "Madam, kya CIBIL check nahi hota? Hota hai, hum har loan ka CIBIL check karte hain",
    ],
)
def test_hinglish_rumour_asked_and_answered_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        # the denial frame around the clause is not read yet
        "CIBIL check nahi karte, aisa kisne bola? Hum zaroor check karte hain",
        "Nahi ji, aisa nahi hai ki CIBIL check nahi hota, har loan pe hota hai",
    ],
)
@OPEN
def test_hinglish_rumour_denied_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        "CIBIL check nahi hota hamare yahan, kharab CIBIL bhi chalega",
        "Aapka CIBIL hum check nahi karte, tension mat lo",
        "Hamare yahan credit check nahi hota ji, seedha paisa milega",
        "CIBIL check nahi karte? Haan ji, hum CIBIL nahi dekhte, tension mat lo",
        "CIBIL nahi dekhte kya? Sahi suna, bilkul nahi dekhte",
        "Bad CIBIL? Hum CIBIL check nahi karte, turant loan",
    ],
)
def test_hinglish_no_check_still_flagged(text: str) -> None:
    assert hits(text, "marketing")


@OPEN
@pytest.mark.parametrize(
    "text",
    [
        # texting and Malay negations of the same kind (also flagged on 9257c7a6).
        "we nvr call ur family or ur boss, promise",
        "Kami tak akan call your family, don't worry",
    ],
)
def test_register_negation_passes(text: str) -> None:
    assert passes(text), [(h.rule, h.match) for h in RULES.check(text).hits]


@pytest.mark.parametrize(
    "text",
    [
        'Agar kisi ne bola "guarantee approval", woh humara agent nahi hai',
        'You say dem tell you "na sure approval" - no be us, we no dey promise approval',
        "Who tell you say police go come? Nobody go come, na just reminder",
        "Can confirm your payment received one, no need worry lah",
        "Abeg send your bank statement for last three months and your ID card",
        "APR 18% hai, matlab monthly lagbhag 1.5%, total interest Rs 9,900 on 1 lakh for 12 months",
        # Hinglish: the negation comes last ("... koi nahi kar sakta": nobody can promise); open here until
        # session 45 (precision: en_clause.certainty_denied reads the promise denied)
        "Pakka approval ka promise koi nahi kar sakta, sab CIBIL pe depend karta hai",
    ],
)
def test_register_lawful_reply_passes(text: str) -> None:
    assert passes(text)


def test_hindi_daily_rate_is_daily() -> None:
    rules = [h.rule for h in RULES.check("Sirf 1% roz ka interest hai").hits]
    assert rules == ["en.rate.daily-without-apr"]


@pytest.mark.parametrize(
    ("text", "category", "words"),
    [
        ("CIBIL check nahi hota hamare yahan, kharab CIBIL bhi chalega", "marketing", "check nahi"),
        ("its 5% a wk hun, best deal u'll find", "rate-disclosure", "5% a wk"),
        ("Wi a go call yuh madda an tell har seh yuh a tief", "collection", "call yuh madda"),
        (
            "Confirm can lulus one, no need check CTOS, bad record also OK",
            "marketing",
            "no need check",
        ),
        ("Wi a go sen police fi yuh if yuh nuh pay by Friday", "collection", "police"),
    ],
)
def test_register_catch_highlights_breaking_words(text: str, category: str, words: str) -> None:
    found = hits(text, category)
    assert found
    at = text.index(words)
    assert any(h.start <= at and at + len(words) <= h.end for h in found)


# pii (d2f882d3): the WeChat ID reader took the plain English word after "WeChat ID" as the ID
# (fixed by pii in 9fef0202).
@pytest.mark.parametrize(
    "text",
    [
        "WeChat ID customer service said call 10086 for the SMS problem",
        "WeChat ID please, I will add you",
        "My WeChat ID support team never replied",
    ],
)
def test_word_after_wechat_id_stays_readable(text: str) -> None:
    assert mask_text(text) == text


def test_wechat_id_itself_still_masked() -> None:
    assert "zhang_wei88" not in mask_text("WeChat ID zhang_wei88")
