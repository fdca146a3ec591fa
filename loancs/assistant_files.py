"""Loading what the assistant knows from disk: the shipped (or the lender's) knowledge base
directory, the product catalog, the intent model. Used by ``loancs ask``/``prequal``/``kb``
and by the server; the pure logic is in ``loancs.core.assistant``.

The intent model ships as ``data/assistant/intent_model.pkl`` (written by
``scripts/train_assistant.py``) together with the scikit-learn version and a hash of the
training set it came from; when either differs here, the model is trained again from the
shipped training set at load (about a second) instead of trusting a stale pickle.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

import sklearn

from loancs.core.assistant.answer import Assistant
from loancs.core.assistant.catalog import Catalog, parse_catalog
from loancs.core.assistant.intents import IntentModel, parse_training
from loancs.core.assistant.kb import KnowledgeBase
from loancs.core.assistant.text import fold

DATA = Path(__file__).resolve().parent / "data" / "assistant"
DEFAULT_KB = DATA / "kb"
DEFAULT_CATALOG = DATA / "catalog.toml"
TRAINING = DATA / "training.tsv"
MODEL = DATA / "intent_model.pkl"


def training_text() -> str:
    return TRAINING.read_text(encoding="utf-8")


def training_rows() -> list[tuple[str, str]]:
    """The training set plus the question variants of the shipped knowledge base (each
    labelled with its entry's intent)."""
    rows = parse_training(training_text())
    for entry in read_kb(DEFAULT_KB).entries:
        rows += [(entry.intent, q) for q in entry.questions_zh + entry.questions_en]
    return rows


def training_hash() -> str:
    digest = hashlib.sha256(training_text().encode("utf-8"))
    for _, text in kb_files(DEFAULT_KB):
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def _fold_text(sentence: str) -> str:
    return fold(sentence).text


def train_model() -> IntentModel:
    return IntentModel.train(training_rows(), _fold_text)


def save_model(model: IntentModel, path: Path = MODEL) -> None:
    blob = {
        "sklearn": sklearn.__version__,
        "training_sha256": training_hash(),
        "pipeline": model.pipeline,
    }
    path.write_bytes(pickle.dumps(blob, protocol=pickle.HIGHEST_PROTOCOL))


@lru_cache(maxsize=1)
def load_model() -> IntentModel:
    try:
        blob = pickle.loads(MODEL.read_bytes())
        if blob["sklearn"] == sklearn.__version__ and blob["training_sha256"] == training_hash():
            return IntentModel(blob["pipeline"])
    except (OSError, pickle.UnpicklingError, KeyError, AttributeError, ImportError, EOFError):
        pass
    return train_model()


class KnowledgeBaseMissing(OSError):
    """--kb (or [assistant] kb) names no directory: the assistant would have answered from an
    empty knowledge base, handing every question to a person, without a word."""


def kb_files(directory: Path) -> list[tuple[str, str]]:
    if not directory.is_dir():
        raise KnowledgeBaseMissing(f"no knowledge base at {directory} (not a directory)")
    out = []
    for path in sorted(directory.rglob("*")):
        if path.suffix in (".md", ".toml") and path.is_file():
            out.append((str(path.relative_to(directory)), path.read_text(encoding="utf-8")))
    return out


def kb_signature(directory: Path) -> tuple:
    """Changes whenever an entry file is added, removed or edited (for the reload watcher)."""
    sig = []
    for path in sorted(directory.rglob("*")):
        if path.suffix in (".md", ".toml") and path.is_file():
            st = path.stat()
            sig.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(sig)


def read_kb(directory: Path | None = None) -> KnowledgeBase:
    return KnowledgeBase.build(kb_files(Path(directory or DEFAULT_KB)))


def read_catalog(path: Path | None = None) -> Catalog:
    path = Path(path or DEFAULT_CATALOG)
    return parse_catalog(path.read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def compliance_check():
    from loancs.core.compliance import load_rules
    from loancs.rules_cache import FileRuleCache

    return load_rules(cache=FileRuleCache.default()).check


def build_assistant(
    kb_dir: Path | None = None, catalog_path: Path | None = None, check=None
) -> Assistant:
    return Assistant(
        load_model(),
        read_kb(kb_dir),
        read_catalog(catalog_path),
        check if check is not None else compliance_check(),
    )
