"""Custom Rasa NLU components: the danger override and the conversation context."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.danger import DANGER, SELF_HARM, DangerDetector, default_detector

logger = logging.getLogger(__name__)

# The intents the danger override forces; `domain.yml` maps each to its reply by rule.
DANGER_INTENTS = {DANGER: "immediate_danger", SELF_HARM: "self_harm"}

# Metadata the gateway sends with each message, and the values it may take.
CHANNELS = {"web", "sms"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DangerOverride(GraphComponent, IntentClassifier):
    """Forces the danger intents when deterministic patterns match, whatever DIET said.

    Runs after the FallbackClassifier so that a low-confidence message that shows
    danger still gets 999 instead of the fallback.
    """

    def __init__(self, config: Dict[str, Any], detector: DangerDetector) -> None:
        self.component_config = config
        self._detector = detector

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerOverride:
        """Creates the component with the process-wide detector."""
        return cls(config, default_detector())

    def process(self, messages: List[Message]) -> List[Message]:
        """Overrides the intent of every message that shows danger."""
        for message in messages:
            self._override(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leaves training data alone: the patterns are rules, not learned."""
        return training_data

    def _override(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        languages = [_language_of(message)]
        kind = self._detector.kind_of(text, languages)
        if kind is None:
            return
        intent_name = DANGER_INTENTS[kind]
        forced = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) != intent_name
        ]
        message.set(INTENT, forced, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        # The rule id says which pattern fired, never the text.
        logger.debug("danger override: %s", kind)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ConversationContext(GraphComponent, EntityExtractorMixin):
    """Turns the gateway's message metadata into entities (and so slots): `channel`.

    Rasa's REST channel passes `metadata` through to NLU; slots mapped from these
    entities let responses vary by channel without a custom session-start action,
    so they still work when the action server is down.
    """

    def __init__(self, config: Dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ConversationContext:
        """Creates the component."""
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds a `channel` entity when the metadata names a known channel."""
        for message in messages:
            metadata = message.get("metadata") or {}
            channel = metadata.get("channel") if isinstance(metadata, dict) else None
            if channel in CHANNELS:
                _add_entity(message, "channel", channel, self.__class__.__name__)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leaves training data alone."""
        return training_data


def _language_of(message: Message) -> str:
    """The language an earlier component detected or the person chose, else English."""
    for entity in message.get(ENTITIES) or []:
        if entity.get(ENTITY_ATTRIBUTE_TYPE) == "language":
            return entity.get(ENTITY_ATTRIBUTE_VALUE) or "en"
    return "en"


def _add_entity(message: Message, entity: str, value: str, extractor: str) -> None:
    entities: List[Dict[str, Any]] = [
        e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) != entity
    ]
    entities.append(
        {
            ENTITY_ATTRIBUTE_TYPE: entity,
            ENTITY_ATTRIBUTE_VALUE: value,
            ENTITY_ATTRIBUTE_START: 0,
            ENTITY_ATTRIBUTE_END: 0,
            EXTRACTOR: extractor,
        }
    )
    message.set(ENTITIES, entities, add_to_output=True)
