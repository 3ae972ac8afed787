"""Custom NLU components: thin wrappers around plain-Python logic in bot/.

* IntakeFactExtractor adds the facts a visitor states in passing ("i just
  finished rehab", "my son", "takes medicaid") as entities, so slots fill from
  them and the fit assessment skips questions already answered.
* CrisisOverride runs last and forces the `crisis` intent when the
  deterministic lexicon (bot/crisis/detector.py) matches, when crisis or
  past_crisis is the classifier's top intent, or when the classifier gives the
  two together at least `min_crisis_confidence`, whatever else was predicted
  (including FallbackClassifier's nlu_fallback). Crisis must win. Only
  bot/crisis/timing.py may turn it into `past_crisis` (a crisis told as over,
  no danger now: care and 988 in passing); the classifier's own past_crisis
  never lowers an alarm.

Neither needs training; both are fast regular-expression passes.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.crisis import detect_crisis, is_past_crisis
from bot.language.intake_facts import facts_as_entities
from rasa_plugins.components import ConfiguredComponent
from rasa_plugins.linear_nlu import CRISIS_EVIDENCE_KEY, CRISIS_INTENTS

CRISIS_INTENT = "crisis"
PAST_CRISIS_INTENT = "past_crisis"
NLU_FALLBACK = "nlu_fallback"


def _is_command(text: str | None) -> bool:
    """Button payloads (/intent{...}) are parsed by Rasa's RegexMessageHandler."""
    return bool(text and text.lstrip().startswith("/"))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class IntakeFactExtractor(ConfiguredComponent):
    """Entities from bot.language.intake_facts (deduplicated against trained extractors)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or _is_command(text):
                continue
            entities = list(message.get(ENTITIES, []) or [])
            seen = {(e.get("entity"), str(e.get("value"))) for e in entities}
            for fact in facts_as_entities(text):
                key = (fact["entity"], str(fact["value"]))
                if key in seen:
                    continue
                seen.add(key)
                entities.append(
                    {
                        **fact,
                        EXTRACTOR: self.__class__.__name__,
                        ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
                    }
                )
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisOverride(ConfiguredComponent):
    """Forces the crisis intent on a lexicon match or a meaningful classifier score
    (past_crisis instead when bot.crisis says the crisis is over)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"min_crisis_confidence": 0.4}

    @staticmethod
    def _classifier_crisis(message: Message) -> tuple[float, bool]:
        """The classifier's crisis and past_crisis confidence together, and whether
        one of them is its top intent (FallbackClassifier may have put nlu_fallback
        above it). Together, because training past_crisis splits what was crisis.
        When the intent classifier left the evidence of its TF-IDF-only model
        (crisis_text_only), that evidence is the classifier's word on crisis."""
        evidence = message.get(CRISIS_EVIDENCE_KEY)
        if isinstance(evidence, tuple):
            return float(evidence[0]), bool(evidence[1])
        ranking = [
            item for item in (message.get(INTENT_RANKING_KEY) or []) if item.get(INTENT_NAME_KEY) != NLU_FALLBACK
        ]
        confidence = sum(
            float(item.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            for item in ranking
            if item.get(INTENT_NAME_KEY) in CRISIS_INTENTS
        )
        is_top = bool(ranking) and ranking[0].get(INTENT_NAME_KEY) in CRISIS_INTENTS
        return confidence, is_top

    @staticmethod
    def _demote_unconfirmed_crisis(message: Message) -> None:
        """With the TF-IDF-only evidence, crisis is decided by it and the lexicon
        alone: a crisis or past_crisis intent that only the model with the
        sentence embedding predicted gives way to its best other intent (the
        embedding raised false alarms on look-alikes; docs/nlu.md)."""
        if not isinstance(message.get(CRISIS_EVIDENCE_KEY), tuple):
            return
        current = message.get(INTENT) or {}
        if current.get(INTENT_NAME_KEY) not in CRISIS_INTENTS:
            return
        others = [
            item
            for item in (message.get(INTENT_RANKING_KEY) or [])
            if item.get(INTENT_NAME_KEY) not in (*CRISIS_INTENTS, NLU_FALLBACK)
        ]
        best = others[0] if others else {INTENT_NAME_KEY: NLU_FALLBACK, PREDICTED_CONFIDENCE_KEY: 0.0}
        message.set(
            INTENT,
            {INTENT_NAME_KEY: best[INTENT_NAME_KEY], PREDICTED_CONFIDENCE_KEY: best[PREDICTED_CONFIDENCE_KEY]},
            add_to_output=True,
        )

    def process(self, messages: list[Message]) -> list[Message]:
        threshold = float(self.config.get("min_crisis_confidence", 0.4))
        for message in messages:
            text = message.get(TEXT)
            if not text or _is_command(text):
                continue
            match = detect_crisis(text)
            confidence, is_top = self._classifier_crisis(message)
            if match is None and confidence < threshold and not is_top:
                self._demote_unconfirmed_crisis(message)
                continue
            intent = PAST_CRISIS_INTENT if is_past_crisis(text) else CRISIS_INTENT
            current = message.get(INTENT) or {}
            if current.get(INTENT_NAME_KEY) == intent and match is None:
                continue
            message.set(
                INTENT,
                {
                    INTENT_NAME_KEY: intent,
                    PREDICTED_CONFIDENCE_KEY: 1.0 if match else min(1.0, max(confidence, threshold)),
                },
                add_to_output=True,
            )
            # crisis_detection marks an emergency answer (scripts/heldout_eval.py
            # counts it as one); a past crisis is reported under its own key
            message.set(
                "crisis_detection" if intent == CRISIS_INTENT else "past_crisis_detection",
                {
                    "source": "lexicon" if match else "classifier",
                    "category": match.category if match else None,
                },
                add_to_output=True,
            )
        return messages
