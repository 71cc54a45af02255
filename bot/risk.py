"""High-risk indicators a message mentions, by rule (bot/risk.yml), to put 999 first.

"my 6 yr old has started wetting the bed again since the rows got worse" got the
children's route with no 999 in it. safety-facts.md ("Risk") lists the indicators
(strangulation, threats to kill, escalation, pregnancy, weapons, harm to children or
pets, stalking, separation) and allows one use only: putting 999, the helpline and the
IDVA service first. So `RiskExtractor` adds one `risk` entity, valued with the first
indicator's name (a fixed word, never what was typed), and the actions then open the
reply with 999 and the 55 step. No score is computed, shown or kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.training_data.message import Message

from bot.components import RuleComponent, add_entity, typed_texts
from textsafety.danger import straighten_apostrophes

RULES_PATH = Path(__file__).with_name("risk.yml")
RISK_ENTITY = "risk"


class RiskRules:
    """The compiled rules of bot/risk.yml."""

    def __init__(self, path: Path = RULES_PATH) -> None:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.indicators: List[Tuple[str, re.Pattern]] = [
            (name, re.compile(pattern))
            for name, patterns in spec["indicators"].items()
            for pattern in patterns
        ]

    def first_indicator(self, text: str) -> Optional[Tuple[str, int, int]]:
        """(indicator, start, end) of the first rule, in file order, the text matches."""
        lowered = straighten_apostrophes(text).lower()
        for name, pattern in self.indicators:
            match = pattern.search(lowered)
            if match:
                return name, match.start(), match.end()
        return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class RiskExtractor(RuleComponent, EntityExtractorMixin):
    """Adds a `risk` entity when a message mentions a high-risk indicator."""

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._rules = RiskRules()

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the first indicator a message mentions as its `risk` entity."""
        for message, text in typed_texts(messages):
            found = self._rules.first_indicator(text)
            if found:
                name, start, end = found
                add_entity(message, RISK_ENTITY, name, self.__class__.__name__,
                           start=start, end=end)
        return messages
