"""Unit tests for the danger detector (textsafety/danger.py, textsafety/patterns/danger.yml).

Development data only: tests/data/danger_messages.yml and data/nlu/*.yml.
tests/nlu/heldout.yml is a held-out evaluation set and is deliberately not read here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from textsafety.danger import DangerDetector, default_detector

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "danger_messages.yml"
NLU_DIR = ROOT / "data" / "nlu"
ENGLISH_PATTERNS = ROOT / "textsafety" / "patterns" / "danger.yml"

DANGER_INTENT = "immediate_danger"
SELF_HARM_INTENT = "self_harm"

# Not-danger fixtures that the patterns still flag. The safety policy tolerates at most
# two; list any here by text so a reviewer can see them. Currently none are flagged.
KNOWN_FALSE_ALARMS: set[str] = set()
MAX_FALSE_ALARMS = 2

# "[Taunton](place)" or "[Taunton]{"entity": "place"}" -> "Taunton"
_ENTITY = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def _fixtures() -> dict[str, list[str]]:
    with open(FIXTURES, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _nlu_examples() -> dict[str, list[str]]:
    """Every intent's training examples from data/nlu/*.yml, entity markup removed."""
    examples: dict[str, list[str]] = {}
    for path in sorted(NLU_DIR.glob("*.yml")):
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        for block in data.get("nlu", []) or []:
            intent = block.get("intent")
            if not intent:
                continue  # lookup tables, synonyms, regexes
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    text = _ENTITY.sub(r"\1", line[2:].strip())
                    if text:
                        examples.setdefault(intent, []).append(text)
    return examples


FIXTURE_DATA = _fixtures()
NLU = _nlu_examples()


def _params(messages: list[str], prefix: str) -> list:
    return [pytest.param(message, id=f"{prefix}: {message}") for message in messages]


DANGER_CASES = _params(FIXTURE_DATA["danger"], "fixture") + _params(
    NLU.get(DANGER_INTENT, []), f"nlu {DANGER_INTENT}"
)
SELF_HARM_CASES = _params(FIXTURE_DATA["self_harm"], "fixture") + _params(
    NLU.get(SELF_HARM_INTENT, []), f"nlu {SELF_HARM_INTENT}"
)
OTHER_INTENT_CASES = [
    pytest.param(message, id=f"nlu {intent}: {message}")
    for intent, messages in sorted(NLU.items())
    if intent not in (DANGER_INTENT, SELF_HARM_INTENT)
    for message in messages
]


@pytest.fixture(scope="module")
def detector() -> DangerDetector:
    return default_detector()


def _rules(detector: DangerDetector, text: str, languages=("en",)) -> list[str]:
    return [f"{signal.kind}:{signal.rule}" for signal in detector.detect(text, languages)]


# --- the development data is loaded -----------------------------------------


def test_development_data_is_present():
    assert len(FIXTURE_DATA["danger"]) >= 50
    assert len(FIXTURE_DATA["self_harm"]) >= 20
    assert len(FIXTURE_DATA["not_danger"]) >= 50
    assert NLU.get(DANGER_INTENT), "no immediate_danger examples in data/nlu"
    assert NLU.get(SELF_HARM_INTENT), "no self_harm examples in data/nlu"
    assert len(OTHER_INTENT_CASES) > 500


# --- recall: danger and self-harm must be caught -----------------------------


@pytest.mark.parametrize("message", DANGER_CASES)
def test_danger_message_is_detected(detector, message):
    assert detector.kind_of(message) is not None, f"missed danger: {message!r}"


@pytest.mark.parametrize("message", SELF_HARM_CASES)
def test_self_harm_message_is_classed_self_harm(detector, message):
    kind = detector.kind_of(message)
    assert kind == "self_harm", f"{message!r} classed {kind!r}, rules {_rules(detector, message)}"


# --- precision: ordinary messages must not be flagged -------------------------


@pytest.mark.parametrize("message", OTHER_INTENT_CASES)
def test_other_intent_example_is_not_flagged(detector, message):
    assert detector.detect(message) == [], (
        f"false alarm on {message!r}: {_rules(detector, message)}"
    )


def test_not_danger_fixtures_at_most_two_false_alarms(detector):
    flagged = {
        message: _rules(detector, message)
        for message in FIXTURE_DATA["not_danger"]
        if detector.kind_of(message) is not None
    }
    assert len(flagged) <= MAX_FALSE_ALARMS, f"too many false alarms: {flagged}"
    unexpected = set(flagged) - KNOWN_FALSE_ALARMS
    assert not unexpected, (
        f"new false alarms (add to KNOWN_FALSE_ALARMS only if unavoidable): "
        f"{ {m: flagged[m] for m in unexpected} }"
    )


# --- behaviour of the API -----------------------------------------------------


@pytest.mark.parametrize(
    "message",
    ["he\u2019s outside", "he\u2019s got a knife", "he\u2018s outside", "she\u02bcs here now"],
)
def test_curly_apostrophes_are_normalised(detector, message):
    assert detector.kind_of(message) == "danger", _rules(detector, message)


def test_curly_apostrophe_self_harm(detector):
    assert detector.kind_of("i\u2019m going to kill myself") == "self_harm"


@pytest.mark.parametrize("text", ["", " ", "   \n\t  "])
def test_empty_or_whitespace_gives_no_signals(detector, text):
    assert detector.detect(text) == []
    assert detector.kind_of(text) is None


def test_none_text_gives_no_signals(detector):
    assert detector.detect(None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hes got a knife", "danger"),
        ("he's outside my house right now", "danger"),
        ("i want to kill myself", "self_harm"),
    ],
)
def test_english_patterns_run_for_other_languages(detector, message, kind):
    signals = detector.detect(message, languages=["pl"])
    assert signals, f"no signal for {message!r} with languages=['pl']"
    assert "en" in {signal.language for signal in signals}
    assert detector.kind_of(message, languages=["pl"]) == kind


def test_self_harm_wins_over_danger(detector):
    # Matches both kinds; the self-harm reply covers 999 as well.
    message = "he's got a knife and i want to kill myself"
    kinds = {signal.kind for signal in detector.detect(message)}
    assert kinds == {"danger", "self_harm"}
    assert detector.kind_of(message) == "self_harm"


@pytest.mark.parametrize(
    "message",
    [
        # an exclude idiom must not hide a real threat elsewhere in the message
        "my feet are killing me and he says he'll kill me when he gets in",
        "my phone battery is about to die and he's outside",
        "i was choking on my toast and then he choked me",
        "i want to end it with him and he said he'll kill me",
    ],
)
def test_exclusions_stay_narrow(detector, message):
    assert detector.kind_of(message) is not None, _rules(detector, message)


def test_ending_it_with_partner_is_not_self_harm(detector):
    for message in (
        "i want to end it with him",
        "i'm ending it with my boyfriend",
        "he cut me off from my friends",
        "i've been cutting back on food to feed the kids",
    ):
        assert detector.kind_of(message) is None, (message, _rules(detector, message))


def test_rule_ids_are_unique_and_patterns_load():
    with open(ENGLISH_PATTERNS, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    for language, rules in spec.items():
        for kind in ("danger", "self_harm"):
            ids = [rule["id"] for rule in rules.get(kind, [])]
            duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
            assert not duplicates, f"{language}/{kind}: duplicate rule ids {duplicates}"
    # Builds every matcher with validate=True: a YAML boolean (unquoted on/off/no)
    # or a malformed pattern raises here.
    assert "en" in DangerDetector().languages
