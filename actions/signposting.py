"""Actions that name what is happening and open the right doors from the directory."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import services_directory
from actions.pathways import Pathway, Pathways, load_pathways

LONDON = ZoneInfo("Europe/London")
# `area` slot value meaning "they chose not to say": never ask again this session.
AREA_SKIPPED = "none"
# `area` values that mean "search national services only".
NO_LOCAL_AREA = (None, AREA_SKIPPED, services_directory.ELSEWHERE)


def now_in_london() -> datetime:
    """The current time in Europe/London (a seam for tests)."""
    return datetime.now(LONDON)


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The intent the rules matched: the chosen one, not the top of the ranking."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def named_area(tracker: Tracker) -> Optional[str]:
    """The area the latest message named (an id or ELSEWHERE), from bot.place.PlaceExtractor."""
    return next(tracker.get_latest_entity_values("area"), None)


def contact_line(service: Any, channel: Optional[str], pathways: Pathways) -> str:
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


def status_response(match: Any) -> str:
    """The response that says whether a service is open now."""
    if match.always_open:
        return "utter_service_always_open"
    if match.open_now is None:
        return "utter_service_hours_unknown"
    return "utter_service_open_now" if match.open_now else "utter_service_closed_now"


def choose(matches: List[Any], needs: List[str], limit: int) -> List[Any]:
    """Local doors first, but always keep room for the best national one.

    A local service may be closed at 3am; the national line in the last place means
    every reply has a door that can be opened now. National lines are kept only where
    one of the pathway's needs is their main purpose (a "helpline" request should not
    list the FGM line), unless none is.
    """
    local = [m for m in matches if m.local]
    national = [m for m in matches if not m.local]
    primary = [m for m in national if m.service.needs[0] in needs]
    national = primary or national
    keep_local = local[: limit - 1] if national else local[:limit]
    return keep_local + national[: limit - len(keep_local)]


class SignpostAction(Action, ABC):
    """Says the pathway's words, then lists services for its needs, local first.

    Abstract: rasa_sdk registers every concrete Action subclass it imports.
    """

    @abstractmethod
    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The pathway this turn follows."""

    def area(self, tracker: Tracker) -> Optional[str]:
        """The area id to search, if the person gave one."""
        area = tracker.get_slot("area")
        return None if area in NO_LOCAL_AREA else area

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Names the pathway and lists services."""
        pathways = load_pathways()
        pathway = self.pathway(tracker, pathways)
        if pathway is None:
            dispatcher.utter_message(response="utter_default")
            return []
        area = self.area(tracker)
        dispatcher.utter_message(response=pathway.response)
        if named_area(tracker) == services_directory.ELSEWHERE:
            dispatcher.utter_message(response="utter_area_outside")
        listed, offered_local = self.list_services(dispatcher, tracker, pathway, area, pathways)
        return [
            SlotSet("need", pathway.needs[0]),
            SlotSet("local_help_offered", offered_local),
            SlotSet("signposted", listed),
        ]

    def list_services(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        pathway: Pathway,
        area: Optional[str],
        pathways: Pathways,
    ) -> Tuple[List[str], bool]:
        """Utters up to max_services services.

        Returns:
            The ids of the services listed, and whether local help was offered.
        """
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
        matches = choose(matches, pathway.needs, pathways.max_services)
        channel = tracker.get_slot("channel")
        if matches:
            intro = (
                "utter_services_intro_local"
                if any(m.local for m in matches)
                else ("utter_services_intro")
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
        return [match.service.id for match in matches], offer_local


class ActionNameAbuse(SignpostAction):
    """Names the kind of abuse described, says it's not their fault, and signposts."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_name_abuse"

    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The abuse pathway of the latest intent."""
        return pathways.abuse.get(latest_intent(tracker))


class ActionSignpostNeed(SignpostAction):
    """Signposts for a need; after a place is given, re-runs the last need locally."""

    def name(self) -> str:
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
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Resolves a place given this turn, then signposts."""
        intent = latest_intent(tracker)
        if tracker.get_slot("area") == AREA_SKIPPED and intent not in load_pathways().needs:
            # The form ended with a skip: its reply already said the national lines will do.
            return []
        if intent == "give_place" and named_area(tracker) is None:
            # The `area` slot is filled only from PlaceExtractor's entity: nothing matched.
            dispatcher.utter_message(response="utter_area_not_found")
            return []
        return await super().run(dispatcher, tracker, domain)


# Danger and self-harm replies are static and come first; this follow-up then names
# what the classifier heard, so a false alarm still routes and names the abuse.
DANGER_INTENTS = {"immediate_danger", "self_harm", "nlu_fallback"}
FOLLOW_UP_MIN_CONFIDENCE = 0.6


class ActionFollowUpDanger(SignpostAction):
    """After the danger reply, names the abuse or need the classifier saw, if confident."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_follow_up_danger"

    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The classifier's own best abuse or need intent, behind the forced danger intent."""
        for entry in (tracker.latest_message or {}).get("intent_ranking") or []:
            name = entry.get("name")
            if name in DANGER_INTENTS:
                continue
            if (entry.get("confidence") or 0.0) < FOLLOW_UP_MIN_CONFIDENCE:
                return None
            return pathways.for_intent(name)
        return None

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Says nothing more unless the classifier was confident about a pathway."""
        if self.pathway(tracker, load_pathways()) is None:
            return []
        return await super().run(dispatcher, tracker, domain)
