"""The gateway's one seam to the bot: what it needs from Rasa, and how that can fail.

The Rasa client (webhook/rasa_client.py) and the per-conversation queue in front of it
(webhook/conversation.py) both implement `Bot`; routes only ever talk to a `Bot` through
`webhook.turns.Turns`, which owns the deadline and the safety fallback.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Protocol


class BotUnavailable(Exception):
    """The bot failed or refused a turn: the caller sends the static safety reply."""


class Bot(Protocol):
    """Sends turns to the bot and wipes conversations."""

    async def send(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """One user message; the bot's replies (possibly none) or BotUnavailable."""

    async def wipe(self, sender_id: str) -> bool:
        """Deletes what the bot holds of a conversation; True on success."""

    async def close(self) -> None:
        """Releases connections."""
