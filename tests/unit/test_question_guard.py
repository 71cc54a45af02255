"""bot.components.QuestionGuard: a question is answered only when an answer fits."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.components import QuestionGuard


def parsed(intent: str, answer_confidence: float, text: str = "...") -> Message:
    message = Message({"text": text})
    message.set("intent", {"name": intent, "confidence": 1.0})
    message.set("intent_ranking", [{"name": intent, "confidence": 1.0}])
    message.set("response_selector", {"question": {"response": {
        "intent_response_key": "question/legal_aid", "confidence": answer_confidence}}})
    return message


@pytest.mark.parametrize("confidence, intent", [(0.12, "nlu_fallback"), (0.19, "nlu_fallback"),
                                                (0.2, "question"), (0.8, "question")])
def test_a_question_with_no_fitting_answer_becomes_the_fallback(confidence, intent):
    message = parsed("question", confidence)
    QuestionGuard(QuestionGuard.get_default_config()).process([message])
    assert message.get("intent")["name"] == intent
    assert message.get("intent_ranking")[0]["name"] == intent


def test_other_intents_are_left_alone():
    message = parsed("need_safe_place_to_stay", 0.01)
    QuestionGuard(QuestionGuard.get_default_config()).process([message])
    assert message.get("intent")["name"] == "need_safe_place_to_stay"


def describing_abuse(message: Message, text: str) -> Message:
    """The message with this text and an `abuse_form` entity, as AbuseFormExtractor adds."""
    message.set("text", text)
    message.set("entities", [{"entity": "abuse_form", "value": "describe_physical_abuse",
                              "start": 0, "end": 0, "extractor": "AbuseFormExtractor"}])
    return message


def guarded(message: Message) -> str:
    QuestionGuard({**QuestionGuard.get_default_config(),
                   "never_from": ["ask_more_services"]}).process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize("confidence, intent", [(0.59, "nlu_fallback"), (0.6, "question"),
                                                (0.93, "question")])
def test_an_unsure_message_with_a_fitting_answer_is_answered(confidence, intent):
    assert guarded(parsed("nlu_fallback", confidence)) == intent


@pytest.mark.parametrize("text, confidence, intent", [
    ("if im homeless because of him do i get priority", 0.97, "question"),
    ("what shouldnt i do, i dont want to make it worse for her", 0.99, "question"),
    ("is there help for gay men, my boyfriend hits me", 0.87, "need_housing"),
    ("i am homeless because of him", 0.97, "need_housing"),
])
def test_a_question_shaped_message_with_a_sure_answer_is_answered(text, confidence, intent):
    message = parsed("need_housing", confidence, text)
    assert guarded(message) == intent


@pytest.mark.parametrize("intent", ["immediate_danger", "self_harm", "ask_more_services"])
def test_danger_and_follow_ups_are_never_made_questions(intent):
    message = parsed(intent, 0.99, "what else is there?")
    assert guarded(message) == intent


@pytest.mark.parametrize("text, intent", [
    # A statement of abuse is left to AbuseFormRouting, however sure an answer is.
    ("my husband hits me, we live in yeovil", "nlu_fallback"),
    # Shaped as a question, it is answered.
    ("he controls all the money, how can i get some of my own", "question"),
    ("do i need photos of the bruises for the police", "question"),
])
def test_an_unsure_statement_of_abuse_is_not_answered_as_a_question(text, intent):
    assert guarded(describing_abuse(parsed("nlu_fallback", 0.95), text)) == intent


@pytest.mark.parametrize("text, intent", [
    # DIET chose `question` for a statement: "A trained woman answers" was the reply.
    ("my wife hits me and i dont know who to tell", "nlu_fallback"),
    ("he logs into my facebook and reads all my messages", "nlu_fallback"),
    # Asked, with or without a question mark or a comma before it, it stays a question.
    ("my son is 15 can he come to the refuge with me", "question"),
    ("he hits me, what happens if i call the helpline", "question"),
    ("does it count if he only hits me when hes drunk", "question"),
])
def test_a_statement_of_abuse_that_diet_took_for_a_question_is_left_to_the_forms(text, intent):
    assert guarded(describing_abuse(parsed("question", 0.95), text)) == intent


def test_a_question_that_describes_no_abuse_stays_a_question():
    message = parsed("question", 0.95, "i dont know who to tell")
    assert guarded(message) == "question"


@pytest.mark.parametrize("text, confidence, intent", [
    ("is there a court thing that stops him", 0.13, "question"),
    ("does he get told if i go to a refuge", 0.12, "question"),
    ("what time does tesco close", 0.13, "nlu_fallback"),  # small talk: no person, no service
    ("is there a court thing that stops him", 0.05, "nlu_fallback"),  # under the floor
])
def test_a_question_about_a_person_or_our_services_is_answered_from_a_lower_score(
        text, confidence, intent):
    message = parsed("question", confidence, text)
    QuestionGuard({**QuestionGuard.get_default_config(), "in_domain_from": 0.08,
                   "in_domain_words": ["he", "him", "court", "refuge"]}).process([message])
    assert message.get("intent")["name"] == intent


def guarded_with(message: Message, **config) -> Message:
    QuestionGuard({**QuestionGuard.get_default_config(), **config}).process([message])
    return message


def asked_entities(message: Message) -> list:
    return [e["value"] for e in message.get("entities") or [] if e["entity"] == "asked"]


@pytest.mark.parametrize("text, confidence, asked", [
    # A route that also asks: the route stays, and the answer comes first.
    ("he gets my wages paid into his account, how do i get a bank account he cant see",
     0.78, ["question/legal_aid"]),
    ("im deaf and cant use the phone. is there a text service", 0.6, ["question/legal_aid"]),
    # Asked with no question word opening a clause: a verb before its subject, or "what's"
    # after a phrase ("as her boss what's my role here" got only the physical-abuse block).
    ("my son is 15 can he come to the refuge with me", 0.6, ["question/legal_aid"]),
    ("she keeps turning up with bruises, as her boss whats my role here", 0.6,
     ["question/legal_aid"]),
    # Asking nothing, or an answer that doesn't fit well enough: the route alone.
    ("he gets my wages paid into his account and i cant buy food", 0.95, []),
    ("he gets my wages paid into his account, how do i get a bank account he cant see",
     0.59, []),
])
def test_a_route_that_also_asks_keeps_its_route_and_carries_the_answer(text, confidence, asked):
    message = parsed("describe_financial_abuse", confidence, text)
    guarded_with(message, answer_beside_route_from=0.6)
    assert message.get("intent")["name"] == "describe_financial_abuse"
    assert asked_entities(message) == asked


@pytest.mark.parametrize("confidence, asked", [
    # "my wife says if i werent so useless she wouldnt have to throw things at me. part of
    # me thinks shes right": the route, and the answer that it is not his fault (0.76).
    (0.76, ["question/says_its_my_fault"]),
    (0.69, []),
])
def test_a_route_that_asks_nothing_carries_an_answer_only_when_sure(confidence, asked):
    text = "my girlfriend says i provoke her so she throws stuff at me"
    message = parsed("describe_physical_abuse", confidence, text)
    message.get("response_selector")["question"]["response"]["intent_response_key"] = (
        "question/says_its_my_fault")
    guarded_with(message, answer_beside_route_from=0.2, answer_sure_beside_route_from=0.7)
    assert message.get("intent")["name"] == "describe_physical_abuse"
    assert asked_entities(message) == asked


@pytest.mark.parametrize("text, confidence, asked", [
    # DIET unsure, the rules found abuse: AbuseFormRouting routes it, with the answer.
    ("my wife says if i werent so useless she wouldnt have to throw things at me tbh", 0.76,
     ["question/says_its_my_fault"]),
    ("my wife says if i werent so useless she wouldnt have to throw things at me", 0.59, []),
])
def test_abuse_told_to_an_unsure_model_carries_an_answer_only_when_sure(text, confidence, asked):
    message = describing_abuse(parsed("nlu_fallback", confidence), text)
    message.get("response_selector")["question"]["response"]["intent_response_key"] = (
        "question/says_its_my_fault")
    guarded_with(message, answer_unsure_from=0.4, answer_sure_beside_route_from=0.6)
    assert message.get("intent")["name"] == "nlu_fallback"
    assert asked_entities(message) == asked


@pytest.mark.parametrize("intent", ["immediate_danger", "ask_more_services"])
def test_danger_and_follow_ups_carry_no_asked_answer(intent):
    message = parsed(intent, 0.99, "he hits me, what can i do")
    guarded_with(message, answer_beside_route_from=0.6, never_from=["ask_more_services"])
    assert asked_entities(message) == []


@pytest.mark.parametrize("text, confidence, intent", [
    # "if i ever had to ring 999 and couldnt speak what happens" (0.46): it asks.
    ("if i ever had to ring 999 and couldnt speak, what happens", 0.46, "question"),
    ("is anyone there at 3 in the morning?", 0.35, "question"),
    ("is anyone there at 3 in the morning?", 0.34, "nlu_fallback"),
    # Asking nothing, an unsure message needs the surer answer.
    ("honestly at the end of my rope with her", 0.5, "nlu_fallback"),
])
def test_an_unsure_message_that_asks_is_answered_from_a_lower_score(text, confidence, intent):
    message = parsed("nlu_fallback", confidence, text)
    guarded_with(message, answer_asked_from=0.35)
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize("text, intent", [("hows he knowing", "nlu_fallback"),
                                          ("hiya", "greet"), ("hello is anyone there", "greet")])
def test_a_greeting_that_names_him_is_not_small_talk(text, intent):
    message = parsed("greet", 0.27, text)
    QuestionGuard({**QuestionGuard.get_default_config(), "not_small_talk": ["greet"],
                   "in_domain_words": ["he", "him", "partner"]}).process([message])
    assert message.get("intent")["name"] == intent


@pytest.mark.parametrize("text, bar", [("what now", "answer_asked_from"),
                                       ("he took the car again", "answer_unsure_from")])
def test_the_guard_writes_the_bar_a_reading_in_context_must_clear(text, bar):
    # The actions hold the message read with the one before to this bar (no copy of it).
    config = {**QuestionGuard.get_default_config(), "answer_asked_from": 0.35}
    message = parsed("nlu_fallback", 0.1, text)
    QuestionGuard(config).process([message])
    assert message.get("response_selector")["question"]["answered_from"] == config[bar]


def ranked(intent: str, text: str, *scores: float) -> Message:
    """A parsed message whose answers scored `scores`, best first."""
    message = parsed(intent, scores[0], text)
    selector = message.get("response_selector")["question"]
    selector["ranking"] = [{"intent_response_key": f"question/topic_{n}", "confidence": score}
                           for n, score in enumerate(scores)]
    return message


def leading(message: Message) -> str:
    QuestionGuard({**QuestionGuard.get_default_config(),
                   "answer_lead_from": 0.12, "answer_lead_times": 2.0}).process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize("intent, text, scores, result", [
    # Alone in its field: answered under the bars (the ranker's scores are flat).
    ("question", "what happens when i ring. step by step pls", (0.18, 0.04), "question"),
    ("nlu_fallback", "does this thing know who i am", (0.19, 0.06), "question"),
    # Two answers close together, or too low: not sure enough.
    ("question", "so no one knows its me?", (0.13, 0.13), "nlu_fallback"),
    ("question", "what time does tesco close", (0.11, 0.02), "nlu_fallback"),
    # An unsure message that asks nothing is not answered by the lead alone.
    ("nlu_fallback", "my partner and me", (0.19, 0.05), "nlu_fallback"),
])
def test_an_answer_that_clearly_leads_the_others_is_answered(intent, text, scores, result):
    assert leading(ranked(intent, text, *scores)) == result


@pytest.mark.parametrize("text, confidence, intent", [
    # "n" is "and" here: the helpline's hours were the answer (0.43).
    ("n on sundays?", 0.43, "question"),
    ("no, is it open at night?", 0.5, "question"),
    # A plain no, a no that asks nothing more, or an answer that doesn't fit: still no.
    ("no?", 0.9, "deny"),
    ("no not really", 0.9, "deny"),
    ("n on sundays?", 0.3, "deny"),
])
def test_a_yes_or_no_that_asks_more_is_answered(text, confidence, intent):
    message = parsed("deny", confidence, text)
    guarded_with(message, answer_asked_from=0.35, yes_or_no=["affirm", "deny"],
                 never_from=["affirm", "deny"])
    assert message.get("intent")["name"] == intent
