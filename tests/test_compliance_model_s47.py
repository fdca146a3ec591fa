"""Session 47's English model: the shortest character n-gram as a setting of each model file
("ngram_min", the trainer's --ngram-min for an English run; session 46 found the English
model's technical false alarms riding on 1-2 letter grams such as "no" and "sl")."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from loancs.core.compliance.model import Model, shipped
from tests.compliance_asserts import RULES, passes

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_s47_{name}", SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _english(grams: list[str], ngram_min: int | None) -> dict:
    data = {
        "format": 1,
        "classes": ["easy-credit"],
        "bias": [-1.0],
        "thresholds": [0.5],
        "grams": grams,
        "triggers": [["fee", 1]],
        "weights": [[2.0] for _ in grams],
        "latin_words": 3,
        "latin_only": True,
    }
    if ngram_min is not None:
        data["ngram_min"] = ngram_min
    return data


def test_a_model_file_carries_its_shortest_ngram() -> None:
    """The shipped models (hanzi and English) read 1 when the file names none; a file that
    says 3 scores with its 3-4-grams, and one holding a shorter gram (a splice that mixed two
    models' grams) is refused rather than scored with a weight no training gave."""
    model = shipped()
    assert model.ngram_min == 1
    assert model.english is not None and model.english.ngram_min >= 1
    three = Model(_english(["no fee", "fee"], 3))
    assert three.ngram_min == 3
    (score,) = three.score("there is no fee at all")
    assert score.label == "easy-credit"
    with pytest.raises(ValueError, match="shorter than 3"):
        Model(_english(["no", "fee"], 3))
    assert Model(_english(["no", "fee"], None)).ngram_min == 1


def test_the_trainer_takes_a_longer_minimum_ngram_for_english_runs_only() -> None:
    """--ngram-min N: an English run's character n-grams start at N letters (default 1, the
    features unchanged); a hanzi run refuses it (the shipped hanzi model keeps 1-4-grams)."""
    trainer = _script("train_compliance_model")
    sample = ("no fee ok", ())
    default = trainer.features(sample)
    assert "no" in default and "n" in default
    try:
        trainer.NGRAM_MIN = 3
        longer = trainer.features(sample)
    finally:
        trainer.NGRAM_MIN = 1
    assert min(len(g) for g in longer) == 3 and "no " in longer and "no" not in longer
    assert trainer.features(sample) == default
    argv = sys.argv
    try:
        sys.argv = ["train_compliance_model.py", "--ngram-min", "3", "--latin", "3"]
        with pytest.raises(SystemExit) as refused:
            trainer.main()
        assert refused.value.code == 2
    finally:
        sys.argv = argv


def test_a_splice_keeps_the_shortest_ngram_of_the_classes_it_holds() -> None:
    """Taking a class of a 3-4-gram retrain into a 1-4-gram model keeps the other classes'
    short grams: the spliced model says no "ngram_min"; taking every class from the retrain
    carries its 3."""
    splice = _script("splice_compliance_model").splice
    base = _english(["no", "fee"], None)
    base["classes"] = ["easy-credit", "approval-guarantee"]
    base["bias"], base["thresholds"] = [-1.0, -1.0], [0.5, 0.5]
    base["latin_thresholds"] = [0.5, 0.5]
    base["weights"] = [[1.0, 1.0], [1.0, 1.0]]
    base["triggers"] = [["fee", 3]]
    new = {**base, "grams": ["no f", "fee"], "ngram_min": 3, "weights": [[2.0, 2.0], [2.0, 2.0]]}
    one = splice({"english": base}, new, ["easy-credit"], False)["english"]
    assert "ngram_min" not in one and "no" in one["grams"]
    Model(one)  # a valid file
    both = splice({"english": base}, new, ["easy-credit", "approval-guarantee"], False)
    assert both["english"]["ngram_min"] == 3 and both["english"]["grams"] == ["fee", "no f"]
    Model(both["english"])


# The approval-guarantee class retrained with 3-4-character grams on session 47's data (the
# model helper's probe48m1 plan-promise and dealer-status rows in it): approval-STATUS replies
# naming a dealer or a payout no longer warn, in the model helper's own words (written before
# any candidate was scored; nearest test string 0.27, held-out line 0.22, development row 0.25) ...
@pytest.mark.parametrize(
    "text",
    [
        "Hi Mr Lim, your car loan is approved already, OCBC will pay the dealer directly this Friday.",
    ],
)
def test_an_approval_status_naming_the_dealer_passes(text: str) -> None:
    assert passes(text), RULES.check(text).to_dict()


# ... and the clean status replies session 46's precision helper listed for the model in
# requests.md (the model's warn was their only hit), with its decline in Hinglish
@pytest.mark.parametrize(
    "text",
    [
        "Sir, aapka loan disburse ho gaya hai.",
        "Dear Customer, your loan of N80,000 has been disbursed to your account. Thank you for banking with us.",
        "Sir, aapka personal loan sanction ho gaya hai, paisa kal tak aapke HDFC account mein aa jayega.",
        "Oga, your application don pass, the money go land for your Zenith account before close of business today.",
        "Dear Mr Adeyemi, your loan is approved. The N300,000 will be paid into your account by 3pm tomorrow.",
        "Sorry sir, aapka loan application is baar approve nahi hua, aap teen mahine baad dobara apply kar sakte hain.",
    ],
)
def test_the_status_replies_listed_for_the_model_pass(text: str) -> None:
    assert passes(text), RULES.check(text).to_dict()


# a cohort promise in the model helper's words (session 46's unseen lures; 1 of 5 flagged
# then): the retrained class reads it, and keeps session 44's plan-promise catches
@pytest.mark.parametrize(
    "text",
    [
        "Apply now lah, whole office already got the money, your turn next week one.",
        "You can tell the dealer to get the car ready, I've seen how these files go.",
    ],
)
def test_a_promise_through_the_office_or_a_plan_flags(text: str) -> None:
    result = RULES.check(text)
    assert any(h.rule == "model.approval-guarantee" for h in result.hits), result.to_dict()
