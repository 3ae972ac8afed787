"""rasa_plugins/linear_nlu.py with `dense_features`: the linear
classifiers use a dense sentence feature when asked (and only then)."""

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_plugins.linear_nlu import LinearIntentClassifier


def _with_feature(text: str, vector, intent=None) -> Message:
    message = Message.build(text=text, intent=intent) if intent else Message.build(text=text)
    message.add_features(Features(np.array([vector], dtype=np.float32), FEATURE_TYPE_SENTENCE, TEXT, "test"))
    return message


def _train(tmp_path: Path, dense: bool) -> LinearIntentClassifier:
    # the same words for both intents: only the dense feature tells them apart
    data = TrainingData(
        [_with_feature(f"it is {w}", [1.0, 0.0], "greet") for w in ("so", "like", "just", "quite", "very")]
        + [_with_feature(f"it is {w}", [0.0, 1.0], "goodbye") for w in ("so", "like", "just", "quite", "very")]
    )
    return _train_on(tmp_path, data, dense_features=dense)


def _train_on(tmp_path: Path, data: TrainingData, **options) -> LinearIntentClassifier:
    """Trains, stores and loads the classifier back, as a model load does."""
    config = {**LinearIntentClassifier.get_default_config(), **options}
    storage, resource = LocalModelStorage(tmp_path), Resource("intent")
    context = ExecutionContext(GraphSchema({}), model_id="test")
    LinearIntentClassifier.create(config, storage, resource, context).train(data)
    return LinearIntentClassifier.load(config, storage, resource, context)


def test_dense_features_separate_what_the_words_cannot(tmp_path):
    classifier = _train(tmp_path, dense=True)
    messages = [_with_feature("it is so", [1.0, 0.0]), _with_feature("it is so", [0.0, 1.0])]
    classifier.process(messages)
    assert [m.get("intent")["name"] for m in messages] == ["greet", "goodbye"]


def test_without_the_option_the_dense_feature_is_ignored(tmp_path):
    classifier = _train(tmp_path, dense=False)
    messages = [_with_feature("it is so", [1.0, 0.0]), _with_feature("it is so", [0.0, 1.0])]
    classifier.process(messages)
    assert messages[0].get("intent") == messages[1].get("intent")


def test_a_message_without_the_feature_is_refused_when_the_option_is_on(tmp_path):
    classifier = _train(tmp_path, dense=True)
    with pytest.raises(ValueError, match="dense featurizer"):
        classifier.process([Message.build(text="it is so")])


def test_a_messages_question_clauses_are_embedded_once_for_both_components(tmp_path):
    """The intent classifier (each clause's intent) and the response selector (each
    clause's topic) read the same clauses: the sentence encoder runs once per message."""
    from rasa_plugins.linear_nlu import LinearResponseSelector

    classifier = _train(tmp_path, dense=True)
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[1.0, 0.0]] * len(texts))

    selector = LinearResponseSelector.__new__(LinearResponseSelector)
    classifier.embed_texts = selector.embed_texts = encode
    message = _with_feature("it is so and is it very", [1.0, 0.0])
    clauses = ["it is so", "is it very"]

    first = classifier._clause_embeddings(message, clauses)
    second = selector._clause_embeddings(message, clauses)

    assert calls == [clauses] and second is first
    classifier._clause_embeddings(message, ["is it very"])  # other clauses: encoded again
    assert calls == [clauses, ["is it very"]]


def _train_with_crisis(tmp_path: Path, text_only: bool) -> LinearIntentClassifier:
    # the words say crisis or greet; the dense feature says the opposite, so the
    # model with the embedding and the TF-IDF-only model disagree
    words = ("so", "like", "just", "quite", "very")
    data = TrainingData(
        [_with_feature(f"purple zebra {w}", [1.0, 0.0], "crisis") for w in words]
        + [_with_feature(f"hello {w}", [0.0, 1.0], "greet") for w in words]
        + [_with_feature(f"see you {w}", [0.5, 0.5], "goodbye") for w in words]
    )
    return _train_on(tmp_path, data, dense_features=True, crisis_text_only=text_only)


def test_crisis_text_only_leaves_the_tf_idf_models_crisis_evidence(tmp_path):
    from rasa_plugins.linear_nlu import CRISIS_EVIDENCE_KEY

    classifier = _train_with_crisis(tmp_path, text_only=True)
    assert classifier.text_model is not None  # stored and loaded with the model
    words_crisis, words_greet = _with_feature("purple zebra so", [0.0, 1.0]), _with_feature("hello so", [1.0, 0.0])
    classifier.process([words_crisis, words_greet])
    confidence, is_top = words_crisis.get(CRISIS_EVIDENCE_KEY)
    assert is_top and confidence > 0.5  # the words alone say crisis, whatever the embedding says
    confidence, is_top = words_greet.get(CRISIS_EVIDENCE_KEY)
    assert not is_top and confidence < 0.4


def test_without_crisis_text_only_there_is_no_second_model(tmp_path):
    from rasa_plugins.linear_nlu import CRISIS_EVIDENCE_KEY

    classifier = _train_with_crisis(tmp_path, text_only=False)
    message = _with_feature("purple zebra so", [0.0, 1.0])
    classifier.process([message])
    assert classifier.text_model is None and message.get(CRISIS_EVIDENCE_KEY) is None


def test_crisis_override_judges_by_the_tf_idf_evidence_alone(tmp_path):
    """A crisis only the embedding model saw gives way to its best other intent;
    a crisis the words show is forced even when the embedding model says greet."""
    from rasa_plugins.nlu import CrisisOverride

    classifier = _train_with_crisis(tmp_path, text_only=True)
    # words of a greeting, embedding of a crisis example: the embedding model may say crisis
    only_embedding = _with_feature("hello so", [1.0, 0.0])
    # words of a crisis example, embedding of a greeting
    only_words = _with_feature("purple zebra so", [0.0, 1.0])
    classifier.process([only_embedding, only_words])
    override = CrisisOverride.create(
        CrisisOverride.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("override"),
        ExecutionContext(GraphSchema({}), model_id="test"),
    )
    # make the first one's top intent crisis, as the embedding model would
    only_embedding.set("intent", {"name": "crisis", "confidence": 0.9}, add_to_output=True)
    # and the second one's greet, as the embedding model would
    only_words.set("intent", {"name": "greet", "confidence": 0.9}, add_to_output=True)
    override.process([only_embedding, only_words])
    assert only_embedding.get("intent")["name"] != "crisis"
    assert only_embedding.get("crisis_detection") is None
    assert only_words.get("intent")["name"] == "crisis"
    assert only_words.get("crisis_detection") == {"source": "classifier", "category": None}
