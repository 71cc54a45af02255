"""Unit tests for the danger patterns in Polish, Romanian, Portuguese, Spanish and Italian.

Development data only: tests/data/danger_messages_latin.yml and data/nlu/other_language.yml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.danger import DangerDetector, default_detector

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "danger_messages_latin.yml"
PATTERNS = ROOT / "bot" / "patterns"
NLU_FILE = ROOT / "data" / "nlu" / "other_language.yml"
LANGUAGES = ("pl", "ro", "pt", "es", "it")

with open(FIXTURES, encoding="utf-8") as _handle:
    FIXTURE_DATA = yaml.safe_load(_handle)


def _cases(kind: str) -> list:
    return [
        pytest.param(language, message, id=f"{language} {kind}: {message}")
        for language in LANGUAGES
        for message in FIXTURE_DATA[language][kind]
    ]


@pytest.fixture(scope="module")
def detector() -> DangerDetector:
    return default_detector()


def _rules(detector: DangerDetector, text: str, languages) -> list[str]:
    return [f"{s.language}:{s.kind}:{s.rule}" for s in detector.detect(text, languages)]


def test_every_language_has_patterns_and_enough_fixtures(detector):
    for language in LANGUAGES:
        assert language in detector.languages
        assert len(FIXTURE_DATA[language]["danger"]) >= 10
        assert len(FIXTURE_DATA[language]["self_harm"]) >= 5
        assert len(FIXTURE_DATA[language]["not_danger"]) >= 10


@pytest.mark.parametrize(("language", "message"), _cases("danger"))
def test_danger_message_is_detected(detector, language, message):
    assert detector.kind_of(message, [language]) is not None, f"missed danger: {message!r}"


@pytest.mark.parametrize(("language", "message"), _cases("self_harm"))
def test_self_harm_message_is_classed_self_harm(detector, language, message):
    kind = detector.kind_of(message, [language])
    assert kind == "self_harm", (
        f"{message!r} classed {kind!r}, rules {_rules(detector, message, [language])}"
    )


@pytest.mark.parametrize(("language", "message"), _cases("not_danger"))
def test_ordinary_message_is_not_flagged(detector, language, message):
    assert detector.kind_of(message, [language]) is None, (
        f"false alarm on {message!r}: {_rules(detector, message, [language])}"
    )


@pytest.mark.parametrize(("language", "message"), _cases("not_danger"))
def test_ordinary_message_is_not_flagged_by_the_other_latin_languages(detector, language, message):
    # Language detection confuses Portuguese and Spanish (and misses short messages), so
    # the five sets may be run together; they must not trip over each other's idioms.
    assert detector.kind_of(message, list(LANGUAGES)) is None, (
        f"false alarm on {message!r}: {_rules(detector, message, list(LANGUAGES))}"
    )


def test_first_messages_in_these_languages_are_not_flagged(detector):
    with open(NLU_FILE, encoding="utf-8") as handle:
        block = yaml.safe_load(handle)["nlu"][0]
    messages = [
        line.strip()[2:] for line in block["examples"].splitlines() if line.strip().startswith("- ")
    ]
    assert len(messages) >= 8 * len(LANGUAGES)
    flagged = {
        message: rules
        for message in messages
        if (rules := _rules(detector, message, list(LANGUAGES)))
    }
    assert not flagged


@pytest.mark.parametrize("language", LANGUAGES)
def test_pattern_file_is_keyed_by_its_language_with_unique_rule_ids(language):
    with open(PATTERNS / f"danger.{language}.yml", encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    assert list(spec) == [language]
    for kind in ("danger", "self_harm"):
        ids = [rule["id"] for rule in spec[language][kind]]
        assert len(ids) == len(set(ids)), f"{language}/{kind}: duplicate rule ids"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_listed_word_is_a_string(language):
    # A bare no/on/si in a YAML list is read as a boolean and silently never matches.
    with open(PATTERNS / f"danger.{language}.yml", encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)[language]

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)
        else:
            yield node

    for kind in ("danger", "self_harm", "exclude"):
        for item in walk(spec.get(kind, [])):
            assert isinstance(item, str), f"{language}/{kind}: {item!r} is not a string"
