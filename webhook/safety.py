"""The static safety reply: what a person gets when anything behind the gateway fails.

Its words live in domain.yml (`utter_safety_fallback`); the helpline number comes
from the services directory. Read once at import, so it works with Rasa down.
"""

from __future__ import annotations

import functools

import services_directory
from webhook.domain import load_domain


@functools.cache
def gateway_text(response: str) -> str:
    """The English text of a domain.yml response the gateway itself says."""
    template = load_domain()["responses"][response][0]["text"]
    helpline = services_directory.get_service(services_directory.HELPLINE_ID)
    return template.format(helpline_phone=helpline.contact.phone)


def safety_reply() -> str:
    """The short safe reply with 999, the Silent Solution and the helpline."""
    return gateway_text("utter_safety_fallback")
