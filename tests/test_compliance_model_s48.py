"""Session 48's English model: the splice's --shipped-triggers (a retrained class woken only by
the shipped file's triggers for it) and the retrained approval-guarantee class's verdicts."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from loancs.core.compliance.model import Model

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_s48_{name}", SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _english(triggers: list[list]) -> dict:
    return {
        "format": 1,
        "classes": ["easy-credit", "approval-guarantee"],
        "bias": [-1.0, -1.0],
        "thresholds": [0.5, 0.5],
        "latin_thresholds": [0.5, 0.5],
        "grams": ["fee", "yes"],
        "triggers": triggers,
        "weights": [[2.0, 2.0], [2.0, 2.0]],
        "latin_words": 3,
        "latin_only": True,
    }


def test_a_splice_can_keep_the_shipped_triggers_of_the_class_it_takes() -> None:
    """--shipped-triggers: the taken class (bit 1) keeps the shipped file's trigger "fee" and
    gets none of the retrain's ("yes", "sure"); the class not taken keeps its own triggers.
    --union would add the retrain's; the default takes the retrain's alone."""
    splice = _script("splice_compliance_model").splice
    base = _english([["fee", 3], ["cash", 1]])
    new = _english([["yes", 2], ["sure", 3], ["cash", 2]])
    only = splice({"english": base}, new, ["approval-guarantee"], False, shipped_triggers=True)
    assert dict(map(tuple, only["english"]["triggers"])) == {"fee": 3, "cash": 1}
    assert "triggers only" in only["english"]["about"]
    Model(only["english"])  # a valid file
    union = splice({"english": base}, new, ["approval-guarantee"], True)
    assert dict(map(tuple, union["english"]["triggers"])) == {
        "fee": 3,
        "cash": 3,
        "yes": 2,
        "sure": 2,
    }
    own = splice({"english": base}, new, ["approval-guarantee"], False)
    assert dict(map(tuple, own["english"]["triggers"])) == {
        "fee": 1,
        "cash": 3,
        "yes": 2,
        "sure": 2,
    }
