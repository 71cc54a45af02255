"""A follow-up read with the message before it: ResponseSelector's answers in context.

ResponseSelector reads one message. "what now" alone ranks no answer above 0.12; after
"my niece was in a refuge for a month and now she's gone back to him", the two read
together rank what to do when a friend goes back at 0.95. On the development
follow-ups (conversations rounds 3-7, 140), the right answer was ranked first for 87
read alone, and for 113 when the more confident of the two readings was taken.

So Rasa reads a typed message twice when the conversation's last typed message is
known and the message, read alone, is a question or unsure (READ_IN_CONTEXT_INTENTS),
asks something (textsafety.asking) and has no answer reaching IN_CONTEXT_BELOW: alone,
as always, and joined to that last message. The second reading adds only
ResponseSelector's output, as `response_selector["question_in_context"]`; the intent,
the entities and the danger override come from the message alone. The actions decide
which reading to trust (actions.signposting). Reading every later message twice cost
12 ms at the median (`make bench`: 29 -> 41 ms); on the development follow-ups, the
right answer came first for 112 of 140 with the confidence gate and 113 without.

Rasa's tracker stores keep no message text (bot.tracker_store), so the last typed
message of each conversation is held here, in the Rasa process's memory only: one
message per conversation, for at most CONTEXT_TTL_S, for at most MAX_CONVERSATIONS
conversations, and dropped when the conversation is wiped (quick exit, FORGET). It is
never written to Redis, disk, logs or metrics, and it is not in the parse data Rasa
stores (`parse_data.text` of the joined reading is not kept).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any, Callable, Dict, Optional, Tuple

from textsafety.asking import asks_something
from textsafety.reading import IN_CONTEXT_KEY, QUESTION_INTENT, answer_confidence

logger = logging.getLogger(__name__)

# A follow-up comes within minutes; older context is more likely another subject.
CONTEXT_TTL_S = 600
MAX_CONVERSATIONS = 10_000
# The two messages joined as one: the earlier one's end is a sentence's end.
JOIN = ". "
# A message whose best answer alone is this sure is not read again: the surer reading
# is taken. "how much will that cost me, im on UC", after a solicitor said to apply for
# the non-molestation order, is the helpline's cost at 0.55 alone and legal aid at 0.69
# read together (blind round 28). On the development follow-ups (conversations rounds
# 3-28, 665), reading twice up to 0.7 changed two answers, both to the right one; above
# 0.6 the joined reading never changed one.
IN_CONTEXT_BELOW = 0.7
# The intents whose actions read the answers: 134 of the 140 development follow-ups.
READ_IN_CONTEXT_INTENTS = (QUESTION_INTENT, "nlu_fallback")
PATCHED_RASA_VERSIONS = ("3.6.",)


class RecentMessages:
    """The last typed message of each conversation, in memory, expiring and bounded."""

    def __init__(
        self,
        ttl_s: float = CONTEXT_TTL_S,
        max_conversations: int = MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl_s = ttl_s
        self._max = max_conversations
        self._clock = clock
        self._texts: "OrderedDict[str, Tuple[str, float]]" = OrderedDict()

    def get(self, sender_id: str) -> Optional[str]:
        """The conversation's last typed message, unless it has expired."""
        self._drop_expired()
        entry = self._texts.get(sender_id)
        return entry[0] if entry else None

    def put(self, sender_id: str, text: str) -> None:
        """Remembers the message, replacing the one before."""
        self._texts.pop(sender_id, None)
        self._texts[sender_id] = (text, self._clock() + self._ttl_s)
        while len(self._texts) > self._max:
            self._texts.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        """Drops what is held for a conversation (it was wiped)."""
        self._texts.pop(sender_id, None)

    def __len__(self) -> int:
        self._drop_expired()
        return len(self._texts)

    def _drop_expired(self) -> None:
        now = self._clock()
        while self._texts:
            sender_id, (_, expires_at) = next(iter(self._texts.items()))
            if expires_at > now:
                return
            self._texts.popitem(last=False)


RECENT = RecentMessages()


def worth_reading_in_context(text: str, parse_data: Dict[str, Any]) -> bool:
    """A question, or a message Rasa was unsure of, that asks something with no sure answer.

    Only those intents' actions read the answers (the answer, the unsure reply); a route
    or small talk ("am i talking to a robot") is not read twice.
    """
    if (parse_data.get("intent") or {}).get("name") not in READ_IN_CONTEXT_INTENTS:
        return False
    return answer_confidence(parse_data) < IN_CONTEXT_BELOW and asks_something(text)


def in_context_output(parse_data: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """ResponseSelector's pick and ranking from a reading, without any text."""
    output = ((parse_data.get("response_selector") or {}).get(QUESTION_INTENT)) or {}
    response = output.get("response") or {}
    if not output.get("ranking"):
        return None
    return {
        "response": {"intent_response_key": response.get("intent_response_key"),
                     "confidence": response.get("confidence")},
        "ranking": [{"intent_response_key": entry.get("intent_response_key"),
                     "confidence": entry.get("confidence")}
                    for entry in output["ranking"]],
    }


async def _handle_message_with_context(self: Any, message: Any, tracker: Any) -> None:
    """Rasa's `_handle_message_with_tracker`, with the second reading added to parse_data."""
    from bot.components import is_typed  # bot.components installs this module's wrapper

    if message.parse_data is None and is_typed(message.text):
        parse_data = await self.parse_message(message, tracker)
        previous = RECENT.get(message.sender_id)
        if previous is not None and worth_reading_in_context(message.text, parse_data):
            from rasa.core.channels.channel import UserMessage

            joined = UserMessage(previous + JOIN + message.text, sender_id=message.sender_id,
                                 metadata=message.metadata)
            output = in_context_output(await self.parse_message(joined, tracker))
            if output is not None:
                parse_data.setdefault("response_selector", {})[IN_CONTEXT_KEY] = output
        RECENT.put(message.sender_id, message.text)
        message.parse_data = parse_data
    await _ORIGINAL["handle"](self, message, tracker)


_ORIGINAL: Dict[str, Any] = {}


def install() -> bool:
    """Wraps Rasa's message handling once; True when it is in force."""
    import rasa
    from rasa.core.processor import MessageProcessor

    if MessageProcessor._handle_message_with_tracker is _handle_message_with_context:
        return True
    if not rasa.__version__.startswith(PATCHED_RASA_VERSIONS):
        logger.warning("rasa %s: follow-ups are read alone (written for %s)",
                       rasa.__version__, ", ".join(PATCHED_RASA_VERSIONS))
        return False
    _ORIGINAL["handle"] = MessageProcessor._handle_message_with_tracker
    MessageProcessor._handle_message_with_tracker = _handle_message_with_context
    return True
