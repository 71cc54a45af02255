"""Several forms of abuse in one message: every one is named, the most urgent leads.

The rules themselves (bot/abuse_forms.yml) are tested in test_abuse_forms.py; here a
small rule file of our own shows what the pipeline and the reply do with what they find.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk.executor import CollectingDispatcher

from actions.signposting import ActionFollowUpDanger, ActionNameAbuse
from bot.abuse_forms import AbuseFormExtractor, AbuseFormRouting, AbuseFormRules
from generated.domain import load_whole_domain
from tests.support.trackers import tracker_after

DOMAIN = load_whole_domain()
RULES = {
    "forms": {
        "describe_physical_abuse": [r"\bhits? me\b"],
        "describe_financial_abuse": [r"\b(?:controls|takes) (?:all )?(?:my|our) money\b"],
        "describe_tech_abuse": [r"\bchecks my phone\b"],
        "describe_emotional_abuse": [r"\bshouts at me\b"],
        "need_safe_place_to_stay": [r"\bnowhere to (?:go|stay)\b"],
    },
    "negations": [r"\b(?:never|not|doesn't|doesnt|don't|dont)\b"],
    "most_urgent_first": ["need_safe_place_to_stay", "describe_physical_abuse",
                          "describe_tech_abuse", "describe_financial_abuse",
                          "describe_emotional_abuse"],
    "may_lead": ["describe_physical_abuse"],
    "detail_only": ["give_place"],
    "needs_cue": {"identify_male_victim": "\\b(?:my wife|she)\\b",
                  "identify_older_person": "\\b(?:pension|grandson|carer)\\b"},
    "cue_entities": {"identify_male_victim": {"gender": "men"},
                     "identify_older_person": {"age_group": "older"}},
    "no_cue_with": {"identify_male_victim": {"lgbt": "yes"}},
    "reroutable": ["describe_physical_abuse", "describe_tech_abuse",
                   "describe_financial_abuse", "describe_emotional_abuse"],
}


@pytest.fixture(scope="module")
def rules(tmp_path_factory) -> AbuseFormRules:
    path = Path(tmp_path_factory.mktemp("rules")) / "abuse_forms.yml"
    path.write_text(yaml.safe_dump(RULES), encoding="utf-8")
    return AbuseFormRules(path)


def parse(rules: AbuseFormRules, text: str, intent: str, confidence: float = 0.6) -> Message:
    """The message as it leaves DIET with `intent`, then through both components."""
    message = Message.build(text=text)
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}],
                add_to_output=True)
    AbuseFormExtractor({}, rules).process([message])
    AbuseFormRouting({}, rules).process([message])
    return message


def forms(message: Message) -> list:
    return [e["value"] for e in message.get("entities") or [] if e["entity"] == "abuse_form"]


def test_every_form_is_found_most_urgent_first(rules):
    message = parse(rules, "he checks my phone and hits me", "describe_tech_abuse")
    assert forms(message) == ["describe_physical_abuse", "describe_tech_abuse"]


def test_a_negated_form_is_not_found_but_the_next_clause_is(rules):
    message = parse(rules, "he doesnt hit me but he checks my phone", "describe_tech_abuse")
    assert forms(message) == ["describe_tech_abuse"]


def test_an_unsure_message_is_routed_for_the_most_urgent_form(rules):
    message = parse(rules, "my partner controls all our money and checks my phone",
                    "nlu_fallback")
    assert message.get("intent")["name"] == "describe_tech_abuse"


def test_a_less_urgent_form_gives_way_to_a_more_urgent_one(rules):
    message = parse(rules, "he hits me and he controls my money", "describe_financial_abuse",
                    confidence=0.9)
    assert message.get("intent")["name"] == "describe_physical_abuse"


def test_a_need_found_first_does_not_stop_violence_leading(rules):
    message = parse(rules, "he hits me, controls my money and ive nowhere to go",
                    "describe_financial_abuse", confidence=0.9)
    assert message.get("intent")["name"] == "describe_physical_abuse"


def test_between_forms_that_do_not_lead_diets_reading_stands(rules):
    message = parse(rules, "he shouts at me and checks my phone", "describe_emotional_abuse",
                    confidence=0.9)
    assert message.get("intent")["name"] == "describe_emotional_abuse"
    assert forms(message) == ["describe_tech_abuse", "describe_emotional_abuse"]


@pytest.mark.parametrize("intent", ["identify_young_person", "need_safe_place_to_stay",
                                    "question", "immediate_danger"])
def test_who_is_writing_needs_questions_and_danger_are_never_rerouted(rules, intent):
    message = parse(rules, "he hits me and controls my money", intent, confidence=0.9)
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize("text, intent", [
    ("he hits me, we live in yeovil", "describe_physical_abuse"),
    ("we live in yeovil", "give_place"),  # a place alone stays a place
])
def test_a_place_that_comes_with_abuse_is_routed_for_the_abuse(rules, text, intent):
    assert parse(rules, text, "give_place", confidence=0.9).get("intent")["name"] == intent


@pytest.mark.parametrize("text, entities, intent", [
    # No sign of who is writing: the abuse described leads.
    ("my partner controls all our money and hits me", [], "describe_physical_abuse"),
    # A same-sex couple is not a man's route by a pronoun.
    ("me and my wife are both women and she hits me", [("lgbt", "yes")],
     "describe_physical_abuse"),
    # The words say it, or the person said so.
    ("my wife hits me", [], "identify_male_victim"),
    ("34 male, my partner hits me", [("gender", "men")], "identify_male_victim"),
])
def test_a_mans_route_needs_a_sign_of_who_is_writing(rules, text, entities, intent):
    assert routed(rules, text, entities, "identify_male_victim") == intent


def routed(rules: AbuseFormRules, text: str, entities: list, chosen: str) -> str:
    """The intent after the form rules, when DIET chose `chosen` (at 0.8) with these entities."""
    message = Message.build(text=text)
    message.set("entities", [{"entity": e, "value": v, "start": 0, "end": 0}
                             for e, v in entities], add_to_output=True)
    message.set("intent", {"name": chosen, "confidence": 0.8}, add_to_output=True)
    message.set("intent_ranking", [{"name": chosen, "confidence": 0.8}], add_to_output=True)
    AbuseFormExtractor({}, rules).process([message])
    AbuseFormRouting({}, rules).process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize("text, entities, intent", [
    # No sign of age: the abuse described leads.
    ("my husband checks my phone and hes taken my bank card, im in frome", [],
     "describe_tech_abuse"),
    # The words say it, or the person's age does.
    ("my grandson takes my pension and checks my phone", [], "identify_older_person"),
    ("im 81 and my husband checks my phone", [("age_group", "older")],
     "identify_older_person"),
])
def test_an_older_persons_route_needs_a_sign_of_age(rules, text, entities, intent):
    assert routed(rules, text, entities, "identify_older_person") == intent


def test_a_message_with_no_form_is_left_unsure(rules):
    message = parse(rules, "what time does tesco close", "nlu_fallback")
    assert message.get("intent")["name"] == "nlu_fallback"
    assert forms(message) == []


def test_a_button_payload_gets_no_forms(rules):
    message = parse(rules, "/describe_physical_abuse", "describe_physical_abuse")
    assert forms(message) == []


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages


def form_entities(*values):
    return [{"entity": "abuse_form", "value": value} for value in values]


def test_the_reply_names_the_other_forms_and_needs_once_each():
    tracker = tracker_after(
        "describe_physical_abuse", "...", {"channel": "web"},
        form_entities("need_safe_place_to_stay", "describe_physical_abuse",
                      "describe_financial_abuse"))
    messages = run(ActionNameAbuse(), tracker)
    responses = [m["response"] for m in messages]
    assert responses[0] == "utter_abuse_physical"
    heard = next(m for m in messages if m["response"] == "utter_also_heard")
    assert heard["forms"] == "economic abuse"
    need = next(m for m in messages if m["response"] == "utter_also_need")
    assert need["needs"] == "a safe place to stay"


def test_one_form_alone_names_nothing_more():
    tracker = tracker_after("describe_physical_abuse", "...", {"channel": "web"},
                            form_entities("describe_physical_abuse"))
    responses = [m["response"] for m in run(ActionNameAbuse(), tracker)]
    assert "utter_also_heard" not in responses and "utter_also_need" not in responses


def test_after_the_danger_reply_an_unsure_classifier_gives_way_to_the_rules():
    tracker = tracker_after(
        "immediate_danger", "...", {"channel": "web"},
        form_entities("describe_physical_abuse", "describe_tech_abuse"), confidence=1.0)
    tracker.latest_message["intent_ranking"] = [
        {"name": "immediate_danger", "confidence": 1.0},
        {"name": "describe_emotional_abuse", "confidence": 0.3}]
    responses = [m["response"] for m in run(ActionFollowUpDanger(), tracker)]
    assert "utter_danger_first" not in responses
    assert responses[0] == "utter_abuse_physical"
    assert "utter_also_heard" in responses
