"""English rule families of session 31 (helper english), read by what the sentence means. Cases
are variants written in other words than any probe line.

- Registers (Singlish, Nigerian pidgin, Hinglish, Jamaican patois, Scots, texting) read in
  standard English (register.py): the whole English pack applies, hits land on the original words;
  a borrower reporting in register what an agent said passes.
- Readers by structure (concepts.py built-ins): a rank at the borrower's workplace and its
  interest in the debt, a student's proof, repaying left to a future self, police by uniform or
  slang, money got elsewhere to pay us, "why would we check your credit?", "has anyone ever been
  refused here? never", a shaming post made ready; refusals of what is not a loan application and
  the borrower's own record pass."""

from __future__ import annotations

import pytest

from loancs.core.compliance.register import standard_reading
from tests.compliance_asserts import flags, passes


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Tension mat lo sir, loan pakka pass ho jayega.", "marketing"),
        ("Credit record we nuh check it, come fi yuh money.", "marketing"),
        ("CIBIL-wibil hum nahi dekhte, bas salary slip bhejo.", "marketing"),
        ("ur credit score? we dnt even chk it hun", "marketing"),
        ("Ye've got bad credit? We dinnae look at that.", "marketing"),
        ("Wi nuh turn down nobody, yuh loan a go through.", "marketing"),
        ("If yuh nuh pay, babylon a come fi yuh.", "collection"),
        ("Paisa nahi diya toh police ko bulayenge, samjhe?", "collection"),
        ("Pay up or the polis will be at yer door the night.", "collection"),
        ("We go tell your oga for office say you dey owe.", "collection"),
        ("I will call ur boss n tell him u owe us", "collection"),
        ("Dinnae pay an we'll tell yer maw and yer boss.", "collection"),
        ("just 8% a wk, pay back when u can", "rate-disclosure"),
    ],
)
def test_register_read_in_standard_english(text: str, category: str) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "Abeg when my money go enter? I don apply since Monday.",
        "Can check my loan status or not ah? Thanks lah.",
        "Bhai meri EMI kab cut hogi? Salary 5 ko aati hai.",
        "Mi pay di loan yesterday, yuh can check it?",
        "Ye can pay by card or bank transfer, whichever suits.",
        "My friend say una no dey check credit, na true?",
        "Hum har application ka CIBIL check karte hain, koi guarantee nahi hai.",
        "pls confirm my payment went thru, thx",
        "Sorry lah, I pay tomorrow can or not?",
    ],
)
def test_register_service_reports_and_policies_pass(text: str) -> None:
    assert passes(text)


def test_the_reading_maps_back_to_the_original_words() -> None:
    text = "Mi will sen di babylon fi yuh."
    reading = standard_reading(text)
    assert reading is not None
    standard, starts, ends, reported = reading
    assert standard == "I will send the police to you."
    at = standard.index("police")
    assert text[starts[at] : ends[at + len("police") - 1]] == "babylon"
    assert not reported
    assert standard_reading("征信不好也能贷 lah") is None  # hanzi: the Chinese rules read it
    assert standard_reading("Your payment is due on Friday.") is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Bet your department's director would be fascinated to hear you can't pay a small loan.",
            "collection",
        ),
        (
            "Your shift supervisor would want to know where your wages are going, wouldn't she?",
            "collection",
        ),
        ("I could always have a quiet word with your section chief about this.", "collection"),
        ("Have a .ac.uk login? Your starter loan of £500 is waiting.", "marketing"),
        ("Show your campus card and walk out with up to $800.", "marketing"),
        ("Take the full amount; paying it back is next year's problem.", "marketing"),
        ("Borrow the lot, that's January-you's headache.", "marketing"),
        ("Keep ignoring us and the gentlemen in blue will pay you a visit.", "collection"),
        ("Try one of those instant loan apps and pay us off today.", "collection"),
        (
            "Grab a payday advance from any app on your phone and settle with us by noon.",
            "collection",
        ),
        ("Why should we even look at your credit history? Not our style.", "marketing"),
        ("Why on earth would we pull your credit report? Just sign.", "marketing"),
        ("Has a single customer ever been declined at this branch? Never.", "marketing"),
        ("Did anyone here ever get turned down? Nope, not one.", "marketing"),
        ("The flyer with your face on it is designed; we print 200 copies tomorrow.", "collection"),
        (
            "We've recorded a video about your debt, it's queued for your estate group.",
            "collection",
        ),
    ],
)
def test_families_read_by_structure(text: str, category: str) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "Your account manager would like to know a good time to call you.",
        "We never contact your manager, HR or anyone at your workplace.",
        "We have never rejected a complaint without reviewing it.",
        "Why do we check your credit? Because the law requires us to, and it protects you.",
        "Your statement is ready to download in the app.",
        "Future you will be glad you set up a payment plan today.",
        "Next year's rates will be published in January.",
        "I've never been turned down by a bank, so why did you reject me?",
        "Try not to use one credit card to pay off another; a free debt adviser can help.",
        "Refer a friend who borrows and you both get $50.",
    ],
)
def test_near_misses_of_those_families_pass(text: str) -> None:
    assert passes(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Congratulations Priya! You have been chosen for an instant ₹50,000 credit line, tap accept.",
            "marketing",
        ),
        ("Good news: £800 is already pre-approved in your name. Reply YES.", "marketing"),
        ("You've been hand-picked for a pre-qualified loan up to R10,000.", "marketing"),
        ("Bas 3% har mahine, koi tension nahi.", "rate-disclosure"),
        ("Your daughter gets out at 3:15 on Thursdays, doesn't she?", "collection"),
        ("Is your youngest still walking home from the bus stop alone?", "collection"),
    ],
)
def test_approval_before_any_application_hindi_rates_and_a_childs_route(
    text: str, category: str
) -> None:
    assert flags(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "Congratulations, your application is complete; we'll tell you our decision by Friday.",
        "You've been approved for £1,200 at 34.9% APR representative; funds arrive tomorrow.",
        "Pre-approval doesn't guarantee a loan; we still check your credit and income.",
        "I was told I've been pre-approved for $5,000, is that real?",
    ],
)
def test_approval_after_review_and_questions_pass(text: str) -> None:
    assert passes(text)
