"""One SMS turn: dedupe, keywords, rate limit, the bot, numbered options, splitting.

Whatever fails behind the gateway, the person gets a reply: the static safety message
(decided in webhook/turns.py, as for the web chat). Logs name what failed (an exception
class or an event), never a number or a message.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Tuple

from textsafety.segments import OWN_TEXTS, gsm_friendly, split_message
from webhook.capacity import Priority
from webhook.conversation import under_way
from webhook.safety import safety_reply
from webhook.sms.config import SmsConfig
from webhook.sms.identity import SenderKeys, message_key
from webhook.sms.keywords import Keyword, keyword_of, language_keyword_of
from webhook.sms.language import chosen_language, forget_language, remember_language
from webhook.sms.messages import SmsMessages, load_messages, messages_in
from webhook.sms.options import MAX_OPTIONS, forget_options, payload_for, remember_options
from webhook.sms.twiml import to_twiml
from webhook.store import Store
from webhook.turns import Turns

logger = logging.getLogger(__name__)

METADATA = {"channel": "sms"}
# What a language keyword sends to Rasa: a greeting, which comes back in that language.
GREETING_PAYLOAD = "/greet"
MAX_MESSAGES = 3
RATE_WINDOW_S = 60
# The value a reply-cache key holds while its turn is still running.
PENDING = "pending"
# A MessageSid seen in the last week is not answered again (a replayed request).
SEEN_TTL_S = 7 * 86_400
# What a replay gets: TwiML that sends no text.
NOTHING = to_twiml([])
# The wall clock of rate-limit windows (tests pin it).
wall_clock = time.time
# Control characters other than tab and newline are dropped from what people text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class InboundSms:
    """One signed message from Twilio. `sender` is only used to derive ids."""

    message_sid: str
    sender: str
    body: str
    num_media: int = 0
    opt_out_type: str | None = None

    def __repr__(self) -> str:
        # Keep the number and the text out of any traceback or debug print.
        return f"InboundSms(message_sid=..., body_chars={len(self.body)})"


def render_reply(replies: List[Dict[str, Any]], messages: SmsMessages) -> Tuple[str, List[str]]:
    """Usable replies (webhook.turns) as one text with a numbered-options line, and payloads.

    Replies are kept whole, in order: one that would not fit the texts left is left out
    (with its buttons) rather than cut. The core help in Urdu and its routes line came to
    four texts, and the splitter cut the 55 step with "...". The replies after an
    OWN_TEXTS reply (an answer after the danger reply) are packed into texts of their own,
    kept apart in the text by OWN_TEXTS for `reply_parts`.
    """
    *before, last = [_kept_whole(group, messages) for group in _own_text_groups(replies)]
    # One numbered-options line, at the end: the options of the replies the last group
    # follows (the danger reply has none) are not offered.
    texts = [_compose([{**reply, "buttons": []} for reply in group], messages)[0]
             for group in before]
    text, payloads = _compose(last, messages)
    return OWN_TEXTS.join(t for t in [*texts, text] if t), payloads


def _own_text_groups(replies: List[Dict[str, Any]]) -> List[List[Dict[str, Any]]]:
    """The replies before the first OWN_TEXTS reply, and those after it (if any)."""
    for index, reply in enumerate(replies):
        if (reply.get("text") or "").strip() == OWN_TEXTS:
            rest = [r for r in replies[index + 1:] if (r.get("text") or "").strip() != OWN_TEXTS]
            return [replies[:index], rest] if rest else [replies[:index]]
    return [replies]


def _kept_whole(replies: List[Dict[str, Any]], messages: SmsMessages) -> List[Dict[str, Any]]:
    """The replies that fit MAX_MESSAGES texts, in order; one that does not is left out."""
    kept: List[Dict[str, Any]] = []
    for reply in replies:
        trial = _compose([*kept, reply], messages)[0]
        # Split with room for one more text: more than MAX_MESSAGES means it did not fit.
        if not kept or len(split_message(trial, MAX_MESSAGES + 1)) <= MAX_MESSAGES:
            kept.append(reply)
    return kept


def _compose(replies: List[Dict[str, Any]], messages: SmsMessages) -> Tuple[str, List[str]]:
    """The replies' texts and numbered-options line as one text, and the payloads."""
    texts: List[str] = []
    titles: List[str] = []
    payloads: List[str] = []
    for reply in replies:
        text = (reply.get("text") or "").strip()
        if text:
            texts.append(text)
        for button in reply.get("buttons") or []:
            title = str(button.get("title") or "").strip()
            payload = str(button.get("payload") or "").strip()
            if title and payload and len(payloads) < MAX_OPTIONS:
                titles.append(title)
                payloads.append(payload)
    if titles:
        texts.append(messages.options.line(titles))
    return gsm_friendly("\n".join(texts)), payloads


def reply_parts(text: str) -> List[str]:
    """A reply as at most three single-segment texts, and three more for what comes in its own."""
    return [part for group in text.split(OWN_TEXTS)
            for part in split_message(gsm_friendly(group), MAX_MESSAGES)]


async def run_once(
    store: Store,
    key: str,
    seen_key: str,
    produce: Callable[[], Awaitable[str]],
    pending_ttl_s: float,
    result_ttl_s: float,
    wait_s: float,
    poll_s: float = 0.05,
) -> str | None:
    """Runs produce() once per key and caches its result; duplicates get the cached result.

    A duplicate that arrives while the first is still running waits for it (up to
    wait_s); None means it waited in vain, and the caller must still answer something.
    Once the cached result has expired, the week-long `seen_key` still marks the
    message: a replay then gets NOTHING and runs no turn.
    """
    deadline = time.monotonic() + wait_s
    while True:
        if await store.add(key, PENDING, pending_ttl_s):
            try:
                if not await store.add(seen_key, "1", SEEN_TTL_S):
                    logger.warning("sms replay of an old message: nothing done")
                    await store.set(key, NOTHING, result_ttl_s)
                    return NOTHING
                result = await produce()
            except BaseException:
                await store.delete(key, seen_key)  # let Twilio's retry run the turn
                raise
            await store.set(key, result, result_ttl_s)
            return result
        cached = await store.get(key)
        if cached is not None and cached != PENDING:
            return cached
        if time.monotonic() >= deadline:
            return None
        await asyncio.sleep(poll_s)


def _reply_key(digest: str) -> str:
    return f"sms:reply:{digest}"


def _replies_key(sender_id: str) -> str:
    """The list of a conversation's cached replies (their MessageSid digests)."""
    return f"sms:replies:{sender_id}"


class SmsLine:
    """Answers signed inbound messages with TwiML; built once per gateway."""

    def __init__(
        self,
        config: SmsConfig,
        turns: Turns,
        store: Store,
        messages: SmsMessages | None = None,
    ) -> None:
        self._config = config
        self._turns = turns
        self._store = store
        self._keys = SenderKeys(store, config.sender_secret, config.sender_id_period_days)
        self._messages = messages or load_messages()

    @property
    def auth_token(self) -> str:
        """Twilio's auth token, for the signature check."""
        return self._config.auth_token

    @property
    def webhook_url(self) -> str:
        """The public URL Twilio signs."""
        return self._config.webhook_url

    async def reply_to(self, inbound: InboundSms) -> str:
        """The TwiML for a message; a retried MessageSid gets the first answer again."""
        digest = message_key(inbound.message_sid, self._config.sender_secret)
        deadline_s = self._turns.deadline_s
        try:
            twiml = await run_once(
                self._store,
                _reply_key(digest),
                f"sms:seen:{digest}",
                lambda: self._turn(inbound, digest),
                pending_ttl_s=deadline_s + 30,
                result_ttl_s=self._config.reply_ttl_s,
                wait_s=deadline_s + 3,
            )
        except Exception as error:  # the store itself failed (e.g. Redis down)
            logger.error("sms reply store failed: %s", type(error).__name__)
            return self._safety()
        if twiml is None:
            logger.warning("sms duplicate waited too long for its first delivery")
            return self._safety()
        return twiml

    def _safety(self) -> str:
        return to_twiml(reply_parts(safety_reply()))

    def _say(self, text: str) -> str:
        return to_twiml(reply_parts(text))

    async def _turn(self, inbound: InboundSms, digest: str) -> str:
        try:
            return await self._answer(inbound, digest)
        except Exception as error:  # the store failed: never silent, never a 500 to Twilio
            logger.error("sms turn failed, safety reply sent: %s", type(error).__name__)
        return self._safety()

    async def _answer(self, inbound: InboundSms, digest: str) -> str:
        config = self._config
        sender_ids = await self._keys.recent_ids(inbound.sender)
        sender_id = sender_ids[0]
        # The gateway's own texts in the language chosen here (read before STOP or
        # FORGET clears the choice); English when none was chosen.
        chosen = await chosen_language(self._store, sender_id, config.options_ttl_s)
        messages = messages_in(self._messages, chosen)
        body = _CONTROL.sub("", inbound.body).strip()
        keyword = keyword_of(body, inbound.opt_out_type)

        # Ending and wiping are honoured whatever the rate limit says.
        if keyword in (Keyword.STOP, Keyword.FORGET):
            logger.info("sms keyword: %s", keyword.value)
            wiped = await self._wipe(sender_ids)
            if keyword is Keyword.STOP:
                return self._say(messages.stop)
            return self._say(messages.forget if wiped else messages.forget_failed)

        # Every later reply of this conversation is listed, so FORGET can delete it.
        await self._store.append(_replies_key(sender_id), digest, config.reply_ttl_s)
        if not await self._within_rate_limit(sender_id):
            logger.info("sms rate limit reached")
            if await self._first_rate_notice(sender_id):
                return self._say(messages.rate_limited)
            return NOTHING  # one notice a minute is enough

        if keyword is Keyword.START:
            return self._say(messages.start)
        if keyword is Keyword.HELP:
            return self._say(messages.help)
        if not body:
            return self._say(messages.media_only if inbound.num_media else messages.empty)
        if len(body) > config.max_chars:
            return self._say(messages.too_long)

        metadata = dict(METADATA)
        language = language_keyword_of(body)
        # A language keyword's greeting answers a menu choice, not the person's words:
        # no 999 line before it (it would cost a Polish greeting its place in 3 texts).
        first = language is None and not await under_way(self._store, sender_id)
        if language is not None:
            # The person's choice: remembered, and sent with this and every later text.
            logger.info("sms keyword: language")
            await remember_language(self._store, sender_id, language, config.options_ttl_s)
            text = GREETING_PAYLOAD
        else:
            language = chosen
            text = await payload_for(self._store, sender_id, body) or body
        if language is not None:
            metadata["language"] = language
        answer = await self._turns.answer(
            sender_id, text, metadata, Priority.UNDER_WAY, first=first
        )
        if answer.fallback:
            return self._safety()
        reply_text, payloads = render_reply(answer.replies, messages)
        await remember_options(self._store, sender_id, payloads, config.options_ttl_s)
        if answer.opening:
            # Its own text first (safe on a lock screen), then the reply's three texts.
            return to_twiml([*reply_parts(answer.opening), *reply_parts(reply_text)])
        return self._say(reply_text)

    async def _wipe(self, sender_ids: List[str]) -> bool:
        """Wipes the conversation (this and the last key period) and every key it left.

        The bot's wipe leaves a short tombstone (webhook/conversation.py); everything
        else goes: options, language, cached replies, rate counters.
        """
        keys = []
        for sender_id in sender_ids:
            digests = await self._store.members(_replies_key(sender_id))
            keys += [_reply_key(digest) for digest in digests]
            keys.append(_replies_key(sender_id))
            for prefix in ("rate", "rate-noted"):
                keys += [self._rate_key(prefix, sender_id, back) for back in (0, 1)]
        await self._store.delete(*keys)
        await forget_options(self._store, *sender_ids)
        await forget_language(self._store, *sender_ids)
        return await self._turns.wipe(*sender_ids)

    def _rate_key(self, prefix: str, sender_id: str, windows_back: int = 0) -> str:
        window = int(wall_clock() // RATE_WINDOW_S) - windows_back
        return f"sms:{prefix}:{sender_id}:{window}"

    async def _within_rate_limit(self, sender_id: str) -> bool:
        count = await self._store.incr(self._rate_key("rate", sender_id), RATE_WINDOW_S * 2)
        return count <= self._config.rate_limit_per_minute

    async def _first_rate_notice(self, sender_id: str) -> bool:
        return await self._store.add(
            self._rate_key("rate-noted", sender_id), "1", RATE_WINDOW_S * 2
        )
