"""POST /sms end to end inside the gateway: a fake Rasa behind httpx.MockTransport,
signatures made by twilio's own RequestValidator, the store in memory and on fakeredis.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import List

import httpx
import pytest

from tests.unit.sms_fakes import (
    FIRST_REPLY_LINE,
    MESSAGES,
    NUMBER_FORMS,
    PUBLIC_URL,
    RASA_URL,
    build_client,
    current_sender_id,
    joined,
    make_settings,
    messages_of,
    on_first_turn,
    post_signed,
    sign,
    sms_text,
    stored_items,
    twilio_params,
)
from textsafety.segments import segments
from webhook.app import create_app
from webhook.rasa_client import RasaClient
from webhook.safety import safety_reply
from webhook.sms import service as sms_service
from webhook.sms.service import reply_parts

# --- signatures -----------------------------------------------------------------


def test_valid_signature_forwards_to_rasa_with_hmac_sender_and_sms_metadata(client, rasa, store):
    parts = sms_text(client, "I need someone to talk to")
    assert parts == on_first_turn("Hello there.")
    assert len(rasa.sent) == 1
    sent = rasa.sent[0]
    assert sent["message"] == "I need someone to talk to"
    assert sent["metadata"] == {"channel": "sms"}
    assert sent["sender"] == current_sender_id(store)
    assert re.fullmatch(r"sms_[0-9a-f]{64}", sent["sender"])


def test_missing_signature_is_refused_and_nothing_is_forwarded(client, rasa):
    response = client.post("/sms", data=twilio_params("hi"))
    assert response.status_code == 403
    assert rasa.sent == []


def test_tampered_body_is_refused(client, rasa):
    params = twilio_params("hi")
    signature = sign(params)
    params["Body"] = "something else"
    response = client.post("/sms", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert rasa.sent == []


def test_signature_for_another_url_is_refused(client, rasa):
    params = twilio_params("hi")
    # Signed for the URL the app sees behind the proxy, not the public one Twilio uses.
    for url in ["http://testserver/sms", "https://other.example.org/sms", PUBLIC_URL + "?x=1"]:
        response = client.post(
            "/sms", data=params, headers={"X-Twilio-Signature": sign(params, url=url)}
        )
        assert response.status_code == 403
    assert rasa.sent == []


def test_signature_with_another_token_is_refused(client, rasa):
    params = twilio_params("hi")
    response = client.post(
        "/sms", data=params, headers={"X-Twilio-Signature": sign(params, token="not-the-token")}
    )
    assert response.status_code == 403
    assert rasa.sent == []


def test_signature_with_explicit_port_is_accepted(rasa, store):
    # Twilio sometimes signs https://host:443/sms; the validator tries both forms.
    with build_client(rasa, store) as client:
        params = twilio_params("hi")
        signature = sign(params, url="https://safe-steps.example.org:443/sms")
        response = client.post("/sms", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200


@pytest.mark.parametrize("unset", ["twilio_auth_token", "sms_webhook_url", "sender_id_secret"])
def test_unconfigured_line_answers_503_and_never_accepts_unsigned(rasa, store, unset, caplog):
    caplog.set_level(logging.INFO)
    with build_client(rasa, store, **{unset: None}) as client:
        unsigned = client.post("/sms", data=twilio_params("hi"))
        signed = post_signed(client, twilio_params("hi"))
    for response in (unsigned, signed):
        assert response.status_code == 503
        # The public is not told which setting is missing; the log is.
        assert "_" not in response.text and unset.upper() not in response.text
    assert unset.upper() in caplog.text
    assert rasa.sent == []


# --- idempotency ------------------------------------------------------------------


def test_retried_message_sid_runs_one_turn_and_returns_the_same_twiml(client, rasa):
    params = twilio_params("hello", sid="SM" + "1" * 32)
    first = post_signed(client, params)
    rasa.replies = [{"text": "A different answer."}]
    second = post_signed(client, params)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(rasa.sent) == 1


def test_retry_after_a_failure_gets_the_same_safety_reply_without_a_second_turn(client, rasa):
    params = twilio_params("hello")
    rasa.status = 500
    first = post_signed(client, params)
    rasa.status = 200
    second = post_signed(client, params)
    assert first.content == second.content
    assert "999" in joined(messages_of(first))
    assert len(rasa.sent) == 1


def test_concurrent_duplicates_run_one_turn(rasa, store):
    rasa.delay_s = 0.3
    config = make_settings()
    app = create_app(
        config,
        rasa=RasaClient([RASA_URL], 2.0, transport=httpx.MockTransport(rasa.handle)),
        store=store,
    )
    params = twilio_params("hello")
    headers = {"X-Twilio-Signature": sign(params)}

    async def both() -> List[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await asyncio.gather(
                http.post("/sms", data=params, headers=headers),
                http.post("/sms", data=params, headers=headers),
            )

    first, second = asyncio.run(both())
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert messages_of(first) == on_first_turn("Hello there.")
    assert len(rasa.sent) == 1


# --- numbered options -------------------------------------------------------------


BUTTONS_REPLY = [
    {
        "text": "What would help?",
        "buttons": [
            {"title": "Someone is hurting me", "payload": "/need_someone_to_talk_to"},
            {"title": "Worried about someone", "payload": "/help_someone_else"},
        ],
    }
]


def test_buttons_become_numbered_options_and_a_digit_sends_the_payload(client, rasa):
    rasa.replies = BUTTONS_REPLY
    parts = sms_text(client, "hi")
    assert parts == on_first_turn(
        "What would help?\nReply 1 for Someone is hurting me, 2 for Worried about someone."
    )
    rasa.replies = [{"text": "Thank you for caring about them."}]
    sms_text(client, " 2 ")
    assert rasa.sent[-1]["message"] == "/help_someone_else"
    # The last reply had no buttons: a digit is now just text.
    sms_text(client, "1")
    assert rasa.sent[-1]["message"] == "1"


def test_a_digit_without_that_option_is_forwarded_as_text(client, rasa):
    rasa.replies = BUTTONS_REPLY
    sms_text(client, "hi")
    sms_text(client, "7")
    assert rasa.sent[-1]["message"] == "7"


def test_options_belong_to_one_conversation(client, rasa):
    rasa.replies = BUTTONS_REPLY
    sms_text(client, "hi")
    sms_text(client, "1", From="+447700900456")
    assert rasa.sent[-1]["message"] == "1"
    sms_text(client, "1")
    assert rasa.sent[-1]["message"] == "/need_someone_to_talk_to"


def test_real_sms_greeting_with_options_fits_in_three_single_segment_texts(client, rasa):
    rasa.replies = [
        {
            "text": "Hi, this is Safe Steps, an automated helper. Texts stay on your phone, "
            "so delete this thread when you're done. In danger now? Call 999; can't speak? "
            "Press 55 when asked. What would help?",
            "buttons": [
                {"title": "Someone is hurting me", "payload": "/need_someone_to_talk_to"},
                {"title": "Worried about someone", "payload": "/help_someone_else"},
                {"title": "Worried about my behaviour", "payload": "/worried_about_own_behaviour"},
                {"title": "Keeping this chat private", "payload": "/ask_staying_safe_online"},
            ],
        }
    ]
    parts = sms_text(client, "hi")
    assert 1 < len(parts) <= 3
    assert all(segments(part) == 1 for part in parts)
    assert parts[0].startswith("Hi, this is Safe Steps")
    assert "4 for Keeping this chat private." in parts[-1]


# --- the first reply: 999 and the 55 step ------------------------------------------


def test_a_first_reply_without_the_55_step_opens_with_it_and_later_replies_do_not(client, rasa):
    # Danger the bot did not hear ("legs dangling off my tower block roof") still gets
    # 999 and the Silent Solution on the first reply, before the bot's own words.
    first = sms_text(client, "legs dangling off the roof")
    assert first == [FIRST_REPLY_LINE, "Hello there."]
    assert "999" in FIRST_REPLY_LINE and "press 55" in FIRST_REPLY_LINE
    assert sms_text(client, "ok") == ["Hello there."]


def test_the_first_line_costs_a_long_reply_none_of_its_three_texts(client, rasa):
    answer = "Yes, refuges take mums with their children. " * 9  # three full texts
    rasa.replies = [{"text": answer.strip()}]
    assert sms_text(client, "can i bring my kids")[1:] == reply_parts(answer.strip())


def test_a_first_reply_that_gives_the_55_step_gets_no_second_one(client, rasa):
    danger = ("If you're in danger now, call 999. Can't speak? Call 999 from a mobile, "
              "listen, then press 55 when the recording asks.")
    rasa.replies = [{"text": danger}]
    assert joined(sms_text(client, "hes here")) == danger


def test_a_first_turn_the_bot_fails_gets_the_safety_reply_once(client, rasa):
    rasa.status = 500
    assert joined(sms_text(client, "i need help")) == safety_reply()


# --- splitting ----------------------------------------------------------------------

# The danger reply as Rasa sends it: it fills three texts.
DANGER_REPLY = (
    "If you're in danger now, call 999.\n\nCan't speak? Call 999 from a mobile, listen, "
    "then press 55 when the recorded message asks. The police will ask yes/no questions "
    "you answer by tapping keys. If you don't press 55 the call ends. Cough, tap or "
    "whisper if you can.\n\nWhen you're safe: National Domestic Abuse Helpline, free, "
    "24/7: 0808 2000 247."
)


def test_long_replies_are_split_into_at_most_three_single_segment_texts(client, rasa):
    rasa.replies = [{"text": DANGER_REPLY}, {"text": "More text that will not fit. " * 20}]
    parts = sms_text(client, "he's got a knife")
    assert len(parts) == 3
    assert all(segments(part) == 1 for part in parts)
    assert parts[0].startswith("If you're in danger now, call 999.")
    assert "press 55" in parts[0]
    # The reply that would not fit is left out whole; the danger reply is never cut.
    assert parts[-1].endswith("0808 2000 247.") and not any("More text" in p for p in parts)


def test_an_answer_after_the_own_texts_marker_gets_texts_of_its_own(client, rasa):
    # "he strangled me back in may ... is it worth jotting it all down now": the danger
    # reply filled the three texts and its answer waited for MORE.
    from textsafety.segments import OWN_TEXTS

    answer = ("Notes of what happened and when can help later. Keep them where he can't get "
              "to them. In danger now? Call 999. Helpline: 0808 2000 247.")
    rasa.replies = [{"text": DANGER_REPLY}, {"text": OWN_TEXTS}, {"text": answer, "buttons": [
        {"title": "Police and court help", "payload": "/need_police_court_support"}]}]
    parts = sms_text(client, "is it worth writing it down")
    assert parts[:3] == reply_parts(DANGER_REPLY)
    assert joined(parts[3:]).startswith("Notes of what happened")
    assert "0808 2000 247" in joined(parts[3:]) and "1 for Police and court help" in parts[-1]
    assert len(parts) <= 6 and all(segments(part) == 1 for part in parts)
    assert not any(OWN_TEXTS in part for part in parts)


def test_unicode_replies_split_by_ucs2_budget(client, rasa):
    sms_text(client, "hi")  # not the first turn, which adds the 999 and 55 line
    rasa.replies = [{"text": "Jeśli grozi ci niebezpieczeństwo, zadzwoń pod 999. " * 3}]
    parts = sms_text(client, "pomocy")
    assert len(parts) == 3
    assert all(len(part) <= 67 and segments(part) == 1 for part in parts)


# --- keywords -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["STOP", "stop", " Stop. ", "STOPALL", "unsubscribe", "CANCEL", "End", "QUIT"]
)
def test_stop_wipes_the_conversation_and_confirms_without_rasa(client, rasa, store, word):
    rasa.replies = BUTTONS_REPLY
    sms_text(client, "hi")
    parts = sms_text(client, word)
    assert joined(parts) == MESSAGES.stop
    assert len(rasa.sent) == 1  # only "hi"
    assert current_sender_id(store) in rasa.wiped
    # The options offered before STOP are gone.
    sms_text(client, "1")
    assert rasa.sent[-1]["message"] == "1"


@pytest.mark.parametrize("word", ["START", "unstop"])
def test_start_gets_a_short_welcome(client, rasa, word):
    parts = sms_text(client, word)
    assert joined(parts) == MESSAGES.start
    assert rasa.sent == []


@pytest.mark.parametrize("word", ["HELP", "help", "Info"])
def test_help_gets_the_safety_steps(client, rasa, word):
    text = joined(sms_text(client, word))
    assert "999" in text and "press 55" in text and "0808 2000 247" in text
    assert rasa.sent == []


def test_twilio_opt_out_type_is_honoured(client, rasa):
    parts = sms_text(client, "ARRET", OptOutType="STOP")
    assert joined(parts) == MESSAGES.stop
    assert rasa.sent == []


def test_forget_wipes_and_says_how_to_delete_the_thread(client, rasa, store):
    sms_text(client, "hi")
    text = joined(sms_text(client, "forget"))
    assert text == MESSAGES.forget
    assert "Delete" in text
    assert rasa.wiped[0] == current_sender_id(store)
    assert len(rasa.sent) == 1


def test_forget_says_so_when_the_wipe_fails(client, rasa):
    rasa.wipe_status = 500
    text = joined(sms_text(client, "FORGET"))
    assert text == MESSAGES.forget_failed
    rasa.down = True
    assert joined(sms_text(client, "FORGET")) == MESSAGES.forget_failed


def test_keywords_are_whole_messages_only(client, rasa):
    sms_text(client, "please stop him")
    assert rasa.sent[-1]["message"] == "please stop him"
    assert rasa.wiped == []


# --- never silent -------------------------------------------------------------------


def assert_safety_reply(parts: List[str]) -> None:
    text = joined(parts)
    assert "999" in text and "55" in text
    assert text == safety_reply()


def test_rasa_down_gets_the_safety_reply(client, rasa):
    rasa.down = True
    assert_safety_reply(sms_text(client, "hi"))


@pytest.mark.parametrize("status", [500, 502, 503])
def test_rasa_error_gets_the_safety_reply(client, rasa, status):
    rasa.status = status
    assert_safety_reply(sms_text(client, "hi"))


def test_rasa_empty_list_gets_the_safety_reply(client, rasa):
    rasa.replies = []
    assert_safety_reply(sms_text(client, "hi"))


def test_rasa_reply_without_text_gets_the_safety_reply(client, rasa):
    rasa.replies = [{"recipient_id": "x", "image": "https://example.org/x.png"}]
    assert_safety_reply(sms_text(client, "hi"))


def test_slow_rasa_gets_the_safety_reply_in_time(rasa, store, caplog):
    rasa.delay_s = 5.0
    with build_client(rasa, store, rasa_timeout_s=0.2) as client:
        caplog.set_level(logging.DEBUG)
        assert_safety_reply(sms_text(client, "he's got a knife"))
    assert "he's got a knife" not in caplog.text
    assert "timed out" in caplog.text


# --- bad input ----------------------------------------------------------------------


def test_empty_body_gets_a_kind_prompt(client, rasa):
    assert joined(sms_text(client, "")) == MESSAGES.empty
    assert joined(sms_text(client, "   ")) == MESSAGES.empty
    assert joined(sms_text(client, None)) == MESSAGES.empty
    assert rasa.sent == []


def test_picture_without_words_gets_a_kind_reply(client, rasa):
    parts = sms_text(client, "", NumMedia="1", MediaUrl0="https://api.twilio.com/x")
    assert joined(parts) == MESSAGES.media_only
    assert rasa.sent == []


def test_too_long_body_gets_a_kind_reply(client, rasa):
    assert joined(sms_text(client, "a" * 1601)) == MESSAGES.too_long
    assert joined(sms_text(client, "word " * 2000)) == MESSAGES.too_long  # about 10 kB
    assert rasa.sent == []
    sms_text(client, "a" * 1600)
    assert len(rasa.sent) == 1


def test_body_over_the_request_limit_is_413(client, rasa):
    params = twilio_params("x" * 20_000)
    response = post_signed(client, params)
    assert response.status_code == 413
    assert rasa.sent == []


def test_emoji_only_is_forwarded(client, rasa):
    sms_text(client, "😢😢")
    assert rasa.sent[-1]["message"] == "😢😢"


def test_unknown_fields_are_ignored(client, rasa):
    assert sms_text(client, "hi", SomethingNew="value", Another="") == on_first_turn("Hello there.")


def test_non_utf8_body_is_400(client, rasa):
    raw = b"Body=%FF%FE&From=%2B447700900123&MessageSid=SM1"
    response = client.post(
        "/sms",
        content=raw,
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "x"},
    )
    assert response.status_code == 400
    raw_bytes = b"Body=\xff\xfe&From=%2B447700900123&MessageSid=SM1"
    response = client.post(
        "/sms",
        content=raw_bytes,
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "x"},
    )
    assert response.status_code == 400
    assert rasa.sent == []


@pytest.mark.parametrize("raw", [b"Body", b"=&=&&", b"&&&", b"a=1&b"])
def test_malformed_form_is_400(client, rasa, raw):
    response = client.post(
        "/sms",
        content=raw,
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "x"},
    )
    assert response.status_code == 400
    assert rasa.sent == []


def test_other_content_types_are_refused(client, rasa):
    response = client.post("/sms", json={"Body": "hi"}, headers={"X-Twilio-Signature": "x"})
    assert response.status_code == 415
    assert rasa.sent == []


def test_empty_unsigned_post_is_403_not_500(client, rasa):
    response = client.post(
        "/sms", content=b"", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 403


def test_signed_post_without_sender_is_400(client, rasa):
    params = twilio_params("hi")
    del params["From"]
    assert post_signed(client, params).status_code == 400
    assert rasa.sent == []


# --- rate limit ---------------------------------------------------------------------


def test_rate_limit_gets_one_kind_reply_and_no_rasa_turn(rasa, store, monkeypatch):
    monkeypatch.setattr(sms_service, "wall_clock", lambda: 1_700_000_000.0)
    with build_client(rasa, store, sms_rate_limit_per_minute=3) as client:
        assert sms_text(client, "hello") == on_first_turn("Hello there.")
        for _ in range(2):
            assert sms_text(client, "hello") == ["Hello there."]
        assert joined(sms_text(client, "hello")) == MESSAGES.rate_limited
        assert sms_text(client, "hello") == []  # one notice a minute, then no texts
        assert len(rasa.sent) == 3
        # Another sender is not limited.
        assert sms_text(client, "hello", From="+447700900456") == on_first_turn("Hello there.")
        # STOP is still honoured.
        assert joined(sms_text(client, "STOP")) == MESSAGES.stop
        # The next minute the sender can text again.
        monkeypatch.setattr(sms_service, "wall_clock", lambda: 1_700_000_060.0)
        assert sms_text(client, "hello") == on_first_turn("Hello there.")  # STOP wiped it


def test_rate_limit_default_is_twenty_a_minute(client, rasa, monkeypatch):
    monkeypatch.setattr(sms_service, "wall_clock", lambda: 1_700_000_000.0)
    for _ in range(20):
        sms_text(client, "hello")
    assert joined(sms_text(client, "hello")) == MESSAGES.rate_limited
    assert len(rasa.sent) == 20


# --- privacy ------------------------------------------------------------------------


def test_no_phone_number_in_logs_store_or_rasa(client, rasa, store, caplog):
    caplog.set_level(logging.DEBUG)
    secret_text = "my secret words"
    rasa.replies = BUTTONS_REPLY
    sms_text(client, secret_text)
    sms_text(client, "2")
    sms_text(client, "HELP")
    rasa.down = True
    sms_text(client, secret_text)
    sms_text(client, "FORGET")
    rasa.down = False
    sms_text(client, "STOP")
    sms_text(client, "")
    client.post("/sms", data=twilio_params(secret_text))  # unsigned

    items = stored_items(store)
    assert items, "the store should hold reply caches and counters"
    for blob in [caplog.text, json.dumps(items), json.dumps(rasa.sent), json.dumps(rasa.wiped)]:
        for form in NUMBER_FORMS:
            assert form not in blob
    # What people type goes to Rasa only: never into logs or the store.
    assert secret_text not in caplog.text
    assert secret_text not in json.dumps(items)
    key_shape = re.compile(
        r"(safesteps:gw:)?(sms:(reply:[0-9a-f]{32}|seen:[0-9a-f]{32}|options:sms_[0-9a-f]{64}"
        r"|replies:sms_[0-9a-f]{64}|rate(-noted)?:sms_[0-9a-f]{64}:\d+|sender-key:\d+)"
        r"|turns:sms_[0-9a-f]{64}|wiped:[0-9a-f]{32})"
    )
    for key in items:
        assert key_shape.fullmatch(key), key


def test_no_directory_number_reads_as_the_55_step():
    # A reply counts as giving the Silent Solution when it shows 55 on its own; a service
    # number with a lone "55" group would hide the first-reply line behind it.
    from services_directory.loader import load_directory
    from webhook.turns import SILENT_SOLUTION_STEP

    numbers = [number for service in load_directory().services
               for number in (service.contact.phone, service.contact.text,
                              service.contact.phone_from_abroad) if number]
    assert numbers
    assert not [number for number in numbers if SILENT_SOLUTION_STEP.search(number)]
