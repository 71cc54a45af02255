"""The SMS layer's own wording: complete, short, with the safety facts, in every language."""

from __future__ import annotations

import dataclasses
import re

import pytest

import services_directory
from tests.support.bidi import first_strong_direction
from tests.unit.sms_fakes import joined, sms_text
from textsafety.segments import GSM7, encoding_of, gsm_friendly, split_message
from webhook.sms.messages import TRANSLATIONS_DIR, load_messages, messages_in, translated_texts
from webhook.sms.service import reply_parts

MESSAGES = load_messages()
TEXTS = {
    field.name: getattr(MESSAGES, field.name)
    for field in dataclasses.fields(MESSAGES)
    if field.name != "options"
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_message_is_gsm7_and_fits_three_texts_whole(name):
    text = TEXTS[name]
    assert "{" not in text, "unfilled placeholder"
    assert encoding_of(text) == GSM7
    parts = split_message(text)
    assert len(parts) <= 3
    assert " ".join(parts) == text  # nothing dropped


@pytest.mark.parametrize("name", sorted(set(TEXTS) - {"forget"}))
def test_replies_that_end_a_turn_say_999(name):
    assert "999" in TEXTS[name]


def test_help_gives_the_silent_solution_and_the_helpline():
    helpline = services_directory.get_service(services_directory.HELPLINE_ID).contact.phone
    assert "999" in MESSAGES.help and "press 55" in MESSAGES.help
    assert helpline in MESSAGES.help
    assert helpline in MESSAGES.rate_limited


def test_forget_says_how_to_delete_the_thread():
    assert "Delete" in MESSAGES.forget and "phone" in MESSAGES.forget


def test_options_line():
    assert MESSAGES.options.line(["X", "Y", "Z"]) == "Reply 1 for X, 2 for Y, 3 for Z."
    assert MESSAGES.options.line(["X"]) == "Reply 1 for X."
    assert MESSAGES.options.line([]) == ""


# --- in the conversation's language ----------------------------------------------------

TRANSLATION_FILES = sorted(TRANSLATIONS_DIR.glob("??.yml"))
TRANSLATED = {path.stem: translated_texts(path.stem) for path in TRANSLATION_FILES}
HELPLINE = services_directory.get_service(services_directory.HELPLINE_ID).contact.phone
ISOLATES = {ord("\u2066"): None, ord("\u2069"): None}
TRANSLATED_TEXTS = [(code, name) for code in sorted(TRANSLATED) for name in sorted(TEXTS)]


@pytest.mark.parametrize("code", sorted(TRANSLATED))
def test_every_language_has_every_text(code):
    assert set(TRANSLATED[code]) == set(TEXTS)


@pytest.mark.parametrize("code,name", TRANSLATED_TEXTS)
def test_every_translated_text_arrives_whole_in_three_texts(code, name):
    text = TRANSLATED[code][name]
    assert "{" not in text, "unfilled placeholder"
    parts = reply_parts(text)
    assert len(parts) <= 3 and not parts[-1].endswith("...")
    assert " ".join(parts).split() == gsm_friendly(text).split()  # nothing dropped
    if code in ("ar", "ur"):  # a phone lays each text out by its first letter
        assert all(first_strong_direction(part) in ("R", "AL") for part in parts), parts


@pytest.mark.parametrize("code,name", TRANSLATED_TEXTS)
def test_translated_texts_keep_the_safety_facts_and_the_keywords(code, name):
    text = TRANSLATED[code][name]
    if name != "forget":
        assert re.search(r"\b999\b", text)
    if name == "help":
        assert re.search(r"\b55\b", text)
    if name in ("help", "rate_limited"):
        assert HELPLINE in text.translate(ISOLATES)
    # The keywords stay in English: they are what the gateway matches.
    english = getattr(MESSAGES, name)
    for keyword in ("START", "FORGET"):
        if keyword in english and name != "forget":
            assert keyword in text, f"{code} {name}: {keyword}"


def test_english_and_unknown_languages_get_the_english_texts():
    assert messages_in(MESSAGES, None) is MESSAGES
    assert messages_in(MESSAGES, "en") is MESSAGES
    assert messages_in(MESSAGES, "xx").help == MESSAGES.help


def test_a_translation_replaces_only_the_texts_it_has(tmp_path):
    (tmp_path / "pl.yml").write_text("sms:\n  help: 'Pomoc: {helpline_phone}'\n", "utf-8")
    texts = translated_texts("pl", tmp_path)
    assert texts == {"help": f"Pomoc: {HELPLINE}"}


def test_keyword_replies_follow_the_language_chosen_by_sms(client, rasa):
    polish = messages_in(MESSAGES, "pl")
    rasa.replies = [{"text": "Cześć, tu Safe Steps."}]
    sms_text(client, "POLISH")
    assert joined(sms_text(client, "HELP")) == gsm_friendly(polish.help)
    assert joined(sms_text(client, "")) == gsm_friendly(polish.empty)
    assert joined(sms_text(client, "START")) == gsm_friendly(polish.start)
    # STOP answers in Polish, then forgets the choice with the rest of the conversation.
    assert joined(sms_text(client, "STOP")) == gsm_friendly(polish.stop)
    assert joined(sms_text(client, "HELP")) == MESSAGES.help


def test_arabic_chosen_by_its_own_name_gets_arabic_keyword_replies(client, rasa):
    arabic = messages_in(MESSAGES, "ar")
    sms_text(client, "عربي")
    assert rasa.sent[-1]["metadata"] == {"channel": "sms", "language": "ar"}
    assert joined(sms_text(client, "FORGET")) == gsm_friendly(arabic.forget)
