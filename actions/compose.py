"""A reply as ordered parts, composed for its channel.

On the web every part is sent, in reading order. On SMS the action composes for at most
three texts (textsafety.segments, as the gateway splits them) in priority order:

1. 999 and the 55 step when the route is high-risk (a pathway's `first`);
2. the answer to a question the message also asked (it ends with the helpline), then
   the pathway's 24/7 line;
3. one or two local services;
4. the words that name what is happening, and the rest;
5. "text MORE for more" when anything was left out.

A part that does not fit is left out whole, so no text ends in "..." and no number is
split; the MORE line says there is more. The first text, which a lock screen shows,
carries no word that gives the topic away (TOPIC_WORDS): a part with one is moved out
of it, or left out. All words come from the domain's responses, rendered here with the
same slot conditions Rasa applies, so the action knows what each part will cost.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from textsafety.segments import TEXT_BREAK, gsm_friendly, split_message

# At most this many texts per reply on SMS (the gateway sends no more).
SMS_TEXTS = 3
# Words that give the topic away on a lock screen.
TOPIC_WORDS = re.compile(r"\b(abuse\w*|abusive|rape\w*|sexual\w*|violen\w*|assault\w*)\b", re.I)
# SMS priority of each kind of part (lower is sent first).
# The response whose text is textsafety.segments.TEXT_BREAK (domain.yml; a test checks).
TEXT_BREAK_RESPONSE = "utter_sms_text_break"
# The response whose text is textsafety.segments.OWN_TEXTS: what follows it is packed by
# the gateway into texts of its own (domain.yml; a test checks).
OWN_TEXTS_RESPONSE = "utter_sms_own_texts"
# A "door" is a national line for this need (the stalking helpline): before the naming and
# the offers, or the SMS reply to stalking named it and listed no stalking line.
SMS_PRIORITY = {"first": 0, "answer": 0.5, "line_247": 1, "local": 2, "door": 2, "naming": 3,
                "other": 4, "more": 9}


@dataclass
class Part:
    """One response to send: its kind decides its place on SMS."""

    kind: str
    response: str
    kwargs: Dict[str, Any] = field(default_factory=dict)
    # On SMS, sent only when the part with this response is sent ("it also sounds like
    # tech abuse" once went out without the words naming the stalking it followed).
    after: Optional[str] = None
    # The services_directory id of the service the part lists, if it lists one.
    service: Optional[str] = None


def _conditions_hold(variation: Dict[str, Any], slots: Dict[str, Any]) -> bool:
    return all(
        condition.get("type") != "slot"
        or slots.get(condition.get("name")) == condition.get("value")
        for condition in variation.get("condition") or []
    )


def pick_variation(domain: Dict[str, Any], response: str, slots: Dict[str, Any]) -> Dict[str, Any]:
    """The variation Rasa would send: one whose conditions hold, else an unconditional one."""
    variations = (domain.get("responses") or {}).get(response) or []
    conditional = [v for v in variations if v.get("condition") and _conditions_hold(v, slots)]
    plain = [v for v in variations if not v.get("condition")]
    chosen = (conditional or plain or [{}])[0]
    return chosen


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def button_titles(domain: Dict[str, Any], part: Part, slots: Dict[str, Any]) -> List[str]:
    """The titles of the buttons a part carries (SMS sends them as numbered options)."""
    variation = pick_variation(domain, part.response, slots)
    return [str(b.get("title") or "") for b in variation.get("buttons") or []]


def options_estimate(titles: List[str]) -> List[str]:
    """What the gateway's numbered-options line costs, written the way it writes it."""
    if not titles:
        return []
    return [", ".join(f"{n} for {t}" for n, t in enumerate(titles, 1)).join(("Reply ", "."))]


def render(domain: Dict[str, Any], part: Part, slots: Dict[str, Any]) -> str:
    """The text a part becomes, with slots and its own values filled in."""
    template = pick_variation(domain, part.response, slots).get("text") or ""
    values = _Blank({k: "" if v is None else v for k, v in slots.items()})
    values.update(part.kwargs)
    text = string.Formatter().vformat(template, (), values)
    return " ".join(text.split())


_SHORT_NAME = re.compile(r"\(([^()]*)\)")


def discreet_name(name: str, generic: str, sms_name: str | None = None) -> str:
    """A service's name as SMS shows it: the name, else its short name, else `generic`.

    "SIDAS helpline (Somerset Integrated Domestic Abuse Service)" -> "SIDAS helpline";
    "Sexual Assault Referral Centre (SARC)" -> "SARC"; where the directory gives an
    `sms_name`, that; else `generic`.
    """
    if sms_name and discreet(sms_name):
        return sms_name
    if discreet(name):
        return name
    before = name.split(" (")[0].strip()
    if before and discreet(before):
        return before
    for inside in _SHORT_NAME.findall(name):
        if len(inside.split()) == 1 and discreet(inside):
            return inside
    return generic


def sms_texts(texts: List[str]) -> List[str]:
    """How the gateway will send these texts: joined, then split into single segments."""
    return split_message(gsm_friendly("\n".join(texts)), max_messages=99)


def discreet(text: str) -> bool:
    """Whether a text may be shown on a lock screen."""
    return TOPIC_WORDS.search(text) is None


def compose_sms(
    parts: List[Part], domain: Dict[str, Any], slots: Dict[str, Any], more: Optional[Part]
) -> List[Part]:
    """The parts to send on SMS: priority order, whole, within three texts, discreet first.

    Args:
        parts: every part of the reply, in web order.
        domain: the domain (responses) the action server was sent.
        slots: the conversation's slots (language and channel pick variations).
        more: the "text MORE for more" part, added when something is left out.
    """
    ordered = sorted(parts, key=lambda p: SMS_PRIORITY.get(p.kind, 5))
    texts = {id(p): render(domain, p, slots) for p in [*ordered, *([more] if more else [])]}
    tail = [texts[id(more)]] if more is not None else []
    chosen: List[Part] = []
    deferred: List[Part] = []
    left_out = False

    def fits(trial: List[Part]) -> tuple:
        # Room is always kept for the MORE line, which is short, and the options line
        # the gateway adds after everything for the buttons of the parts sent.
        titles = [t for p in trial for t in button_titles(domain, p, slots)]
        packed = sms_texts([texts[id(p)] for p in trial] + tail + options_estimate(titles))
        return len(packed) <= SMS_TEXTS, discreet(packed[0])

    def waits(part: Part) -> bool:
        # What it follows (Part.after) is not among the parts chosen so far.
        return part.after is not None and part.after not in {p.response for p in chosen}

    for part in ordered:
        if not texts[id(part)]:
            continue
        if waits(part):
            deferred.append(part)  # what it follows may yet be sent, after the rest
            continue
        within, safe = fits([*chosen, part])
        if within and safe:
            chosen.append(part)
        elif within:
            deferred.append(part)  # it would show on the lock screen: try it after the rest
        else:
            left_out = True
    for part in deferred:
        if waits(part):
            left_out = True
            continue
        # Too little before it to fill the first text: start a new text for it.
        text_break = Part("break", TEXT_BREAK_RESPONSE)
        texts[id(text_break)] = TEXT_BREAK
        for trial in ([*chosen, part], [*chosen, text_break, part]):
            within, safe = fits(trial)
            if within and safe:
                chosen = trial
                break
        else:
            left_out = True
    if left_out and more is not None:
        chosen.append(more)
    return chosen
