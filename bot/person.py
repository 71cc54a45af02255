"""Who is asking, from what people say about themselves, by rule (bot/person.yml).

`PersonExtractor` adds `gender`, `partner`, `age_group`, `lgbt`, `access` and `harms`
entities with fixed values ("I'm 15" -> age_group young; "I'm a man" -> gender men; "i
grabbed my partner" -> harms yes), which fill the slots of the same names for the
session. services_directory.find then leaves out services the person can't use, and
someone who says they harm gets Respect's answers. Values are fixed words, never what
was typed.
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

RULES_PATH = Path(__file__).with_name("person.yml")


class PersonRules:
    """The compiled rules of bot/person.yml."""

    def __init__(self, path: Path = RULES_PATH) -> None:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.labelled: List[Tuple[str, str, re.Pattern]] = [
            (entity, value, re.compile(pattern))
            for entity in ("gender", "partner", "lgbt", "access", "harms")
            for value, patterns in spec[entity].items()
            for pattern in patterns
        ]
        self.ages = [re.compile(pattern) for pattern in spec["age"]]
        self.age_groups = [(band["below"], band["group"]) for band in spec["age_groups"]]

    def read(self, text: str) -> Dict[str, Tuple[str, int, int]]:
        """{entity: (value, start, end)} for what the text says about its writer."""
        lowered = straighten_apostrophes(text).lower()
        found: Dict[str, Tuple[str, int, int]] = {}
        for entity, value, pattern in self.labelled:
            match = pattern.search(lowered)
            if match and entity not in found:
                found[entity] = (value, match.start(), match.end())
        for pattern in self.ages:
            match = pattern.search(lowered)
            group = self.group_of(int(match.group(1))) if match else None
            if group is not None:
                found["age_group"] = (group, match.start(), match.end())
                break
        return found

    def group_of(self, age: int) -> Optional[str]:
        """The age group of an age; None below 5 (more likely a count than an age)."""
        if age < 5:
            return None
        return next(group for below, group in self.age_groups if age < below)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PersonExtractor(RuleComponent, EntityExtractorMixin):
    """Adds who-is-asking entities with fixed values when a message says so."""

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._rules = PersonRules()

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds gender, partner, age_group, lgbt, access and harms entities a message states."""
        for message, text in typed_texts(messages):
            for entity, (value, start, end) in self._rules.read(text).items():
                add_entity(message, entity, value, self.__class__.__name__, start=start, end=end)
        return messages
