"""SMS keywords: whole-message commands that the gateway answers itself, never Rasa."""

from __future__ import annotations

import enum


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
