"""Who is asking, from what people say about themselves, by rule (bot/person.yml).

`PersonExtractor` adds `gender`, `partner`, `age_group`, `lgbt`, `access`, `harms` and
`work` entities with fixed values ("I'm 15" -> age_group young; "I'm a man" -> gender
men; "i grabbed my partner" -> harms yes; "i run a cafe" -> work employer), which fill
the slots of the same names for the session. services_directory.find then leaves out
services the person can't use, someone who says they harm gets Respect's answers, and
someone who works with the person they ask about gets the answers for work. Values are
fixed words, never what was typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components import FALLBACK_INTENT, RuleComponent, add_entity, force_intent, typed_texts
from textsafety.danger import straighten_apostrophes

RULES_PATH = Path(__file__).with_name("person.yml")


class PersonRules:
    """The compiled rules of bot/person.yml."""

    def __init__(self, path: Path = RULES_PATH) -> None:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.labelled: List[Tuple[str, str, re.Pattern]] = [
            (entity, value, re.compile(pattern))
            for entity in ("gender", "partner", "lgbt", "access", "harms", "work")
            for value, patterns in spec[entity].items()
            for pattern in patterns
        ]
        self.ages = [re.compile(pattern) for pattern in spec["age"]]
        self.age_groups = [(band["below"], band["group"]) for band in spec["age_groups"]]
        self.age_by_children = [(group, re.compile(pattern))
                                for group, patterns in spec["age_by_children"].items()
                                for pattern in patterns]

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
        if "age_group" not in found:
            for group, pattern in self.age_by_children:
                match = pattern.search(lowered)
                if match:
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
        """Adds the gender, partner, age_group, lgbt, access, harms and work a message states."""
        for message, text in typed_texts(messages):
            for entity, (value, start, end) in self._rules.read(text).items():
                add_entity(message, entity, value, self.__class__.__name__, start=start, end=end)
        return messages


OWN_BEHAVIOUR_INTENT = "worried_about_own_behaviour"
SOMEONE_ELSE_INTENT = "help_someone_else"
UNDER_18 = ("young", "16_17")  # age groups of bot/person.yml
# The routes a message may be given that are for someone hurt (or unsure): a writer who
# says they hurt their partner is not one of them. Danger, questions (whose answers
# follow the writer already, actions.signposting.route_answer), other languages and
# small talk keep theirs.
_ROUTES_FOR_SOMEONE_HURT = ("describe_", "identify_", "need_")
# A place given is among them: "ive hit my other half twice this year ... i live near
# wells" was read as a town given, and got the victims' local doors.
_OTHER_ROUTES_FOR_SOMEONE_HURT = frozenset({
    FALLBACK_INTENT, "out_of_scope", "concern_for_children", "ask_partner_history",
    SOMEONE_ELSE_INTENT, "planning_to_leave", "want_to_report", "give_place"})
# "he punched me so i hit him back": the writer is hurt too, and keeps the route DIET gave.
_HURT_THEMSELVES = re.compile(
    r"\b(?:he|she|they|hes|shes|he's|she's)\s+(?:\w+\s+){0,2}(?:hit|hits|hitting|punch\w*|"
    r"slap\w*|kick\w*|push\w*|shov\w*|grab\w*|strangl\w*|chok\w*|hurt\w*|beat\w*|"
    r"batter\w*|attack\w*|threat\w*|control\w*|rape\w*|scares|scared|terrifies|follow\w*|"
    r"track\w*|stalk\w*)\s+(?:me|us)\b")
# Someone else's partner: "her husband", "his girlfriend", "my sister's fella", "has a
# boyfriend who". Not a parent's partner: "my mum's boyfriend" is most often written by a
# child who lives with the abuse (a victim in law, whose route is Childline's).
_SOMEONE_ELSES_PARTNER = re.compile(
    r"\b(?:her|his|their|(?:nan|nans|sister|sisters|daughter|daughters|friend|friends|mate|"
    r"mates|colleague|colleagues|flatmate|flatmates|neighbour|neighbours|cousin|cousins|son|"
    r"sons|brother|brothers)'?s?) (?:new )?(?:husband|hubby|boyfriend|bf|partner|fella|ex|"
    r"wife|girlfriend|gf|fiance|fiancee|missus|bloke)\b"
    r"|\bhas a (?:boyfriend|husband|partner|girlfriend|fella) (?:who|that)\b")
# ... unless the writer is hurt too: "he hits me", or their own partner.
_WRITERS_OWN_ABUSE = re.compile(
    r"\b(?:hits?|hitting|hurts?|hurting|beats?|kicks?|punch\w*|slaps?|controls?|controlling|"
    r"threaten\w*|follows?|scares?|abus\w*|rap\w*|push\w*|shov\w*|grab\w*|chok\w*|"
    r"strangl\w*)\s+me\b"
    r"|\bmy (?:husband|boyfriend|bf|partner|wife|girlfriend|gf|fella|ex|fiance|missus)\b")


def routed_as_someone_hurt(intent: Optional[str]) -> bool:
    """Whether `intent` is a route for someone who is hurt, or unsure."""
    return bool(intent) and (intent.startswith(_ROUTES_FOR_SOMEONE_HURT)
                             or intent in _OTHER_ROUTES_FOR_SOMEONE_HURT)


def about_someone_else(text: str) -> bool:
    """Whether the writer tells of someone else's partner, and of no harm to themselves."""
    return bool(_SOMEONE_ELSES_PARTNER.search(text)) and not _WRITERS_OWN_ABUSE.search(text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class WriterRouting(RuleComponent, IntentClassifier):
    """Who is writing decides the route where DIET gave one for someone hurt, or was unsure.

    - Someone who says they hurt or frighten a partner gets the own-behaviour route. "I
      slapped my partner at christmas ... I can't forgive myself" was read as physical
      abuse (or not understood), and its writer was told "it is not your fault" and given
      the victims' helpline. PersonExtractor's `harms` entity (bot/person.yml, which no
      training example of a victim's route sets off) says who is writing. A message that
      also says someone hurts the writer keeps its route.
    - A message DIET could not place that tells of someone else's partner ("a lad on my
      team, his girlfriend turns up at lunch every day and he goes white") gets the route
      for helping someone else, unless the writer says they are under 18 or hurt too. Of
      the development follow-ups' first messages that fell back, this moved 7 of 13 from
      friends, family and colleagues and none of 52 others.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        """Forces the writer's route where the rules say it."""
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            entities = {entity.get("entity"): entity.get("value")
                        for entity in message.get(ENTITIES) or []}
            text = straighten_apostrophes(message.get(TEXT) or "").lower()
            if "harms" in entities:
                if routed_as_someone_hurt(intent) and not _HURT_THEMSELVES.search(text):
                    force_intent(message, OWN_BEHAVIOUR_INTENT)
            elif (intent == FALLBACK_INTENT and entities.get("age_group") not in UNDER_18
                  and about_someone_else(text)):
                force_intent(message, SOMEONE_ELSE_INTENT)
        return messages
