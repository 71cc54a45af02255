"""Actions that name what is happening and open the right doors from the directory."""

from __future__ import annotations

import itertools
import re
from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, Dict, Iterator, List, Optional
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import services_directory
from actions.answer_titles import load_answer_titles
from actions.compose import OWN_TEXTS_RESPONSE, Part, compose_sms, discreet_name, render
from actions.pathways import LINES_FOR_ANYONE, Pathway, Pathways, answer_instead, load_pathways
from generated.domain import answer_choice_payload, load_replies
from textsafety.asking import asks_something
from textsafety.danger import DANGER_INTENTS
from textsafety.languages import GUESSED_LANGUAGE
from textsafety.reading import ANSWERED_FROM_KEY, IN_CONTEXT_KEY, QUESTION_INTENT

LONDON = ZoneInfo("Europe/London")
# `area` slot value meaning "they chose not to say": never ask again this session.
AREA_SKIPPED = "none"
# The entity bot.risk adds when a message mentions a high-risk indicator.
RISK_ENTITY = "risk"
# The channels services_directory.find knows (a service may be reachable on one only).
CHANNELS = ("web", "sms")
# `safety_plan_offer`: the last reply offered the safety plan, or it was offered before.
SAFETY_PLAN_OPEN, SAFETY_PLAN_CLOSED = "open", "closed"
# Other forms of abuse named in one message: at most this many, each at least this sure.
ALSO_MIN_CONFIDENCE = 0.15
# ... or this sure when DIET was unsure of the message. At 0.25 the blind round 1 named
# 0.561 of the other forms (0.585 at 0.15; 0.537 with none taken), without the 0.16
# "sexual abuse" beside "he checks my location".
ALSO_MIN_CONFIDENCE_UNSURE = 0.25
MAX_ALSO = 2
# Who is asking (slot value) -> the need tag of services for them.
PERSON_NEEDS = {
    "gender": {"men": "male_victims"},
    "age_group": {"young": "young_people", "16_17": "young_people", "older": "older_people"},
    "lgbt": {"yes": "lgbt"},
    "access": {"deaf": "disability", "disabled": "disability"},
}
# Needs of PERSON_NEEDS whose services are for people who are hurt: not listed on a route
# for someone who may harm. A 68-year-old called a bully by his wife and grown-up children
# (blind round 27) was listed Hourglass, the line for abuse of older people, beside Respect.
NEEDS_OF_PEOPLE_HURT = ("male_victims", "older_people", "lgbt")
# A representative age for each `age_group` value, for services' age limits.
# An adult is past every service's upper age limit (Childline's under-19s): a parent
# who said "my 14 year old son" was listed Childline, which is for the child.
AGE_OF_GROUP = {"young": 15, "16_17": 16, "adult": 30, "older": 70}
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


def responses_of(domain: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The domain with its responses: as sent, or else read once from the domain files.

    With Rasa's selective domain on (the endpoints files), Rasa sends no domain to
    these actions: the whole domain is read once from domain.yml and generated/. The
    answers (data/responses/) are added either way: Rasa keeps them out of the domain.
    """
    if domain and domain.get("responses"):
        answers = load_replies()["responses"]
        return {**domain, "responses": {**answers, **domain["responses"]}}
    return load_replies()


def audience_of(tracker: Tracker) -> Dict[str, Any]:
    """Who is asking, as services_directory.find reads it: gender and a representative age."""
    return {
        "gender": tracker.get_slot("gender"),
        "age": AGE_OF_GROUP.get(tracker.get_slot("age_group")),
    }


def also_heard(tracker: Tracker, pathway: Pathway, pathways: Pathways) -> Dict[str, str]:
    """Other forms of abuse, and other needs, the same message described.

    People rarely describe one form alone ("he hits me and takes my money"): the reply
    routes for the most urgent and names the others briefly. The forms come first from
    the rules (`abuse_form` entities, bot.abuse_forms), then from the classifier's
    ranking at ALSO_MIN_CONFIDENCE or more; needs come from the rules alone.
    Returns {"forms": ..., "needs": ...}, each "" when there is none.
    """
    found = list(tracker.get_latest_entity_values("abuse_form"))
    found += [name for name in ranked_intents((tracker.latest_message or {}).get(
        "intent_ranking") or []) if name in pathways.abuse]
    forms: List[str] = []
    needs: List[str] = []
    for intent in dict.fromkeys(found):
        if intent == pathway.intent:
            continue
        if intent in pathways.abuse:
            forms.append(in_sentence(pathways.abuse[intent].label))
        elif intent in pathways.needs and not pathways.needs[intent].writer_may_harm:
            # "he hits me and i hit him back" is not offered a perpetrator programme.
            needs.append(in_sentence(pathways.needs[intent].label))
    return {"forms": ", ".join(forms[:MAX_ALSO]), "needs": ", ".join(needs[:MAX_ALSO])}


def ranked_intents(ranking: List[Dict[str, Any]]) -> List[str]:
    """Intents the classifier itself ranked at ALSO_MIN_CONFIDENCE or more.

    When it was unsure of the message (the FallbackClassifier's entry is in the
    ranking), only at ALSO_MIN_CONFIDENCE_UNSURE: "my boyfriend checks my location all
    the time" was also named sexual abuse, at 0.15 in a ranking DIET did not trust.
    """
    unsure = any(entry.get("name") == "nlu_fallback" for entry in ranking)
    least = ALSO_MIN_CONFIDENCE_UNSURE if unsure else ALSO_MIN_CONFIDENCE
    return [entry.get("name") for entry in ranking if (entry.get("confidence") or 0.0) >= least]


def in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Economic abuse" -> "economic abuse"; FGM stays."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def person_needs(tracker: Tracker) -> List[str]:
    """Need tags of services for who is asking: the Men's Advice Line for a man, etc."""
    slots = {name: tracker.get_slot(name) for name in PERSON_NEEDS}
    return [need for name, values in PERSON_NEEDS.items()
            for value, need in values.items() if slots[name] == value]


def partner_needs(tracker: Tracker, pathway: Pathway, pathways: Pathways) -> List[str]:
    """The Men's Advice Line's need, for someone whose wife or girlfriend hurts them.

    Most often a man, when they have said neither their gender nor that they are LGBT+.
    Only for the abuse itself: "i hit my wife" (own behaviour) is not a male victim.
    """
    if (pathway.intent in pathways.abuse and tracker.get_slot("partner") == "woman"
            and tracker.get_slot("gender") is None and tracker.get_slot("lgbt") is None):
        return [PERSON_NEEDS["gender"]["men"]]
    return []


def contact_line(service: Any, channel: Optional[str], pathways: Pathways) -> str:
    """How to reach a service, in the words of pathways.yml, fit for the channel.

    A service reached only through another one says so and gives that one's number.
    """
    order = pathways.contact_order.get(channel or "web", pathways.contact_order["web"])
    contact = service.contact
    for route in order:
        value = getattr(contact, route, None)
        if not value:
            continue
        if route == "via":
            return via_line(services_directory.get_service(value), channel, pathways)
        # The reply puts its own full stop after the contact: "...IRIS." would read "..".
        line = pathways.contact_labels[route].format(value=value).rstrip(".")
        if route == "phone" and contact.phone_from_abroad:
            line += pathways.contact_labels["from_abroad"].format(value=contact.phone_from_abroad)
        return line
    # e.g. a website-only service on SMS: reach it through the helpline instead.
    return via_line(services_directory.get_service(services_directory.HELPLINE_ID), channel,
                    pathways)


def via_line(via: Any, channel: Optional[str], pathways: Pathways) -> str:
    """'through <service>, call <number>': the way in, with the way in's own number."""
    if via is None:
        via = services_directory.get_service(services_directory.HELPLINE_ID)
    line = pathways.contact_labels["via"].format(value=via.name)
    if via.contact.phone:
        line += ", " + pathways.contact_labels["phone"].format(value=via.contact.phone)
    return line


def status_response(match: Any) -> str:
    """The response that says whether a service is open now.

    A service reached through another one never shows that one's hours as its own.
    """
    if getattr(match, "hours_from_via", False):
        return "utter_service_through"
    if match.always_open:
        return "utter_service_always_open"
    if match.open_now is None:
        return "utter_service_hours_unknown"
    return "utter_service_open_now" if match.open_now else "utter_service_closed_now"


def suits_unstated_gender(matches: List[Any]) -> List[Any]:
    """When nobody has said they are a man, services only for men are left out.

    Most people who write are women, and the National Domestic Abuse Helpline, for
    women, points men to the Men's Advice Line; but a woman asking about sexual violence
    must never see only a men's service, and not every young person is a boy. Once
    someone says they are a man, the `gender` slot brings men's services in.
    """
    not_only_men = [m for m in matches if m.service.audience.gender != "men"]
    return not_only_men or matches


def choose(matches: List[Any], needs: List[str], limit: int) -> List[Any]:
    """Local doors first, but always keep room for the best national one.

    A local service may be closed at 3am; the national line in the last place means
    every reply has a door that can be opened now. National lines are kept only where
    one of the pathway's needs is their main purpose (a "helpline" request should not
    list the FGM line); when none is, only lines that serve one of the pathway's own
    needs (Childline for a young person) or anyone (LINES_FOR_ANYONE, such as
    Samaritans) are listed: MORE after tech abuse once offered the FGM line.
    """
    local = [m for m in matches if m.local]
    national = [m for m in matches if not m.local]
    primary = [m for m in national if m.service.needs[0] in needs]
    specific = set(needs) - set(LINES_FOR_ANYONE)
    national = primary or [m for m in national if m.service.needs[0] in LINES_FOR_ANYONE
                           or specific & set(m.service.needs)]
    keep_local = local[: limit - 1] if national else local[:limit]
    return keep_local + national[: limit - len(keep_local)]


def with_a_door_open_now(chosen: List[Any], audience: Dict[str, Any], at: datetime,
                         limit: int, door_needs: List[str]) -> List[Any]:
    """Every reply carries a way to reach a person now (safety rule 6).

    When nothing chosen is open now, a 24/7 line this person can use takes the last
    place: the first whose main purpose is one of the pathway's `door_now` needs (the
    helpline, else Samaritans; for a man or someone worried about their own behaviour,
    never the women's helpline nor a line for another purpose, such as the FGM line).
    """
    if any(m.always_open or m.open_now for m in chosen):
        return chosen
    for need in door_needs:
        lines = services_directory.find(need, audience=audience, at=at).matches
        open_line = next(
            (m for m in lines if m.always_open and m.service.needs[0] == need), None)
        if open_line is not None:
            kept = [m for m in chosen if m.service.id != open_line.service.id]
            local = [m for m in kept if m.local]
            if len(kept) >= limit and len(local) >= 2:
                # Make room with the second local door, not the national line chosen for
                # who this is (a man at night kept two closed SIDAS doors and lost the
                # Men's Advice Line).
                kept.remove(local[-1])
            return [*kept[: limit - 1], open_line]
    return chosen


class SignpostAction(Action, ABC):
    """Says the pathway's words, then lists services for its needs, local first.

    Composed for the channel (actions.compose): the whole reply on the web; on SMS the
    most urgent parts that fit three texts, with MORE for the rest. A block already
    shown this session is not shown again: the reply points to it and offers it.
    Abstract: rasa_sdk registers every concrete Action subclass it imports.
    """

    @abstractmethod
    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The pathway this turn follows."""

    def area(self, tracker: Tracker) -> Optional[str]:
        """The area id to search, if the person gave one."""
        area = tracker.get_slot("area")
        return None if area in NO_LOCAL_AREA else area

    def says_pathway_words(self, tracker: Tracker) -> bool:
        """Whether the pathway's own words are said (not when a place only adds doors)."""
        return True

    def says_first(self) -> bool:
        """Whether a high-risk route's `first` (999) is said (not after the danger reply)."""
        return True

    def answers_beside_route(self, tracker: Tracker) -> bool:
        """Whether a question asked in the route's own message is answered from the route."""
        return False

    def asked_in_context(self, tracker: Tracker, pathway: Pathway) -> Optional[str]:
        """The answer to what the route's message asked, fitting the route, if not just sent.

        QuestionGuard's `asked` needs ResponseSelector at 0.4. "i lose it with my
        partner and hate myself after. is there anywhere for people like me" scored
        what Respect does at 0.26, and got the route without it.
        """
        if not self.answers_beside_route(tracker):
            return None
        if not latest_asks_something(tracker):
            return None
        answer = (answer_in_context(tracker, pathway, ROUTE_ANSWER_BESIDE_MIN_CONFIDENCE)
                  or best_answer_off_route(tracker, pathway))
        return unsent_route_answer(tracker, answer, pathway) if answer else None

    def first_words(self, tracker: Tracker, pathway: Pathway) -> Optional[str]:
        """What is said before anything else: 999, on a high-risk route or message.

        The route's own `first`; else, when the message mentions a high-risk indicator
        (bot.risk's `risk` entity: strangling, threats to kill, escalation, pregnancy,
        weapons, harm to children or pets, stalking), the 999 line. safety-facts.md
        allows them that one use. Someone asking for another person, or worried about
        their own behaviour, gets the line for someone else in danger.
        """
        if not self.says_first():
            return None
        if pathway.first:
            return pathway.first
        if not risk_mentioned(tracker):
            return None
        if pathway.about_someone_else or pathway.writer_may_harm:
            return "utter_danger_first_someone_else"
        return "utter_danger_first"

    def exclude(self, tracker: Tracker) -> set:
        """Services not to list again this turn."""
        return set()

    def points_back(self) -> bool:
        """Whether doors already shown this session are pointed to rather than repeated."""
        return True

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Names the pathway and lists services."""
        pathways = load_pathways()
        pathway = self.pathway(tracker, pathways)
        if pathway is None:
            dispatcher.utter_message(response="utter_default")
            return []
        parts: List[Part] = []
        first = self.first_words(tracker, pathway)
        if first:
            parts.append(Part("first", first))
        asked = asked_answer(tracker, pathway) or self.asked_in_context(tracker, pathway)
        if asked:
            # What they asked comes before the route: "how do i get a bank account he
            # cant see" is answered, then economic abuse is named and its doors listed.
            parts.append(Part("answer", f"utter_{asked}"))
        words = self.says_pathway_words(tracker)
        if words and not answers_the_need(pathway, asked):
            parts.append(Part("naming", pathway.response))
            also = also_heard(tracker, pathway, pathways)
            # "none of it is your fault" is said to the person it happens to, not to a
            # sister or friend asking for them, nor to someone worried they cause it.
            if also["forms"] and not (pathway.about_someone_else or pathway.writer_may_harm):
                parts.append(Part("naming", "utter_also_heard", {"forms": also["forms"]},
                                  after=pathway.response))
            if also["needs"]:
                parts.append(Part("other", "utter_also_need", {"needs": also["needs"]}))
        if named_area(tracker) == services_directory.ELSEWHERE:
            parts.append(Part("other", "utter_area_outside"))
        matches = self.matches(tracker, pathway, pathways)
        shown_before = set(tracker.get_slot("shown_services") or [])
        offer_local = False
        new = [match for match in matches if match.service.id not in shown_before]
        if (tracker.get_slot("channel") == "sms" and self.points_back()
                and 0 < len(new) < len(matches)):
            # By SMS the doors shown before are pointed to, and only new ones listed: the
            # texts hold two or three doors, so the same ones came first again, and "who
            # in yeovil do i go to", after the housing route, got the last reply unchanged.
            matches = new
            parts.append(Part("line_247", "utter_services_above"))
        if matches and {m.service.id for m in matches} <= shown_before and self.points_back():
            # The same doors as before: point to them rather than repeat the block.
            parts.append(Part("other", "utter_services_above"))
        elif not matches:
            # MORE after the last service: never a reply without a way to reach a person.
            parts.append(Part("other", "utter_no_other_services"))
        else:
            area = self.area(tracker)
            if area and words and not any(match.local for match in matches):
                # "dunstable" was given and the reply listed national lines only, as if
                # the town had not been heard.
                parts.append(Part("other", "utter_no_local_for_this", {
                    "area_name": services_directory.load_directory().areas.areas[area].name}))
            parts += self.service_parts(tracker, matches, pathways)
            offer_local = self.offers_local(tracker, pathway)
            if offer_local:
                parts.append(Part("other", "utter_offer_local"))
        plan = tracker.get_slot("safety_plan_offer")
        if pathway.offer_safety_plan and not offer_local and plan is None and words:
            parts.append(Part("other", "utter_offer_safety_plan"))
            plan = SAFETY_PLAN_OPEN
        elif plan == SAFETY_PLAN_OPEN:
            plan = SAFETY_PLAN_CLOSED  # offered once this session; a later no is not to it
        sent = self.send(dispatcher, tracker, domain, parts)
        # What was sent, not what matched: SMS may leave a door for MORE.
        listed = [part.service for part in sent if part.service]
        # SMS may leave the words out for the doors; MORE then says them.
        words_left_out = words and not any(part.kind == "naming" for part in sent)
        answered = answer_sent(sent)
        if asked and not answered:
            # By SMS, 999 first and an answer of three texts did not fit together: "left
            # him a week ago ... in yeovil", then "who in yeovil do i go to to get put on
            # the housing", got 999 and two doors twice, and never the answer (blind
            # conversations round 19). It comes in texts of its own.
            send_in_own_texts(dispatcher, asked)
            answered = asked
        return [
            # An answer asked again after this is "above" only if this reply sent it.
            SlotSet("last_answer", answered),
            SlotSet("words_left_out", words_left_out),
            SlotSet("safety_plan_offer", plan),
            SlotSet("need", pathway.needs[0] if pathway.needs else tracker.get_slot("need")),
            SlotSet("pathway", pathway.intent),
            SlotSet("local_help_offered", offer_local),
            SlotSet("signposted", listed),
            SlotSet("shown_services", sorted(shown_before | set(listed))),
        ]

    def matches(self, tracker: Tracker, pathway: Pathway, pathways: Pathways) -> List[Any]:
        """Up to max_services services for the pathway's needs, for this person and place."""
        at = now_in_london()
        audience = {} if pathway.about_someone_else else audience_of(tracker)
        audience = {"gender": audience.get("gender"), "age": audience.get("age")}
        channel = tracker.get_slot("channel")
        seen: set = set(self.exclude(tracker))
        found = []
        reach = channel if channel in CHANNELS else None
        needs = pathway.needs
        partner = partner_needs(tracker, pathway, pathways)
        if not pathway.about_someone_else:
            extra = [n for n in [*person_needs(tracker), *partner] if n not in needs
                     and not (pathway.writer_may_harm and n in NEEDS_OF_PEOPLE_HURT)]
            needs = [*needs[:1], *extra, *needs[1:]]
        for need in needs:
            result = services_directory.find(need, area=self.area(tracker), audience=audience,
                                             at=at, channel=reach)
            for match in result.matches:
                if match.service.id not in seen:
                    seen.add(match.service.id)
                    found.append(match)
        if audience["gender"] is None and pathway.for_gender != "men" and not partner:
            found = suits_unstated_gender(found)
        chosen = choose(found, needs, pathways.max_services)
        if not chosen:
            return []  # nothing new (MORE after the last one): the reply says so, with a number
        return with_a_door_open_now(chosen, audience, at, pathways.max_services,
                                    pathway.door_now)

    def offers_local(self, tracker: Tracker, pathway: Pathway) -> bool:
        """Offer local help only to someone who hasn't said where they are, or declined."""
        if tracker.get_slot("area") is not None:
            return False
        return any(
            services_directory.find(need).local_available for need in pathway.needs
        )

    def service_parts(self, tracker: Tracker, matches: List[Any], pathways: Pathways) -> List[Part]:
        """The intro and one part per service; on SMS the first 24/7 line goes first."""
        if not matches:
            return []
        channel = tracker.get_slot("channel")
        intro = "utter_services_intro_local" if any(m.local for m in matches) else (
            "utter_services_intro")
        # On SMS service lines speak for themselves; an intro would be packed apart from them.
        parts = [] if channel == "sms" else [Part("other", intro)]
        line_247 = next((m for m in matches if m.always_open and not m.local), None)
        for match in matches:
            kind = "line_247" if match is line_247 else "local" if match.local else "door"
            name = match.service.name
            if channel == "sms":
                generic = pathways.sms_generic_names[
                    "always_open" if match.always_open else "other"]
                name = discreet_name(name, generic, match.service.sms_name)
            parts.append(Part(kind, status_response(match), {
                "name": name,
                "contact": contact_line(match.service, channel, pathways),
                "what_to_expect": match.service.what_to_expect,
            }, service=match.service.id))
        return parts

    def send(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
        parts: List[Part],
    ) -> List[Part]:
        """Sends the parts, composed for the channel; returns the parts sent."""
        if tracker.get_slot("channel") == "sms":
            more = Part("more", "utter_text_more_for_more")
            parts = compose_sms(parts, responses_of(domain), dict(tracker.slots), more)
        for part in parts:
            dispatcher.utter_message(response=part.response, **part.kwargs)
        return parts


class ActionNameAbuse(SignpostAction):
    """Names the kind of abuse described, says it's not their fault, and signposts."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_name_abuse"

    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The abuse pathway of the latest intent."""
        return pathways.abuse.get(latest_intent(tracker))

    def answers_beside_route(self, tracker: Tracker) -> bool:
        """A message that names abuse may also ask something."""
        return True


class ActionSignpostNeed(SignpostAction):
    """Signposts for a need; after a place is given, re-runs the last need locally."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_signpost_need"

    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The need of the latest intent, else the last pathway followed.

        Someone worried about their own behaviour who then asks for someone to talk to
        is still on their own route: "who can i talk to" after "ive been shouting at my
        partner" got the women's helpline, not Respect.
        """
        latest = pathways.needs.get(latest_intent(tracker))
        last = pathways.for_intent(tracker.get_slot("pathway"))
        if latest is not None and not self.stays_on(last, latest, pathways):
            return latest
        return last or pathways.need_of_tag(pathways.default_need)

    @staticmethod
    def stays_on(last: Optional[Pathway], latest: Pathway, pathways: Pathways) -> bool:
        """Whether a general ask for a person keeps the route of someone who may cause harm."""
        return (last is not None and last.writer_may_harm
                and latest is pathways.need_of_tag(pathways.default_need))

    def says_pathway_words(self, tracker: Tracker) -> bool:
        """A need asked this turn is named; a place given later only adds local doors.

        Not when the need kept the route before it: those words were just read.
        """
        pathways = load_pathways()
        latest = pathways.needs.get(latest_intent(tracker))
        return latest is not None and self.pathway(tracker, pathways) is latest

    def says_first(self) -> bool:
        """999 comes first on a high-risk route, but not again when a place is added."""
        return True

    def answers_beside_route(self, tracker: Tracker) -> bool:
        """A message that asks for a need may also ask something; a place given later not.

        Nor a general ask for a person that kept the own-behaviour route: "is there
        somebody i could speak to about stopping" was pointed to the numbers above, and
        what Respect does went unsaid.
        """
        pathways = load_pathways()
        latest = pathways.needs.get(latest_intent(tracker))
        kept_own_route = latest is not None and self.stays_on(
            pathways.for_intent(tracker.get_slot("pathway")), latest, pathways)
        return self.says_pathway_words(tracker) or kept_own_route

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
            if tracker.get_slot("local_help_offered"):
                # An answer to the offer that names no place we know: ask again.
                dispatcher.utter_message(response="utter_area_not_found")
                dispatcher.utter_message(response="utter_ask_area")
            else:
                # Unasked, a "place" with no place in it is a message we did not
                # understand ("asdf qwer" reads to DIET like a town name): unsure, and
                # said differently when the last reply was unsure too.
                return await ActionUnsure().run(dispatcher, tracker, domain)
            return []
        return await super().run(dispatcher, tracker, domain)


# The English reply that goes after a reply in a guessed language, by the intent it
# answered (the danger intents: utter_<intent>).
ENGLISH_REPLY = {"speak_other_language": "utter_core_help"}


def english_too(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
) -> None:
    """On the web, the English reply after one in a language that was guessed.

    Someone who typed romanised Urdu or Panjabi may not read the script the reply came
    in (the guess is marked by the language entity's extractor, GUESSED_LANGUAGE). On
    SMS the translated reply alone fills the three texts, so it goes alone.
    """
    guessed = any(
        e.get("entity") == "language" and e.get("extractor") in GUESSED_LANGUAGE
        for e in (tracker.latest_message or {}).get("entities") or []
    )
    if not guessed or tracker.get_slot("channel") == "sms":
        return
    english = {**dict(tracker.slots), "language": "en"}
    intent = latest_intent(tracker)
    text = render(responses_of(domain), Part("first", ENGLISH_REPLY.get(intent, f"utter_{intent}")),
                  english)
    if text:
        dispatcher.utter_message(text=text)


class ActionEnglishToo(Action):
    """After the core safety content in a guessed language: the same in English (web)."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_english_too"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Sends the English core help when the language was guessed; sets nothing."""
        english_too(dispatcher, tracker, domain)
        return []


# Danger and self-harm replies are static and come first; this follow-up then names
# what the classifier heard, so a false alarm still routes and names the abuse.
NOT_A_PATHWAY = {*DANGER_INTENTS, "nlu_fallback"}
FOLLOW_UP_MIN_CONFIDENCE = 0.6
# The least answer confidence for an answer after the danger reply. QuestionGuard's
# in-domain floor lets a question naming "police" or "he" through from 0.08, but after
# 999 a wrong answer is noise in an emergency ("he keeps a machete in the van ... how do
# i tell police" got keeping evidence at 0.08). A message that asks something is answered
# from FOLLOW_UP_ASKED_MIN_CONFIDENCE: danger words pull ResponseSelector's scores down,
# and on the development conversations (rounds 3-8, 30 messages behind a danger reply)
# three right answers scored 0.23-0.26 ("he said if i ever left hed kill me. would he
# find out if i rang the helpline") and no wrong one between 0.2 and 0.3 asked anything;
# the two that did not ask were danger now ("kids screaming hes hitting them", 0.29).
FOLLOW_UP_ANSWER_MIN_CONFIDENCE = 0.3
FOLLOW_UP_ASKED_MIN_CONFIDENCE = 0.2


class ActionFollowUpDanger(SignpostAction):
    """After the danger reply, names the abuse or need the classifier saw, if confident."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_follow_up_danger"

    def says_first(self) -> bool:
        """The danger reply has just given 999 and the 55 steps."""
        return False

    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The classifier's own best abuse or need intent, behind the forced danger intent.

        When the classifier is unsure, the most urgent form the rules found in the
        message (bot.abuse_forms lists them most urgent first), if any.
        """
        for entry in (tracker.latest_message or {}).get("intent_ranking") or []:
            name = entry.get("name")
            if name in NOT_A_PATHWAY:
                continue
            if (entry.get("confidence") or 0.0) >= FOLLOW_UP_MIN_CONFIDENCE:
                return pathways.for_intent(name)
            break
        return next((pathways.abuse[form] for form in tracker.get_latest_entity_values(
            "abuse_form") if form in pathways.abuse), None)

    def answer(self, tracker: Tracker) -> Optional[str]:
        """The answer, when the classifier's reading behind the danger was a question.

        "he said if i ever left hed kill me. would he find out if i rang the helpline"
        gets 999 and the 55 step, then the answer it asked for. Only when `question` comes
        straight after the forced danger intent: a question QuestionGuard found no fitting
        answer for was made `nlu_fallback`, which then comes first.
        """
        message = tracker.latest_message or {}
        ranking = [entry for entry in message.get("intent_ranking") or []
                   if entry.get("name") not in DANGER_INTENTS]
        asks = latest_asks_something(tracker)
        read_as_question = bool(ranking) and ranking[0].get("name") == QUESTION_INTENT and (
            ranking[0].get("confidence") or 0.0) >= FOLLOW_UP_MIN_CONFIDENCE
        if read_as_question and asks:
            least = FOLLOW_UP_ASKED_MIN_CONFIDENCE
        elif read_as_question or asks:
            # Not read as a question, but the message asks one and an answer fits: "Could
            # someone phone me thursday afternoons while hes out at bowls" (DIET's danger
            # 0.59, the safe-time answer 0.57). Of the 149 English danger lines of the
            # held-out sets, none that asks scores 0.3.
            least = FOLLOW_UP_ANSWER_MIN_CONFIDENCE
        else:
            return None
        return selected_answer(tracker) if selected_confidence(tracker) >= least else None

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """English after a reply in a guessed language; then the answer or a pathway."""
        english_too(dispatcher, tracker, domain)
        answer = self.answer(tracker)
        if tracker.get_slot("channel") == "sms":
            return self.hold_for_more(dispatcher, tracker, answer)
        if answer is not None:
            return send_answer(dispatcher, route_answer(tracker, answer))
        if self.pathway(tracker, load_pathways()) is None:
            asked = asked_answer(tracker)
            return send_answer(dispatcher, asked) if asked else []
        return await super().run(dispatcher, tracker, domain)

    def hold_for_more(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, answer: Optional[str]
    ) -> List[EventType]:
        """On SMS: the answer in texts of its own; the route waits for MORE.

        The danger reply fills the three texts, so the gateway left out whatever came
        after it: "he said if i ever left hed kill me. would he find out if i rang"
        got 999 and the 55 step, and MORE listed services, never the answer. Nothing
        of the route is counted as shown, so MORE brings the naming and every door.
        """
        pathway = self.pathway(tracker, load_pathways())
        asked = route_answer(tracker, answer, pathway) if answer else asked_answer(tracker, pathway)
        if pathway is None and asked is None:
            return []
        if asked is None:
            return held_for_more(dispatcher, pathway)
        return send_in_own_texts(dispatcher, asked, pathway)


def held_for_more(dispatcher: CollectingDispatcher, pathway: Pathway) -> List[EventType]:
    """By SMS: says MORE brings the rest of the reply; the route waits for it.

    Nothing is counted as shown, so MORE (ActionListMoreServices) brings the route's
    naming and every door.
    """
    dispatcher.utter_message(response="utter_text_more_for_rest")
    return [SlotSet("signposted", []), SlotSet("pathway", pathway.intent),
            SlotSet("words_left_out", True)]


def answer_sent(sent: List[Part]) -> Optional[str]:
    """The answer ("question/<topic>") among the parts sent, if one was: SMS may leave it out."""
    return next((part.response.removeprefix("utter_") for part in sent
                 if part.kind == "answer"), None)


def send_in_own_texts(
    dispatcher: CollectingDispatcher, answer: str, pathway: Optional[Pathway] = None
) -> List[EventType]:
    """By SMS: the answer asked for, in texts of its own after a reply that fills three.

    The gateway packs what follows OWN_TEXTS_RESPONSE into up to three more texts. The
    answer used to wait for MORE: by SMS, 5 of the 65 questions and follow-ups of blind
    conversations round 18 that mentioned a past risk ("he strangled me back in may ...
    is it worth jotting it all down now") got 999 and the 55 step, and no answer. A
    route waits for MORE (`held_for_more`), which the reply says if there is room.
    """
    dispatcher.utter_message(response=OWN_TEXTS_RESPONSE)
    events = send_answer(dispatcher, answer)
    if pathway is not None:
        events += held_for_more(dispatcher, pathway)
    return events


def answers_the_need(pathway: Pathway, answer: Optional[str]) -> bool:
    """Whether `answer` says, more fully, what the route's own words say.

    Some need routes' words are a short form of their first follow-up answer
    (`Pathway.words_in_first_answer`): "my visa is tied to my husband and he says he will
    get me deported" got the immigration answer and then the immigration route's words,
    the same thing twice. Words that acknowledge ("Asking this takes courage") stay.
    """
    return bool(answer and pathway.words_in_first_answer and pathway.follow_up_answers
                and answer.rpartition("/")[2] == pathway.follow_up_answers[0])


def asked_answer(tracker: Tracker, pathway: Optional[Pathway] = None) -> Optional[str]:
    """The answer a route's message also asked for (`asked`, by QuestionGuard), if not just sent.

    As the route gives it (`Pathway.answers_instead`), this turn's or else the last one.
    """
    asked = asked_entity(tracker)
    return unsent_route_answer(tracker, asked, pathway) if asked else None


def asked_entity(tracker: Tracker) -> Optional[str]:
    """The `asked` entity of the latest message ("question/<topic>"), if any.

    QuestionGuard's answer beside a route, or the one a person picked from a choice.
    """
    return next(tracker.get_latest_entity_values("asked"), None)


def unsent_route_answer(
    tracker: Tracker, answer: str, pathway: Optional[Pathway] = None
) -> Optional[str]:
    """The answer as the route gives it (`route_answer`), unless it was the last one sent."""
    answer = route_answer(tracker, answer, pathway)
    return answer if answer != tracker.get_slot("last_answer") else None


def risk_mentioned(tracker: Tracker) -> bool:
    """Whether this message, or one before it this session, mentions a high-risk indicator.

    A follow-up rarely repeats the risk: "is there a helpline for him", after "my
    brothers wife went for him with a frying pan last week", got the route with no 999.
    Only the entity's presence is read (bot.risk); the stores keep no message text.
    """
    if next(tracker.get_latest_entity_values(RISK_ENTITY), None) is not None:
        return True
    for event in reversed(tracker.events or []):
        if event.get("event") == "session_started":
            return False
        if event.get("event") == "user" and any(
                entity.get("entity") == RISK_ENTITY
                for entity in (event.get("parse_data") or {}).get("entities") or []):
            return True
    return False


def latest_asks_something(tracker: Tracker) -> bool:
    """Whether the latest message asks something (textsafety.asking)."""
    return asks_something((tracker.latest_message or {}).get("text") or "")


def route_of_writer_who_harms(tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
    """The own-behaviour route, when the writer said they hurt a partner (`harms` slot)."""
    return pathways.for_writers_who_harm() if tracker.get_slot("harms") == "yes" else None


# What Respect does is the answer for someone who may harm, or for someone asking about
# help for the one who harms ("is there a course for him", "his anger"). To anyone else it
# reads as being taken for the one who harms: "my grandson ... shouts if i want any of my
# pension" (an 82-year-old), "his temper is my doing" (told by a partner), "her partner has
# got worse" (a mother) were all told "The Respect Phoneline is for people worried about
# how they treat a partner" (development conversations, rounds 10-27).
RESPECTS_ANSWER = "what_respect_does"
# ... and in its place, for a man who is hurt: the answer that names the Men's Advice Line.
MENS_LINE_ANSWER = "helpline_for_men"
ASKS_ABOUT_HELP_FOR_THEM = re.compile(
    r"\b(?:respect|courses?|programmes?|programs?|classes|anger management|perpetrators?|"
    r"abusers?|(?:for|help|helps|helping) (?:him|her|them|my (?:\w+ )?(?:husband|wife|partner|"
    r"boyfriend|girlfriend|ex|son|daughter|dad|mum))|(?:his|her|their) (?:anger|temper|"
    r"behaviou?r|drinking|violence))\b")


def respects_answer_unasked(tracker: Tracker, answer: str,
                            pathway: Optional[Pathway]) -> bool:
    """Whether `answer` is what Respect does, on a route for someone hurt, not asked for.

    Only on a route (this turn's or the conversation's) for someone hurt or someone
    helping them: a question alone may come from someone who harms without saying so
    ("i smashed my girlfriends phone ... who can i actually talk to").
    """
    if answer.rpartition("/")[2] != RESPECTS_ANSWER:
        return False
    if pathway is None or pathway.writer_may_harm or tracker.get_slot("harms") == "yes":
        return False
    text = ((tracker.latest_message or {}).get("text") or "").lower()
    return not ASKS_ABOUT_HELP_FOR_THEM.search(text)


def next_answer_not_respects(tracker: Tracker) -> Optional[str]:
    """The best ranked answer that is not what Respect does, if scored above noise."""
    return next((answer for answer, confidence in ranked_answers(tracker)
                 if answer.rpartition("/")[2] != RESPECTS_ANSWER
                 and confidence >= ROUTE_ANSWER_MIN_CONFIDENCE), None)


# What Respect does, picked for a question about what Respect does with what it is told:
# the police ("would they tell police on me", "wont tip off the old bill") and privacy
# ("is it private?", "do they ask who i am") have answers of their own, which also say
# what Respect is. Development conversations (rounds 3-28): four writers worried about
# their own behaviour were told what Respect does, not what they asked.
RESPECT_ASKED_ABOUT = (
    ("respect_report_police", re.compile(
        # not "arrested" or "nicked": "could i be arrested for that" asks if it is a crime
        r"\b(?:police|cops?|coppers|old bill|report(?:ed)? me|reported|criminal record|"
        r"on (?:my|a) record)\b")),
    ("respect_confidential", re.compile(
        r"\b(?:private|privately|confidential|anonymous|my name|who i am|between us|"
        r"on the quiet|tell (?:anyone|my (?:boss|work|wife|husband|partner|family)|her|him|them)|"
        r"find out|get back to)\b")),
)


def respects_answer_to_what_was_asked(
    tracker: Tracker, answer: str, pathway: Optional[Pathway]
) -> str:
    """Respect's answer about the police or privacy, when that is what the message asks.

    Only in place of what Respect does, and only for someone who may harm (their route or
    the `harms` slot): someone hurt who asks about a course for him is asking what it is.
    """
    may_harm = (pathway is not None and pathway.writer_may_harm) or (
        tracker.get_slot("harms") == "yes")
    if answer.rpartition("/")[2] != RESPECTS_ANSWER or not may_harm:
        return answer
    text = ((tracker.latest_message or {}).get("text") or "").lower()
    asked = next((topic for topic, pattern in RESPECT_ASKED_ABOUT if pattern.search(text)), None)
    return f"{answer.rpartition('/')[0]}/{asked}" if asked else answer


def route_answer(tracker: Tracker, answer: str, pathway: Optional[Pathway] = None) -> str:
    """The answer as the route gives it: this turn's route, else the conversation's last.

    Someone who said they are under 18 gets the young people's answer on any route, and
    a man (not one who hurts a partner, nor on that route) the answers that name a line
    for men.
    Someone writing about a person they work with gets the answers for work, as their
    boss or as a colleague (the `work` slot).
    Someone who said they hurt or frighten a partner (the `harms` slot) gets the answers
    of the own-behaviour route on any route: "grabbed my partner by the arms last night
    ... is there something for men like me" was routed as a man hurt at home, and its
    confidentiality and police questions got the helpline's answers, not Respect's.
    """
    pathways = load_pathways()
    pathway = (route_of_writer_who_harms(tracker, pathways) or pathway
               or pathways.for_intent(tracker.get_slot("pathway")))
    for_a_man_hurt = (tracker.get_slot("gender") == "men" and tracker.get_slot("harms") != "yes"
                      and not (pathway and pathway.writer_may_harm))
    if respects_answer_unasked(tracker, answer, pathway):
        # "so who do i even call", from a man whose wife pushed him down the stairs, was
        # read as what Respect does: a man who is hurt gets the answer with the men's line.
        instead = (answer_instead(answer, {RESPECTS_ANSWER: MENS_LINE_ANSWER}) if for_a_man_hurt
                   else next_answer_not_respects(tracker))
        if instead is not None:
            return route_answer(tracker, instead, pathway)
    answer = pathway.answer_for(answer) if pathway else answer
    answer = respects_answer_to_what_was_asked(tracker, answer, pathway)
    if PERSON_NEEDS["age_group"].get(tracker.get_slot("age_group")) == "young_people":
        answer = answer_instead(answer, pathways.answers_for_young_people)
    if for_a_man_hurt:
        answer = answer_instead(answer, pathways.answers_for_men)
    return answer_instead(answer, pathways.answers_at_work.get(tracker.get_slot("work")) or {})


def _selector_output(tracker: Tracker) -> Dict[str, Any]:
    """ResponseSelector's output for the latest message (its pick and ranking), or {}.

    Read alone, or with the message before it (bot.follow_up_context), whichever is
    surer: "what now" alone ranks no answer above 0.12, and after "my niece went back
    to him" the two together rank what to do when a friend goes back at 0.95. When the
    surer reading is the answer just sent, the message before may have been the
    question it answered: then the message alone decides, if it is sure on its own.
    """
    selector = _response_selector(tracker)
    alone = selector.get(QUESTION_INTENT) or {}
    in_context = selector.get(IN_CONTEXT_KEY) or {}
    if _picked_confidence(in_context) <= _picked_confidence(alone):
        return alone
    just_sent = (in_context.get("response") or {}).get("intent_response_key") == (
        tracker.get_slot("last_answer"))
    if (just_sent and _picked_confidence(alone) >= _answered_from(alone)
            and not refers_back(tracker)):
        return alone
    return in_context


# A short follow-up that names what it asks about as "that", "this" or "it" asks about
# what was just answered: "how much will that cost me, im on UC", after the answer on
# legal aid for a court order, read alone is the helpline's cost (0.55), and was given it
# (blind round 28).
REFERS_BACK = re.compile(r"\b(?:that|this|it)\b")
REFERS_BACK_MAX_WORDS = 10


def refers_back(tracker: Tracker) -> bool:
    """Whether the latest message is short and refers to something already said."""
    text = ((tracker.latest_message or {}).get("text") or "").lower()
    return len(text.split()) <= REFERS_BACK_MAX_WORDS and bool(REFERS_BACK.search(text))


def _response_selector(tracker: Tracker) -> Dict[str, Any]:
    """The latest message's ResponseSelector outputs, alone and in context, or {}."""
    return (tracker.latest_message or {}).get("response_selector") or {}


def _picked_confidence(output: Dict[str, Any]) -> float:
    return (output.get("response") or {}).get("confidence") or 0.0


def _answered_from(alone: Dict[str, Any]) -> float:
    """How sure an answer must be to answer this message, by QuestionGuard's bar (config.yml).

    Without the bar (no QuestionGuard ran), no reading is sure enough.
    """
    bar = alone.get(ANSWERED_FROM_KEY)
    return float(bar) if bar is not None else float("inf")


def read_in_context(tracker: Tracker) -> bool:
    """Whether the answers are read with the message before (`_selector_output`)."""
    selector = _response_selector(tracker)
    return bool(selector.get(IN_CONTEXT_KEY)) and _selector_output(
        tracker) is selector.get(IN_CONTEXT_KEY)


def _selected_response(tracker: Tracker) -> Dict[str, Any]:
    """ResponseSelector's pick for the latest message: its key and confidence, or {}."""
    return _selector_output(tracker).get("response") or {}


def selected_answer(tracker: Tracker) -> Optional[str]:
    """The answer ResponseSelector picked for the latest message ("question/<topic>")."""
    return _selected_response(tracker).get("intent_response_key") or None


def selected_confidence(tracker: Tracker) -> float:
    """How sure ResponseSelector was of the answer it picked for the latest message."""
    return _selected_response(tracker).get("confidence") or 0.0


def send_answer(dispatcher: CollectingDispatcher, answer: str) -> List[EventType]:
    """Sends an answer ("question/<topic>") and remembers it, so it is not sent twice running."""
    dispatcher.utter_message(response=f"utter_{answer}")
    return [SlotSet("last_answer", answer)]


def send_or_point_back(
    dispatcher: CollectingDispatcher, tracker: Tracker, answer: str
) -> List[EventType]:
    """Sends the answer (`send_answer`), or points to it when it was the whole last reply.

    Sending it again then would repeat that turn unchanged. When the answer came beside a
    route, or turns ago, it is sent again alone: "so does it even count", after a route
    that also answered it, was told "What I know about this is in my reply above", which
    answers nothing, and on SMS that reply may be several texts up (development
    conversations, rounds 3-17: 49 of the 175 follow-ups and questions not answered).
    """
    if answer == tracker.get_slot("last_answer") and previous_reply(tracker) == [
            f"utter_{answer}"]:
        return point_back(dispatcher, tracker, answer)
    return send_answer(dispatcher, answer)


def point_back(dispatcher: CollectingDispatcher, tracker: Tracker, answer: str
               ) -> List[EventType]:
    """The answer's start again, pointing to the rest in a reply above; sets nothing."""
    dispatcher.utter_message(response="utter_answer_above",
                             answer_start=answer_start(answer, tracker))
    return []


# The start of an answer said again in short is at least this long: "Yes." alone, the
# opening of several answers, answers nothing.
ANSWER_START_MIN_CHARS = 60
_CLAUSE_END = re.compile(r"(?<=[.!?;])\s+")


def answer_start(answer: str, tracker: Tracker) -> str:
    """The answer's first sentence, or sentences up to ANSWER_START_MIN_CHARS, as sent.

    Asked the same question again ("so will they think im wasting their time", after its
    answer), the reply was only "What I know about this is in my reply above", which
    answers nothing; on SMS that reply may be several texts up. Sending the whole answer
    again would repeat the last turn unchanged (development conversations rounds 3-18:
    51 of 1,075 items got the pointer alone).
    """
    return start_of_answer(
        render(load_replies(), Part("answer", f"utter_{answer}"), dict(tracker.slots)))


def start_of_answer(text: str) -> str:
    """The first sentences or clauses of an answer's text, up to ANSWER_START_MIN_CHARS.

    A clause ending in ";" ends the start as a sentence would: by SMS, "In short: This
    chat can't contact anyone. Respect is confidential ... at risk of serious harm."
    with the helpline and 999 came to four texts, and the last was cut (blind round 20).
    """
    start = ""
    for clause in _CLAUSE_END.split(text):
        start = f"{start} {clause}".strip()
        if len(start) >= ANSWER_START_MIN_CHARS:
            break
    return start[:-1] + "." if start.endswith(";") else start


def previous_reply(tracker: Tracker) -> List[Optional[str]]:
    """The responses the bot's reply to the message before the latest was made from, in order.

    Read from the responses' names (`utter_action`) that Rasa keeps on the bot's events; a
    text sent without one is None. A new session forgets `last_answer`
    (`carry_over_slots_to_new_session: false`), so a reply from the session before is
    never taken for an answer just sent.
    """
    said: List[Optional[str]] = []
    seen_latest = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            if seen_latest:
                break
            seen_latest = True
        elif event.get("event") == "bot" and seen_latest:
            said.append((event.get("metadata") or {}).get("utter_action"))
    return said[::-1]


# When ResponseSelector is this unsure of a question, the conversation's route may
# decide among its best few answers (`Pathway.follow_up_answers`).
ROUTE_DECIDES_BELOW = 0.35
# ... among its best this many, each scored at least this. On the development
# follow-ups (conversations rounds 3-5, 90), this answered 5 unsure follow-ups right and
# 2 wrong, where ResponseSelector alone had given 4 of them a wrong answer and 3 the
# unsure reply ("is there a court thing that stops him" after stalking: occupation
# order at 0.16, the non-molestation order 3rd at 0.05).
ROUTE_DECIDES_AMONG = 3
ROUTE_ANSWER_MIN_CONFIDENCE = 0.05
# A first message that describes abuse and asks something is routed by its own words,
# so its route is weaker evidence: an answer beside it needs 0.1. On the development
# questions (conversations rounds 3-5) that DIET routed and that asked something below
# QuestionGuard's 0.4, this gave 11 right answers and 1 wrong (at 0.05: 13 and 7).
ROUTE_ANSWER_BESIDE_MIN_CONFIDENCE = 0.1


# ... and when none of the route's answers is that likely, the best answer of all needs
# this: "bi lad, 23, my boyfriend knocks me about. messaging on here, could anyone else
# see it?" got the physical-abuse route, and whether anyone sees the chat (0.16) went
# unsaid (blind round 28). On the development questions that a route got and that asked
# something below QuestionGuard's 0.4 (conversations rounds 3-28, 29), this gave 5 more
# right answers (2 in rounds 3-27) and no wrong one; for someone who may harm, the one
# it would have given was the colleague's, so it is not used on their route.
ROUTE_ANSWER_OFF_ROUTE_MIN_CONFIDENCE = 0.15


def best_answer_off_route(tracker: Tracker, pathway: Pathway) -> Optional[str]:
    """The answer ranked first, when at least ROUTE_ANSWER_OFF_ROUTE_MIN_CONFIDENCE.

    Not on the route of someone who may harm: answers for people who are hurt do not fit.
    """
    if pathway.writer_may_harm or tracker.get_slot("harms") == "yes":
        return None
    ranked = ranked_answers(tracker)
    if not ranked or ranked[0][1] < ROUTE_ANSWER_OFF_ROUTE_MIN_CONFIDENCE:
        return None
    return ranked[0][0]


def ranked_answers(tracker: Tracker) -> List[tuple]:
    """ResponseSelector's ranking for the latest message: ("question/<topic>", confidence)."""
    return [(entry.get("intent_response_key"), entry.get("confidence") or 0.0)
            for entry in _selector_output(tracker).get("ranking") or []
            if entry.get("intent_response_key")]


def answer_in_context(
    tracker: Tracker,
    pathway: Optional[Pathway] = None,
    min_confidence: float = ROUTE_ANSWER_MIN_CONFIDENCE,
) -> Optional[str]:
    """The answer ResponseSelector ranked best among those that fit the route, if any.

    The route is `pathway`, else the conversation's last. "is it my phone?" alone is
    unsure (spyware at 0.19); after "he always turns up wherever i am" (stalking) it is
    a question about the phone giving her away.
    """
    pathways = load_pathways()
    pathway = (pathway or pathways.for_intent(tracker.get_slot("pathway"))
               or route_of_writer_who_harms(tracker, pathways))
    if pathway is None or not pathway.follow_up_answers:
        return None
    for answer, confidence in ranked_answers(tracker)[:ROUTE_DECIDES_AMONG]:
        if confidence < min_confidence:
            break
        if answer.rpartition("/")[2] in pathway.follow_up_answers:
            return answer
    return None


class ActionAnswerQuestion(Action):
    """A question's answer, as ResponseSelector picked it, but not the same one twice running.

    "been meaning to call the helpline for weeks", then "what do they ask u": both pick
    what happens when you call, and the second got the same paragraph again. When
    ResponseSelector is unsure, the conversation's route may decide (`answer_in_context`).
    """

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Sends the answer, or points to it when it was the last one sent."""
        # A question carries `asked` only when picked from a choice of two (a button).
        answer = asked_entity(tracker)
        if answer is None:
            answer = selected_answer(tracker)
            if selected_confidence(tracker) < ROUTE_DECIDES_BELOW:
                answer = answer_in_context(tracker) or answer
        if answer is None:
            dispatcher.utter_message(response="utter_default")
            return []
        return send_or_point_back(dispatcher, tracker, route_answer(tracker, answer))


class ActionAnswerAsked(Action):
    """After a static reply, the answer the message also asked for (`asked`), if any.

    "is this chat saved anywhere? he goes through my laptop" is a question about
    staying safe online, whose reply is the quick-exit block; QuestionGuard found what
    it asked (whether the chat is stored) at 0.85, and nothing said it.
    """

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_answer_asked"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Sends the asked answer unless it was the last one sent; else nothing.

        By SMS the block fills two of the three texts and no answer fits in the third:
        the gateway left it out whole, so "does this chat stay saved once i shut the
        tab" got the block and nothing else (blind conversations round 12). There the
        answer comes in texts of its own.
        """
        asked = asked_answer(tracker)
        if not asked:
            return []
        if tracker.get_slot("channel") == "sms":
            return send_in_own_texts(dispatcher, asked)
        return send_answer(dispatcher, asked)


class ActionAnswerRoute(Action):
    """A route answered by one of the questions' answers (`Pathways.answers`), as a question is.

    "how do i ask the police about my new fellas past" is Clare's Law's route; "how
    long does it take" next is the same answer, pointed to rather than sent again.
    """

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_answer_route"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Sends the route's answer, or points to it when it was the last one sent."""
        pathway = load_pathways().answers.get(latest_intent(tracker))
        if pathway is None:
            dispatcher.utter_message(response="utter_default")
            return []
        return send_or_point_back(dispatcher, tracker, pathway.response.removeprefix("utter_"))


class ActionUnsure(Action):
    """The classifier is unsure: an answer the conversation makes clear, else say so.

    After a route, "is there a course or something" is unsure alone but is a question
    about what Respect does (`answer_in_context`). Otherwise, for a message that asks
    something, the answer ranked first when it is likely enough (`best_guess`); else the
    unsure reply, and a different one, with a person first, when the last reply was
    already unsure.
    """

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_unsure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Sends the answer in context, else the likeliest answer, else the unsure reply."""
        unsure_again = last_bot_response(tracker) in UNSURE_REPLIES
        guessed = False
        in_context = sure_in_context(tracker)
        if asked_again(tracker, in_context):
            return point_back(dispatcher, tracker, tracker.get_slot("last_answer"))
        answer = in_context or answer_in_context(tracker)
        if answer is None and not unsure_again:
            # After an unsure reply a person comes first, not another guess.
            answer = best_guess(tracker)
            guessed = answer is not None
        answer = unsent_route_answer(tracker, answer) if answer else None
        if answer is not None:
            events = send_answer(dispatcher, answer)
            other = other_choice(tracker, answer) if guessed else None
            if other is not None:
                # A guess can be wrong (7 of 35 on the development conversations): the
                # next likeliest answer is one tap away.
                dispatcher.utter_message(response="utter_best_guess_other", buttons=[other])
            return events
        choices = [] if unsure_again else answer_choices(tracker)
        if choices:
            dispatcher.utter_message(response="utter_default_choose", buttons=choices)
            return []
        dispatcher.utter_message(response="utter_default_again" if unsure_again
                                 else "utter_default")
        return []


def asked_again(tracker: Tracker, in_context: Optional[str]) -> bool:
    """Whether an unsure message, read with the one before, asks what was just answered.

    `in_context` is that reading's answer when sure of it (`sure_in_context`).

    "wont they be sick of hearing from me twice", after going back was answered, is
    unsure alone and sure, read with the message before, of the same answer. It got the
    unsure reply, as the answer just sent is not sent again; the answer's start, pointing
    to the rest above, answers it without repeating the turn.
    """
    return in_context is not None and route_answer(tracker, in_context) == tracker.get_slot(
        "last_answer")


def sure_in_context(tracker: Tracker) -> Optional[str]:
    """The answer the message read with the one before gave, when sure of it.

    As sure as QuestionGuard asks of the message read alone (`_answered_from`).
    """
    if not read_in_context(tracker):
        return None
    alone = _response_selector(tracker).get(QUESTION_INTENT) or {}
    return selected_answer(tracker) if selected_confidence(tracker) >= _answered_from(
        alone) else None

# The unsure replies: after one of them, the next unsure turn says it differently.
UNSURE_REPLIES = ("utter_default", "utter_default_choose")
# A choice of two answers is offered when ResponseSelector ranks both at least this
# high for an unsure message that asks something. On the development questions and
# follow-ups (conversations rounds 3-7, questions round 2), read alone: 19 such
# messages, the right answer among the two for 10 (first for 8); at 0.08, 23 and 13.
CHOICE_MIN_CONFIDENCE = 0.1
CHOICES = 2


# An unsure message that asks something gets the answer ranked first when it scores at
# least this, rather than "I'm not sure I understood". On the development conversations
# (rounds 3-25), 37 questions got an unsure reply; read alone, the answer ranked first was
# the right one for 29 of them (at 0.1 or more: 28 right, 7 wrong), and the right one was
# among the first three for 35.
BEST_GUESS_MIN_CONFIDENCE = 0.1


def best_guess(tracker: Tracker) -> Optional[str]:
    """The answer ranked first for an unsure message that asks something, if likely enough."""
    if not latest_asks_something(tracker):
        return None
    ranked = ranked_answers(tracker)
    if not ranked or ranked[0][1] < BEST_GUESS_MIN_CONFIDENCE:
        return None
    return ranked[0][0]


def likely_titled_answers(tracker: Tracker) -> Iterator[str]:
    """Answers ranked at CHOICE_MIN_CONFIDENCE or more that have a title, best first, once.

    As the route gives them (`route_answer`): the buttons pick what the person would get.
    """
    titles = load_answer_titles()
    seen: List[str] = []
    for answer, confidence in ranked_answers(tracker):
        if confidence < CHOICE_MIN_CONFIDENCE:
            return
        answer = route_answer(tracker, answer)
        if answer not in seen and answer.rpartition("/")[2] in titles:
            seen.append(answer)
            yield answer


def choice_button(answer: str) -> Dict[str, str]:
    """A button that picks `answer` ("question/<topic>"), titled from answer_titles.yml."""
    return {"title": load_answer_titles()[answer.rpartition("/")[2]],
            "payload": answer_choice_payload(answer)}


def other_choice(tracker: Tracker, sent: str) -> Optional[Dict[str, str]]:
    """A button for the likeliest answer after `sent`, if it is likely enough and titled."""
    other = next((answer for answer in likely_titled_answers(tracker) if answer != sent), None)
    return choice_button(other) if other else None


def answer_choices(tracker: Tracker) -> List[Dict[str, str]]:
    """Buttons for the two answers ResponseSelector ranked best, if both are likely enough.

    Only for a message that asks something ("everyone keeps telling me to just go but
    i love him, does that make me thick": still loving them at 0.27, below what
    QuestionGuard answers from).
    """
    if not latest_asks_something(tracker):
        return []
    picked = list(itertools.islice(likely_titled_answers(tracker), CHOICES))
    if len(picked) < CHOICES:
        return []
    return [choice_button(answer) for answer in picked]


def last_bot_response(tracker: Tracker) -> Optional[str]:
    """The response the bot's last message was made from (before this turn), if any."""
    reply = previous_reply(tracker)
    return reply[-1] if reply else None


class ActionListMoreServices(SignpostAction):
    """MORE (or "any other numbers?"): the next doors for the last pathway."""

    def name(self) -> str:
        """Action name in domain.yml."""
        return "action_list_more_services"

    def pathway(self, tracker: Tracker, pathways: Pathways) -> Optional[Pathway]:
        """The last pathway followed, else the helpline's."""
        last = pathways.for_intent(tracker.get_slot("pathway"))
        return last or pathways.need_of_tag(pathways.default_need)

    def says_first(self) -> bool:
        """Asked for more, not for the first words again."""
        return False

    def says_pathway_words(self, tracker: Tracker) -> bool:
        """Only words the last reply left out (SMS): the rest were just read."""
        return bool(tracker.get_slot("words_left_out"))

    def exclude(self, tracker: Tracker) -> set:
        """Every door shown this session, after a reply that listed doors.

        After a reply that pointed back to the doors above ("Show them again"), none:
        then MORE means them again.
        """
        if not tracker.get_slot("signposted"):
            return set()
        return {*tracker.get_slot("signposted"), *(tracker.get_slot("shown_services") or [])}

    def points_back(self) -> bool:
        """Asked for: shown again, whatever was shown before."""
        return False
