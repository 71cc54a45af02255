"""Arabic and Urdu replies show every number in its right order.

In right-to-left text the Unicode bidi algorithm lays out "0808 2000 247" as
"247 2000 0808" (each digit run stays left to right, but the runs are ordered right
to left). Each phone number is therefore wrapped in a left-to-right isolate,
U+2066 LRI ... U+2069 PDI, in translations/ar.yml and ur.yml. A single digit run
(999, 55) is never reordered, so it needs none. Here every ar and ur reply, with the
slots filled, is laid out with python-bidi as a screen would show it: the whole reply
in a right-to-left bubble (web), and each SMS text on its own with the direction a
phone takes from its first strong letter.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bidi import get_display

from tests.support.bidi import first_strong_direction
from webhook.sms.service import reply_parts

ROOT = Path(__file__).resolve().parents[2]
RTL_CODES = ("ar", "ur")
TRANSLATIONS = {
    code: yaml.safe_load((ROOT / "translations" / f"{code}.yml").read_text(encoding="utf-8"))
    for code in RTL_CODES
}
SLOTS = {
    "helpline_phone": "0808 2000 247",
    "rape_crisis_phone": "0808 500 2222",
    "respect_phone": "0808 802 4040",
}
NUMBERS = ("0808 2000 247", "0808 500 2222", "0808 802 4040", "116 123", "999", "55")
REPLIES = [(code, name) for code in RTL_CODES for name in TRANSLATIONS[code]["responses"]]
# Everything that is not a digit or a space goes, so "247 2000 0808" cannot pass
# for "0808 2000 247" by accident of punctuation around it.
NOT_DIGITS = re.compile(r"[^0-9 ]+")


def filled(text: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SLOTS[m.group(1)], text)


def numbers_in(text: str) -> list[str]:
    """The numbers a reply is meant to show, in the logical (typed) order."""
    return [number for number in NUMBERS if re.search(rf"(?<![\d ]){number}(?![\d])", text)]


def shown(text: str, base_dir: str | None) -> str:
    """The text as laid out on screen, left to right, isolates removed."""
    display = get_display(text, base_dir=base_dir) if base_dir else get_display(text)
    return display.replace("\u2066", "").replace("\u2069", "")


def digit_runs(display: str) -> str:
    return " ".join(NOT_DIGITS.sub(" ", display).split())


def test_without_isolates_the_helpline_would_read_backwards():
    # Guards the check itself: the bidi layout does reverse an unwrapped number.
    display = shown("خط المساعدة: 0808 2000 247", "R")
    assert "0808 2000 247" not in digit_runs(display)
    assert "247 2000 0808" in digit_runs(display)


@pytest.mark.parametrize("code,name", REPLIES)
def test_numbers_read_in_order_in_a_right_to_left_bubble(code, name):
    text = filled(TRANSLATIONS[code]["responses"][name])
    runs = digit_runs(shown(text, "R"))
    for number in numbers_in(text):
        assert number in runs, f"{code} {name}: {number} shown as {runs!r}"


@pytest.mark.parametrize("code,name", REPLIES)
def test_numbers_read_in_order_in_each_sms_text(code, name):
    for text in reply_parts(filled(TRANSLATIONS[code]["responses"][name])):
        runs = digit_runs(shown(text, None))
        for number in numbers_in(text):
            assert number in runs, f"{code} {name}: {number} shown as {runs!r}"


@pytest.mark.parametrize("code,name", REPLIES)
def test_each_sms_text_starts_right_to_left(code, name):
    # A phone takes a text's direction from its first letter: a text starting with
    # "Samaritans" or "Quick exit" would be laid out left to right.
    for text in reply_parts(filled(TRANSLATIONS[code]["responses"][name])):
        assert first_strong_direction(text) in ("R", "AL"), f"{code} {name}: {text!r}"


@pytest.mark.parametrize("code", RTL_CODES)
def test_every_multi_part_number_is_isolated(code):
    for name, text in TRANSLATIONS[code]["responses"].items():
        for number in re.findall(r"\{\w+_phone\}|116 123", text):
            assert f"\u2066{number}\u2069" in text, f"{code} {name}: {number}"
