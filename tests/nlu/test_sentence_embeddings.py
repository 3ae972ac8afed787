"""The sentence-embedding featurizer (rasa_plugins/sentence_embeddings.py): the
NumPy all-MiniLM-L6-v2 encoder against published sentence-transformers values,
loading from the installed package without the network, and the dense sentence
feature it puts on Rasa messages."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_plugins.sentence_embeddings import MiniLMEncoder, SentenceEmbeddingFeaturizer, bundled_model_dir

# SentenceTransformer("all-MiniLM-L6-v2").encode("hello world")[:5], as published
# in fastembed's tests (tests/test_text_onnx_embeddings.py, CANONICAL_VECTOR_VALUES)
HELLO_WORLD_FIRST_5 = np.array([-0.034478, 0.03102, 0.00673, 0.02611, -0.039362])


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder(bundled_model_dir())


def _featurizer(tmp_path: Path) -> SentenceEmbeddingFeaturizer:
    return SentenceEmbeddingFeaturizer.create(
        SentenceEmbeddingFeaturizer.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("sentence_embeddings"),
        ExecutionContext(GraphSchema({}), model_id="test", node_name="embeddings"),
    )


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_matches_the_published_sentence_transformers_embedding(encoder):
    (vector,) = encoder.encode(["hello world"])
    assert vector.shape == (384,)
    np.testing.assert_allclose(vector[:5], HELLO_WORLD_FIRST_5, atol=1e-4)


def test_embeddings_are_unit_length_float32(encoder):
    vectors = encoder.encode(["how long does iop last", "k", "my son drinks every night and i am scared"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_deterministic_and_independent_of_the_batch(encoder):
    text = "can i keep my job while i do the program"
    alone = encoder.encode([text])[0]
    assert np.array_equal(alone, encoder.encode([text])[0])
    # padded next to a longer message, and batched apart from it
    batched = encoder.encode(
        ["hi", text, "what happens if i relapse halfway through the program and miss a week"], batch_size=2
    )
    np.testing.assert_allclose(batched[1], alone, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_messages(encoder):
    triples = [
        ("how long does the program last", "what is the duration of iop", "i want to speak to a real person"),
        (
            "can i keep working during treatment",
            "will i be able to go to my job while in the program",
            "how much does it cost",
        ),
        ("is it covered by my insurance", "does medicaid pay for this", "my brother drinks too much"),
    ]
    for anchor, paraphrase, unrelated in triples:
        a, p, u = encoder.encode([anchor, paraphrase, unrelated])
        assert _cosine(a, p) > _cosine(a, u) + 0.1


def test_over_long_text_is_truncated_not_refused(encoder):
    (vector,) = encoder.encode(["drinking " * 2000])
    assert np.isfinite(vector).all()


def test_the_model_loads_from_the_installed_package_without_the_network(monkeypatch):
    model_dir = bundled_model_dir()
    assert "site-packages" in model_dir.parts
    assert (model_dir / "model.safetensors").is_file() and (model_dir / "tokenizer.json").is_file()

    def refuse(*args, **kwargs):
        raise AssertionError("the encoder tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    (vector,) = MiniLMEncoder(model_dir).encode(["hello world"])  # a fresh load, not the cached one
    np.testing.assert_allclose(vector[:5], HELLO_WORLD_FIRST_5, atol=1e-4)


def test_the_featurizer_adds_a_dense_sentence_feature(tmp_path, encoder):
    messages = [Message.build(text="how long is iop"), Message.build(text="do they take medicaid")]
    _featurizer(tmp_path).process(messages)
    for message in messages:
        sequence, sentence = message.get_dense_features(TEXT)
        assert sequence is None  # a sentence feature only: no per-token vectors
        assert sentence.features.shape == (1, 384)
        np.testing.assert_allclose(sentence.features[0], encoder.encode([message.get(TEXT)])[0], atol=1e-5)


def test_the_featurizer_featurizes_the_training_data_and_skips_empty_text(tmp_path):
    data = TrainingData([Message.build(text="hi", intent="greet"), Message.build(text="bye", intent="goodbye")])
    _featurizer(tmp_path).process_training_data(data)
    for example in data.training_examples:
        assert example.get_dense_features(TEXT)[1].features.shape == (1, 384)

    empty = Message.build(text="   ")
    _featurizer(tmp_path).process([empty])
    assert empty.get_dense_features(TEXT) == (None, None)


def test_paraphrase_shares_no_word_yet_lands_nearest(tmp_path):
    # what TF-IDF cannot do: the nearest example shares no word with the message
    examples = ["how long does the program last", "how much does it cost", "i want to talk to a person"]
    message = Message.build(text="what is the duration of iop")
    featurizer = _featurizer(tmp_path)
    data = TrainingData([Message.build(text=t, intent="x") for t in examples])
    featurizer.process_training_data(data)
    featurizer.process([message])
    query = message.get_dense_features(TEXT)[1].features[0]
    scores = [_cosine(query, e.get_dense_features(TEXT)[1].features[0]) for e in data.training_examples]
    assert int(np.argmax(scores)) == 0


def test_training_texts_are_encoded_once_and_visitor_texts_never_kept(tmp_path, monkeypatch):
    # cross-validation featurizes the same training examples in every fold, in one process
    featurizer = _featurizer(tmp_path)
    encoder = featurizer.encoder
    encoded = []
    real_encode = encoder.encode
    monkeypatch.setattr(
        encoder,
        "encode",
        lambda texts, batch_size=32, known=None: encoded.extend(texts) or real_encode(texts, batch_size, known),
    )
    texts = ["fold test one", "fold test two", "fold test three"]

    first = TrainingData([Message.build(text=t, intent="x") for t in texts])
    featurizer.process_training_data(first)
    again = TrainingData([Message.build(text=t, intent="x") for t in texts[:2]])
    featurizer.process_training_data(again)
    assert sorted(encoded) == sorted(texts)
    np.testing.assert_array_equal(
        again.training_examples[0].get_dense_features(TEXT)[1].features,
        first.training_examples[0].get_dense_features(TEXT)[1].features,
    )

    featurizer.process([Message.build(text="fold test one"), Message.build(text="a visitor message")])
    assert encoded.count("fold test one") == 1  # looked up
    assert "a visitor message" in encoded and "a visitor message" not in encoder._remembered


def test_training_stores_the_examples_embeddings_and_a_visitor_message_with_their_tokens_uses_them(tmp_path):
    """Issue 16: an example's embedding is stored with the model; a visitor
    message with the same tokens ("Yes", "yes ") takes it without a forward
    pass; other texts are computed; no visitor text is stored."""
    storage, resource = LocalModelStorage(tmp_path), Resource("embeddings")
    context = ExecutionContext(GraphSchema({}), model_id="test", node_name="embeddings")
    config = SentenceEmbeddingFeaturizer.get_default_config()
    trainer = SentenceEmbeddingFeaturizer.create(config, storage, resource, context)
    trainer.train(TrainingData([Message.build(text="yes", intent="affirm"), Message.build(text="hi", intent="greet")]))
    loaded = SentenceEmbeddingFeaturizer.load(config, storage, resource, context)
    assert set(loaded.known) == {loaded.encoder.token_ids("yes"), loaded.encoder.token_ids("hi")}

    calls: list[list[str]] = []
    real_forward = loaded.encoder._forward
    loaded.encoder._forward = lambda ids, mask: calls.append(ids.tolist()) or real_forward(ids, mask)
    messages = [Message.build(text="Yes"), Message.build(text="yes "), Message.build(text="a visitor message")]
    loaded.process(messages)
    del loaded.encoder._forward

    assert len(calls) == 1 and len(calls[0]) == 1  # only the unknown text ran the model
    stored = loaded.known[loaded.encoder.token_ids("yes")]
    for message in messages[:2]:
        np.testing.assert_array_equal(message.get_dense_features(TEXT)[1].features[0], stored)
    np.testing.assert_allclose(
        messages[2].get_dense_features(TEXT)[1].features[0], loaded.encoder.encode(["a visitor message"])[0], atol=1e-6
    )
    assert loaded.encoder.token_ids("a visitor message") not in loaded.known


def test_a_model_without_stored_embeddings_computes_every_text(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("embeddings")
    context = ExecutionContext(GraphSchema({}), model_id="test", node_name="embeddings")
    with storage.write_to(resource):
        pass  # an older model: the resource exists, the table does not
    loaded = SentenceEmbeddingFeaturizer.load(
        SentenceEmbeddingFeaturizer.get_default_config(), storage, resource, context
    )
    assert loaded.known == {}
    message = Message.build(text="yes")
    loaded.process([message])
    assert message.get_dense_features(TEXT)[1].features.shape == (1, 384)
