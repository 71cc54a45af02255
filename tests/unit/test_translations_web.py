"""Web replies say their language, so screen readers read Urdu in an Urdu voice.

/api/chat marks each bot message with `lang` (webhook/web/reply_language.py); the page
sets lang and dir from it (webhook/web/static/chat.js, with the direction from the
language list in /config.js).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.unit.sms_fakes import FakeRasa, build_client
from webhook.store import MemoryStore
from webhook.web.reply_language import reply_language

ROOT = Path(__file__).resolve().parents[2]
SLOTS = {
    "helpline_phone": "0808 2000 247",
    "rape_crisis_phone": "0808 500 2222",
    "respect_phone": "0808 802 4040",
}
CONVERSATION = "c" * 32


def translated(code: str, name: str) -> str:
    data = yaml.safe_load((ROOT / "translations" / f"{code}.yml").read_text(encoding="utf-8"))
    return re.sub(r"\{(\w+)\}", lambda m: SLOTS[m.group(1)], data["responses"][name])


@pytest.mark.parametrize("code", ["ar", "ur", "pl", "bn", "pt"])
def test_a_translated_reply_is_known_by_its_text(code):
    # Even when the person chose no language (detection picked it).
    assert reply_language(translated(code, "utter_immediate_danger")) == code
    assert reply_language(translated(code, "utter_greet"), chosen="en") == code


def test_other_replies_are_english_if_plain_else_the_chosen_language():
    assert reply_language("If you're in danger now, call 999.") == "en"
    assert reply_language("Dziękuję, że piszesz.", chosen="pl") == "pl"
    assert reply_language("Dziękuję, że piszesz.") is None


def chat(rasa: FakeRasa, **body):
    with build_client(rasa, MemoryStore()) as client:
        response = client.post(
            "/api/chat", json={"conversation_id": CONVERSATION, "message": "hi", **body}
        )
    assert response.status_code == 200
    return response.json()["messages"]


def test_the_chat_api_marks_each_reply_with_its_language():
    rasa = FakeRasa()
    rasa.replies = [
        {"recipient_id": "x", "text": translated("ur", "utter_immediate_danger")},
        {"recipient_id": "x", "text": "When you're safe: National Domestic Abuse Helpline."},
    ]
    assert [message["lang"] for message in chat(rasa)] == ["ur", "en"]


def test_the_chosen_language_marks_replies_the_gateway_does_not_know():
    rasa = FakeRasa()
    rasa.replies = [{"recipient_id": "x", "text": "Możesz napisać, co się dzieje."}]
    assert chat(rasa, language="pl")[-1]["lang"] == "pl"


def test_a_first_reply_without_the_55_step_opens_with_it_in_the_chosen_language():
    rasa = FakeRasa()
    rasa.replies = [{"recipient_id": "x", "text": "Możesz napisać, co się dzieje."}]
    first, reply = chat(rasa, language="pl")
    assert first["text"] == translated("pl", "utter_first_reply_safety")
    assert "999" in first["text"] and "55" in first["text"]
    assert first["lang"] == "pl" and reply["text"] == "Możesz napisać, co się dzieje."


def test_the_page_sets_lang_and_dir_on_bot_messages():
    # The page script reads `lang` from each message and sets both attributes.
    script = (ROOT / "webhook/web/static/chat.js").read_text(encoding="utf-8")
    assert "message.lang" in script
    assert "body.lang = mark.lang" in script and "body.dir = mark.dir" in script
