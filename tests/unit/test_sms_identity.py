"""The pseudonymous SMS sender id and the keywords."""

from __future__ import annotations

import re

import pytest

from webhook.sms.identity import (
    DAY_S,
    message_key,
    normalise_number,
    recent_sender_ids,
    sender_id,
)
from webhook.sms.keywords import Keyword, keyword_of

SECRET = "test-sender-secret"
NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    "raw",
    [
        "+447700900123",
        " +44 7700 900123 ",
        "+44 (0)7700 900123",
        "07700 900123",
        "00447700900123",
        "+44-7700-900-123",
        "447700900123",
    ],
)
def test_normalise_number_to_e164(raw):
    assert normalise_number(raw) == "+447700900123"


def test_non_phone_senders_are_kept():
    assert normalise_number("whatsapp:+44 7700 900123") == "whatsapp:+447700900123"
    assert normalise_number("  12345 ") == "12345"
    assert normalise_number("MyBank") == "MyBank"


def test_sender_id_is_a_keyed_hmac_of_the_normalised_number():
    one = sender_id("+447700900123", SECRET, now=NOW)
    assert re.fullmatch(r"sms_[0-9a-f]{64}", one)
    assert sender_id("07700 900123", SECRET, now=NOW) == one
    assert sender_id("+447700900124", SECRET, now=NOW) != one
    assert sender_id("+447700900123", "another-secret", now=NOW) != one
    assert "7700900123" not in one


def test_sender_id_rotates_with_the_period():
    one = sender_id("+447700900123", SECRET, period_days=30, now=NOW)
    period_s = 30 * DAY_S
    start = NOW - NOW % period_s
    assert sender_id("+447700900123", SECRET, period_days=30, now=start) == one
    assert sender_id("+447700900123", SECRET, period_days=30, now=start + period_s - 1) == one
    assert sender_id("+447700900123", SECRET, period_days=30, now=start + period_s) != one
    assert sender_id("+447700900123", SECRET, period_days=7, now=NOW) != one


def test_recent_ids_cover_this_period_and_the_last():
    current, previous = recent_sender_ids("+447700900123", SECRET, 30, now=NOW)
    assert current == sender_id("+447700900123", SECRET, 30, now=NOW)
    assert previous == sender_id("+447700900123", SECRET, 30, now=NOW - 30 * DAY_S)


def test_message_key_hides_the_sid():
    key = message_key("SM0123456789abcdef0123456789abcdef", SECRET)
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    assert "SM0123" not in key
    assert message_key("SM0123456789abcdef0123456789abcdef", SECRET) == key


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        ("STOP", Keyword.STOP),
        ("stopall", Keyword.STOP),
        ("Unsubscribe", Keyword.STOP),
        ("cancel", Keyword.STOP),
        ("END", Keyword.STOP),
        ("quit!", Keyword.STOP),
        ("START", Keyword.START),
        ("unstop", Keyword.START),
        ("HELP", Keyword.HELP),
        (" info. ", Keyword.HELP),
        ("Forget", Keyword.FORGET),
        ("stop it", None),
        ("help me", None),
        ("yes", None),
        ("", None),
        ("1", None),
    ],
)
def test_keywords_match_whole_messages(body, keyword):
    assert keyword_of(body) is keyword


def test_twilio_opt_out_type_wins():
    assert keyword_of("ARRET", "STOP") is Keyword.STOP
    assert keyword_of("OUI", "start") is Keyword.START
    assert keyword_of("hello", None) is None
