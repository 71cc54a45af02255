"""Talks to Rasa's REST channel and HTTP API; failures become exceptions.

It implements `webhook.bot.Bot`. The deadline of a turn is not kept here but in
`webhook.turns.Turns`, the one place that decides when a person gets the safety reply;
this client only bounds how long connecting may take.
"""

from __future__ import annotations

import logging
import re
import zlib
from typing import Any, Dict, Iterable, List, Optional

import httpx

from generated.domain import answer_choice_payloads
from webhook.bot import BotUnavailable
from webhook.domain import load_domain

logger = logging.getLogger(__name__)


class IntentPayloads:
    """Lets button payloads ("/greet") through and nothing else that starts with "/".

    Rasa reads a message starting with "/" as an intent, and "/intent{...}" also sets
    entities (and so slots). Buttons need the first, and a few need the second (the safety
    plan's topics, a choice of two answers); a person typing the second could steer the
    conversation or plant slot values, so only bare known intents and the exact payloads
    of the domain's own buttons and of the answers' choices pass.
    """

    _BARE = re.compile(r"^/([a-z_]+)$")

    def __init__(self, intents: List[str], button_payloads: Iterable[str] = ()) -> None:
        self._intents = set(intents)
        self._buttons = set(button_payloads)

    @classmethod
    def from_domain(cls) -> "IntentPayloads":
        """The intents listed in the domain, and every payload its buttons carry."""
        domain = load_domain()
        buttons = (
            str(button.get("payload") or "")
            for variations in (domain.get("responses") or {}).values()
            for variation in variations
            for button in variation.get("buttons") or []
        )
        return cls(domain["intents"], [*buttons, *answer_choice_payloads()])

    def sanitise(self, text: str) -> str:
        """The text unchanged, a known payload, or the text without its slashes."""
        match = self._BARE.match(text.strip())
        if (match and match.group(1) in self._intents) or text.strip() in self._buttons:
            return text.strip()
        if not text.lstrip().startswith("/"):
            return text
        # "?" for a bare slash: Rasa answers it with its fallback, like any unclear text.
        return text.lstrip().lstrip("/").strip() or "?"


class RasaUnavailable(BotUnavailable):
    """Rasa failed or answered something that is not a list of messages."""


class RasaClient:
    """A small async client for one or more Rasa servers (one worker per conversation)."""

    def __init__(
        self,
        base_urls: List[str],
        connect_timeout_s: float = 2.0,
        auth_token: Optional[str] = None,
        transport: Optional[httpx.AsyncBaseTransport] = None,
        payloads: Optional["IntentPayloads"] = None,
    ) -> None:
        self._base_urls = base_urls
        self._auth_token = auth_token
        self._payloads = payloads or IntentPayloads.from_domain()
        # No read timeout: Turns cancels a turn at its deadline.
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(None, connect=connect_timeout_s), transport=transport
        )

    def _url_for(self, sender_id: str) -> str:
        # Any worker can serve any conversation (shared Redis stores and locks), but
        # keeping one conversation on one worker avoids lock waits between workers.
        # crc32, not hash(): the same worker from every gateway process (hash() is
        # salted per process).
        return self._base_urls[zlib.crc32(sender_id.encode("utf-8")) % len(self._base_urls)]

    async def send(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """Sends one user message; returns Rasa's replies (maybe none) or raises RasaUnavailable.

        Rasa answers 200 [] when its tracker store (Redis) is down, or when an action
        failed before anything was said; Turns treats that silence as a failure.
        """
        payload = {
            "sender": sender_id,
            "message": self._payloads.sanitise(text),
            "metadata": metadata or {},
        }
        url = f"{self._url_for(sender_id)}/webhooks/rest/webhook"
        try:
            response = await self._http.post(url, json=payload)
        except httpx.HTTPError as error:
            # Never log the text or the sender: only what failed.
            logger.warning("rasa unreachable: %s", type(error).__name__)
            raise RasaUnavailable(type(error).__name__) from error
        if response.status_code != 200:
            logger.warning("rasa answered HTTP %s", response.status_code)
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            replies = response.json()
        except ValueError as error:
            logger.warning("rasa answered non-JSON")
            raise RasaUnavailable("non-JSON") from error
        if not isinstance(replies, list):
            logger.warning("rasa answered something other than a list")
            raise RasaUnavailable("not a list")
        return replies

    async def wipe(self, sender_id: str) -> bool:
        """Deletes what the tracker store holds of a conversation; True on success."""
        # Rasa 3.6 without JWT accepts its token only as a query parameter.
        params = {"token": self._auth_token} if self._auth_token else {}
        # The conversation's own worker: the stores are shared, so any worker could
        # delete it, but only this one holds its last message in memory
        # (bot.follow_up_context), and deletes that too.
        url = f"{self._url_for(sender_id)}/conversations/{sender_id}/tracker/events"
        try:
            # Replacing the events with none empties the tracker; the redacting
            # Redis store deletes the key when a tracker has no events.
            response = await self._http.put(url, json=[], params=params)
        except httpx.HTTPError as error:
            logger.warning("rasa wipe failed: %s", type(error).__name__)
            return False
        return response.status_code == 200

    async def close(self) -> None:
        """Closes the HTTP connection pool."""
        await self._http.aclose()
