"""SMS encodings, segment counts and a splitter that never cuts a word.

GSM-7 (GSM 03.38 default alphabet): 160 septets in a single message, 153 per segment
when concatenated; characters of the extension table take two septets (escape + char).
Any other character switches the whole message to UCS-2: 70 UTF-16 code units alone,
67 per segment; characters outside the BMP (most emoji) take two code units.
"""

from __future__ import annotations

import re
from typing import List

GSM7 = "gsm7"
UCS2 = "ucs2"

# The GSM 03.38 basic character set (ESC, 0x1B, is not a character of its own).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs two septets.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_LIMIT = {GSM7: 160, UCS2: 70}
CONCAT_LIMIT = {GSM7: 153, UCS2: 67}

# Typographic characters that would force UCS-2 for no good reason, and their GSM forms.
_GSM_FRIENDLY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)

ELLIPSIS = "..."

# Where a sentence ends: after terminal punctuation (Latin, Urdu/Arabic, Devanagari)
# followed by white space, or at a line break. CJK full stops need no space after them.
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?\u06d4\u061f\u0964])[\"')\]]*\s+|\s*\n\s*|(?<=[\u3002\uff01\uff1f])"
)


def gsm_friendly(text: str) -> str:
    """Replaces curly quotes, dashes, ellipses and odd spaces with GSM-7 equivalents."""
    return text.translate(_GSM_FRIENDLY)


def encoding_of(text: str) -> str:
    """GSM7 when every character is in the GSM-7 alphabet (basic or extension), else UCS2."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        return GSM7
    return UCS2


def _unit_costs(text: str, encoding: str) -> List[int]:
    """What each character costs: septets in GSM-7, UTF-16 code units in UCS-2."""
    if encoding == GSM7:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def length_in_units(text: str) -> int:
    """The length that counts against the limit: septets (GSM-7) or code units (UCS-2)."""
    return sum(_unit_costs(text, encoding_of(text)))


def segments(text: str) -> int:
    """How many SMS segments the text takes (0 for the empty string).

    Counts per segment so that an escape pair or a surrogate pair is never split
    across two segments, as phones and Twilio do.
    """
    if not text:
        return 0
    encoding = encoding_of(text)
    costs = _unit_costs(text, encoding)
    if sum(costs) <= SINGLE_LIMIT[encoding]:
        return 1
    limit = CONCAT_LIMIT[encoding]
    count, used = 1, 0
    for cost in costs:
        if used + cost > limit:
            count += 1
            used = 0
        used += cost
    return count


def message_budget(text: str) -> int:
    """The units one message of this text may use: one concatenated segment (153 / 67).

    The concatenated-segment size rather than the single-message one (160 / 70) leaves
    room for anything a carrier or Twilio adds, so each message stays one segment.
    """
    return CONCAT_LIMIT[encoding_of(text)]


def fits(text: str) -> bool:
    """Whether the text fits one message's budget in its own encoding."""
    return length_in_units(text) <= message_budget(text)


def _sentences(text: str) -> List[str]:
    """Sentences with the white space that follows each kept on the sentence."""
    pieces: List[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        end = match.end()
        if end > start:
            pieces.append(text[start:end])
            start = end
    if start < len(text):
        pieces.append(text[start:])
    return pieces


# A question this short is asked of what follows: "In danger now? Call 999." A text that
# ended "In danger now?", the next starting "Call 999.", was seen by SMS; on a lock screen
# the first is a question without its answer.
SHORT_QUESTION_WORDS = 4
_QUESTION_END = re.compile(r"[?\u061f\uff1f][\"')\]]*$")


def _questions_with_answers(messages: List[str]) -> List[str]:
    """Moves a short question that ends a text to the start of the next, where it fits.

    Never adds a text; where the next has no room, the question stays.
    """
    messages = list(messages)
    for index in range(len(messages) - 1):
        sentences = _sentences(messages[index])
        question = sentences[-1].strip()
        if (len(sentences) < 2 or not _QUESTION_END.search(question)
                or len(question.split()) > SHORT_QUESTION_WORDS):
            continue
        moved = f"{question} {messages[index + 1]}"
        if fits(moved):
            messages[index] = "".join(sentences[:-1]).strip()
            messages[index + 1] = moved
    return messages


def _words(sentence: str) -> List[str]:
    """Words with their following white space."""
    return re.findall(r"\S+\s*|\s+", sentence)


def _hard_cut(word: str) -> List[str]:
    """Cuts a single word longer than a message (only ever a URL-like run of characters)."""
    parts: List[str] = []
    current = ""
    for ch in word:  # characters, so surrogate pairs and escape pairs stay whole
        if current and not fits(current + ch):
            parts.append(current)
            current = ""
        current += ch
    if current:
        parts.append(current)
    return parts


def _pack(pieces: List[str]) -> List[str]:
    """Greedily joins pieces into messages that each fit one budget."""
    messages: List[str] = []
    current = ""
    for piece in pieces:
        candidate = current + piece
        if fits(candidate.rstrip()):
            current = candidate
            continue
        if current.strip():
            messages.append(current.strip())
        current = ""
        if fits(piece.rstrip()):
            current = piece
            continue
        # One sentence longer than a message: split it between words (or, for a single
        # over-long word such as a URL, between characters).
        trailing = piece[len(piece.rstrip()) :]
        words = _words(piece.strip())
        parts = _pack(words) if len(words) > 1 else _hard_cut(piece.strip())
        messages.extend(parts[:-1])
        current = parts[-1] + trailing if parts else ""
    if current.strip():
        messages.append(current.strip())
    return messages


def _with_ellipsis(message: str) -> str:
    """Drops whole words from the end until the message plus '...' fits."""
    words = message.split(" ")
    while len(words) > 1:
        candidate = " ".join(words).rstrip(" ,;:-") + ELLIPSIS
        if fits(candidate):
            return candidate
        words.pop()
    # A single over-long word (already hard-cut): drop characters instead.
    word = words[0] if words else ""
    while word and not fits(word + ELLIPSIS):
        word = word[:-1]
    return word + ELLIPSIS


# Starts a new text. The SMS composer (actions.compose) sends it (as the response
# utter_sms_text_break) before words that must not show on a lock screen when too little
# else comes first to fill the first text; it is never sent itself.
TEXT_BREAK = "\u241e"
# What follows is packed into texts of its own, after the texts before it. The actions
# send it (as the response utter_sms_own_texts) before an answer asked beside a reply
# that fills its three texts (the danger reply): by SMS, "he strangled me back in may
# ... is it worth jotting it all down now" got 999 and the 55 step, and its answer
# waited for MORE. Read by the gateway (webhook.sms.service); never sent itself.
OWN_TEXTS = "\u241d"


def split_message(text: str, max_messages: int = 3) -> List[str]:
    """Splits a reply at sentence boundaries into at most max_messages single-segment parts.

    A TEXT_BREAK always starts a new part.

    Sentences are packed greedily in order; a sentence longer than one message is split
    between words. When the reply cannot fit, the start (where the safety lines are) is
    kept and the tail is dropped, the last part ending in "...". A short question that
    would end a part opens the next where there is room ("In danger now? Call 999.").
    """
    text = text.strip()
    if not text:
        return []
    blocks = [block.strip() for block in text.split(TEXT_BREAK)]
    messages = [message for block in blocks if block
                for message in _questions_with_answers(_pack(_sentences(block)))]
    if len(messages) <= max_messages:
        return messages
    kept = messages[:max_messages]
    kept[-1] = _with_ellipsis(kept[-1])
    return kept
