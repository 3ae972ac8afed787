"""Rasa components around rasa_plugins/text_classifier.py.

* LinearIntentClassifier predicts the intent (the FAQ topics count as one
  intent, `faq`) with an intent ranking, like Rasa's own classifiers.
* LinearResponseSelector picks the FAQ topic (`faq/<topic>`) and writes Rasa's
  `response_selector` output, so the `utter_faq` action, the
  `full_retrieval_intent_name` of the intent and `rasa test nlu` work as they do
  with Rasa's ResponseSelector.

Both read the message text themselves, train in seconds, and are stored with
skops (no pickle); loading accepts only the scikit-learn types and the one text
function of this project that the pipeline contains. With `dense_features: true`
they also append the message's dense sentence feature (from a featurizer before
them, e.g. rasa_plugins.sentence_embeddings) to the TF-IDF vectors: on the
held-out set that took the whole NLU from 75.6% to 80.7% (docs/nlu.md).

LinearResponseSelector also reads the questions inside a message
(bot/dialogue/questions.py): when a message has more than one clause and at
least one of them is a question, it predicts a topic for each question clause and
adds `questions` to the parse data: the distinct topics predicted with at least
`question_confidence`, in the order asked, and whether other clauses describe a
situation. The prediction for the whole message is left exactly as it was.

For such a message LinearIntentClassifier also names the intent of each question
clause (kept inside the pipeline, not in the parse data), and the selector then
adds `faq_topics`: the topics of the question clauses classified `faq` only. A
request joined to an FAQ question ("how much is it and can i talk to someone")
gets the FAQ answer from them (bot/dialogue/replies.py); the selector's topic for
the request clause is a guess among FAQ topics and is left out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file
from scipy import sparse
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from bot.dialogue.questions import asked_topics, split_clauses
from rasa_plugins.components import ConfiguredComponent
from rasa_plugins.text_classifier import ClassifierSettings, CompiledClassifier, Rows, build_classifier

logger = logging.getLogger(__name__)

# parse-data key of the questions found in a message (LinearResponseSelector)
QUESTIONS_KEY = "questions"
# message key (not in the parse data) of the intent of each question clause,
# set by LinearIntentClassifier for LinearResponseSelector
QUESTION_INTENTS_KEY = "question_intents"
# message key (not in the parse data) of the question clauses' embeddings, shared by both
CLAUSE_EMBEDDINGS_KEY = "question_clause_embeddings"

# message key (not in the parse data) of the crisis evidence of the TF-IDF-only
# intent model: (crisis + past_crisis probability, whether one of them is its top
# intent), which CrisisOverride reads instead of the ranking (crisis_text_only)
CRISIS_EVIDENCE_KEY = "text_only_crisis_evidence"
CRISIS_INTENTS = ("crisis", "past_crisis")

_MODEL_FILE = "classifier.skops"
_TEXT_MODEL_FILE = "text_only_model.skops"
_META_FILE = "meta.json"
# The only non-scikit-learn object inside a trained pipeline.
_TRUSTED_FUNCTIONS = frozenset({"rasa_plugins.text_classifier.prepare_text"})
_TRUSTED_PREFIXES = ("sklearn.", "scipy.sparse.", "numpy.")


def _labelled(examples: Sequence[Message], label_key: str) -> list[Message]:
    return [example for example in examples if example.get(TEXT) and example.get(label_key)]


def _sentence_features(messages: Sequence[Message]) -> np.ndarray:
    """The dense sentence feature of each message's text, one row each."""
    rows = []
    for message in messages:
        _, sentence = message.get_dense_features(TEXT)
        if sentence is None:
            raise ValueError(
                "dense_features is on but a message has no dense sentence feature: "
                "put a dense featurizer before the classifier"
            )
        rows.append(np.asarray(sentence.features, dtype=np.float64).reshape(-1))
    return np.vstack(rows)


def _has_text(message: Message) -> bool:
    text = message.get(TEXT)
    return isinstance(text, str) and bool(text.strip())


def _question_texts(message: Message) -> list[str]:
    """The question clauses of a message that has more than one clause, else []."""
    clauses = split_clauses(message.get(TEXT))
    asked = [clause.text for clause in clauses if clause.is_question]
    return asked if len(clauses) >= 2 else []


class _LinearComponent(ConfiguredComponent):
    """Training, storage and loading shared by both components."""

    # Embeds clause texts like the featurizer before this component embeds whole
    # messages (set on first use; tests may set their own).
    embed_texts: Callable[[list[str]], np.ndarray] | None = None

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: Pipeline | None = None,
        meta: dict[str, Any] | None = None,
        text_model: Any = None,
    ) -> None:
        super().__init__(config, model_storage, resource)
        self.settings = ClassifierSettings.from_config(self.config)
        self.classifier = classifier
        self.meta: dict[str, Any] = meta or {}
        # with crisis_text_only: the logistic regression on the TF-IDF features
        # alone, beside the one on TF-IDF plus the sentence embedding
        self.text_model = text_model

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        defaults = ClassifierSettings()
        return {
            "word_ngrams": list(defaults.word_ngrams),
            "char_ngrams": list(defaults.char_ngrams),
            "regularisation": defaults.regularisation,
            "max_iter": defaults.max_iter,
            "random_state": defaults.random_state,
            "ranking_length": 10,
            # append the dense sentence feature of a featurizer before this one
            "dense_features": False,
            # with dense_features: also train the TF-IDF-only model, and let
            # CrisisOverride judge crisis by it alone (docs/nlu.md)
            "crisis_text_only": False,
        }

    @classmethod
    def required_packages(cls) -> list[str]:
        return ["sklearn", "skops"]

    @property
    def _dense(self) -> bool:
        return bool(self.config["dense_features"])

    def _fit(self, examples: list[Message], label_key: str) -> None:
        examples = _labelled(examples, label_key)
        texts, labels = [e.get(TEXT) for e in examples], [e.get(label_key) for e in examples]
        if len(set(labels)) < 2:
            logger.warning("%s: fewer than two labels to learn; not trained.", self.__class__.__name__)
            self.classifier = None
            return
        classifier = build_classifier(self.settings)
        self.text_model = None
        if not self._dense:
            self.classifier = classifier.fit(texts, labels)
            return
        features = classifier.named_steps["features"].fit_transform(texts)
        model = classifier.named_steps["model"]
        if self.config.get("crisis_text_only"):
            self.text_model = clone(model).fit(features, labels)
        model.fit(sparse.hstack([features, _sentence_features(examples)]).tocsr(), labels)
        self.classifier = classifier

    @property
    def _compiled(self) -> CompiledClassifier:
        """The trained model(s) as plain arrays (text_classifier.CompiledClassifier):
        the same probabilities, without scikit-learn's per-call overhead."""
        if self.classifier is None:
            raise ValueError(f"{self.__class__.__name__} is not trained")
        # built on first use, again after a new fit (a new model object)
        compiled: CompiledClassifier | None = getattr(self, "_compiled_model", None)
        if compiled is None or compiled.model is not self.classifier.named_steps["model"]:
            compiled = CompiledClassifier(self.classifier, self.text_model)
            self._compiled_model = compiled
        return compiled

    def _probabilities(self, messages: list[Message], rows: Rows | None = None) -> tuple[np.ndarray, Sequence[str]]:
        texts = [message.get(TEXT) for message in messages]
        return self._text_probabilities(texts, _sentence_features(messages) if self._dense else None, rows)

    def _text_probabilities(
        self, texts: list[str], dense: np.ndarray | None, rows: Rows | None = None
    ) -> tuple[np.ndarray, Sequence[str]]:
        """Class probabilities of `texts` (with their dense features when the model
        has them); `rows`, their TF-IDF rows when already computed."""
        compiled = self._compiled
        if rows is None:
            rows = compiled.rows(texts)
        return compiled.probabilities(rows, dense), compiled.classes

    def _text_only_crisis(self, rows: Rows) -> list[tuple[float, bool]]:
        """Per TF-IDF row: the TF-IDF-only model's crisis and past_crisis
        probability together, and whether one of them is its top label (as
        CrisisOverride reads a ranking)."""
        compiled = self._compiled
        probabilities = compiled.text_only_probabilities(rows)
        labels = [str(label) for label in compiled.text_model.classes_]
        columns = [i for i, label in enumerate(labels) if label in CRISIS_INTENTS]
        return [(float(row[columns].sum()), labels[int(np.argmax(row))] in CRISIS_INTENTS) for row in probabilities]

    def _embedder(self) -> Callable[[list[str]], np.ndarray]:
        if self.embed_texts is None:
            from rasa_plugins.sentence_embeddings import _encoder, bundled_model_dir

            # the same cached encoder as SentenceEmbeddingFeaturizer's default
            self.embed_texts = _encoder(str(bundled_model_dir().resolve())).encode
        return self.embed_texts

    def _clause_embeddings(self, message: Message, texts: list[str]) -> np.ndarray:
        """The sentence embeddings of `texts`, a message's question clauses: computed
        once per message, whichever of the two components asks first."""
        kept = message.get(CLAUSE_EMBEDDINGS_KEY)
        if isinstance(kept, tuple) and kept[0] == texts:
            return cast(np.ndarray, kept[1])
        dense = np.asarray(self._embedder()(texts), dtype=np.float64)
        message.set(CLAUSE_EMBEDDINGS_KEY, (list(texts), dense))
        return dense

    def _best_labels(self, message: Message, texts: list[str]) -> list[tuple[str, float]]:
        """The most probable label of each of the message's clause `texts`, with its probability."""
        dense = self._clause_embeddings(message, texts) if self._dense else None
        probabilities, labels = self._text_probabilities(texts, dense)
        return [(str(labels[int(np.argmax(row))]), float(np.max(row))) for row in probabilities]

    def _rankings(self, messages: list[Message]) -> list[list[tuple[str, float]] | None]:
        """A ranking per message (None for messages without text or without a model).
        With a TF-IDF-only model, each message also gets its crisis evidence
        (CRISIS_EVIDENCE_KEY), from the same TF-IDF rows."""
        if self.classifier is None:
            return [None] * len(messages)
        with_text = [i for i, message in enumerate(messages) if _has_text(message)]
        rankings: list[list[tuple[str, float]] | None] = [None] * len(messages)
        if not with_text:
            return rankings
        rows = self._compiled.rows([messages[i].get(TEXT) for i in with_text])
        if self.text_model is not None and self._dense:
            for i, evidence in zip(with_text, self._text_only_crisis(rows), strict=True):
                messages[i].set(CRISIS_EVIDENCE_KEY, evidence)
        probabilities, labels = self._probabilities([messages[i] for i in with_text], rows)
        limit = int(self.config["ranking_length"])
        for i, row in zip(with_text, probabilities, strict=True):
            order = np.argsort(-row)[:limit]
            rankings[i] = [(str(labels[j]), float(row[j])) for j in order]
        return rankings

    def persist(self) -> None:
        import skops.io as sio

        if self._model_storage is None or self._resource is None:
            raise ValueError(f"{self.__class__.__name__}: no model storage to persist to")
        with self._model_storage.write_to(self._resource) as model_dir:
            if self.classifier is not None:
                sio.dump(self.classifier, model_dir / _MODEL_FILE)
            if self.text_model is not None:
                sio.dump(self.text_model, model_dir / _TEXT_MODEL_FILE)
            dump_obj_as_json_to_file(model_dir / _META_FILE, self.meta)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> _LinearComponent:
        import skops.io as sio

        def trusted_load(path: Path) -> Any:
            if not path.exists():
                return None
            untrusted = set(sio.get_untrusted_types(file=path))
            unexpected = {name for name in untrusted if not name.startswith(_TRUSTED_PREFIXES)} - _TRUSTED_FUNCTIONS
            if unexpected:
                # a model file that holds anything else was not written by train()
                raise ValueError(f"{cls.__name__}: refusing to load {path.name}, it holds {sorted(unexpected)}")
            return sio.load(path, trusted=sorted(untrusted))

        with model_storage.read_from(resource) as model_dir:
            meta = read_json_file(model_dir / _META_FILE)
            classifier = trusted_load(model_dir / _MODEL_FILE)
            text_model = trusted_load(model_dir / _TEXT_MODEL_FILE)
        return cls(config, model_storage, resource, classifier, meta, text_model)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(_LinearComponent, IntentClassifier):
    """Intent classification with rasa_plugins.text_classifier."""

    def train(self, training_data: TrainingData) -> Resource:
        self._fit(training_data.intent_examples, INTENT)
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message, ranking in zip(messages, self._rankings(messages), strict=True):
            if not ranking:
                # nothing to classify (no text): no intent, which FallbackClassifier
                # turns into nlu_fallback
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            name, confidence = ranking[0]
            message.set(INTENT, {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [{INTENT_NAME_KEY: label, PREDICTED_CONFIDENCE_KEY: score} for label, score in ranking],
                add_to_output=True,
            )
            asked = _question_texts(message)
            if asked:
                message.set(QUESTION_INTENTS_KEY, [label for label, _ in self._best_labels(message, asked)])
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearResponseSelector(_LinearComponent):
    """Picks the answer of a retrieval intent (`faq/<topic>`), trained on its examples only."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **_LinearComponent.get_default_config(),
            "retrieval_intent": "faq",
            # a question clause's topic counts from this confidence on
            "question_confidence": 0.5,
        }

    def _questions(self, message: Message) -> dict[str, Any] | None:
        """The topics asked in the message's question clauses, when it has several clauses."""
        clauses = split_clauses(message.get(TEXT))
        asked = [clause.text for clause in clauses if clause.is_question]
        if len(clauses) < 2 or not asked:
            return None
        best = self._best_labels(message, asked)
        confidence = float(self.config["question_confidence"])
        questions: dict[str, Any] = {
            "topics": asked_topics(best, confidence),
            "situation": len(asked) < len(clauses),
        }
        intents = message.get(QUESTION_INTENTS_KEY)
        if isinstance(intents, list) and len(intents) == len(asked):
            faq = [topic for topic, intent in zip(best, intents, strict=True) if intent == self.retrieval_intent]
            questions["faq_topics"] = asked_topics(faq, confidence)
        return questions

    @property
    def retrieval_intent(self) -> str:
        return str(self.config["retrieval_intent"])

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) == self.retrieval_intent]
        self._fit(examples, INTENT_RESPONSE_KEY)
        self.meta = {
            "all_retrieval_intents": sorted(training_data.retrieval_intents),
            "responses": {
                key: value
                for key, value in training_data.responses.items()
                if key.startswith(f"utter_{self.retrieval_intent}/")
            },
        }
        self.persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        responses: dict[str, Any] = self.meta.get("responses", {})
        for message, ranking in zip(messages, self._rankings(messages), strict=True):
            if not ranking:
                continue
            key, confidence = ranking[0]  # "faq/duration"
            utter_action = f"utter_{key}"
            prediction = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    RESPONSE_SELECTOR_RESPONSES_KEY: responses.get(utter_action, [{TEXT: key}]),
                    PREDICTED_CONFIDENCE_KEY: confidence,
                    INTENT_RESPONSE_KEY: key,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {PREDICTED_CONFIDENCE_KEY: score, INTENT_RESPONSE_KEY: label} for label, score in ranking
                ],
            }
            properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {}) or {}
            properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = list(self.meta.get("all_retrieval_intents", []))
            properties[self.retrieval_intent] = prediction
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
            questions = self._questions(message)
            if questions is not None:
                message.set(QUESTIONS_KEY, questions, add_to_output=True)
        return messages
