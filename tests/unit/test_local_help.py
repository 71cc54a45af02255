"""Asking for local help in words becomes MORE for local doors (bot.local_help).

"is there anyone local" after a town was read as a yes to the safety plan's offer,
"anything in my area" as a place with no place in it, "whats available round here" as
not understood, and "Find local help" typed with nothing on offer as a yes to nothing.
"""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.local_help import LocalHelpRequest


def read(text: str, intent: str, answer: float = 0.0, entities: list | None = None) -> Message:
    message = Message(data={
        TEXT: text,
        INTENT: {INTENT_NAME_KEY: intent, "confidence": 0.7},
        ENTITIES: list(entities or []),
        "response_selector": {"question": {"response": {"confidence": answer}}},
    })
    LocalHelpRequest({}).process([message])
    return message


def asked_local(message: Message) -> bool:
    scope = [e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "help_scope"]
    return message.get(INTENT)[INTENT_NAME_KEY] == "ask_more_services" and scope == ["local"]


@pytest.mark.parametrize(("text", "intent"), [
    # what DIET read these as (session 17's model)
    ("is there anyone local", "affirm"),
    ("Find local help", "affirm"),
    ("find local help", "affirm"),
    ("local pls", "affirm"),
    ("anything in my area", "give_place"),
    ("what about something local", "nlu_fallback"),
    ("whats available round here", "nlu_fallback"),
    ("any groups near me", "nlu_fallback"),
    ("any more near me", "ask_more_services"),
    ("is there anything closer to where i live?", "question"),
    ("is there anyone local i could see", "start_safety_plan"),
    # "anywhere" and "helps", and West Country "yer" (my wording of blind round 26's)
    ("anywhere round yer that helps with that", "nlu_fallback"),
    ("anywhere near me that helps with this", "nlu_fallback"),
])
def test_a_request_for_local_help_becomes_more_for_local_doors(text, intent):
    assert asked_local(read(text, intent))


@pytest.mark.parametrize(("text", "intent", "answer"), [
    # a kind of help of its own: the refuge answer or route stays
    ("is there a local refuge", "question", 0.84),
    ("is there a local refuge i could go to", "nlu_fallback", 0.0),
    # housing there is a need of its own (blind round 17: it got the local doors, no 999)
    ("who helps you get a roof over your head round here once youve left", "question", 0.3),
    ("anywhere to stay near me if i go tonight", "nlu_fallback", 0.0),
    # pets: fostering them is national, the pets answer says where (my wording of blind
    # round 28's dog owner)
    ("anywhere nearby that would foster my dog if i go", "question", 0.3),
    ("any local place to take the cats", "nlu_fallback", 0.0),
    # a question of its own, answered well
    ("are local services confidential", "question", 0.61),
    # "local" in something else
    ("the local police know him", "nlu_fallback", 0.0),
    ("i live locally to him, will he find out", "question", 0.3),
    # telling, not asking
    ("hes well known round here", "nlu_fallback", 0.0),
    ("do they make you say who you are, our family is known round here", "question", 0.3),
    ("his mum is well known in the area, who would i even talk to", "nlu_fallback", 0.0),
    # "yer" for "your": not a place
    ("i can go round yer mums after if you want", "nlu_fallback", 0.0),
    # a no stays a no
    ("no not local", "affirm", 0.0),
    # routes and danger are never replaced
    ("is there anyone local, he hits me", "describe_physical_abuse", 0.0),
    ("anyone near me, hes outside with a knife", "immediate_danger", 0.0),
    # a button's payload names its intent
    ("/affirm", "affirm", 0.0),
])
def test_other_messages_keep_their_intent(text, intent, answer):
    message = read(text, intent, answer)
    assert message.get(INTENT)[INTENT_NAME_KEY] == intent
    assert not asked_local(message)


def test_a_question_whose_answer_is_weak_is_a_request_but_a_strong_one_is_answered():
    assert asked_local(read("is there any support near me", "question", answer=0.3))
    assert not asked_local(read("is there any support near me", "question", answer=0.7))


def test_a_place_in_the_same_message_keeps_the_place_route():
    # "anything local in frome": give_place with an area brings that area's doors first
    area = {"entity": "area", "value": "somerset", "start": 18, "end": 23}
    message = read("anything local in frome", "give_place", entities=[area])
    assert message.get(INTENT)[INTENT_NAME_KEY] == "give_place"


def test_the_entity_marks_where_local_was_said():
    # conversation tests annotate it there: "Find [local](help_scope) help"
    [scope] = [e for e in read("Find local help", "affirm").get(ENTITIES)
               if e["entity"] == "help_scope"]
    assert (scope["start"], scope["end"], scope["value"]) == (5, 10, "local")
