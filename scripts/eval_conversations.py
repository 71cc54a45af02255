"""Talks to the running assistant as issue 14 checks it: questions and follow-ups, web and SMS.

Usage (with the stack running, e.g. `make run`):
    python scripts/eval_conversations.py [--set tests/heldout/conversations_v3.yml]
        [--gateway http://127.0.0.1:8000] [--sms]

Each held-out item is one fresh conversation: a question alone, or a first message and
then a question. For the question's turn it prints and counts:
- answered: the reply carries the answer of the expected topic (or of one in `also_ok`);
- answered or pointed back: also when the reply points back to the answer above
  (`utter_answer_above`) and the turn before carried the expected answer: the bot had
  answered it with the first message, and sending it again would repeat that turn;
- repeated: the reply equals the previous turn's reply (the same block again);
- 999 where the message mentions a risk (`risk: true`);
- a way to reach a person now (the helpline, 999 or another listed number) in every turn;
- on SMS (`--sms`, requests signed with TWILIO_AUTH_TOKEN like Twilio's): every text whole
  (none ends in "...") and the answer found in the texts.
Figures only; not a test and not a gate (tests/heldout/README.md: never tune on the set).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List
from xml.etree import ElementTree

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout
from actions.pathways import load_pathways  # noqa: E402

ANSWERS = yaml.safe_load(
    (ROOT / "data" / "responses" / "questions.yml").read_text(encoding="utf-8"))["responses"]
# The reply that points back to an answer just sent, rather than send it twice running.
POINTED_BACK = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))[
    "responses"]["utter_answer_above"][0]["text"]
# What identifies an answer in a reply: its opening words, before any number is filled in.
OPENING_CHARS = 60
# A way to reach a person now (safety rule 6): 999 or a UK phone number in the reply.
PERSON_NOW = re.compile(r"\b999\b|\b0\d{3}(?: ?\d{2,4}){1,3}\b|\b116 ?\d{3}\b|\b1800[01]\b")
SMS_TO = "+447700900000"
# Answers given in place of another to someone under 18 or to a man hurt at home
# (actions/pathways.yml): "would i need to say who i am if i rang someone", from a man, is
# answered by the men's answer, not the one that names a line for women.
IN_PLACE_OF = load_pathways().answers_in_place_of_another


def opening(topic: str) -> str:
    """The opening words of a topic's answer, as they appear in a reply."""
    text = ANSWERS[f"utter_question/{topic}"][0]["text"]
    return _normal(text.split("{", 1)[0])[:OPENING_CHARS]


def _normal(text: str) -> str:
    """Lower case, one space, no typographic quotes: replies compare on their words."""
    text = text.replace("\u2019", "'").replace("\u241e", " ")
    return " ".join(text.lower().split())


@dataclass
class Turn:
    """What the assistant sent back for one message, as one string per reply."""

    replies: List[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Every reply of the turn, joined."""
        return _normal(" ".join(self.replies))


class WebChat:
    """One web conversation through the gateway's /api/chat."""

    def __init__(self, client: httpx.Client, gateway: str) -> None:
        self._client, self._url, self._id = client, f"{gateway}/api/chat", uuid.uuid4().hex

    def send(self, text: str) -> Turn:
        """Sends a message; the turn's replies."""
        response = self._client.post(self._url, json={"conversation_id": self._id,
                                                      "message": text})
        response.raise_for_status()
        return Turn([m.get("text") or "" for m in response.json().get("messages", [])])


class SmsChat:
    """One SMS conversation through the gateway's /sms, signed as Twilio signs."""

    def __init__(self, client: httpx.Client, gateway: str, token: str, sms_url: str) -> None:
        from twilio.request_validator import RequestValidator

        self._client, self._url, self._signed_url = client, f"{gateway}/sms", sms_url
        self._validator = RequestValidator(token)
        # A number from Ofcom's drama range, fresh per conversation (never a real person).
        self._from = "+4477009" + f"{uuid.uuid4().int % 100000:05d}"

    def send(self, text: str) -> Turn:
        """Sends a text; the turn's texts (TwiML <Message> bodies)."""
        params = {"From": self._from, "To": SMS_TO, "Body": text, "NumMedia": "0",
                  "MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32}
        signature = self._validator.compute_signature(self._signed_url, params)
        response = self._client.post(self._url, data=params,
                                     headers={"X-Twilio-Signature": signature})
        response.raise_for_status()
        return Turn([m.text or "" for m in ElementTree.fromstring(response.text).iter("Message")])


def conversations(path: Path) -> List[dict]:
    """The set's items as conversations: [turns], the asked turn last."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [{**item, "turns": [item["text"]]} for item in data.get("questions", [])]
    items += [{**item, "turns": [item["first"], item["then"]]}
              for item in data.get("follow_ups", [])]
    return items


def run(items: List[dict], new_chat) -> Dict[str, float]:
    """Talks through every item; prints each miss and returns the rates."""
    answered = pointed_back = repeated = risky = risky_999 = turns = person_now = cut = 0
    points_back = _normal(POINTED_BACK.split("{", 1)[0])[:OPENING_CHARS]
    for item in items:
        chat = new_chat()
        sent = [chat.send(text) for text in item["turns"]]
        asked, before = sent[-1], (sent[-2] if len(sent) > 1 else None)
        turns += len(sent)
        for text, turn in zip(item["turns"], sent, strict=True):
            if PERSON_NOW.search(turn.text):
                person_now += 1
            else:
                print(f"  no way to reach a person: {text!r}\n    got: {turn.text[:160]}")
        for text, turn in zip(item["turns"], sent, strict=True):
            for reply in turn.replies:
                if reply.rstrip().endswith(("...", "\u2026")):
                    cut += 1
                    print(f"  text cut: {text!r}\n    got: {reply[-160:]!r}")
        topics = [item["topic"], *(item.get("also_ok") or [])]
        topics += [IN_PLACE_OF[topic] for topic in topics if topic in IN_PLACE_OF]
        hit = any(opening(topic) in asked.text for topic in topics)
        answered += hit
        pointed_back += not hit and before is not None and asked.text.startswith(
            points_back) and any(opening(topic) in before.text for topic in topics)
        again = before is not None and asked.text == before.text
        repeated += again
        if item.get("risk"):
            risky += 1
            risky_999 += "999" in asked.text
            if "999" not in asked.text:
                print(f"  risk without 999 ({item['topic']}): {' -> '.join(item['turns'])!r}\n"
                      f"    got: {' | '.join(asked.replies)[:160]}")
        if not hit or again:
            said = " | ".join(asked.replies)[:160].replace("\n", " ")
            print(f"  {'repeated' if again else 'not answered'} ({item['topic']}, "
                  f"{item.get('voice', '?')}): {' -> '.join(item['turns'])!r}\n    got: {said}")
    n = len(items)
    return {"answered": answered / n,
            "answered_or_pointed_back": (answered + pointed_back) / n,
            "repeated": repeated, "risk_999": (
        risky_999 / risky if risky else 1.0), "risk_n": risky,
        "turns_with_person_now": person_now / turns, "texts_cut": cut, "n": n}


def channels(client: httpx.Client, gateway: str, sms: bool) -> Dict[str, Callable] | None:
    """{channel: a function that opens a fresh conversation}: web, and SMS if asked.

    None (after saying why) when SMS is asked for without the token to sign with.
    """
    found: Dict[str, Callable] = {"web": lambda: WebChat(client, gateway)}
    if sms:
        token = os.environ.get("TWILIO_AUTH_TOKEN")
        if not token:
            print("--sms needs TWILIO_AUTH_TOKEN (the gateway's) to sign requests")
            return None
        sms_url = os.environ.get("SMS_WEBHOOK_URL", f"{gateway}/sms")
        found["sms"] = lambda: SmsChat(client, gateway, token, sms_url)
    return found


def talk_through(argv: List[str] | None, description: str, default_set: str | None,
                 figures_of: Callable[[Path, Callable, str], Dict]) -> int:
    """Parses --set, --gateway and --sms, then prints each channel's figures.

    `figures_of(set_path, new_chat, channel)` talks the set through one channel.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--set", default=default_set, required=default_set is None)
    parser.add_argument("--gateway", default="http://127.0.0.1:8000")
    parser.add_argument("--sms", action="store_true", help="also over signed SMS")
    args = parser.parse_args(argv)
    with httpx.Client(timeout=60) as client:
        opened = channels(client, args.gateway, args.sms)
        if opened is None:
            return 2
        for channel, new_chat in opened.items():
            print(f"-- {channel}")
            for name, value in figures_of(Path(args.set), new_chat, channel).items():
                print(f"{channel} {name}: {value:.3f}" if isinstance(value, float)
                      else f"{channel} {name}: {value}")
    return 0


def main(argv: List[str] | None = None) -> int:
    """Runs the set over the web (and SMS with --sms) and prints the figures."""
    return talk_through(
        argv, __doc__.splitlines()[0],
        str(ROOT / "tests" / "heldout" / "conversations_v3.yml"),
        lambda path, new_chat, _channel: run(conversations(path), new_chat))


if __name__ == "__main__":
    sys.exit(main())
