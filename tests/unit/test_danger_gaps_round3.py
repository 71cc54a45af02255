"""The third round of danger-pattern gaps (issue 16), as people type them.

Back soon / nearly here / on his way with fear or a threat in the same message (every
language), romanised Bengali and Gujarati spellings, unaccented pronoun-less "he is
here", English hiding and door forms, Maghrebi and Levantine Arabizi, and questions
about the police, killing time and films that must not get the 999 reply.

Development data only: tests/data/danger_messages_gaps_round3.yml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from textsafety.danger import DangerDetector, default_detector

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "danger_messages_gaps_round3.yml"

with open(FIXTURES, encoding="utf-8") as _handle:
    GAPS = yaml.safe_load(_handle)["gaps"]

LANGUAGES = ("pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it", "en")


def _cases(kind: str) -> list:
    return [
        pytest.param(message, id=f"{gap} {kind}: {message}")
        for gap, fixtures in GAPS.items()
        for message in fixtures.get(kind, [])
    ]


@pytest.fixture(scope="module")
def detector() -> DangerDetector:
    return default_detector()


def _rules(detector: DangerDetector, text: str) -> list[str]:
    return [f"{s.language}:{s.kind}:{s.rule}" for s in detector.detect(text)]


def test_every_gap_has_fixtures_and_near_misses():
    assert set(GAPS) == {
        "coming_with_fear_or_threat",
        "romanised_bengali_gujarati",
        "here_unaccented_pronounless",
        "english_hiding_at_the_door",
        "arabizi_maghrebi",
        "not_an_emergency",
    }
    for gap, fixtures in GAPS.items():
        assert len(fixtures["near_miss"]) >= 5, gap
        if gap != "not_an_emergency":
            assert len(fixtures["danger"]) >= 15, gap


def test_coming_with_a_cue_is_caught_in_every_language(detector):
    languages = {
        signal.language
        for message in GAPS["coming_with_fear_or_threat"]["danger"]
        for signal in detector.detect(message)
    }
    assert set(LANGUAGES) <= languages, set(LANGUAGES) - languages


@pytest.mark.parametrize("message", _cases("danger"))
def test_danger_is_classed_danger(detector, message):
    kind = detector.kind_of(message)
    assert kind == "danger", f"{message!r} classed {kind!r}, rules {_rules(detector, message)}"


@pytest.mark.parametrize("message", _cases("near_miss"))
def test_near_miss_matches_no_language(detector, message):
    assert detector.detect(message) == [], (
        f"false alarm on {message!r}: {_rules(detector, message)}"
    )


@pytest.mark.parametrize(
    "message",
    [
        "this is an emergency",
        "its an emergency",
        "he'll be back soon and he's drunk, can you help me with a plan",
        "i put a film on and he said he'll kill me",
    ],
)
def test_the_new_exclusions_leave_real_danger_alone(detector, message):
    assert detector.kind_of(message) == "danger", _rules(detector, message)
