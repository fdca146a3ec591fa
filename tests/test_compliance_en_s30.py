"""English rule families of session 30 (helper english), read by what the sentence means. Cases
are variants written in other words than any probe line.

- A "zero interest" claim read with the whole message: a fee with a sum or a percentage is the
  price (rate-disclosure); an APR anywhere, or "nothing else charged", leaves no lure.
- A bare hour after a time word placed by its sentence ("at 5 every morning"), calling devices
  (diallers, robocalls), and a borrower telling of calls received."""

from __future__ import annotations

import pytest

from tests.compliance_asserts import flags, passes


@pytest.mark.parametrize(
    "text",
    [
        "Forget interest, we've scrapped it. There's just a 9% admin charge on every advance.",
        "0 interest bro!! only 10% service charge cut from the amount u receive",
        "Our loans are interest free. A documentation fee of ₦3,000 is deducted upfront on a "
        "₦20,000 loan.",
        "Interest? None. We keep 7% of the loan as a facilitation fee, that's it.",
        "No interest charged, just R150 admin every fortnight until you've paid it off.",
    ],
)
def test_zero_interest_with_a_fee_is_a_price_without_an_apr(text: str) -> None:
    assert flags(text, "rate-disclosure")


@pytest.mark.parametrize(
    "text",
    [
        "Interest-free over 10 months with no fees of any kind; you repay only what you borrowed.",
        "0% interest, no setup charge and no monthly charge: borrow $500, repay $500.",
        "Zero interest for the first year. From month 13 the rate is 21.9% APR representative.",
        "Your ad says interest-free but there's a 5% processing fee, is that allowed?",
    ],
)
def test_zero_interest_with_nothing_charged_or_an_apr_given_passes(text: str) -> None:
    assert passes(text)


@pytest.mark.parametrize(
    "text",
    [
        "The dialler's booked to hit your phone from 11 tonight through to 6 tomorrow morning.",
        "We'll be ringing at 5 every morning until we hear from you, set your alarm.",
        "expect calls all night bro, 12 till 5, every night this week",
        "Our automated system will call her from 10pm until 7am until she pays.",
        "Robocalls go out to your number at 4 every morning from now on.",
    ],
)
def test_calls_in_the_quiet_hours_said_as_a_window_or_a_bare_hour(text: str) -> None:
    assert flags(text, "collection")


@pytest.mark.parametrize(
    "text",
    [
        "We call between 9 and 5 on weekdays only.",
        "Our team is available from 8 in the morning until 8 in the evening.",
        "Will your agents ring me before 8 in the morning? I work nights.",
        "Their robot dialler rang me from 11pm to 5am, I have the call log.",
        "I'll call you back at 6 this evening as agreed.",
        "Call me after work at 5, I finish my night shift early.",
    ],
)
def test_permitted_hours_questions_and_calls_received_pass(text: str) -> None:
    assert passes(text)


@pytest.mark.parametrize(
    "text",
    [
        "CCJs, arrears, whatever happened before, honestly we don't go poking around in any of it.",
        "We aren't the type of outfit that combs through your credit past, just bring your payslip.",
        "Nobody on our team is going to trawl through your bureau report, relax.",
        "Your score never gets opened here, it's not how we decide.",
        "omo, your credit record? we no dey look am at all",
    ],
)
def test_no_credit_check_said_as_what_the_lender_does_not_do(text: str) -> None:
    assert flags(text, "marketing")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Keep dodging and the men in blue will come knocking, mark my words.", "collection"),
        ("Take the biggest loan you can get today, the repayments can wait.", "marketing"),
        ("go large bro, borrow the max and stress about paying later", "marketing"),
        (
            "Don't think about how you'll pay it back, just grab as much as you can now.",
            "marketing",
        ),
        ("Been here since 2012 and I'm still waiting for my first rejection.", "marketing"),
        ("Six years on this job, I have yet to turn a single customer away.", "marketing"),
        ("The sign-off is a formality, mate.", "marketing"),
        ("Approval on our side is just crossing the t's.", "marketing"),
    ],
)
def test_police_slang_repaying_waved_away_and_a_record_of_no_refusals(
    text: str, category: str
) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "We do look through your credit file before we decide, with your consent.",
        "Do you go through my credit history or just my bank statements?",
        "The police are never involved in a missed payment; we'll only ever talk to you.",
        "I've worked here twenty years and I've seen plenty of applications declined.",
        "Before you take the maximum, work out how you'll make the repayments.",
        "My son's at uni, can he borrow with just his student card?",
        "Approval is not a formality: we assess every application.",
    ],
)
def test_checks_said_warnings_and_questions_pass(text: str) -> None:
    assert passes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is it true you don't check credit? My cousin said so but I'd rather know for sure.",
        "My coworker told me you lot approve anyone with a job. Is that right?",
        "Someone on Reddit said you never look at credit files. For real?",
    ],
)
def test_the_borrower_checking_hearsay_in_the_next_sentence_passes(text: str) -> None:
    assert passes(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Your brother's number is right here on your form. He'd probably want to hear about this.",
            "collection",
        ),
        (
            "What time does your daughter finish at Greenfield Primary? Around 3, isn't it?",
            "collection",
        ),
        ("Little Tom's in year 2 at St Mary's, right? Lovely school.", "collection"),
        ("Your loan is 100% sanctioned, documents are just a formality.", "marketing"),
        ("If you no pay, police go come carry you.", "collection"),
    ],
)
def test_kin_told_a_childs_school_known_formality_and_pidgin_police(
    text: str, category: str
) -> None:
    assert flags(text, category)


def test_a_childs_school_fees_are_service() -> None:
    assert passes("Your daughter's school fees plan is due on the 5th.")


@pytest.mark.parametrize(
    "text",
    [
        "Get £400 today and hand over £480 when you're paid on the 28th.",
        "₦30,000 now, send back ₦36,000 in two weeks.",
        "Grab $250 today and we take $310 from your account in a fortnight.",
        "Take $500 now, $590 goes out of your account on payday.",
        "It's a fiver on every hundred for the week.",
        "Twelve quid per hundred borrowed, simple.",
        "We add 7 on each 100 every month you keep it.",
    ],
)
def test_a_sum_repaid_or_a_charge_per_hundred_without_an_apr(text: str) -> None:
    assert flags(text, "rate-disclosure")


@pytest.mark.parametrize(
    "text",
    [
        "Borrow £1,500, pay £1,800 back over 3 months: 77.9% APR representative.",
        "If I borrow £200, how much do I pay back?",
        "Three in every hundred applicants get a call from our team.",
        "0% interest, no fees: £600 split into 6 payments of £100.",
    ],
)
def test_sums_with_an_apr_questions_and_counts_pass(text: str) -> None:
    assert passes(text)
