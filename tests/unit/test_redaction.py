"""textsafety.redaction: names, phone numbers, emails, postcodes, addresses become placeholders."""

from __future__ import annotations

import pytest

from textsafety.redaction import redact


@pytest.mark.parametrize(
    "text, secret, placeholder",
    [
        # phone numbers, every way people type them
        ("call me on 07700 900123", "07700 900123", "[phone]"),
        ("my number is 07700900123", "07700900123", "[phone]"),
        ("ring +44 7700 900123 after 6", "+44 7700 900123", "[phone]"),
        ("+44 (0)7700 900 123", "7700 900 123", "[phone]"),
        ("0044 7700 900123", "7700 900123", "[phone]"),
        ("447700900123", "447700900123", "[phone]"),
        ("landline (0117) 496 0123", "496 0123", "[phone]"),
        ("0117-496-0123", "0117-496-0123", "[phone]"),
        ("my cousin in Poland +48 512 345 678", "512 345 678", "[phone]"),
        # emails
        ("email me jane.doe+safe@example.co.uk", "jane.doe+safe@example.co.uk", "[email]"),
        ("JANE_D@EXAMPLE.COM please", "JANE_D@EXAMPLE.COM", "[email]"),
        ("it's jane at gmail dot com", "jane at gmail dot com", "[email]"),
        # postcodes: full, without a space, lower case, and districts
        ("I'm at BA2 4XY", "BA2 4XY", "[postcode]"),
        ("postcode ta12ab", "ta12ab", "[postcode]"),
        ("SW1A 1AA", "SW1A 1AA", "[postcode]"),
        ("somewhere in LU7", "LU7", "[postcode]"),
        ("near ba2 4 i think", "ba2 4", "[postcode]"),
        # addresses
        ("I live at 12 Acacia Avenue", "12 Acacia Avenue", "[address]"),
        ("12a Mill Ln, Frome", "12a Mill Ln", "[address]"),
        ("flat 3, 45 high street", "45 high street", "[address]"),
        ("flat 3 above the shop", "flat 3", "[address]"),
        ("he knows I'm on Acacia Avenue now", "Acacia Avenue", "[address]"),
        ("my address is rose cottage, little village", "rose cottage", "[address]"),
        # names after cues
        ("my name is Jane", "Jane", "[name]"),
        ("My name is Jane O'Brien-Smith and he hit me", "O'Brien", "[name]"),
        ("my name is jane smith", "jane smith", "[name]"),
        ("i'm called jane", "jane", "[name]"),
        ("im called dave", "dave", "[name]"),
        ("I\u2019m called Ann-Marie", "Ann-Marie", "[name]"),
        ("his name is Darren and he follows me", "Darren", "[name]"),
        ("her name's Kelly", "Kelly", "[name]"),
        ("he's called Mark Jones", "Mark Jones", "[name]"),
        ("my partner is called Leon", "Leon", "[name]"),
        ("call me Sam", "Sam", "[name]"),
        ("Hi I'm Priya", "Priya", "[name]"),
        ("My name is May", "May", "[name]"),
    ],
)
def test_personal_details_are_replaced(text, secret, placeholder):
    redacted = redact(text)
    assert secret not in redacted
    assert placeholder in redacted


@pytest.mark.parametrize(
    "text",
    [
        "he hits me and I'm scared",
        "I'm not sure what to do",
        "call me back later",
        "call 999",
        "Samaritans 116 123",
        "I live in Taunton",
        "somerset",
        "bath-ne-somerset",
        "national-domestic-abuse-helpline",
        "web",
        "[name] and [phone]",
        "",
    ],
)
def test_ordinary_words_and_ids_stay(text):
    assert redact(text) == text


def test_several_details_in_one_message_all_go():
    text = (
        "my name is Jane Smith, call me on 07700 900123 or jane@example.org, "
        "I live at 12 Acacia Avenue, Taunton TA1 2AB"
    )
    redacted = redact(text)
    for secret in ["Jane", "Smith", "07700", "900123", "jane@", "Acacia", "TA1", "2AB"]:
        assert secret not in redacted
    assert redacted.startswith("my name is [name], call me on [phone] or [email]")


def test_names_stop_at_ordinary_words():
    assert redact("my name is jo and he checks my phone") == (
        "my name is [name] and he checks my phone"
    )
