"""One turn with the bot: admission, the deadline, and the safety fallback, for web and SMS.

This is the one place that decides a person gets the static safety reply instead of
the bot's: the turn was over capacity, the bot failed, it took longer than
RASA_TIMEOUT_S, or it said nothing usable. Logs name what happened, never the text.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from webhook.bot import Bot, BotUnavailable
from webhook.capacity import InFlightCap, OverCapacity, Priority
from webhook.safety import first_reply_safety, safety_reply

logger = logging.getLogger(__name__)
WIPE_DEADLINE_FACTOR = 1.5
# The Silent Solution's step, in any language's reply: the translations keep "55" as is.
SILENT_SOLUTION_STEP = re.compile(r"(?<!\d)55(?!\d)")


def usable_replies(replies: Any) -> List[Dict[str, Any]]:
    """The replies a person can read: with text, or with at least one complete button."""
    if not isinstance(replies, list):
        return []
    usable = []
    for reply in replies:
        if not isinstance(reply, dict):
            continue
        text = reply.get("text")
        buttons = [
            button
            for button in reply.get("buttons") or []
            if isinstance(button, dict)
            and str(button.get("title") or "").strip()
            and str(button.get("payload") or "").strip()
        ]
        if (isinstance(text, str) and text.strip()) or buttons:
            usable.append(
                {"text": text if isinstance(text, str) else "", "buttons": buttons}
            )
    return usable


@dataclass(frozen=True)
class Answer:
    """What a person gets for one message: the bot's replies, or the safety reply."""

    replies: List[Dict[str, Any]]
    fallback: bool = False
    # Said before the replies, apart from them: 999 and the 55 step on a first turn.
    # On SMS it is a text of its own, so the replies keep their three texts.
    opening: Optional[str] = None

    @property
    def messages(self) -> List[Dict[str, Any]]:
        """The opening, if any, then the replies: what a web page shows, in order."""
        opening = [{"text": self.opening, "buttons": []}] if self.opening else []
        return [*opening, *self.replies]

    @classmethod
    def safety(cls) -> "Answer":
        """The static safety reply (999, the Silent Solution, the helpline)."""
        return cls([{"text": safety_reply(), "buttons": []}], fallback=True)

    def with_silent_solution(self, language: Optional[str] = None) -> "Answer":
        """The replies after 999 and the 55 step, unless a reply already gives the 55 step.

        For a conversation's first turn. On blind danger round 16, 5 of 8 English danger
        messages were not heard as danger ("legs dangling off my tower block roof", "hes
        calling the dogs to find me") and got an answer or a route with no 55 step; one
        Gujarati overdose got an English answer with neither 999 nor 55. Danger no
        pattern or model hears still gets 999 and the Silent Solution on the first reply,
        in the language the person chose (`language`), if translated, else in English.
        """
        if any(SILENT_SOLUTION_STEP.search(reply.get("text") or "") for reply in self.replies):
            return self
        return Answer(self.replies, self.fallback, opening=first_reply_safety(language))


class Turns:
    """Sends turns to the bot within the deadline and the in-flight cap."""

    def __init__(self, bot: Bot, deadline_s: float, cap: InFlightCap) -> None:
        self.bot = bot
        self.deadline_s = deadline_s
        self.cap = cap

    async def answer(
        self,
        sender_id: str,
        text: str,
        metadata: Optional[Dict[str, Any]] = None,
        priority: Priority = Priority.UNDER_WAY,
        first: bool = False,
    ) -> Answer:
        """The bot's usable replies, or the safety reply; never raises or passes the deadline.

        A conversation's `first` turn always carries 999 and the 55 step
        (`Answer.with_silent_solution`).
        """
        try:
            with self.cap.slot(priority):
                replies = await asyncio.wait_for(
                    self.bot.send(sender_id, text, metadata), timeout=self.deadline_s
                )
        except OverCapacity:
            logger.warning("turn over capacity (%s): safety reply", priority.value)
            return Answer.safety()
        except asyncio.TimeoutError:
            logger.warning("turn timed out: safety reply")
            return Answer.safety()
        except BotUnavailable as error:
            logger.warning("turn failed: safety reply (%s)", type(error).__name__)
            return Answer.safety()
        except Exception as error:  # noqa: BLE001 - never silent, never a 500
            logger.error("turn failed: safety reply (%s)", type(error).__name__)
            return Answer.safety()
        usable = usable_replies(replies)
        if not usable:
            logger.warning("bot answered nothing usable: safety reply")
            return Answer.safety()
        if first:
            return Answer(usable).with_silent_solution((metadata or {}).get("language"))
        return Answer(usable)

    async def wipe(self, *sender_ids: str) -> bool:
        """Wipes conversations; True when the first one was wiped.

        The first id is the conversation in use; others (an SMS sender's id of the last
        key period) usually hold nothing. A wipe first waits for a turn already at the
        bot (itself bounded by the deadline), so it gets half as long again: 12 s for
        the default 8, still inside the 15 s Twilio waits for FORGET's reply.
        """
        try:
            results = await asyncio.wait_for(
                asyncio.gather(*(self.bot.wipe(sender_id) for sender_id in sender_ids)),
                timeout=self.deadline_s * WIPE_DEADLINE_FACTOR,
            )
        except asyncio.TimeoutError:
            logger.warning("wipe timed out")
            return False
        except Exception as error:  # noqa: BLE001
            logger.warning("wipe failed: %s", type(error).__name__)
            return False
        if not results[0]:
            logger.warning("wipe failed")
        return bool(results[0])
