"""The optional local help form: the area someone names, or their choice not to say."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.signposting import AREA_SKIPPED, named_area

SKIP_WORDS = {"skip", "no", "none", "nope", "rather not", "rather not say", "no thanks"}


class ValidateLocalHelpForm(FormValidationAction):
    """Fills `area` with an area id, `elsewhere` or `none`; never with the words typed."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "validate_local_help_form"

    async def extract_area(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """Reads the reply to "which town?": a place PlaceExtractor found, a skip, or neither."""
        if tracker.get_slot("requested_slot") != "area":
            return {}  # the form is only starting: nothing has been asked yet
        area = named_area(tracker)
        if area is not None:
            return {"area": area}
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        text = str((tracker.latest_message or {}).get("text") or "").strip().lower()
        if intent == "deny" or text in SKIP_WORDS:
            return {"area": AREA_SKIPPED}
        dispatcher.utter_message(response="utter_area_not_found")
        return {"area": None}

    def validate_area(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """A skip is respected; a named area ends the form; nothing else is kept."""
        if slot_value == AREA_SKIPPED:
            dispatcher.utter_message(response="utter_area_skipped")
            return {"area": AREA_SKIPPED, "local_help_offered": False}
        if slot_value is None:
            return {"area": None}
        return {"area": slot_value, "local_help_offered": False}


class ActionDeclineLocalHelp(Action):
    """A no to the local-help offer: said kindly, and the offer is not made again."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_decline_local_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Says the national lines will do and remembers the choice for the session."""
        dispatcher.utter_message(response="utter_area_skipped")
        return [SlotSet("area", AREA_SKIPPED), SlotSet("local_help_offered", False)]
