"""TwiML replies, built with the twilio library (it escapes the text)."""

from __future__ import annotations

from typing import Sequence

from twilio.twiml.messaging_response import MessagingResponse

TWIML_MEDIA_TYPE = "application/xml"


def to_twiml(parts: Sequence[str]) -> str:
    """<Response> with one <Message> per part; no parts = an empty <Response/> (no text)."""
    response = MessagingResponse()
    for part in parts:
        response.message(part)
    return str(response)
