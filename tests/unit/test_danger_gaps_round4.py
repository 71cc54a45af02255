"""The fourth round of danger-pattern gaps (issue 16), as people type them, in ten languages.

Hiding in the house ("he's in the other room, I can't talk"), pronoun-less "here now"
with a plea, self-harm as people say it (not waking up, pills to take all at once,
hurting myself, ending my life), locked in a room, being hit right now, "he'll finish
you today", "he's back and knocking on the door", and films, series and games where
someone kills, which must not get the 999 reply unless a threat is in the message too.

Development data only: tests/data/danger_messages_gaps_round4.yml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from textsafety.danger import DangerDetector, default_detector

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "danger_messages_gaps_round4.yml"

with open(FIXTURES, encoding="utf-8") as _handle:
    GAPS = yaml.safe_load(_handle)["gaps"]

LANGUAGES = ("pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it")
# Gaps whose fixtures must be caught, by a pattern of that language, in all ten.
EVERY_LANGUAGE = {
    "other_room_cant_talk": "danger",
    "here_now_with_plea": "danger",
    "self_harm_as_people_say_it": "self_harm",
    "locked_in_room": "danger",
    "hit_now_or_finish_you": "danger",
    "back_and_banging": "danger",
}


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
    assert set(GAPS) == {*EVERY_LANGUAGE, "story_not_threat"}
    for gap, fixtures in GAPS.items():
        assert len(fixtures["near_miss"]) >= 10, gap
        caught = fixtures.get("danger", []) + fixtures.get("self_harm", [])
        assert len(caught) >= 10, gap


@pytest.mark.parametrize("gap", sorted(EVERY_LANGUAGE))
def test_each_gap_is_caught_in_every_language(detector, gap):
    kind = EVERY_LANGUAGE[gap]
    languages = {
        signal.language
        for message in GAPS[gap][kind]
        for signal in detector.detect(message)
        if signal.kind == kind
    }
    assert set(LANGUAGES) <= languages, set(LANGUAGES) - languages


@pytest.mark.parametrize("message", _cases("danger"))
def test_danger_is_classed_danger(detector, message):
    kind = detector.kind_of(message)
    assert kind == "danger", f"{message!r} classed {kind!r}, rules {_rules(detector, message)}"


@pytest.mark.parametrize("message", _cases("self_harm"))
def test_self_harm_is_classed_self_harm(detector, message):
    kind = detector.kind_of(message)
    assert kind == "self_harm", f"{message!r} classed {kind!r}, rules {_rules(detector, message)}"


@pytest.mark.parametrize("message", _cases("near_miss"))
def test_near_miss_matches_no_language(detector, message):
    assert detector.detect(message) == [], (
        f"false alarm on {message!r}: {_rules(detector, message)}"
    )


@pytest.mark.parametrize(
    "message",
    [
        "ele voltou e ta batendo na porta",
        "e tornato e sta bussando alla porta",
        "s-a intors si bate la usa",
    ],
)
def test_back_and_knocking_is_not_dropped_by_the_knocking_exclusion(detector, message):
    assert detector.kind_of(message) == "danger", _rules(detector, message)
