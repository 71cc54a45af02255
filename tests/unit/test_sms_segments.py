"""GSM-7 vs UCS-2 counting and the sentence splitter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textsafety.segments import (
    GSM7,
    TEXT_BREAK,
    UCS2,
    encoding_of,
    fits,
    gsm_friendly,
    length_in_units,
    segments,
    split_message,
)

DANGER = (
    "If you're in danger now, call 999.\n\nCan't speak? Call 999 from a mobile, listen, then "
    "press 55 when the recorded message asks. The police will ask yes/no questions you answer "
    "by tapping keys. If you don't press 55 the call ends. Cough, tap or whisper if you can."
    "\n\nWhen you're safe: National Domestic Abuse Helpline, free, 24/7: 0808 2000 247."
)
POLISH = (
    "Jeśli grozi ci niebezpieczeństwo, zadzwoń pod 999. Jeśli nie możesz mówić, zadzwoń pod "
    "999 z komórki i naciśnij 55, gdy usłyszysz komunikat. Krajowa infolinia: 0808 2000 247."
)
URDU = (
    "اگر آپ کو ابھی خطرہ ہے تو 999 پر کال کریں۔ اگر آپ بول نہیں سکتے تو موبائل سے 999 پر کال "
    "کریں اور پوچھے جانے پر 55 دبائیں۔ ہیلپ لائن مفت ہے: 0808 2000 247۔"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Call 999", GSM7),
        ("café à Ørsted ÄÖÑÜ §¿¡ £$¥ ΔΦΓΛΩΠΨΣΘΞ", GSM7),
        ("curly braces {} [] ~ | \\ ^ €", GSM7),
        ("Zadzwoń", UCS2),  # ń is not GSM-7
        ("ç lower-case c cedilla", UCS2),  # only upper-case Ç is in the basic table
        ("It’s", UCS2),  # a curly apostrophe
        ("ok 👍", UCS2),
        ("خطرہ", UCS2),
        ("", GSM7),
    ],
)
def test_encoding_of(text, encoding):
    assert encoding_of(text) == encoding


def test_extension_characters_count_two_septets():
    assert length_in_units("€") == 2
    assert length_in_units("a{b}") == 6
    assert segments("€" * 80) == 1  # 160 septets
    assert segments("€" * 81) == 2
    # A concatenated segment never splits an escape pair: 76 "€" = 152, the 77th moves on.
    assert segments("€" * 153) == 3


def test_gsm_segment_boundaries():
    assert segments("") == 0
    assert segments("a" * 160) == 1
    assert segments("a" * 161) == 2
    assert segments("a" * 306) == 2
    assert segments("a" * 307) == 3


def test_ucs2_segment_boundaries():
    assert segments("ń" * 70) == 1
    assert segments("ń" * 71) == 2
    assert segments("ń" * 134) == 2
    assert segments("ń" * 135) == 3


def test_emoji_take_two_code_units_and_are_never_split():
    assert length_in_units("😀") == 2
    assert segments("😀" * 35) == 1  # 70 units
    assert segments("😀" * 36) == 2
    # 33 emoji = 66 units; the 34th would straddle 67, so it starts segment two.
    assert segments("😀" * 67) == 3


def test_gsm_friendly_replaces_typographic_characters():
    text = gsm_friendly("It’s “fine” – really… ok")
    assert text == 'It\'s "fine" - really... ok'
    assert encoding_of(text) == GSM7


def test_short_text_is_one_part():
    assert split_message("Call 999.") == ["Call 999."]
    assert split_message("   ") == []


def test_danger_reply_splits_at_sentences_and_keeps_everything():
    parts = split_message(DANGER)
    assert len(parts) == 3
    assert all(fits(part) and segments(part) == 1 for part in parts)
    assert parts[0].startswith("If you're in danger now, call 999.")
    assert all(re.search(r"[.?!]$", part) for part in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(DANGER.split())


@pytest.mark.parametrize("text", [POLISH, URDU])
def test_non_latin_replies_use_the_ucs2_budget(text):
    parts = split_message(text)
    assert encoding_of(text) == UCS2
    assert 1 < len(parts) <= 3
    assert all(length_in_units(part) <= 67 and segments(part) == 1 for part in parts)
    assert "999" in parts[0]


def test_one_emoji_switches_only_its_own_part_to_ucs2():
    text = "Call 999 if you are in danger now. " * 3 + "Take care 💜."
    parts = split_message(text)
    assert [encoding_of(part) for part in parts] == [GSM7] * (len(parts) - 1) + [UCS2]
    assert all(segments(part) == 1 for part in parts)


def test_overflow_keeps_the_start_and_ends_with_an_ellipsis():
    text = DANGER + " " + "More words about other help that can wait. " * 30
    parts = split_message(text)
    assert len(parts) == 3
    assert parts[0].startswith("If you're in danger now, call 999.")
    assert "press 55" in parts[0]
    assert parts[-1].endswith("...")
    assert all(segments(part) == 1 for part in parts)


def test_a_long_sentence_is_split_between_words():
    sentence = " ".join(f"word{i}" for i in range(60)) + "."
    parts = split_message(sentence)
    words = sentence.split()
    seen = " ".join(parts).split()
    assert seen == words[: len(seen)] or seen[:-1] == words[: len(seen) - 1]
    assert all(fits(part) for part in parts)


def test_a_single_overlong_word_is_cut_only_as_a_last_resort():
    parts = split_message("x" * 500)
    assert len(parts) == 3
    assert all(fits(part) for part in parts)
    assert parts[-1].endswith("...")


WORD = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789€{ąęśćżńłó😀خط")),
    min_size=1,
    max_size=15,
)
SENTENCE = st.lists(WORD, min_size=1, max_size=20).map(lambda words: " ".join(words) + ".")


@settings(max_examples=200, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=12))
def test_split_properties(sentences):
    text = " ".join(sentences)
    parts = split_message(text)
    assert 1 <= len(parts) <= 3
    assert all(fits(part) and segments(part) == 1 for part in parts)
    words = text.split()
    seen = " ".join(parts).split()
    if parts[-1].endswith("..."):
        # Truncated: whole words from the start, the last one followed by "...".
        *whole, last = seen
        assert whole == words[: len(whole)]
        stripped = last[: -len("...")]
        assert stripped == "" or words[len(whole)].startswith(stripped)
    else:
        assert seen == words


def test_a_text_break_starts_a_new_part_and_is_never_sent():
    parts = split_message(f"Helpline: call 0808 2000 247.\n{TEXT_BREAK}\nThis is tech abuse.")
    assert parts == ["Helpline: call 0808 2000 247.", "This is tech abuse."]
    assert split_message(f"{TEXT_BREAK} only words {TEXT_BREAK}") == ["only words"]



def test_a_short_question_stays_with_its_answer():
    # Greedy packing had room for "In danger now?" at the end of the first text, and
    # none for "Call 999 ...": the question arrived without its answer.
    opening = "You can talk to someone free, any time, with an interpreter: " + "x" * 70 + "."
    answer = "Call 999; if you can't speak, press 55 when asked."
    text = f"{opening} In danger now? {answer}"
    assert fits(f"{opening} In danger now?") and not fits(f"{opening} In danger now? {answer}")
    parts = split_message(text)
    assert not any(part.endswith("In danger now?") for part in parts)
    assert parts[-1] == f"In danger now? {answer}"
