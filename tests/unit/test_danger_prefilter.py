"""The danger detector's word filter skips Matchers only where they could find nothing.

The filter is a speed-up (textsafety.danger.WordFilter): it must never change a signal. One
message built from each pattern's own words, and every third message we have, gets
exactly the same signals with the filter as without it. (The held-out NLU set is read
here only to compare the two; nothing is tuned on it.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from textsafety.danger import PATTERNS_DIR, DangerDetector, WordFilter, load_patterns

ROOT = Path(__file__).resolve().parents[2]
MESSAGE_FILES = [
    *sorted((ROOT / "tests" / "data").glob("*.yml")),
    *sorted((ROOT / "data" / "nlu").glob("*.yml")),
    ROOT / "tests" / "nlu" / "heldout.yml",
]
_ENTITY = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def _strings(node) -> list[str]:
    """Every string in a YAML tree; NLU example blocks split into their lines."""
    if isinstance(node, str):
        lines = [line.strip()[2:] for line in node.splitlines() if line.strip().startswith("- ")]
        return [_ENTITY.sub(r"\1", line) for line in lines] if lines else [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


def _messages() -> list[str]:
    texts: list[str] = []
    for path in MESSAGE_FILES:
        texts += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(set(texts))


def _built_from_patterns() -> list[tuple[str, str]]:
    """One message per pattern, with its language: the first word of each token,
    optional ones included.

    A wildcard token (`{OP: "?"}`) becomes "then". A pattern with a regular-expression
    token has no word to build from; the fixtures in tests/data/danger_messages_gaps.yml
    (read with every other message above) exercise those.
    """
    texts = []
    for language, rules in PATTERNS.items():
        for kind in ("danger", "self_harm"):
            for rule in rules.get(kind, []):
                tokens = rule["pattern"]
                if any("IN" not in token["LOWER"] for token in tokens if "LOWER" in token):
                    continue
                words = [
                    token["LOWER"]["IN"][0] if "LOWER" in token else "then" for token in tokens
                ]
                texts.append((" ".join(words), language))
    return texts


PATTERNS = load_patterns(PATTERNS_DIR)
MESSAGES = _messages()
BUILT = _built_from_patterns()


@pytest.fixture(scope="module")
def filtered() -> DangerDetector:
    return DangerDetector()


@pytest.fixture(scope="module")
def unfiltered() -> DangerDetector:
    return DangerDetector(prefilter=False)


def _signals(detector: DangerDetector, text: str, languages=None) -> list:
    return sorted(detector.detect(text, languages), key=lambda s: (s.language, s.kind, s.rule))


def test_there_are_enough_messages_to_compare():
    assert len(MESSAGES) > 3000
    assert len(BUILT) > 1000


# The comparison runs every Matcher on each message: on all 15,127 messages it took 6 of
# the unit suite's 11 minutes of CPU in CI, while the model trained beside it
# (2026-12-07). Every third message is compared (each pattern is exercised below); the
# shares let pytest-xdist run them on different cores.
SAMPLE = MESSAGES[::3]
SHARES = 4


@pytest.mark.parametrize("share", range(SHARES))
def test_messages_get_the_same_signals_with_and_without_the_filter(filtered, unfiltered, share):
    different = [
        text for text in SAMPLE[share::SHARES]
        if _signals(filtered, text) != _signals(unfiltered, text)
    ]
    assert different == []


def test_messages_built_from_each_pattern_match_and_are_not_filtered_out(filtered, unfiltered):
    # Each built message is compared in its pattern's language (and English, which always
    # runs): that is the Matcher it was built to exercise.
    different = [
        text for text, language in BUILT
        if _signals(filtered, text, [language]) != _signals(unfiltered, text, [language])
    ]
    assert different == []
    # the built messages do exercise the matchers: nearly all of them match something
    matched = sum(bool(unfiltered.detect(text, [language])) for text, language in BUILT)
    assert matched > 0.9 * len(BUILT)


def test_the_filter_skips_ordinary_messages():
    import spacy

    patterns = [[{"LOWER": {"IN": ["kill", "stab"]}}, {"LOWER": {"IN": ["me", "us"]}}]]
    words = WordFilter(patterns)
    nlp = spacy.blank("en")
    assert words.could_match(nlp.make_doc("he will kill me"))
    assert not words.could_match(nlp.make_doc("he reads my messages"))
    # one required word is not enough: "me" alone cannot complete the pattern
    assert not words.could_match(nlp.make_doc("he follows me"))


def test_a_pattern_the_filter_cannot_read_always_runs():
    import spacy

    words = WordFilter([[{"LEMMA": "kill"}, {"LOWER": {"IN": ["me"]}}]])
    assert words.could_match(spacy.blank("en").make_doc("anything at all"))


def test_optional_tokens_are_not_required():
    import spacy

    pattern = [
        {"LOWER": {"IN": ["kill"]}},
        {"LOWER": {"IN": ["all"]}, "OP": "?"},
        {"LOWER": {"IN": ["us"]}},
    ]
    words = WordFilter([pattern])
    assert words.could_match(spacy.blank("en").make_doc("kill us"))


def test_a_pattern_of_regular_expressions_runs_only_when_each_finds_a_word():
    import spacy

    words = WordFilter([[{"LOWER": {"REGEX": "^ha2t[aeiou]?l(ni|ak)$"}}]])
    nlp = spacy.blank("xx")
    assert words.could_match(nlp.make_doc("ha2telak ya"))
    assert not words.could_match(nlp.make_doc("ha2 ha2 hahaha"))


def test_a_regular_expression_beside_listed_words_needs_the_words():
    import spacy

    words = WordFilter([[{"LOWER": {"IN": ["howa"]}}, {"LOWER": {"REGEX": "^y?2tl"}}]])
    nlp = spacy.blank("xx")
    assert words.could_match(nlp.make_doc("howa y2tlni"))
    assert not words.could_match(nlp.make_doc("hiya y2tlni"))


def test_a_sentence_start_or_any_word_but_some_still_needs_the_listed_words():
    import spacy

    words = WordFilter([
        [{"IS_SENT_START": True, "LOWER": {"IN": ["is"]}}, {"LOWER": {"IN": ["outside"]}}],
        [{"LOWER": {"NOT_IN": ["za"]}}, {"LOWER": {"IN": ["noga"]}}],
    ])
    nlp = spacy.blank("en")
    assert words.could_match(nlp.make_doc("is outside again"))
    assert words.could_match(nlp.make_doc("moja noga"))
    assert not words.could_match(nlp.make_doc("he reads my messages"))


@pytest.mark.parametrize("language", sorted(PATTERNS))
def test_no_pattern_makes_its_language_run_on_every_message(language):
    # One pattern the filter cannot read runs its whole language's Matcher on every
    # message: round 29's sentence-start rule and one NOT_IN token each cost about 0.3-0.6
    # ms a message before the filter learnt to read them (danger detection 1.6 -> 0.4 ms).
    rules = PATTERNS[language]
    patterns = [rule["pattern"] for kind in ("danger", "self_harm") for rule in rules.get(kind, [])]
    unreadable = [
        rule["id"] for kind in ("danger", "self_harm") for rule in rules.get(kind, [])
        if WordFilter._required_word_sets(rule["pattern"]) is None
        and not WordFilter._required_expressions(rule["pattern"])
    ]
    assert unreadable == []
    assert not WordFilter(patterns)._always
