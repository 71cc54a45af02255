"""Asked for local help (bot.local_help), or a place given for it: the route's local doors.

"is there anyone local" after a town was given was read as a yes to the safety-plan
offer, and "is there anything in my area" as a message not understood: the town was
heard, then ignored. Asked for, local doors are listed even if shown before. A place
given in answer to the local-help offer or form gets this reply too
(data/stories/rules_local_help.yml).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import services_directory
from actions.compose import Part
from actions.pathways import Pathway, Pathways, load_pathways
from actions.signposting import (
    ActionListMoreServices,
    answer_sent,
    latest_asks_something,
    selected_answer,
    selected_confidence,
    unsent_route_answer,
)

# Where a route's own needs have no local door, the kinds of local service that help
# anyone hurt by domestic abuse (not for someone worried about their own behaviour,
# whose route's own needs are the only fitting ones).
LOCAL_DOMESTIC_ABUSE_NEEDS = ("helpline", "idva", "refuge", "emotional_support")
LOCAL_INTRO = "utter_services_intro_local_only"
# A local ask that also asks one thing gets its answer first, when ResponseSelector is
# this sure of it. Local asks take questions whose best answer is below 0.5
# (bot/local_help.yml `answer_below`): "are there places near here that let dogs in with
# you" scored the answer about pets at 0.38, and got the local doors alone.
LOCAL_ANSWER_MIN_CONFIDENCE = 0.3


class ActionListLocalServices(ActionListMoreServices):
    """Lists the local doors for the last route; asks where, when no place is known.

    MORE's route (the last one followed), without the route's words; 999 first as the
    route would say it.
    """

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_list_local_services"

    def exclude(self, tracker: Tracker) -> set:
        """None: asked for, local doors are listed even if shown before."""
        return set()

    def says_first(self) -> bool:
        """999 first where a risk was mentioned this session, or on a high-risk route.

        "hes off on his brothers stag do on the 14th and thats my chance to go", then
        "who sorts out a roof over my head round here": the local doors came with no 999.
        """
        return True

    def local_matches(
        self, tracker: Tracker, pathway: Pathway, pathways: Pathways, route: List[Any]
    ) -> Tuple[List[Any], bool]:
        """The local doors among the route's (`route`); else for abuse in general (True)."""
        local = [m for m in route if m.local]
        if local or pathway.writer_may_harm:
            return local, False
        general = dataclasses.replace(pathway, needs=list(LOCAL_DOMESTIC_ABUSE_NEEDS))
        return [m for m in self.matches(tracker, general, pathways) if m.local], True

    def asked_in_context(self, tracker: Tracker, pathway: Pathway) -> Optional[str]:
        """The answer to what the local ask also asked ("... with room for kids"), if sure."""
        if not latest_asks_something(tracker):
            return None
        if selected_confidence(tracker) < LOCAL_ANSWER_MIN_CONFIDENCE:
            return None
        return unsent_route_answer(tracker, selected_answer(tracker), pathway)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Local doors for a known area; the helpline for one we don't list; else where."""
        pathways = load_pathways()
        pathway = self.pathway(tracker, pathways)
        first = self.first_words(tracker, pathway)
        area = self.area(tracker)
        asked = self.asked_in_context(tracker, pathway)
        # What was asked is answered before the doors: "any refuges near taunton with room
        # for kids" is whether refuges take children, then where to ask near Taunton.
        parts: List[Part] = [Part("first", first)] if first else []
        if asked:
            parts.append(Part("answer", f"utter_{asked}"))
        elsewhere = tracker.get_slot("area") == services_directory.ELSEWHERE
        if elsewhere:
            return self.outside_our_areas(dispatcher, tracker, domain, pathway, pathways, parts)
        if area is None:
            # Not given, or skipped before: asked for now, so ask where (never demanded:
            # "skip" or "no" is a no to the offer this opens). On SMS before the answer.
            parts.append(Part("first", "utter_ask_area"))
            sent = self.send(dispatcher, tracker, domain, parts)
            return [SlotSet("local_help_offered", True), *remember_answer(sent)]
        route = self.matches(tracker, pathway, pathways)
        matches, general = self.local_matches(tracker, pathway, pathways, route)
        area_name = services_directory.load_directory().areas.areas[area].name
        if not matches and route:
            # Nothing local for this person: the route's own lines for them, which cover
            # the area too. The helpline's number alone sent a man, in Leighton Buzzard, to
            # a line for women (safety-facts.md: men are pointed to the Men's Advice Line).
            parts.append(Part("first", "utter_no_local_for_this", {"area_name": area_name}))
            parts += self.service_lines(tracker, route, pathways)
        elif not matches:
            parts.append(Part("other", "utter_no_local_at_all", {"area_name": area_name}))
        else:
            # The intro goes first on SMS too: it is what a lock screen shows, and a local
            # door reached "through National Domestic Abuse Helpline" may not be.
            intro = "utter_no_local_for_this_but_area" if general else LOCAL_INTRO
            parts.append(Part("first", intro, {"area_name": area_name}))
            parts += self.service_lines(tracker, matches, pathways)
        return self.send_listed(dispatcher, tracker, domain, parts)

    def outside_our_areas(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any],
        pathway: Pathway, pathways: Pathways, parts: List[Part],
    ) -> List[EventType]:
        """Asked for local help where our lists don't reach: the route's national lines.

        The helpline's number alone sent a man to a line for women, as 9301f72 found for
        an area we cover with nothing local (safety-facts.md: men are pointed to the Men's
        Advice Line). The helpline's own reply stays where the route has no national line.
        """
        national = [match for match in self.matches(tracker, pathway, pathways)
                    if not match.local]
        if not national:
            parts.append(Part("first", "utter_area_outside_helpline"))
            return remember_answer(self.send(dispatcher, tracker, domain, parts))
        parts.append(Part("first", "utter_area_outside"))
        parts += self.service_lines(tracker, national, pathways)
        return self.send_listed(dispatcher, tracker, domain, parts)

    def service_lines(
        self, tracker: Tracker, matches: List[Any], pathways: Pathways
    ) -> List[Part]:
        """One part per service, without the general intro: each reply here says its own."""
        return [part for part in self.service_parts(tracker, matches, pathways) if part.service]

    def send_listed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any],
        parts: List[Part],
    ) -> List[EventType]:
        """Sends the parts and remembers the services listed (shown this session)."""
        sent = self.send(dispatcher, tracker, domain, parts)
        listed = [part.service for part in sent if part.service]
        shown_before = set(tracker.get_slot("shown_services") or [])
        return [
            SlotSet("local_help_offered", False),
            SlotSet("signposted", listed),
            SlotSet("shown_services", sorted(shown_before | set(listed))),
            *remember_answer(sent),
        ]


def remember_answer(sent: List[Part]) -> List[EventType]:
    """Remembers an answer sent (`answer_sent`), so it is not sent twice running."""
    answer = answer_sent(sent)
    return [SlotSet("last_answer", answer)] if answer else []
