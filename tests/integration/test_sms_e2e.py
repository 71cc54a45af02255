"""The SMS line end to end: signed Twilio-style requests to the running gateway and Rasa.

Needs the session fixture `stack` (tests/support/plugin.py): `gateway_url`,
`rasa_url`, `rasa_token`, with the gateway started with TWILIO_AUTH_TOKEN, SMS_WEBHOOK_URL
(= gateway_url + "/sms") and SENDER_ID_SECRET as below.

The sender id's key is random and kept in the gateway's store (here its memory), so
these tests judge by what comes back; the ids and what Rasa receives are checked in
tests/unit/test_sms_webhook.py, and FORGET's wipe in Redis in test_privacy_redis.py.
"""

from __future__ import annotations

import random
import uuid
from typing import Dict, List
from xml.etree import ElementTree

import httpx
import pytest
from twilio.request_validator import RequestValidator

pytestmark = pytest.mark.integration

TWILIO_TOKEN = "test-twilio-token"


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
    assert "<Message>" not in response.text


def test_badly_signed_request_is_refused(stack):
    params = params_for(new_number(), "hi")
    headers = {
        "X-Twilio-Signature": RequestValidator("wrong").compute_signature(
            stack.gateway_url + "/sms", params
        )
    }
    response = httpx.post(stack.gateway_url + "/sms", data=params, headers=headers, timeout=20)
    assert response.status_code == 403


def test_retried_message_sid_gets_the_same_reply(stack):
    number = new_number()
    params = params_for(number, "hi")
    first = post_sms(stack, params)
    second = post_sms(stack, params)
    assert first.content == second.content
    assert messages_of(first)


def test_a_number_picks_the_option_payload(stack):
    number = new_number()
    greeting = " ".join(messages_of(post_sms(stack, params_for(number, "hi"))))
    assert "Reply 1 for" in greeting
    chosen = " ".join(messages_of(post_sms(stack, params_for(number, "1"))))
    # Option 1 is someone to talk to: the helpline, not the greeting again.
    assert "0808 2000 247" in chosen and chosen != greeting


def test_keywords_are_answered_by_the_gateway(stack):
    number = new_number()
    help_text = " ".join(messages_of(post_sms(stack, params_for(number, "HELP"))))
    assert "999" in help_text and "55" in help_text


def test_forget_wipes_the_conversation(stack):
    number = new_number()
    messages_of(post_sms(stack, params_for(number, "hi")))
    text = " ".join(messages_of(post_sms(stack, params_for(number, "FORGET"))))
    # "couldn't" is the reply when Rasa refused the wipe.
    assert "Delete" in text and "couldn't" not in text
