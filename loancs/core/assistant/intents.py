"""Intent classification: a linear model over character and word n-grams of the folded
text (Chinese has no spaces, typos break words: character n-grams carry both), trained
from the shipped training set when first needed. The hand-off rules in ``handoff`` run
beside it and win where they speak: the topic of a disguised complaint is a complaint.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import jieba
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

jieba.setLogLevel(logging.WARNING)
_PUNCT = re.compile(r"[\W_]+")

INTENTS: tuple[str, ...] = (
    "greeting_smalltalk",
    "rate_inquiry",
    "apply_how",
    "required_documents",
    "eligibility",
    "loan_limit",
    "product_recommendation",
    "application_status",
    "repayment_schedule",
    "prepayment",
    "repayment_method_change",
    "overdue_hardship",
    "contract_terms",
    "fees",
    "credit_report_impact",
    "account_change",
    "complaint",
    "human_request",
    "fraud_report",
    "other",
)
ALWAYS_HANDOFF = frozenset({"complaint", "human_request", "fraud_report"})


def parse_training(text: str) -> list[tuple[str, str]]:
    """``intent<TAB>text`` lines; ``#`` starts a comment line."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        intent, sep, sentence = line.partition("\t")
        if not sep or intent not in INTENTS:
            raise ValueError(f"training line {number}: expected a known intent, a tab, a text")
        rows.append((intent, sentence.strip()))
    return rows


def _words(text: str) -> list[str]:
    # Punctuation is no word: a comma learnt as one leans towards whichever intent's
    # training sentences have the most commas ("cheers, that helps" read as eligibility).
    return [w for w in jieba.lcut(text) if w.strip() and not _PUNCT.fullmatch(w)]


@dataclass
class Prediction:
    intent: str
    confidence: float
    runner_up: str
    probs: dict[str, float]


class IntentModel:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.classes: list[str] = [str(c) for c in pipeline.classes_]
        # predict_proba through the pipeline costs ~2 ms of validation and joblib per
        # message; the same arithmetic done directly on the fitted parts costs ~0.2 ms.
        self._parts = []
        offset = 0
        for _, vec in pipeline.named_steps["features"].transformer_list:
            self._parts.append((vec.build_analyzer(), vec.vocabulary_, vec.idf_, offset))
            offset += len(vec.vocabulary_)
        model = pipeline.named_steps["model"]
        self._coef = np.asarray(model.coef_)
        self._intercept = np.asarray(model.intercept_)

    def _decision(self, text: str) -> np.ndarray | None:
        """Class scores, or None when not one character n-gram or word is known to the
        model (an emoji, a sticker): the priors alone would read as a confident guess."""
        score = self._intercept.copy()
        seen = False
        for analyze, vocab, idf, offset in self._parts:
            counts: dict[int, int] = {}
            for gram in analyze(text):
                j = vocab.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
                    seen = seen or bool(gram.strip())
            if not counts:
                continue
            cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            values = (1.0 + np.log(tf)) * idf[cols]  # sublinear tf x idf
            values /= np.linalg.norm(values)  # l2, per vectorizer as TfidfVectorizer does
            score += self._coef[:, cols + offset] @ values
        return score if seen else None

    def probabilities(self, folded_text: str) -> np.ndarray:
        z = self._decision(folded_text)
        if z is None:
            return np.zeros(len(self.classes))
        z = np.exp(z - z.max())
        out: np.ndarray = z / z.sum()
        return out

    @classmethod
    def train(
        cls, rows: Iterable[tuple[str, str]], fold: Callable[[str], str] | None = None
    ) -> IntentModel:
        """``fold`` maps a raw sentence to the text the model sees (the same function
        the assistant applies at run time)."""
        rows = list(rows)
        texts = [fold(t) if fold else t for _, t in rows]
        labels = [i for i, _ in rows]
        pipeline = Pipeline(
            [
                (
                    "features",
                    FeatureUnion(
                        [
                            (
                                "chars",
                                TfidfVectorizer(
                                    analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True
                                ),
                            ),
                            (
                                "words",
                                TfidfVectorizer(
                                    tokenizer=_words,
                                    token_pattern=None,
                                    lowercase=False,
                                    ngram_range=(1, 2),
                                    sublinear_tf=True,
                                ),
                            ),
                        ]
                    ),
                ),
                ("model", LogisticRegression(C=40.0, max_iter=2000)),
            ]
        )
        pipeline.fit(texts, labels)
        return cls(pipeline)

    def predict(self, folded_text: str) -> Prediction:
        probs = self.probabilities(folded_text)
        if not probs.any():
            return Prediction("other", 0.0, "other", {c: 0.0 for c in self.classes})
        order = probs.argsort()[::-1]
        return Prediction(
            self.classes[order[0]],
            float(probs[order[0]]),
            self.classes[order[1]],
            dict(zip(self.classes, map(float, probs), strict=True)),
        )
