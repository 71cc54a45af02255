"""SMS keywords: whole-message commands that the gateway answers itself, never Rasa.

Language keywords (POLSKI, URDU, ENGLISH, ...) choose the language of the conversation;
unlike the others they do go to Rasa, as a greeting in the chosen language.
"""

from __future__ import annotations

import enum
import logging
import unicodedata
from pathlib import Path
from typing import Dict, Optional

from webhook.languages import TRANSLATIONS_DIR, read_translations

logger = logging.getLogger(__name__)

# translations/languages.yml (the one list): each language's `sms_keywords`, and its
# `native_name` in its own script, choose it.
# English has no translation file; this keyword switches back to it.
ENGLISH_KEYWORD = "ENGLISH"
# Sentence ends stripped from a keyword: Latin, Urdu (U+06D4) and Indic danda (U+0964).
_ENDS = ".!\u06d4\u0964"


class Keyword(enum.Enum):
    """What a keyword asks for."""

    STOP = "stop"
    START = "start"
    HELP = "help"
    FORGET = "forget"


# Twilio's standard opt-out, opt-in and help keywords, plus our own FORGET.
KEYWORDS = {
    **dict.fromkeys(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"], Keyword.STOP),
    **dict.fromkeys(["START", "UNSTOP"], Keyword.START),
    **dict.fromkeys(["HELP", "INFO"], Keyword.HELP),
    "FORGET": Keyword.FORGET,
}
# Twilio's Advanced Opt-Out names the keyword class it matched (custom keywords too,
# and "YES" after an opt-out); mid-chat a plain "yes" is an answer for the bot.
OPT_OUT_TYPES = {"STOP": Keyword.STOP, "START": Keyword.START, "HELP": Keyword.HELP}


def keyword_of(body: str, opt_out_type: str | None = None) -> Keyword | None:
    """The keyword a message is, matched on the whole message, ignoring case and ".!".

    Twilio's OptOutType parameter wins when present, so keywords added in the
    Messaging Service's Advanced Opt-Out (e.g. in other languages) work too.
    """
    if opt_out_type:
        by_type = OPT_OUT_TYPES.get(opt_out_type.strip().upper())
        if by_type is not None:
            return by_type
    return KEYWORDS.get(body.strip().strip(".!").strip().upper())


def keyword_key(text: str) -> str:
    """How a language keyword is compared: case-folded, and without accents if Latin.

    "Polski", "POLSKI." and "polski" match; so do "Română" and "ROMANA". Words in other
    scripts keep their marks (a Gurmukhi vowel sign is part of the word).
    """
    text = unicodedata.normalize("NFC", text).strip().strip(_ENDS).strip().casefold()
    folded = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return folded if folded.isascii() else text


def load_language_keywords(directory: Path = TRANSLATIONS_DIR) -> Dict[str, str]:
    """{keyword key: language code} from the translation files that exist, plus ENGLISH.

    Files are read by webhook.languages (which skips broken ones); a keyword that is
    already a keyword (STOP, HELP, ...) or another language's is skipped with a warning.
    """
    keywords = {keyword_key(ENGLISH_KEYWORD): "en"}
    for translation in read_translations(directory):
        code = translation["code"]
        for word in (*translation["sms_keywords"], translation["native_name"]):
            key = keyword_key(word) if isinstance(word, str) else ""
            if not key:
                continue
            if key.upper() in KEYWORDS or keywords.get(key, code) != code:
                logger.warning("language keywords: %s of %s is taken", word, code)
                continue
            keywords[key] = code
    return keywords


# Read once, when the gateway starts: a translation file added later works from the
# next start.
LANGUAGE_KEYWORDS = load_language_keywords()


def language_keyword_of(body: str) -> Optional[str]:
    """The language a message chooses ("POLSKI" -> "pl", "ENGLISH" -> "en"), or None."""
    return LANGUAGE_KEYWORDS.get(keyword_key(body))
