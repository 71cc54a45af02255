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
from webhook.sms import keywords
from webhook.sms.config import OPTIONS_TTL_S
from webhook.sms.keywords import (
    TRANSLATIONS_DIR,
    keyword_key,
    language_keyword_of,
    load_language_keywords,
)
from webhook.store import MemoryStore


def write_translation(directory: Path, code: str, **fields) -> None:
    data = {"language": code, "name": code.upper(), "responses": {}, **fields}
    (directory / f"{code}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


@pytest.fixture
def translations(tmp_path, monkeypatch):
    """Translation files as translations/README.md describes them, in a temporary folder."""
    write_translation(tmp_path, "pl", sms_keyword="POLSKI", native_name="Polski")
    write_translation(tmp_path, "ro", sms_keyword="ROMANA", native_name="Română")
    write_translation(tmp_path, "ur", sms_keyword="URDU", native_name="اردو")
    write_translation(tmp_path, "pa", sms_keyword="PUNJABI", native_name="ਪੰਜਾਬੀ")
    write_translation(tmp_path, "it", sms_keyword="ITALIANO")  # no native_name
    monkeypatch.setattr(keywords, "LANGUAGE_KEYWORDS", load_language_keywords(tmp_path))
    return tmp_path


# --- the keyword table ----------------------------------------------------------------


def real_translation_files():
    return sorted(TRANSLATIONS_DIR.glob("*.yml"))


@pytest.mark.parametrize("path", real_translation_files(), ids=lambda path: path.name)
def test_each_translation_file_in_the_repository_has_a_working_keyword(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert language_keyword_of(data["sms_keyword"]) == data["language"]
    assert language_keyword_of(data["sms_keyword"].lower() + ".") == data["language"]
    if data.get("native_name"):
        assert language_keyword_of(data["native_name"]) == data["language"]


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
    write_translation(translations, "pt", sms_keyword="PORTUGUES", native_name="Português")
    monkeypatch.setattr(keywords, "LANGUAGE_KEYWORDS", load_language_keywords(translations))
    assert language_keyword_of("Português") == "pt"
    assert language_keyword_of("portugues") == "pt"


def test_bad_files_are_skipped_and_the_rest_still_work(tmp_path, caplog):
    write_translation(tmp_path, "pl", sms_keyword="POLSKI")
    (tmp_path / "es.yml").write_text("language: es\nsms_keyword: [unclosed\n", "utf-8")
    write_translation(tmp_path, "fr", sms_keyword="FRANCAIS")  # not a slot language
    write_translation(tmp_path, "it", sms_keyword="STOP")  # a keyword already
    write_translation(tmp_path, "pt", sms_keyword="POLSKI")  # Polish's already
    (tmp_path / "ro.yml").write_text("just a string\n", "utf-8")
    write_translation(tmp_path, "gu", sms_keyword=None, native_name="ગુજરાતી")
    with caplog.at_level(logging.WARNING):
        table = load_language_keywords(tmp_path)
    assert table == {"english": "en", "polski": "pl", "ગુજરાતી": "gu"}
    assert "es.yml" in caplog.text and "fr.yml" in caplog.text


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
