"""Every pathway x area x channel x person: the reply is right, reachable and whole.

Generated from actions/pathways.yml, so a new route is covered without a new test. Each
reply is rendered as Rasa would (the domain's variations for the slots) and, on SMS,
sent through the gateway's own composer and splitter. For each combination:
- a phone number that is open now or 24/7 is in the reply (999 counts on a high-risk
  route, which says it first);
- no service is listed that this person can't use (gender, age) or that doesn't serve
  their area;
- SMS: at most three texts, none cut ("..."), no phone number split across texts, and
  the first text (the lock screen) gives no topic away.
Run at 3am on a Thursday, when local services are closed: the hardest hour.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.signposting as signposting
import services_directory
from actions.compose import TOPIC_WORDS, Part, render
from actions.pathways import load_pathways
from actions.signposting import AGE_OF_GROUP, ActionNameAbuse, ActionSignpostNeed
from generated.domain import load_whole_domain
from services_directory.search import fits
from tests.support.trackers import tracker_after
from webhook.sms.messages import load_messages
from webhook.sms.service import render_reply, reply_parts

DOMAIN = load_whole_domain()
PATHWAYS = load_pathways()
THURSDAY_3AM = datetime(2026, 11, 26, 3, 0, tzinfo=ZoneInfo("Europe/London"))
AREAS = ["somerset", "bath-ne-somerset", "central-bedfordshire", "elsewhere", None]
CHANNELS = ["web", "sms"]
PEOPLE = {
    "unstated": {},
    "woman": {"gender": "women"},
    "man": {"gender": "men"},
    "young": {"age_group": "young"},
    "16-17": {"age_group": "16_17"},
    "older": {"age_group": "older"},
}
PHONE = re.compile(r"(?<!\d)(?:0\d{2,4}(?: ?\d{2,4}){1,3}|116 123|999)(?!\d)")
STANDARD_KEYS = {"text", "buttons", "elements", "custom", "template", "response",
                 "image", "attachment", "quick_replies"}
BY_NAME = {s.name: s for s in services_directory.load_directory().services}


def slots_for(area, channel, person):
    return {
        "channel": channel, "area": area, "language": "en", "need": None, "pathway": None,
        "local_help_offered": False, "signposted": None, "shown_services": None,
        "gender": None, "age_group": None,
        "helpline_phone": "0808 2000 247", "rape_crisis_phone": "0808 500 2222",
        "respect_phone": "0808 802 4040", **person,
    }


def slots_set_by_intent(intent):
    """What Rasa's from_intent slot mappings set before the action runs."""
    found = {}
    for name, slot in DOMAIN["slots"].items():
        for mapping in slot.get("mappings") or []:
            if mapping.get("type") == "from_intent" and mapping.get("intent") == intent:
                found[name] = mapping["value"]
    return found


def reply_for(intent, area, channel, person):
    """What the action sends: its messages, and the same rendered as text."""
    person = {**person, **slots_set_by_intent(intent)}
    slots = slots_for(area, channel, person)
    tracker = tracker_after(intent, slots=slots)
    action = ActionNameAbuse() if intent in PATHWAYS.abuse else ActionSignpostNeed()
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    rendered = []
    for message in dispatcher.messages:
        kwargs = {k: v for k, v in message.items() if k not in STANDARD_KEYS and v is not None}
        part = Part("", message["response"], kwargs)
        variation = signposting_variation(message["response"], slots)
        rendered.append({"text": render(DOMAIN, part, slots),
                         "buttons": variation.get("buttons") or []})
    return dispatcher.messages, rendered


def signposting_variation(response, slots):
    from actions.compose import pick_variation

    return pick_variation(DOMAIN, response, slots)


@pytest.fixture(autouse=True)
def three_am(monkeypatch):
    monkeypatch.setattr(signposting, "now_in_london", lambda: THURSDAY_3AM)


COMBINATIONS = list(itertools.product(
    sorted([*PATHWAYS.abuse, *PATHWAYS.needs]), AREAS, CHANNELS, sorted(PEOPLE)))


@pytest.mark.parametrize("intent, area, channel, person", COMBINATIONS)
def test_the_reply_is_right_reachable_and_whole(intent, area, channel, person):
    person = {**PEOPLE[person], **slots_set_by_intent(intent)}
    messages, rendered = reply_for(intent, area, channel, person)
    listed = [BY_NAME.get(m.get("name")) for m in messages if m.get("name")]
    text = "\n".join(r["text"] for r in rendered)

    # Reachable now: a 24/7 or open line's number, or 999 said first on a high-risk route.
    open_now = [
        m for m in messages
        if m["response"] in ("utter_service_always_open", "utter_service_open_now")
        and PHONE.search(m.get("contact") or "")
    ]
    through_247 = [m for m in messages if m["response"] == "utter_service_through"
                   and PHONE.search(m.get("contact") or "")]
    pathway = PATHWAYS.for_intent(intent)
    assert open_now or through_247 or (pathway.first and "999" in text), text

    # Eligible: the person's gender and age, and the area.
    age = AGE_OF_GROUP.get(person.get("age_group"))
    audience = {"gender": person.get("gender"), "age": age}
    if pathway.about_someone_else:
        audience = {}  # the services are for the person being helped, not the writer
    for service in listed:
        if service is None:
            continue  # an SMS short name: checked through the contact below
        assert fits(service, audience), (service.id, person)
        if audience.get("gender") is None:
            assert service.audience.gender != "men", service.id
        if service.audience.areas != "national":
            assert area in service.audience.areas, (service.id, area)

    if channel == "sms":
        body, _ = render_reply(rendered, load_messages())
        texts = reply_parts(body)
        assert 1 <= len(texts) <= 3, texts
        assert not any(t.endswith("...") for t in texts), texts
        assert not TOPIC_WORDS.search(texts[0]), texts[0]
        for number in PHONE.findall(body):
            assert any(number in t for t in texts), f"{number} split: {texts}"


def test_a_woman_asking_about_sexual_violence_never_sees_only_a_mens_service():
    messages, _ = reply_for("need_sexual_violence_support", "somerset", "web", {"gender": "women"})
    listed = [BY_NAME[m["name"]] for m in messages if m.get("name") in BY_NAME]
    assert listed and all(s.audience.gender != "men" for s in listed)


def test_a_man_sees_the_mens_advice_line():
    messages, _ = reply_for("describe_physical_abuse", None, "web", {"gender": "men"})
    assert "Men's Advice Line" in [m.get("name") for m in messages]


def test_a_young_person_sees_childline():
    messages, _ = reply_for("identify_young_person", "somerset", "web", {"age_group": "young"})
    assert "Childline" in [m.get("name") for m in messages]


def test_forced_marriage_gives_999_first_and_the_fmu_number_from_abroad():
    messages, rendered = reply_for("describe_forced_marriage", None, "web", {})
    assert messages[0]["response"] == "utter_danger_first"
    assert "999" in rendered[0]["text"] and "55" in rendered[0]["text"]
    assert any("+44 20 7008 0151" in (m.get("contact") or "") for m in messages)
    assert "Protection Order" in "\n".join(r["text"] for r in rendered)


@pytest.mark.parametrize("intent", sorted([*PATHWAYS.abuse, *PATHWAYS.needs]))
def test_a_line_for_another_purpose_never_stands_in(intent):
    """The 24/7 stand-in is a helpline or Samaritans, never e.g. the FGM line for a man."""
    for person in PEOPLE.values():
        messages, _ = reply_for(intent, None, "web", person)
        for name in [m.get("name") for m in messages if m.get("name") in BY_NAME]:
            service = BY_NAME[name]
            asked = set(PATHWAYS.for_intent(intent).needs) | {
                "helpline", "emotional_support", "male_victims", "young_people", "children",
                "older_people", "lgbt"}
            assert service.needs[0] in asked or set(service.needs) & set(
                PATHWAYS.for_intent(intent).needs), (intent, person, service.id)


def test_someone_worried_about_their_behaviour_is_not_sent_to_the_victims_helpline():
    messages, _ = reply_for("worried_about_own_behaviour", None, "web", {})
    names = [m.get("name") for m in messages]
    assert "National Domestic Abuse Helpline (run by Refuge)" not in names
