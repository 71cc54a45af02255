"""SMS language keywords: POLSKI, URDU, ENGLISH, ... choose the conversation's language.

The keyword goes to Rasa as "/greet" with metadata.language, so the greeting comes back
in that language; the choice is remembered under the HMAC sender id and sent as
metadata.language with every later text, until it expires or STOP/FORGET clears it.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
import yaml

from tests.unit.sms_fakes import (
    MESSAGES,
    NUMBER_FORMS,
    build_client,
    current_sender_id,
    joined,
    sms_text,
    stored_items,
)
from textsafety.languages import load_languages
from webhook import languages as webhook_languages
from webhook.sms import keywords
from webhook.sms.config import OPTIONS_TTL_S
from webhook.sms.keywords import (
    TRANSLATIONS_DIR,
    keyword_key,
    language_keyword_of,
    load_language_keywords,
)
from webhook.store import MemoryStore


def write_translation(directory: Path, code: str) -> None:
    """A translations/<code>.yml: its language is offered once the file exists."""
    data = {"language": code, "responses": {}}
    (directory / f"{code}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


@pytest.fixture
def translations(tmp_path, monkeypatch):
    """Five translation files in a temporary folder; names and keywords come from
    translations/languages.yml (the one list)."""
    for code in ("pl", "ro", "ur", "pa", "it"):
        write_translation(tmp_path, code)
    monkeypatch.setattr(keywords, "LANGUAGE_KEYWORDS", load_language_keywords(tmp_path))
    return tmp_path


# --- the keyword table ----------------------------------------------------------------


REAL_LANGUAGES = [code for code in load_languages() if code != "en"]


@pytest.mark.parametrize("code", REAL_LANGUAGES)
def test_each_language_in_the_repository_has_working_keywords(code):
    language = load_languages()[code]
    assert (TRANSLATIONS_DIR / f"{code}.yml").is_file()
    for word in (*language.sms_keywords, language.native_name):
        assert language_keyword_of(word) == code, word
        assert language_keyword_of(" " + word.lower() + ". ") == code, word


@pytest.mark.parametrize(
    "body,code",
    [
        ("عربي", "ar"),  # the Arabic name people type, not only العربية
        ("العربية", "ar"),
        ("SPANISH", "es"),
        ("Español", "es"),
        ("POLISH", "pl"),
        ("BENGALI", "bn"),
        ("বাংলা", "bn"),
        ("ਪੰਜਾਬੀ", "pa"),
        ("ગુજરાતી", "gu"),
    ],
)
def test_the_names_people_type_choose_the_language(body, code):
    # In the language's own name and script, and in English (issue 16).
    assert language_keyword_of(body) == code


def test_english_is_always_a_keyword():
    for body in ("ENGLISH", "english", " English. ", "English!"):
        assert language_keyword_of(body) == "en"


def test_keywords_come_from_the_files_that_exist(translations):
    for body, code in [
        ("POLSKI", "pl"),
        ("polski", "pl"),
        ("Polski!", "pl"),
        ("ROMANA", "ro"),
        ("Română", "ro"),
        ("romana", "ro"),
        ("URDU", "ur"),
        ("اردو", "ur"),
        ("اردو۔", "ur"),
        ("PUNJABI", "pa"),
        ("ਪੰਜਾਬੀ", "pa"),
        ("ITALIANO", "it"),
        ("ENGLISH", "en"),
    ]:
        assert language_keyword_of(body) == code, body
    for body in ("ARABIC", "polski please", "po polsku", "STOP", "HELP", "", "urdu urdu"):
        assert language_keyword_of(body) is None, body


def test_a_new_file_works_once_loaded_again(translations, monkeypatch):
    assert language_keyword_of("PORTUGUES") is None
    write_translation(translations, "pt")
    monkeypatch.setattr(keywords, "LANGUAGE_KEYWORDS", load_language_keywords(translations))
    assert language_keyword_of("Português") == "pt"
    assert language_keyword_of("portugues") == "pt"


def test_clashing_keywords_are_skipped_and_the_rest_still_work(tmp_path, monkeypatch, caplog):
    languages = tmp_path / "languages.yml"
    languages.write_text(
        yaml.safe_dump(
            {
                "languages": {
                    "en": {"name": "English", "native_name": "English", "sms_keywords": []},
                    "pl": {"name": "Polish", "native_name": "Polski", "sms_keywords": ["POLSKI"]},
                    "it": {"name": "Italian", "native_name": "Italiano", "sms_keywords": ["STOP"]},
                    "pt": {"name": "Port", "native_name": "Português", "sms_keywords": ["POLSKI"]},
                    "gu": {"name": "Gujarati", "native_name": "ગુજરાતી", "sms_keywords": []},
                }
            },
            allow_unicode=True,
        ),
        "utf-8",
    )
    monkeypatch.setattr(webhook_languages, "load_languages", lambda: load_languages(languages))
    for code in ("pl", "it", "pt"):  # no gu.yml: Gujarati is not offered
        write_translation(tmp_path, code)
    with caplog.at_level(logging.WARNING):
        table = load_language_keywords(tmp_path)
    assert table == {"english": "en", "polski": "pl", "italiano": "it", "portugues": "pt"}
    assert "STOP of it is taken" in caplog.text and "POLSKI of pt is taken" in caplog.text


def test_keyword_key_folds_case_and_latin_accents_only():
    assert keyword_key(" Română! ") == "romana"
    assert keyword_key("PORTUGUÊS") == "portugues"
    # Indic vowel signs are combining marks: they stay.
    assert keyword_key("ਪੰਜਾਬੀ") == "ਪੰਜਾਬੀ"
    assert keyword_key("বাংলা") == "বাংলা"


# --- through the webhook ------------------------------------------------------------------


def test_a_language_keyword_sends_a_greeting_in_that_language(translations, client, rasa, store):
    rasa.replies = [{"text": "Cześć, tu Safe Steps."}]
    parts = sms_text(client, "POLSKI")
    assert parts == ["Cześć, tu Safe Steps."]
    assert rasa.sent[-1]["message"] == "/greet"
    assert rasa.sent[-1]["metadata"] == {"channel": "sms", "language": "pl"}
    assert rasa.sent[-1]["sender"] == current_sender_id(store)


def test_the_chosen_language_is_sent_with_every_later_text(translations, client, rasa):
    sms_text(client, "urdu")
    sms_text(client, "مجھے مدد چاہیے")
    sms_text(client, "I need help")
    assert [sent["metadata"] for sent in rasa.sent] == [
        {"channel": "sms", "language": "ur"}
    ] * 3
    assert rasa.sent[1]["message"] == "مجھے مدد چاہیے"


def test_numbered_options_still_work_with_a_language(translations, client, rasa):
    rasa.replies = [
        {"text": "Co może pomóc?", "buttons": [{"title": "Porozmawiać", "payload": "/affirm"}]}
    ]
    sms_text(client, "Polski")
    sms_text(client, "1")
    assert rasa.sent[-1]["message"] == "/affirm"
    assert rasa.sent[-1]["metadata"] == {"channel": "sms", "language": "pl"}


def test_english_switches_back(translations, client, rasa):
    sms_text(client, "ROMANA")
    sms_text(client, "ENGLISH")
    assert rasa.sent[-1]["message"] == "/greet"
    assert rasa.sent[-1]["metadata"] == {"channel": "sms", "language": "en"}
    sms_text(client, "thanks")
    assert rasa.sent[-1]["metadata"] == {"channel": "sms", "language": "en"}


def test_without_a_keyword_no_language_is_sent(translations, client, rasa):
    sms_text(client, "hi")
    assert rasa.sent[-1]["metadata"] == {"channel": "sms"}


def test_the_choice_belongs_to_one_conversation(translations, client, rasa):
    sms_text(client, "POLSKI")
    sms_text(client, "hi", From="+447700900456")
    assert rasa.sent[-1]["metadata"] == {"channel": "sms"}


@pytest.mark.parametrize("word", ["FORGET", "STOP"])
def test_stop_and_forget_clear_the_choice(translations, client, rasa, word):
    sms_text(client, "POLSKI")
    sms_text(client, word)
    sms_text(client, "START")
    sms_text(client, "hi")
    assert rasa.sent[-1]["metadata"] == {"channel": "sms"}


def test_help_and_stop_are_not_language_keywords(translations, client, rasa):
    assert joined(sms_text(client, "HELP")) == MESSAGES.help
    assert rasa.sent == []


def test_the_choice_expires_like_the_options_and_each_text_extends_it(translations, rasa):
    now = [1000.0]
    memory = MemoryStore(clock=lambda: now[0])
    with build_client(rasa, memory) as client:
        sms_text(client, "POLSKI")
        now[0] += OPTIONS_TTL_S - 60
        sms_text(client, "dziekuje")  # used: its life starts again
        assert rasa.sent[-1]["metadata"]["language"] == "pl"
        now[0] += OPTIONS_TTL_S - 60
        sms_text(client, "dziekuje")
        assert rasa.sent[-1]["metadata"]["language"] == "pl"
        now[0] += OPTIONS_TTL_S + 1
        sms_text(client, "dziekuje")
        assert "language" not in rasa.sent[-1]["metadata"]


def test_the_store_keeps_only_a_code_under_the_hmac_id(translations, client, rasa, store):
    sms_text(client, "PUNJABI")
    items = stored_items(store)
    language_keys = [key for key in items if ":language:" in key]
    assert len(language_keys) == 1
    assert re.fullmatch(r"(safesteps:gw:)?sms:language:sms_[0-9a-f]{64}", language_keys[0])
    assert items[language_keys[0]] == "pa"
    blob = json.dumps(items)
    for form in NUMBER_FORMS:
        assert form not in blob


def test_rasa_down_after_a_keyword_gets_the_safety_reply(translations, client, rasa):
    rasa.down = True
    text = joined(sms_text(client, "POLSKI"))
    assert "999" in text
