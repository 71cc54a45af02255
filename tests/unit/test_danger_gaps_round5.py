"""The fifth round of danger-pattern gaps (issue 16), as people type them, in ten languages.

An overdose already taken ("took all the pills", "the whole strip"), a weapon in his
hands now ("m3ah sekina", "charu laine ubho che"), at the door and trying to get in,
back or coming drunk or angry while the writer is afraid (with English words mixed in
and without), children hit now with the English verb inside Panjabi, Urdu, Bengali and
Gujarati; and false alarms removed: an ache that is "killing me", a son at the door
waiting for a lift, a film where a man kills, a knife for cooking. None of those
exclusions may hide a threat written in the same message.

Development data only: tests/data/danger_messages_gaps_round5.yml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import services_directory
from textsafety.danger import DangerDetector, default_detector

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "danger_messages_gaps_round5.yml"

with open(FIXTURES, encoding="utf-8") as _handle:
    GAPS = yaml.safe_load(_handle)["gaps"]

LANGUAGES = ("pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it")
# Gaps whose fixtures must be caught, by a pattern of each of these languages (English
# included), with the kind each gap must be classed as.
CAUGHT_IN = {
    "overdose_taken": ("self_harm", ("en", *LANGUAGES)),
    "weapon_now": ("danger", ("en", *LANGUAGES)),
    "at_door_getting_in": ("danger", ("en", *LANGUAGES)),
    "coming_drunk_or_angry_afraid": ("danger", ("en", *LANGUAGES)),
    # the English verb inside the four languages written in Latin letters by sound
    "children_hit_code_mixed": ("danger", ("en", "pa", "ur", "bn", "gu")),
}
# Gaps of false alarms: only near misses, plus threats the exclusions must not hide.
FALSE_ALARMS = "false_alarms"


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
    assert set(GAPS) == {*CAUGHT_IN, FALSE_ALARMS}
    for gap, fixtures in GAPS.items():
        assert len(fixtures["near_miss"]) >= 10, gap
        caught = fixtures.get("danger", []) + fixtures.get("self_harm", [])
        assert len(caught) >= 9, gap


@pytest.mark.parametrize("gap", sorted(CAUGHT_IN))
def test_each_gap_is_caught_in_every_language(detector, gap):
    kind, languages = CAUGHT_IN[gap]
    caught = {
        signal.language
        for message in GAPS[gap][kind]
        for signal in detector.detect(message)
        if signal.kind == kind
    }
    assert set(languages) <= caught, set(languages) - caught


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
    "false_alarm, threat",
    [
        ("my back is killing me", "and he said he'll kill me"),
        ("minhas costas estao me matando", "e ele disse que vai me matar"),
        ("meu filho ta na porta esperando", "e ele ta com uma faca"),
        ("vi um filme que o cara mata a mulher", "e ele disse que vai me matar"),
        ("bol plecow mnie zabija", "a on powiedzial ze mnie zabije"),
        ("baiatul meu e la usa", "si el are un cutit"),
        ("mio figlio e alla porta, aspetta", "e lui ha un coltello"),
        ("kamar nu dard to mari nakhshe", "ane e kahe che ke tane mari nakhish"),
        ("rasi 3am ye2telni", "w howa 2al hay2telni"),
        ("cortando legumes com a faca", "e ele disse que vai me matar"),
    ],
)
def test_an_exclusion_never_hides_a_threat_in_the_same_message(detector, false_alarm, threat):
    with_threat = f"{false_alarm} {threat}"
    assert detector.detect(false_alarm) == [], _rules(detector, false_alarm)
    assert detector.kind_of(with_threat) == "danger", _rules(detector, with_threat)


@pytest.mark.parametrize("message", _cases("danger") + _cases("self_harm"))
def test_no_danger_message_is_read_as_a_place(message):
    # "m3ah", "3ando", "bab" must not be taken for a postcode district or a town
    assert services_directory.locate_area(message) is None
