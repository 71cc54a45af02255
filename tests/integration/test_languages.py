"""Other languages through the running stack, with messages none of our code was tuned on.

tests/data/i18n_messages.yml was written without sight of the translations, the
danger patterns or the training data. Each message starts a new conversation.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import yaml

from tests.support.stack import rest
from textsafety.language import detect_language

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = yaml.safe_load((ROOT / "tests" / "data" / "i18n_messages.yml").read_text())
LANGUAGES = [code for code in MESSAGES if code not in ("en_short", "mixed")]
pytestmark = pytest.mark.integration


def reply_text(stack, text, metadata=None) -> str:
    replies = rest(stack, f"i18n-{uuid.uuid4().hex}", text, metadata)
    return "\n".join(r.get("text") or "" for r in replies)


@pytest.mark.parametrize("code", LANGUAGES)
def test_danger_in_each_language_gets_999_and_the_55_step(stack, code):
    missed = []
    for text in MESSAGES[code]["danger"] + MESSAGES[code]["self_harm"]:
        joined = reply_text(stack, text)
        if "999" not in joined or not re.search(r"\b55\b", joined):
            missed.append(text)
    assert not missed, f"{code}: no 999/55 for {missed}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_self_harm_in_each_language_gets_samaritans(stack, code):
    for text in MESSAGES[code]["self_harm"]:
        assert "116 123" in reply_text(stack, text), text


def test_first_messages_are_answered_in_their_language(stack):
    wrong = []
    total = 0
    for code in LANGUAGES:
        for text in MESSAGES[code]["first_message"]:
            total += 1
            joined = reply_text(stack, text)
            # Numbers and placeholders aside, the reply's own language:
            detected, _ = detect_language(re.sub(r"[\d+]", " ", joined))
            if detected != code:
                wrong.append((code, text, detected, joined[:60]))
    print(f"\nfirst messages answered in their language: {total - len(wrong)}/{total}")
    # langdetect confuses related languages on some messages (Romanian read as
    # Portuguese): at most one miss in 25, and never more than one per language.
    assert len(wrong) <= total // 25, wrong
    per_language = {code: sum(1 for w in wrong if w[0] == code) for code in LANGUAGES}
    assert max(per_language.values()) <= 1, wrong


def test_a_chosen_language_wins_over_detection(stack):
    joined = reply_text(stack, "hello, i need some help please", {"language": "pl"})
    detected, _ = detect_language(re.sub(r"[\d+]", " ", joined))
    assert detected == "pl", joined


def test_short_english_is_never_switched_to_another_language(stack):
    for text in MESSAGES["en_short"]:
        joined = reply_text(stack, text)
        detected, _ = detect_language(re.sub(r"[\d+]", " ", joined))
        assert detected in (None, "en"), (text, joined[:80])
