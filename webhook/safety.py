"""The static safety reply: what a person gets when anything behind the gateway fails.

Its words live in domain.yml (`utter_safety_fallback`); the helpline number comes
from the services directory. Read once at import, so it works with Rasa down.
"""

from __future__ import annotations

import functools
from typing import Optional

import services_directory
from webhook.domain import load_domain, variation_language


@functools.cache
def gateway_text(response: str, language: Optional[str] = None) -> str:
    """The text of a domain.yml response the gateway itself says, in `language` or English.

    In `language` when translations/<language>.yml translates the response.
    """
    variations = load_domain()["responses"][response]
    template = next((variation["text"] for variation in variations
                     if language and variation_language(variation) == language),
                    variations[0]["text"])
    helpline = services_directory.get_service(services_directory.HELPLINE_ID)
    return template.format(helpline_phone=helpline.contact.phone)


def safety_reply() -> str:
    """The short safe reply with 999, the Silent Solution and the helpline."""
    return gateway_text("utter_safety_fallback")


def first_reply_safety(language: Optional[str] = None) -> str:
    """999 and the Silent Solution in one line, before a first reply that lacks them."""
    return gateway_text("utter_first_reply_safety", language)
