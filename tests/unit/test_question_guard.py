"""bot.components.QuestionGuard: a question is answered only when an answer fits."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.components import QuestionGuard


def parsed(intent: str, answer_confidence: float) -> Message:
    message = Message({"text": "..."})
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
