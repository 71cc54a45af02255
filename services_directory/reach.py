"""Whether a person can reach a service on a channel: every door shown must open."""

from __future__ import annotations

from typing import Callable

from .schema import Service

# Service id -> Service, or None: how a `contact.via` id is looked up.
Lookup = Callable[[str], "Service | None"]


def via_service(service: Service, lookup: Lookup) -> Service | None:
    """Return the service a person goes through to reach `service`, if it names one."""
    return lookup(service.contact.via) if service.contact.via else None


def reachable_on(service: Service, channel: str, lookup: Lookup) -> bool:
    """Return whether `service` gives a person a way in on `channel`.

    SMS replies carry no web addresses, so on SMS a service needs a number to call or
    text, its own or that of the service it is reached through. On the web any route
    will do: a number, a link, an email address, a referral, or another service.
    """
    contact = service.contact
    via = via_service(service, lookup)
    if channel == "sms":
        return contact.by_phone_or_text or (via is not None and via.contact.by_phone_or_text)
    return contact.direct or bool(contact.referral) or (via is not None and via.contact.direct)


def offered_on(service: Service, channel: str | None, lookup: Lookup) -> bool:
    """Return whether `service` may be listed on `channel` (None: any channel)."""
    if channel is None:
        return True
    return channel in service.channels and reachable_on(service, channel, lookup)
