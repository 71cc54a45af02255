"""Every translated reply, sent through the real SMS composer, arrives whole.

The budget is the splitter's, not a character count: at most 3 texts of one segment
each, 153 GSM-7 septets or 67 UCS-2 code units (most of these scripts and accents are
not in GSM-7, so most replies are UCS-2). The splitter cuts between sentences, and
between words inside a sentence longer than one text, so the usable room is less than
3 x 67. Arabic and Urdu numbers carry two invisible isolates each (U+2066 ... U+2069,
see test_translations_bidi.py): 2 UCS-2 units per number, paid for in this budget.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generated.domain import load_whole_domain
from textsafety.segments import segments
from webhook.sms.messages import load_messages
from webhook.sms.service import MAX_MESSAGES, render_reply, reply_parts

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "translations").glob("??.yml"))
}
SLOTS = {
    name: str(spec.get("initial_value"))
    for name, spec in load_whole_domain()["slots"].items()
    if name.endswith("_phone")
}
HELPLINE = "0808 2000 247"
RAPE_CRISIS = "0808 500 2222"
RESPECT = "0808 802 4040"
CHILDLINE = "0800 1111"
SAMARITANS = "116 123"
ISOLATES = "\u2066\u2069"
# "Without 55 the call ends", as each translation says it: it must arrive in one text,
# never split so that a text reads "55 ... the call ends" on its own.
WITHOUT_55 = {
    "ar": "بلا 55 ينقطع الاتصال",
    "bn": "55 না চাপলে কল কেটে যাবে",
    "es": "Sin el 55 se corta",
    "gu": "55 વગર કૉલ કપાઈ જશે",
    "it": "Senza 55 la chiamata si chiude",
    "pa": "55 ਬਿਨਾਂ ਕਾਲ ਕੱਟ ਜਾਵੇਗੀ",
    "pl": "Bez 55 rozmowa się kończy",
    "pt": "Sem 55 a chamada termina",
    "ro": "Fără 55, apelul se închide",
    "ur": "55 کے بغیر کال کٹ جاتی ہے",
}
# Words that must not show on a lock screen in a reply's first text (the service names
# stay in English, so these are the ones a translation can carry).
LOCK_SCREEN_WORDS = re.compile(r"\b(abuse|rape|sexual|violence|assault)\b", re.IGNORECASE)
REPLIES = [
    (code, name) for code in sorted(TRANSLATIONS) for name in TRANSLATIONS[code]["responses"]
]


def filled(text: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SLOTS[m.group(1)], text)


def sms_texts(code: str, name: str) -> list[str]:
    """The texts a person gets: Rasa's reply composed and split as the SMS line does."""
    reply = filled(TRANSLATIONS[code]["responses"][name])
    composed, _ = render_reply([{"text": reply}], load_messages())
    return reply_parts(composed)


def in_one_text(needle: str, texts: list[str]) -> bool:
    """Whether some text holds the needle whole (isolates aside)."""
    return any(needle in text.translate({ord(c): None for c in ISOLATES}) for text in texts)


def words(text: str) -> list[str]:
    return text.split()


def test_the_numbers_filled_in_are_the_directory_ones():
    assert SLOTS == {
        "helpline_phone": HELPLINE,
        "rape_crisis_phone": RAPE_CRISIS,
        "respect_phone": RESPECT,
        "childline_phone": CHILDLINE,
        "mens_advice_line_phone": "0808 801 0327",
        "samaritans_phone": "116 123",
    }


@pytest.mark.parametrize("code,name", REPLIES)
def test_every_reply_arrives_whole_in_three_single_segment_texts(code, name):
    texts = sms_texts(code, name)
    assert len(texts) <= MAX_MESSAGES
    assert all(segments(text) == 1 for text in texts)
    assert not texts[-1].endswith("..."), f"{code} {name} is cut: {texts[-1]!r}"
    # Nothing dropped: every word of the reply is in the texts, in order.
    assert words(" ".join(texts)) == words(filled(TRANSLATIONS[code]["responses"][name]))


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
@pytest.mark.parametrize("name", ["utter_immediate_danger", "utter_self_harm"])
def test_danger_and_self_harm_keep_every_step_over_sms(code, name):
    texts = sms_texts(code, name)
    joined = " ".join(texts)
    assert re.search(r"\b999\b", joined) and re.search(r"\b55\b", joined)
    assert in_one_text(WITHOUT_55[code], texts), f"{code} {name}: without 55 the call ends"
    assert in_one_text(HELPLINE, texts), f"{code} {name}: the helpline"
    if name == "utter_self_harm":
        assert in_one_text(SAMARITANS, texts), f"{code}: Samaritans"


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_core_help_keeps_999_55_and_the_helpline_over_sms(code):
    texts = sms_texts(code, "utter_core_help")
    joined = " ".join(texts)
    assert re.search(r"\b999\b", joined) and re.search(r"\b55\b", joined)
    assert in_one_text(HELPLINE, texts)


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_core_routes_keeps_refuge_rape_crisis_and_respect_over_sms(code):
    texts = sms_texts(code, "utter_core_routes")
    for number in (HELPLINE, RAPE_CRISIS, RESPECT):
        assert in_one_text(number, texts), f"{code}: {number}"


@pytest.mark.parametrize("code,name", REPLIES)
def test_the_first_text_is_safe_on_a_lock_screen(code, name):
    assert not LOCK_SCREEN_WORDS.search(sms_texts(code, name)[0])


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_the_isolates_are_sent_and_counted(code):
    # They are real characters in what Twilio sends, so the splitter budgets for them.
    texts = sms_texts(code, "utter_immediate_danger")
    assert "\u2066" + HELPLINE + "\u2069" in " ".join(texts)


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_the_other_language_turn_arrives_whole_with_the_55_step(code):
    # The rule sends utter_core_help then utter_core_routes; together they came to more
    # than three texts, and the splitter cut the 55 step with "...". A reply that does
    # not fit is now left out whole.
    turn = [{"text": filled(TRANSLATIONS[code]["responses"][name])}
            for name in ("utter_core_help", "utter_core_routes")]
    composed, _ = render_reply(turn, load_messages())
    texts = reply_parts(composed)
    assert len(texts) <= MAX_MESSAGES and not texts[-1].endswith("..."), texts
    joined = " ".join(texts).translate({ord(c): None for c in ISOLATES})
    assert "999" in joined and "55" in joined and HELPLINE in joined, texts
