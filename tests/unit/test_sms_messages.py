"""The SMS layer's own wording: complete, GSM-7, short, and with the safety facts."""

from __future__ import annotations

import dataclasses

import pytest

import services_directory
from webhook.sms.messages import load_messages
from textsafety.segments import GSM7, encoding_of, split_message

MESSAGES = load_messages()
TEXTS = {
    field.name: getattr(MESSAGES, field.name)
    for field in dataclasses.fields(MESSAGES)
    if field.name != "options"
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_message_is_gsm7_and_fits_three_texts_whole(name):
    text = TEXTS[name]
    assert "{" not in text, "unfilled placeholder"
    assert encoding_of(text) == GSM7
    parts = split_message(text)
    assert len(parts) <= 3
    assert " ".join(parts) == text  # nothing dropped


@pytest.mark.parametrize("name", sorted(set(TEXTS) - {"forget"}))
def test_replies_that_end_a_turn_say_999(name):
    assert "999" in TEXTS[name]


def test_help_gives_the_silent_solution_and_the_helpline():
    helpline = services_directory.get_service(services_directory.HELPLINE_ID).contact.phone
    assert "999" in MESSAGES.help and "press 55" in MESSAGES.help
    assert helpline in MESSAGES.help
    assert helpline in MESSAGES.rate_limited


def test_forget_says_how_to_delete_the_thread():
    assert "Delete" in MESSAGES.forget and "phone" in MESSAGES.forget


def test_options_line():
    assert MESSAGES.options.line(["X", "Y", "Z"]) == "Reply 1 for X, 2 for Y, 3 for Z."
    assert MESSAGES.options.line(["X"]) == "Reply 1 for X."
    assert MESSAGES.options.line([]) == ""
