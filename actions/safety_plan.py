"""The guided safety plan (issue 14): the steps of the topic the person chose.

A topic comes from a button payload (`/choose_safety_plan_topic{"plan_topic": "..."}`,
also what an SMS number reply sends) as the `plan_topic` entity. A topic typed as
words ("the kids", or a button title such as "Phone and online") has no entity,
because DIET extracts none (config.yml), so the typed words are matched here against
the menu's button titles (domain.yml) and the phrases annotated in
data/nlu/safety_plan.yml, which scripts/generate.py copies into
generated/safety_plan_topics.yml (the action server reads no training data). The words
are read for this turn only: the action returns
no events, so nothing typed is stored (the `plan_topic` slot is filled by Rasa from
the entity, and only ever with a topic id).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

# The values of the `plan_topic` slot (domain.yml); each has `utter_safety_plan_<topic>`.
TOPICS = ("at_home", "leaving", "after_leaving", "children", "phone_online", "work")
MENU = "utter_safety_plan_menu"
ROOT = Path(__file__).resolve().parent.parent
NLU_PATH = ROOT / "data" / "nlu" / "safety_plan.yml"  # the source (scripts/generate.py)
TOPIC_PHRASES_PATH = ROOT / "generated" / "safety_plan_topics.yml"  # what is read here
_ANNOTATION = re.compile(r'\[([^\]]+)\]\{"entity": "plan_topic", "value": "(\w+)"\}')
_PAYLOAD_ENTITIES = re.compile(r"^/choose_safety_plan_topic(\{.*\})$")


def response_of(topic: str) -> str:
    """The response that holds a topic's steps."""
    return f"utter_safety_plan_{topic}"


def plain_words(text: str) -> str:
    """Lower-case words joined by single spaces, apostrophes dropped ("I've" -> "ive")."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", "")))


def phrases_by_topic(nlu_text: str) -> Dict[str, List[str]]:
    """{topic: its annotated phrases as plain words} from the NLU data's text (generate.py)."""
    found: Dict[str, List[str]] = {topic: [] for topic in TOPICS}
    for phrase, topic in _ANNOTATION.findall(nlu_text):
        words = plain_words(phrase)
        if topic in found and words and words not in found[topic]:
            found[topic].append(words)
    return found


@lru_cache(maxsize=1)
def annotated_phrases() -> Tuple[Tuple[str, str], ...]:
    """(phrase, topic) pairs annotated with `plan_topic` (the generated copy)."""
    topics = yaml.safe_load(TOPIC_PHRASES_PATH.read_text(encoding="utf-8"))["topics"]
    return tuple((phrase, topic) for topic, phrases in topics.items() if topic in TOPICS
                 for phrase in phrases)


def menu_titles(domain: Dict[str, Any]) -> List[Tuple[str, str]]:
    """(title, topic) pairs of the menu's buttons, read from the domain."""
    pairs = []
    for variation in (domain.get("responses") or {}).get(MENU) or []:
        for button in variation.get("buttons") or []:
            match = _PAYLOAD_ENTITIES.match(str(button.get("payload") or ""))
            if not match:
                continue
            topic = json.loads(match.group(1)).get("plan_topic")
            if topic in TOPICS:
                pairs.append((plain_words(str(button.get("title") or "")), topic))
    return pairs


def typed_topic(text: str, domain: Dict[str, Any]) -> Optional[str]:
    """The topic a typed message names: the longest known phrase found in it, or None."""
    padded = f" {plain_words(text)} "
    phrases = sorted(
        (pair for pair in [*menu_titles(domain), *annotated_phrases()] if pair[0]),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    return next((topic for phrase, topic in phrases if f" {phrase} " in padded), None)


def chosen_topic(tracker: Tracker, domain: Dict[str, Any]) -> Optional[str]:
    """The topic this message chose, or None.

    The slot is not read: a typed choice leaves it holding the previous topic.
    """
    entity = next(tracker.get_latest_entity_values("plan_topic"), None)
    if entity in TOPICS:
        return entity
    return typed_topic((tracker.latest_message or {}).get("text") or "", domain)


class ActionShowSafetyPlanTopic(Action):
    """Shows the steps of the chosen safety-plan topic, or the topics again."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_show_safety_plan_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Utters the topic's response; an unknown topic gets the menu. Returns no events."""
        topic = chosen_topic(tracker, domain)
        dispatcher.utter_message(response=response_of(topic) if topic else MENU)
        return []


class ActionDeclineSafetyPlan(Action):
    """A no to the safety-plan offer: said kindly, with the helpline, and not offered again."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_decline_safety_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Keeps the helpline in reach and closes the offer for the session."""
        dispatcher.utter_message(response="utter_safety_plan_declined")
        return [SlotSet("safety_plan_offer", "closed")]
