"""Validation of the optional local help form: a place becomes an area id."""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import services_directory
from actions.signposting import AREA_SKIPPED

SKIP_WORDS = {"skip", "no", "none", "nope", "rather not", "rather not say", "no thanks"}


class ValidateLocalHelpForm(FormValidationAction):
    """Turns the place someone typed into an area id; never stores the raw text."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "validate_local_help_form"

    def validate_area(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Accepts a known town or postcode, or a skip; asks again otherwise."""
        text = str(slot_value or "").strip()
        if text == AREA_SKIPPED or text.lower() in SKIP_WORDS:
            dispatcher.utter_message(response="utter_area_skipped")
            return {"area": AREA_SKIPPED, "local_help_offered": False}
        place = next(tracker.get_latest_entity_values("place"), None)
        area = services_directory.resolve_area(place or text)
        if area is None:
            dispatcher.utter_message(response="utter_area_not_found")
            return {"area": None}
        return {"area": area, "local_help_offered": False}
