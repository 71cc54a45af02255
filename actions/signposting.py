"""Actions that name what is happening and open the right doors from the directory."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, Dict, List, Optional, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import services_directory
from actions.pathways import Pathway, Pathways, load_pathways

LONDON = ZoneInfo("Europe/London")
# `area` slot value meaning "they chose not to say": never ask again this session.
AREA_SKIPPED = "none"


def now_in_london() -> datetime:
    """The current time in Europe/London (a seam for tests)."""
    return datetime.now(LONDON)


def latest_intent(tracker: Tracker) -> Optional[Text]:
    """The intent the rules matched: the chosen one, not the top of the ranking."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def contact_line(service: Any, channel: Optional[Text], pathways: Pathways) -> Text:
    """How to reach a service, in the words of pathways.yml, fit for the channel."""
    order = pathways.contact_order.get(channel or "web", pathways.contact_order["web"])
    contact = service.contact
    for route in order:
        value = getattr(contact, route, None)
        if not value:
            continue
        if route == "via":
            via = services_directory.get_service(value)
            value = via.name if via else value
        return pathways.contact_labels[route].format(value=value)
    # e.g. a website-only service on SMS: reach it through the helpline instead.
    helpline = services_directory.get_service(services_directory.HELPLINE_ID)
    return pathways.contact_labels["via"].format(value=helpline.name)


def status_response(match: Any) -> Text:
    """The response that says whether a service is open now."""
    if match.always_open:
        return "utter_service_always_open"
    if match.open_now is None:
        return "utter_service_hours_unknown"
    return "utter_service_open_now" if match.open_now else "utter_service_closed_now"


def choose(matches: List[Any], limit: int) -> List[Any]:
    """Local doors first, but always keep room for the best national one.

    A local service may be closed at 3am; the national line in the last place means
    every reply has a door that can be opened now.
    """
    local = [m for m in matches if m.local]
    national = [m for m in matches if not m.local]
    keep_local = local[: limit - 1] if national else local[:limit]
    return keep_local + national[: limit - len(keep_local)]


class SignpostAction(Action, ABC):
    """Says the pathway's words, then lists services for its needs, local first.

    Abstract: rasa_sdk registers every concrete Action subclass it imports.
    """

    @abstractmethod
    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The pathway this turn follows."""

    def area(self, tracker: Tracker) -> Optional[Text]:
        """The area id to search, if the person gave one."""
        area = tracker.get_slot("area")
        return None if area in (None, AREA_SKIPPED) else area

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        """Names the pathway and lists services."""
        pathways = load_pathways()
        pathway = self.pathway(tracker, pathways)
        if pathway is None:
            dispatcher.utter_message(response="utter_default")
            return []
        area = self.area(tracker)
        dispatcher.utter_message(response=pathway.response)
        offered_local = self.list_services(dispatcher, tracker, pathway, area, pathways)
        return [
            SlotSet("need", pathway.needs[0]),
            SlotSet("local_help_offered", offered_local),
        ]

    def list_services(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        pathway: Pathway,
        area: Optional[Text],
        pathways: Pathways,
    ) -> bool:
        """Utters up to max_services services; returns whether it offered local help."""
        at = now_in_london()
        seen: set = set()
        matches = []
        local_available = False
        for need in pathway.needs:
            result = services_directory.find(need, area=area, at=at)
            local_available = local_available or result.local_available
            for match in result.matches:
                if match.service.id not in seen:
                    seen.add(match.service.id)
                    matches.append(match)
        matches = choose(matches, pathways.max_services)
        channel = tracker.get_slot("channel")
        if matches:
            intro = "utter_services_intro_local" if any(m.local for m in matches) else (
                "utter_services_intro"
            )
            dispatcher.utter_message(response=intro)
        for match in matches:
            dispatcher.utter_message(
                response=status_response(match),
                name=match.service.name,
                contact=contact_line(match.service, channel, pathways),
                what_to_expect=match.service.what_to_expect,
            )
        offer_local = area is None and local_available and tracker.get_slot("area") is None
        if offer_local:
            dispatcher.utter_message(response="utter_offer_local")
        return offer_local


class ActionNameAbuse(SignpostAction):
    """Names the kind of abuse described, says it's not their fault, and signposts."""

    def name(self) -> Text:
        """Action name in domain.yml."""
        return "action_name_abuse"

    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The abuse pathway of the latest intent."""
        return pathways.abuse.get(latest_intent(tracker))


class ActionSignpostNeed(SignpostAction):
    """Signposts for a need; after a place is given, re-runs the last need locally."""

    def name(self) -> Text:
        """Action name in domain.yml."""
        return "action_signpost_need"

    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The need of the latest intent, else the last need asked about."""
        latest = pathways.needs.get(latest_intent(tracker))
        if latest is not None:
            return latest
        last_need = tracker.get_slot("need") or pathways.default_need
        return pathways.need_of_tag(last_need) or pathways.need_of_tag(pathways.default_need)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        """Resolves a place given this turn, then signposts."""
        intent = latest_intent(tracker)
        if tracker.get_slot("area") == AREA_SKIPPED and intent not in load_pathways().needs:
            # The form ended with a skip: its reply already said the national lines will do.
            return []
        events: List[EventType] = []
        if intent == "give_place":
            place = next(tracker.get_latest_entity_values("place"), None)
            area = services_directory.resolve_area(place or tracker.latest_message.get("text"))
            if area is None:
                dispatcher.utter_message(response="utter_area_not_found")
                return []
            events.append(SlotSet("area", area))
            tracker.slots["area"] = area
        return events + await super().run(dispatcher, tracker, domain)
