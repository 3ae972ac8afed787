"""The text classifier behind the intent classifier and the FAQ topic selector.

Plain scikit-learn, no Rasa imports, so it can be trained, cross-validated and
tested on its own (rasa_plugins/linear_nlu.py wraps it as Rasa components).

A message becomes two TF-IDF vectors, one of words and word pairs and one of
character n-grams within words (robust to the misspellings visitors make:
"rehap", "outpatiant"), and a logistic regression turns them into class
probabilities. Before that the text is normalised the way the lexicons in bot/
see it (lower case, folded quotes and accents, undone letter-for-digit
substitutions), and the parts whose exact value says nothing about the intent
are replaced by a placeholder word: e-mail addresses, phone numbers, ZIP codes
and other numbers.

Why this and not DIET or Rasa's ResponseSelector: on this project's data a
5-fold cross-validation gave it a higher macro F1 than both (the figures are in
config.yml), it trains in seconds instead of minutes, and it needs no
TensorFlow at prediction time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.language.text import normalize_for_matching

__all__ = ["ClassifierSettings", "CompiledClassifier", "Rows", "build_classifier", "prepare_text", "ranked_predictions"]

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[a-z]{2,}")
_PHONE = re.compile(r"(?:\+?1[ .-]?)?\(?\b\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b|\b\d{3}[ .-]\d{4}\b")
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")


def prepare_text(text: object) -> str:
    """The text the classifier sees: normalised, with values masked."""
    cleaned = normalize_for_matching(text)
    cleaned = _EMAIL.sub(" emailaddress ", cleaned)
    cleaned = _PHONE.sub(" phonenumber ", cleaned)
    cleaned = _ZIP.sub(" zipcode ", cleaned)
    return _NUMBER.sub(" number ", cleaned)


@dataclass(frozen=True)
class ClassifierSettings:
    """Hyperparameters (chosen by cross-validation on data/nlu/)."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    regularisation: float = 10.0  # LogisticRegression's C: higher fits the data more closely
    max_iter: int = 5000
    random_state: int = 42

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ClassifierSettings:
        defaults = cls()
        return cls(
            word_ngrams=tuple(config.get("word_ngrams", defaults.word_ngrams)),
            char_ngrams=tuple(config.get("char_ngrams", defaults.char_ngrams)),
            regularisation=float(config.get("regularisation", defaults.regularisation)),
            max_iter=int(config.get("max_iter", defaults.max_iter)),
            random_state=int(config.get("random_state", defaults.random_state)),
        )


def build_classifier(settings: ClassifierSettings = ClassifierSettings()) -> Pipeline:
    """An untrained pipeline: fit it with raw texts and labels."""
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=prepare_text,
                    token_pattern=r"(?u)\b\w+\b",  # keep one-letter words: "k", "u", "y"
                    ngram_range=settings.word_ngrams,
                    sublinear_tf=True,
                ),
            ),
            (
                "characters",
                TfidfVectorizer(
                    preprocessor=prepare_text,
                    analyzer="char_wb",
                    ngram_range=settings.char_ngrams,
                    sublinear_tf=True,
                ),
            ),
        ]
    )
    model = LogisticRegression(
        C=settings.regularisation,
        class_weight="balanced",
        max_iter=settings.max_iter,
        random_state=settings.random_state,
    )
    return Pipeline([("features", features), ("model", model)])


def ranked_predictions(classifier: Pipeline, texts: Sequence[str], limit: int = 10) -> list[list[tuple[str, float]]]:
    """For every text, its labels with their probabilities, most probable first."""
    if not texts:
        return []
    probabilities = classifier.predict_proba(list(texts))
    labels = classifier.classes_
    rankings = []
    for row in probabilities:
        order = np.argsort(-row)[:limit]
        rankings.append([(str(labels[i]), float(row[i])) for i in order])
    return rankings


# a text's TF-IDF row: its sorted column indices and their values
Rows = list[tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class _CompiledVectorizer:
    """One fitted TfidfVectorizer of the union, reduced to what transform uses."""

    analyze: Any  # the vectorizer's own analyzer (preprocessing, tokens or n-grams)
    vocabulary: Mapping[str, int]
    idf: np.ndarray | None
    sublinear: bool
    l2: bool
    offset: int  # its first column in the union


class CompiledClassifier:
    """A fitted `build_classifier` pipeline (and optionally a second logistic
    regression on the same TF-IDF rows) as plain arrays, for one message at a time.

    scikit-learn's transform and predict_proba validate their inputs, build
    several scipy matrices, recompute `idf_` and copy the weight matrix on every
    call: about 4 ms for one short message, where the arithmetic is a few
    microseconds (docs/performance.md). This does the same arithmetic on the same
    fitted values: the vectorizers' own analyzers, counts, 1 + log for
    sublinear tf, idf, L2 norm per vectorizer, then the weights of the TF-IDF
    columns gathered and summed, the dense columns (the sentence embedding)
    multiplied, and the multinomial softmax. The probabilities equal
    scikit-learn's to rounding (tests/nlu/test_compiled_classifier.py). Models
    this does not cover (one-vs-rest, two classes) keep scikit-learn's path."""

    def __init__(self, pipeline: Pipeline, text_model: Any = None) -> None:
        union = pipeline.named_steps["features"]
        self._vectorizers: list[_CompiledVectorizer] = []
        offset = 0
        for _, vectorizer in union.transformer_list:
            idf = np.asarray(vectorizer.idf_, dtype=np.float64) if vectorizer.use_idf else None
            self._vectorizers.append(
                _CompiledVectorizer(
                    analyze=vectorizer.build_analyzer(),
                    vocabulary=vectorizer.vocabulary_,
                    idf=idf,
                    sublinear=bool(vectorizer.sublinear_tf),
                    l2=vectorizer.norm == "l2",
                    offset=offset,
                )
            )
            offset += len(vectorizer.vocabulary_)
        self.columns = offset
        model = pipeline.named_steps["model"]
        self.model = model
        self.classes = model.classes_
        self._weights = self._compile(model)
        self.text_model = text_model
        self._text_weights = self._compile(text_model) if text_model is not None else None

    @staticmethod
    def _multinomial(model: Any) -> bool:
        return model.multi_class == "multinomial" or (
            model.multi_class == "auto" and model.classes_.size > 2 and model.solver != "liblinear"
        )

    @classmethod
    def _compile(cls, model: Any) -> tuple[np.ndarray, np.ndarray] | None:
        """(weights, one row per column, contiguous; intercepts), or None for
        a model only scikit-learn's predict_proba covers."""
        if not cls._multinomial(model):
            return None
        return np.ascontiguousarray(model.coef_.T, dtype=np.float64), np.asarray(model.intercept_, dtype=np.float64)

    def rows(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each text's TF-IDF row of the union: (sorted column indices, values)."""
        out = []
        for text in texts:
            indices: list[np.ndarray] = []
            values: list[np.ndarray] = []
            for part in self._vectorizers:
                counts: dict[int, int] = {}
                vocabulary = part.vocabulary
                for term in part.analyze(text):
                    column = vocabulary.get(term)
                    if column is not None:
                        counts[column] = counts.get(column, 0) + 1
                if not counts:
                    continue
                columns = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
                data = np.array([counts[int(c)] for c in columns], dtype=np.float64)
                if part.sublinear:
                    data = np.log(data) + 1.0
                if part.idf is not None:
                    data = data * part.idf[columns]
                if part.l2:
                    norm = np.sqrt(np.dot(data, data))
                    if norm > 0:
                        data = data / norm
                indices.append(columns + part.offset)
                values.append(data)
            if indices:
                out.append((np.concatenate(indices), np.concatenate(values)))
            else:
                out.append((np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)))
        return out

    def _sparse(self, rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> Any:
        from scipy import sparse

        indptr = np.cumsum([0] + [len(i) for i, _ in rows])
        indices = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        data = np.concatenate([d for _, d in rows]) if rows else np.zeros(0)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), self.columns))

    def probabilities(
        self, rows: Sequence[tuple[np.ndarray, np.ndarray]], dense: np.ndarray | None = None
    ) -> np.ndarray:
        """Class probabilities (columns in `classes` order) of TF-IDF `rows`,
        with the dense columns `dense` (one row each) when the model has them."""
        return self._predict(self.model, self._weights, rows, dense)

    def text_only_probabilities(self, rows: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """The same for the second model, on the TF-IDF rows alone."""
        if self.text_model is None:
            raise ValueError("no text-only model")
        return self._predict(self.text_model, self._text_weights, rows, None)

    def _predict(
        self,
        model: Any,
        compiled: tuple[np.ndarray, np.ndarray] | None,
        rows: Sequence[tuple[np.ndarray, np.ndarray]],
        dense: np.ndarray | None,
    ) -> np.ndarray:
        if compiled is None:
            from scipy import sparse

            features = self._sparse(rows)
            if dense is not None:
                features = sparse.hstack([features, dense]).tocsr()
            return np.asarray(model.predict_proba(features))
        weights, intercept = compiled
        scores = np.empty((len(rows), weights.shape[1]), dtype=np.float64)
        for n, (indices, values) in enumerate(rows):
            scores[n] = values @ weights[indices] if len(indices) else 0.0
        if dense is not None:
            scores += np.asarray(dense, dtype=np.float64) @ weights[self.columns :]
        scores += intercept
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores
