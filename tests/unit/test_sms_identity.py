"""The pseudonymous SMS sender id (random per-period keys in the store) and the keywords."""

from __future__ import annotations

import asyncio
import re

import pytest

from webhook.sms.identity import (
    DAY_S,
    SenderKeys,
    message_key,
    normalise_number,
    period_index,
    period_key_name,
)
from webhook.sms.keywords import Keyword, keyword_of
from webhook.store import MemoryStore

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


def keys_at(now: list, store=None, secret: str = SECRET, period_days: float = 30) -> SenderKeys:
    return SenderKeys(store or MemoryStore(clock=lambda: now[0]), secret, period_days,
                      clock=lambda: now[0])


def ids(keys: SenderKeys, number: str = "+447700900123") -> list:
    return asyncio.run(keys.recent_ids(number))


def test_sender_id_is_a_keyed_hmac_of_the_normalised_number():
    now = [NOW]
    keys = keys_at(now)
    [one] = ids(keys)
    assert re.fullmatch(r"sms_[0-9a-f]{64}", one)
    assert ids(keys, "07700 900123") == [one]
    assert ids(keys, "+447700900124") != [one]
    assert "7700900123" not in one


def test_the_key_is_random_and_kept_in_the_store_not_derived_from_the_secret():
    now = [NOW]
    # Two stores (two fresh deployments) with the same secret: different ids.
    assert ids(keys_at(now)) != ids(keys_at(now))
    # One store shared by two gateways: the same id, whoever made the key.
    store = MemoryStore(clock=lambda: now[0])
    assert ids(keys_at(now, store)) == ids(keys_at(now, store))
    # The secret is mixed in: the stored key alone does not give the ids.
    assert ids(keys_at(now, store, secret="another-secret")) != ids(keys_at(now, store))


def test_keys_change_each_period_and_are_destroyed_after_two():
    period_s = 30 * DAY_S
    start = NOW - NOW % period_s
    now = [start]
    store = MemoryStore(clock=lambda: now[0])
    keys = keys_at(now, store)
    [first] = ids(keys)
    now[0] = start + period_s - 1
    assert ids(keys) == [first]
    now[0] = start + period_s
    second, previous = ids(keys)
    assert second != first and previous == first  # a wipe still covers the last period
    assert period_key_name(period_index(30, start)) in store.snapshot()
    now[0] = start + 2 * period_s
    third, previous = ids(keys)
    assert previous == second
    # The first period's key is gone from the store: its ids can never be made again.
    assert period_key_name(period_index(30, start)) not in store.snapshot()
    assert first not in (third, previous)


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
