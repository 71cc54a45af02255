"""The place a message names, read by rules from the directory's own list of areas.

`PlaceExtractor` adds an `area` entity whose value is an area id of services_directory
(`somerset`, `bath-ne-somerset`, `central-bedfordshire`) or `elsewhere` for a place we
know and do not cover. It never carries the words that were typed, so the `area` slot
it fills can only ever hold a value the directory defines (safety rule 3: nothing typed
reaches storage through a slot). It reads every message, the first one included, so
"he hits me, I live in Yeovil" is heard as a place as well as an experience.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

import services_directory
from bot.components import RuleComponent, add_entity, typed_texts

logger = logging.getLogger(__name__)

AREA_ENTITY = "area"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PlaceExtractor(RuleComponent, EntityExtractorMixin):
    """Adds an `area` entity (an area id or `elsewhere`) when a message names a place."""

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        # The place index is built on first use; build it with the model instead.
        services_directory.locate("Taunton")

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the area a message names, if it names one."""
        # The text as typed, unstripped: the entity's start and end index into it.
        for message, _ in typed_texts(messages):
            located = services_directory.locate(message.get(TEXT))
            if located is not None:
                add_entity(
                    message, AREA_ENTITY, located.area, self.__class__.__name__,
                    start=located.start, end=located.end,
                )
                logger.debug("place: %s", located.area)
        return messages
