"""The danger-pattern gaps of issue 16: pronoun-less "here", "back" and "coming", code-mixed
English verbs, Arabic in Latin letters and digits, Sylheti and Panjabi forms, "help me"
alone, Portuguese "he will kill me", and the language the reply comes in. Second round:
coming home with a sign of danger, back at the door, romanised "will kill me", hitting
now, strangled (past), "don't want to live", unaccented "here now", Arabizi door/outside.

Development data only: tests/data/danger_messages_gaps.yml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from textsafety.danger import DangerDetector, DangerSignal, default_detector, language_of_match
from textsafety.language import detect_language

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "danger_messages_gaps.yml"

with open(FIXTURES, encoding="utf-8") as _handle:
    DATA = yaml.safe_load(_handle)
GAPS = DATA["gaps"]


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


def test_every_gap_has_danger_and_near_miss_fixtures():
    assert set(GAPS) >= {
        "portuguese_kill_me",
        "here_without_pronoun",
        "back_and_coming",
        "code_mixed",
        "arabizi",
        "sylheti_panjabi",
        "help_alone",
        # second round: general ways of typing danger
        "coming_with_cue",
        "back_at_the_door",
        "will_kill_me_romanised",
        "hitting_now",
        "strangled_past",
        "dont_want_to_live",
        "here_now_unaccented",
        "arabizi_door_outside",
    }
    for gap, fixtures in GAPS.items():
        caught = fixtures.get("danger", []) + fixtures.get("self_harm", [])
        assert len(caught) >= 5, gap
        assert len(fixtures["near_miss"]) >= 4, gap


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


# --- whole-message rules ------------------------------------------------------


@pytest.mark.parametrize(
    ("alone", "inside"),
    [
        ("está aquí", "el libro está aquí"),
        ("help me", "help me find a refuge"),
        ("he's back", "he's back from work"),
        ("aa gaya", "parcel aa gaya hai"),
        ("jest tutaj", "mój syn jest tutaj ze mną"),
    ],
)
def test_a_whole_message_rule_needs_the_whole_message(detector, alone, inside):
    assert detector.kind_of(alone) == "danger"
    assert detector.kind_of(inside) is None, _rules(detector, inside)


@pytest.mark.parametrize("message", ["está aquí!!", "he's back 😭", "  help me ...", "aa gaya!"])
def test_punctuation_and_emoji_do_not_break_a_whole_message(detector, message):
    assert detector.kind_of(message) == "danger", _rules(detector, message)


# --- the language the reply comes in -----------------------------------------


def _reply_language(detector: DangerDetector, message: str):
    """What the DangerOverride path gives: the matched language where detection gives way."""
    detected, _ = detect_language(message)
    return language_of_match(detector.detect(message), detected) or detected


@pytest.mark.parametrize(
    ("message", "language"),
    [pytest.param(m, lang, id=f"{lang}: {m}") for m, lang in DATA["reply_language"].items()],
)
def test_reply_comes_in_the_language_of_the_match(detector, message, language):
    assert detector.kind_of(message) == "danger", _rules(detector, message)
    assert _reply_language(detector, message) == language, _rules(detector, message)


@pytest.mark.parametrize("message", DATA["reply_unchanged"])
def test_reply_language_is_left_alone_when_english_matched(detector, message):
    signals = detector.detect(message)
    assert signals
    assert language_of_match(signals, detect_language(message)[0]) is None


def _signal(language: str, rule: str = "r") -> DangerSignal:
    return DangerSignal(kind="danger", rule=rule, language=language)


def test_a_language_detection_named_stays_when_its_own_patterns_matched():
    assert language_of_match([_signal("pt"), _signal("es")], "es") is None
    assert language_of_match([_signal("ur"), _signal("pl")], "pl") is None


def test_a_language_detection_named_gives_way_when_only_another_language_matched():
    # "a spart usa de la baie si are o sticla sparta in mana" was read as Italian.
    assert language_of_match([_signal("ro")], "it") == "ro"
    assert language_of_match([_signal("pa")], "ur") == "pa"
    assert language_of_match([_signal("ro"), _signal("en")], "it") is None


def test_a_guess_of_urdu_or_panjabi_stays_when_its_own_words_agree_with_it():
    # Their romanised patterns share most words: which one matched says less.
    assert language_of_match([_signal("ur")], "pa", told="pa") is None
    assert language_of_match([_signal("pa")], "ur", told="ur") is None
    # Without the telling words, or against them, the match still decides.
    assert language_of_match([_signal("pa")], "ur") == "pa"
    assert language_of_match([_signal("ur")], "pa", told="ur") == "ur"


def test_english_detection_gives_way_only_to_a_match_in_another_language_alone():
    assert language_of_match([_signal("ur")], "en") == "ur"
    assert language_of_match([_signal("ur"), _signal("en")], "en") is None
    assert language_of_match([_signal("en")], None) is None
    assert language_of_match([], None) is None


def test_plain_english_keeps_english_unless_romanised_markers_are_there_too():
    assert language_of_match([_signal("es")], "en", plain_english=True) is None
    assert language_of_match([_signal("es")], "en") == "es"
    # "me ... goli khai lidhi, have kai nathi joitu": two English stop words, Gujarati.
    assert language_of_match([_signal("gu")], "en", {"gu": {"lidhi"}}, plain_english=True) == "gu"


def test_a_tie_that_no_marker_breaks_leaves_detection_then_markers_then_telling_words():
    acid = [_signal("bn", "weapon_roman"), _signal("gu", "weapon_roman")]
    assert language_of_match(acid, "ar") is None  # Arabizi guessed Arabic stays Arabic
    assert language_of_match(acid, None, {"pa": {"khada"}}) == "pa"
    assert language_of_match(acid, None, {}, told="ur") == "ur"
    assert language_of_match(acid, None) == "bn"  # nothing else: the fixed order
    # a marker of a tied language breaks the tie as before
    assert language_of_match(acid, "ar", {"gu": {"che"}}) == "gu"


def test_the_language_with_most_rules_wins_then_the_fixed_order():
    two_spanish = [_signal("es", "a"), _signal("es", "b"), _signal("pt", "a")]
    assert language_of_match(two_spanish, None) == "es"
    # a rule matched twice still counts once
    assert language_of_match([_signal("es"), _signal("es"), _signal("pt")], None) == "pt"
    # ties: Portuguese before Spanish, Urdu before Panjabi (MATCH_LANGUAGE_ORDER)
    assert language_of_match([_signal("es"), _signal("pt")], None) == "pt"
    assert language_of_match([_signal("pa"), _signal("ur")], None) == "ur"
