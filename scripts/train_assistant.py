"""Train the assistant's intent model from the shipped training set (plus the default
knowledge base's question variants) and write it into the package.

    PYTHONPATH=$PWD python scripts/train_assistant.py

The pickle records the scikit-learn version and a hash of what it was trained on; the
loader retrains at start-up instead of using it when either no longer matches.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loancs.assistant_files import MODEL, save_model, train_model, training_rows  # noqa: E402


def main() -> int:
    started = time.perf_counter()
    model = train_model()
    took = time.perf_counter() - started
    save_model(model)
    print(f"trained on {len(training_rows())} sentences in {took:.2f} s -> {MODEL}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
