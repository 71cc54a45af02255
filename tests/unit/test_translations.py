"""Translations: complete, short enough for SMS, exact on safety, and merged into the domain."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generated.domain import load_whole_domain

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = load_whole_domain()
TRANSLATIONS = {
    path.stem: yaml.safe_load(path.read_text())
    for path in sorted((ROOT / "translations").glob("??.yml"))
}
REQUIRED = {
    "utter_immediate_danger",
    "utter_self_harm",
    "utter_core_help",
    "utter_core_routes",
    "utter_staying_safe_online",
    "utter_greet",
    "utter_language_chosen",
}
SLOTS = {name: spec.get("initial_value") for name, spec in DOMAIN["slots"].items()}


def test_the_ten_most_spoken_languages_after_english_are_there():
    # 2021 census, England: main languages after English.
    assert {"pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it"} <= set(TRANSLATIONS)


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_translation_is_complete_and_says_how_it_was_made(code):
    t = TRANSLATIONS[code]
    assert t["language"] == code
    assert code in DOMAIN["slots"]["language"]["values"]
    assert t["produced_by"] and "reviewed_by_native_speaker" in t
    assert REQUIRED <= set(t["responses"])


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_review_is_pending_and_prepared(code):
    # No native speaker has signed any of these yet: the mark stays until one does,
    # and the reviewer gets a short checklist and the history of changes.
    t = TRANSLATIONS[code]
    if t["reviewed_by_native_speaker"]:
        assert t["reviewed_by"], f"{code}: reviewed, but by whom?"
    else:
        assert t["reviewed_by"] is None and "Not yet reviewed" in t["review_note"]
    assert 5 <= len(t["review_checklist"]) <= 8
    assert t["changes"] and all(
        change["date"] and change["what"] and change["why"] for change in t["changes"]
    )


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_every_text_uses_known_placeholders(code):
    # Whether each text fits three SMS texts is measured in segments, through the real
    # splitter, in test_translations_sms.py.
    for name, text in TRANSLATIONS[code]["responses"].items():
        for placeholder in re.findall(r"\{(\w+)\}", text):
            assert placeholder in SLOTS, f"{code} {name}: unknown {{{placeholder}}}"


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_danger_replies_give_999_and_the_55_step(code):
    for name in ("utter_immediate_danger", "utter_self_harm", "utter_core_help"):
        text = TRANSLATIONS[code]["responses"][name]
        assert "999" in text and re.search(r"\b55\b", text), f"{code} {name}"
    assert "116 123" in TRANSLATIONS[code]["responses"]["utter_self_harm"]
    assert "{helpline_phone}" in TRANSLATIONS[code]["responses"]["utter_core_help"]


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_domain_has_exactly_the_translated_texts(code):
    for name, text in TRANSLATIONS[code]["responses"].items():
        variations = [
            v
            for v in DOMAIN["responses"][name]
            if any(
                c.get("name") == "language" and c.get("value") == code
                for c in v.get("condition", [])
            )
        ]
        assert [v["text"] for v in variations] == [text], f"{code} {name}: run scripts/generate.py"


def test_channel_variations_of_translated_replies_are_english_only():
    # A variation for SMS without a language condition would compete with the
    # translated one in an SMS conversation in another language.
    translated = {name for t in TRANSLATIONS.values() for name in t["responses"]}
    for name, variations in DOMAIN["responses"].items():
        if name not in translated:
            continue  # nothing to compete with
        for v in variations:
            names = {c.get("name") for c in v.get("condition", [])}
            if "channel" in names:
                assert "language" in names, name
