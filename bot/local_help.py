"""Asking for help near where you are, in words: MORE, for local doors (bot/local_help.yml).

`LocalHelpRequest` turns "is there anyone local", "anything in my area" or "Find local help"
typed into `ask_more_services` with a `help_scope: local` entity, where DIET read a yes to
whatever was offered last, small talk, a place with no place in it, or nothing it
understood. actions.local_services then lists the local doors for the route followed, or
asks where. By rule, so no training example moves DIET's reading of other messages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.components import RuleComponent, add_entity, entity_values, force_intent, typed_texts
from textsafety.danger import straighten_apostrophes
from textsafety.reading import QUESTION_INTENT, answer_confidence

RULES_PATH = Path(__file__).with_name("local_help.yml")
MORE_INTENT = "ask_more_services"
SCOPE_ENTITY = "help_scope"
LOCAL = "local"
AREA_ENTITY = "area"


def _any(patterns: List[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


class LocalHelpRules:
    """The compiled rules of bot/local_help.yml."""

    def __init__(self, path: Path = RULES_PATH) -> None:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.near = _any(spec["near"])
        self.asks = _any(spec["asks"])
        self.names_its_own = _any(spec["names_its_own"])
        self.declines = _any(spec["declines"])
        self.short_words = int(spec["short_words"])
        self.replaces = frozenset(spec["replaces"])
        self.answer_below = float(spec["answer_below"])

    def asks_for_local_help(self, text: str) -> Optional[Tuple[int, int]]:
        """Where the text says "near" (start, end), when it asks for local help and no more.

        None when it does not. (Straightening apostrophes keeps every offset.)
        """
        lowered = straighten_apostrophes(text).lower()
        near = self.near.search(lowered)
        if not near or self.names_its_own.search(lowered):
            return None
        if len(lowered.split()) <= self.short_words:
            return None if self.declines.search(lowered) else near.span()
        return near.span() if self.asks.search(lowered) else None

    def may_replace(self, message: Message) -> bool:
        """Whether the intent given is one a local-help request replaces."""
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if intent not in self.replaces or entity_values(message, AREA_ENTITY):
            return False
        if intent != QUESTION_INTENT:
            return True
        return answer_confidence(message) < self.answer_below


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
     DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class LocalHelpRequest(RuleComponent, IntentClassifier, EntityExtractorMixin):
    """A request for local help, in words, becomes MORE for local doors."""

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._rules = LocalHelpRules()

    def process(self, messages: List[Message]) -> List[Message]:
        """Forces `ask_more_services` with `help_scope: local` where the rules say so."""
        for message, text in typed_texts(messages):
            span = self._rules.may_replace(message) and self._rules.asks_for_local_help(text)
            if span:
                force_intent(message, MORE_INTENT)
                add_entity(message, SCOPE_ENTITY, LOCAL, self.__class__.__name__, *span)
        return messages
