"""rasa_plugins/text_classifier.CompiledClassifier: the fitted TF-IDF and
logistic regression as plain arrays give scikit-learn's probabilities (issue 16:
cheaper NLU inference with the same probabilities)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone

from bot.review.training_data import load_blocks, plain
from rasa_plugins.text_classifier import ClassifierSettings, CompiledClassifier, build_classifier

ODD_TEXTS = ["", "   ", "!!!", "zzzzqqq", "ok " * 400, "Whats IOP?? 60614 me@x.org", "i'm ok", "k"]


@pytest.fixture(scope="module")
def real_examples() -> tuple[list[str], list[str]]:
    """Up to 20 examples of each intent of data/nlu, for realistic vocabularies."""
    texts: list[str] = []
    labels: list[str] = []
    for block in load_blocks():
        for example in block.examples[:20]:
            texts.append(plain(example.text))
            labels.append(block.intent.split("/")[0])
    assert len(set(labels)) > 5
    return texts, labels


def _fit(texts: list[str], labels: list[str], dense: np.ndarray | None):
    pipeline = build_classifier(ClassifierSettings(max_iter=500))
    features = pipeline.named_steps["features"].fit_transform(texts)
    model = pipeline.named_steps["model"]
    text_model = clone(model).fit(features, labels)
    model.fit(features if dense is None else sparse.hstack([features, dense]).tocsr(), labels)
    return pipeline, text_model


def _sklearn(pipeline, texts: list[str], dense: np.ndarray | None) -> np.ndarray:
    features = pipeline.named_steps["features"].transform(texts)
    if dense is not None:
        features = sparse.hstack([features, dense]).tocsr()
    return pipeline.named_steps["model"].predict_proba(features)


def _unit_rows(n: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, 8))
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("with_dense", [False, True])
def test_the_same_probabilities_as_scikit_learn(real_examples, with_dense):
    texts, labels = real_examples
    pipeline, text_model = _fit(texts, labels, _unit_rows(len(texts), 0) if with_dense else None)
    compiled = CompiledClassifier(pipeline, text_model)
    queries = texts[::7] + ODD_TEXTS + ["how lng is the progam", "my husbnd drinks, can the famly come"]
    dense = _unit_rows(len(queries), 1) if with_dense else None
    rows = compiled.rows(queries)

    np.testing.assert_allclose(compiled.probabilities(rows, dense), _sklearn(pipeline, queries, dense), atol=1e-12)
    assert list(compiled.classes) == list(pipeline.named_steps["model"].classes_)
    features = pipeline.named_steps["features"].transform(queries)
    np.testing.assert_allclose(compiled.text_only_probabilities(rows), text_model.predict_proba(features), atol=1e-12)


def test_the_rows_are_scikit_learns_tf_idf_rows(real_examples):
    texts, labels = real_examples
    pipeline, _ = _fit(texts, labels, None)
    compiled = CompiledClassifier(pipeline)
    queries = texts[:50] + ODD_TEXTS
    expected = pipeline.named_steps["features"].transform(queries).tocsr()
    expected.sort_indices()
    for n, (indices, values) in enumerate(compiled.rows(queries)):
        row = expected.getrow(n)
        assert list(indices) == list(row.indices)
        np.testing.assert_allclose(values, row.data, atol=1e-12)


def test_a_two_class_model_keeps_scikit_learns_own_path():
    # two classes: scikit-learn's one-vs-rest logistic, not the multinomial softmax
    texts = ["hello there", "hi friend", "hey you", "bye now", "see you later", "goodbye friend"]
    labels = ["greet"] * 3 + ["goodbye"] * 3
    pipeline, _ = _fit(texts, labels, None)
    compiled = CompiledClassifier(pipeline)
    queries = ["hello friend", "bye", ""]
    np.testing.assert_allclose(
        compiled.probabilities(compiled.rows(queries)), _sklearn(pipeline, queries, None), atol=1e-12
    )


def test_without_a_text_only_model_it_says_so(real_examples):
    texts, labels = real_examples
    compiled = CompiledClassifier(_fit(texts, labels, None)[0])
    with pytest.raises(ValueError, match="text-only"):
        compiled.text_only_probabilities(compiled.rows(["hi"]))
