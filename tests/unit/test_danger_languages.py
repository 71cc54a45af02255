"""Danger patterns in the ten other languages, tested as they run: all languages at once.

Development data only: tests/data/danger_messages_{latin,nonlatin}.yml and
data/nlu/other_language*.yml (the independent set in tests/data/i18n_messages.yml is
checked end to end by tests/integration/test_languages.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from textsafety.danger import DangerDetector, default_detector

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = ROOT / "textsafety" / "patterns"
FIXTURE_FILES = ("danger_messages_latin.yml", "danger_messages_nonlatin.yml")
NLU_FILES = ("other_language.yml", "other_language_nonlatin.yml")
LANGUAGES = ("pl", "ro", "pt", "es", "it", "pa", "ur", "ar", "bn", "gu")

FIXTURE_DATA: dict = {}
for _name in FIXTURE_FILES:
    with open(ROOT / "tests" / "data" / _name, encoding="utf-8") as _handle:
        FIXTURE_DATA.update(yaml.safe_load(_handle))


def _cases(kind: str) -> list:
    return [
        pytest.param(language, message, id=f"{language} {kind}: {message}")
        for language in LANGUAGES
        for message in FIXTURE_DATA[language][kind]
    ]


@pytest.fixture(scope="module")
def detector() -> DangerDetector:
    return default_detector()


def _rules(detector: DangerDetector, text: str) -> list[str]:
    return [f"{s.language}:{s.kind}:{s.rule}" for s in detector.detect(text)]


def test_every_language_has_patterns_and_enough_fixtures(detector):
    for language in LANGUAGES:
        assert language in detector.languages
        assert len(FIXTURE_DATA[language]["danger"]) >= 10
        assert len(FIXTURE_DATA[language]["self_harm"]) >= 5
        assert len(FIXTURE_DATA[language]["not_danger"]) >= 10


@pytest.mark.parametrize(("language", "message"), _cases("danger"))
def test_danger_message_is_detected(detector, language, message):
    assert detector.kind_of(message) is not None, f"missed danger: {message!r}"


@pytest.mark.parametrize(("language", "message"), _cases("self_harm"))
def test_self_harm_message_is_classed_self_harm(detector, language, message):
    kind = detector.kind_of(message)
    assert kind == "self_harm", f"{message!r} classed {kind!r}, rules {_rules(detector, message)}"


@pytest.mark.parametrize(("language", "message"), _cases("not_danger"))
def test_ordinary_message_is_not_flagged_by_any_language(detector, language, message):
    assert detector.kind_of(message) is None, (
        f"false alarm on {message!r}: {_rules(detector, message)}"
    )


@pytest.mark.parametrize("name", NLU_FILES)
def test_first_messages_in_other_languages_are_not_flagged(detector, name):
    with open(ROOT / "data" / "nlu" / name, encoding="utf-8") as handle:
        block = yaml.safe_load(handle)["nlu"][0]
    messages = [
        line.strip()[2:] for line in block["examples"].splitlines() if line.strip().startswith("- ")
    ]
    assert len(messages) >= 40
    flagged = {m: rules for m in messages if (rules := _rules(detector, m))}
    assert not flagged


@pytest.mark.parametrize("language", LANGUAGES)
def test_pattern_file_is_keyed_by_its_language_with_unique_rule_ids(language):
    with open(PATTERNS / f"danger.{language}.yml", encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    assert list(spec) == [language]
    for kind in ("danger", "self_harm"):
        ids = [rule["id"] for rule in spec[language][kind]]
        assert len(ids) == len(set(ids)), f"{language}/{kind}: duplicate rule ids"


@pytest.mark.parametrize("path", sorted(PATTERNS.glob("danger*.yml")), ids=lambda p: p.name)
def test_every_listed_word_is_a_string(path):
    # A bare no/on/si in a YAML list is read as a boolean and silently never matches.
    with open(path, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)

    def words(node):
        """Every entry of an IN / NOT_IN word list (flags such as IS_ALPHA: true are fine)."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("IN", "NOT_IN"):
                    yield from value
                else:
                    yield from words(value)
        elif isinstance(node, list):
            for value in node:
                yield from words(value)

    for language, rules in spec.items():
        for kind in ("danger", "self_harm", "exclude"):
            for item in words(rules.get(kind, [])):
                assert isinstance(item, str), f"{path.name} {language}/{kind}: {item!r}"
