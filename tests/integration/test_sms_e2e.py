"""The SMS line end to end: signed Twilio-style requests to the running gateway and Rasa.

Needs the session fixture `stack` (tests/integration/conftest.py): `gateway_url`,
`rasa_url`, `rasa_token`, with the gateway started with TWILIO_AUTH_TOKEN, SMS_WEBHOOK_URL
(= gateway_url + "/sms") and SENDER_ID_SECRET as below.
"""

from __future__ import annotations

import json
import random
import uuid
from typing import Dict, List
from xml.etree import ElementTree

import httpx
import pytest
from twilio.request_validator import RequestValidator

from tests.integration.conftest import user_events
from webhook.sms.identity import sender_id

pytestmark = pytest.mark.integration

TWILIO_TOKEN = "test-twilio-token"
SENDER_SECRET = "test-sender-secret"


def new_number() -> str:
    """A fresh number in Ofcom's drama range, so every test is a new conversation."""
    return f"+447700900{random.randrange(1000):03d}"  # noqa: S311 - not a secret


def params_for(number: str, body: str, sid: str | None = None) -> Dict[str, str]:
    sid = sid or "SM" + uuid.uuid4().hex
    return {
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "SmsSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": number,
        "To": "+447700900999",
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "FromCountry": "GB",
        "ApiVersion": "2010-04-01",
    }


def post_sms(stack, params: Dict[str, str], signed: bool = True) -> httpx.Response:
    url = stack.gateway_url + "/sms"
    headers = {}
    if signed:
        headers["X-Twilio-Signature"] = RequestValidator(TWILIO_TOKEN).compute_signature(
            url, params
        )
    return httpx.post(url, data=params, headers=headers, timeout=20)


def messages_of(response: httpx.Response) -> List[str]:
    assert response.status_code == 200, response.text
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Response"
    return [child.text or "" for child in root if child.tag == "Message"]


def tracker(stack, number: str) -> dict:
    return stack.tracker(sender_id(number, SENDER_SECRET))


def user_turns(stack, number: str) -> List[dict]:
    return user_events(tracker(stack, number))


def test_danger_message_gets_999_and_the_silent_solution(stack):
    text = " ".join(messages_of(post_sms(stack, params_for(new_number(), "he's got a knife"))))
    assert "999" in text
    assert "55" in text


def test_hi_gets_the_sms_greeting_with_numbered_options(stack):
    text = " ".join(messages_of(post_sms(stack, params_for(new_number(), "hi"))))
    assert "Safe Steps" in text
    assert "Texts stay on your phone" in text  # the SMS variation, chosen by metadata
    assert "Reply 1 for" in text


def test_unsigned_request_is_refused(stack):
    number = new_number()
    response = post_sms(stack, params_for(number, "hi"), signed=False)
    assert response.status_code == 403
    assert user_turns(stack, number) == []


def test_badly_signed_request_is_refused(stack):
    params = params_for(new_number(), "hi")
    headers = {
        "X-Twilio-Signature": RequestValidator("wrong").compute_signature(
            stack.gateway_url + "/sms", params
        )
    }
    response = httpx.post(stack.gateway_url + "/sms", data=params, headers=headers, timeout=20)
    assert response.status_code == 403


def test_retried_message_sid_runs_one_turn(stack):
    number = new_number()
    params = params_for(number, "hi")
    first = post_sms(stack, params)
    second = post_sms(stack, params)
    assert first.content == second.content
    assert len(user_turns(stack, number)) == 1


def test_a_number_picks_the_option_payload(stack):
    number = new_number()
    messages_of(post_sms(stack, params_for(number, "hi")))
    messages_of(post_sms(stack, params_for(number, "1")))
    turns = user_turns(stack, number)
    assert turns[-1]["parse_data"]["intent"]["name"] == "need_someone_to_talk_to"


def test_rasa_never_sees_the_phone_number(stack):
    number = new_number()
    messages_of(post_sms(stack, params_for(number, "hi")))
    dumped = json.dumps(tracker(stack, number))
    assert number not in dumped
    assert number[1:] not in dumped
    assert "0" + number[3:] not in dumped


def test_keywords_are_answered_by_the_gateway(stack):
    number = new_number()
    help_text = " ".join(messages_of(post_sms(stack, params_for(number, "HELP"))))
    assert "999" in help_text and "55" in help_text
    assert user_turns(stack, number) == []


def test_forget_wipes_the_conversation(stack):
    number = new_number()
    messages_of(post_sms(stack, params_for(number, "hi")))
    assert user_turns(stack, number)
    text = " ".join(messages_of(post_sms(stack, params_for(number, "FORGET"))))
    assert "Delete" in text and "couldn't" not in text
    assert user_turns(stack, number) == []
