"""DangerOverride sets the reply language from the danger match when detection left it open.

Runs the two components in pipeline order (LanguageDetector, then DangerOverride) on
messages as the REST channel builds them. The `language` entity is what fills the
`language` slot, and so chooses the static danger reply's variation in domain.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components import DangerOverride, LanguageDetector
from textsafety.danger import default_detector
from textsafety.languages import GUESSED_LANGUAGE


def _message(text: str, metadata: Optional[Dict[str, Any]] = None) -> Message:
    data: Dict[str, Any] = {TEXT: text}
    if metadata is not None:
        data["metadata"] = metadata
    return Message(data=data)


@pytest.fixture(scope="module")
def pipeline():
    detector, override = LanguageDetector({}), DangerOverride({}, default_detector())

    def run(text: str, metadata: Optional[Dict[str, Any]] = None) -> Message:
        message = _message(text, metadata)
        detector.process([message])
        override.process([message])
        return message

    return run


def _language_entities(message: Message) -> List[tuple]:
    return [
        (entity["value"], entity["extractor"])
        for entity in message.get(ENTITIES) or []
        if entity["entity"] == "language"
    ]


WEB = {"channel": "web"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ele vai me matar", "pt"),
        ("woh mujhe kill kar dega", "ur"),
        ("7ayedbo7ni", "ar"),
        ("amare maria falaibo", "bn"),
        ("jest tutaj", "pl"),
    ],
)
def test_abstained_detection_gets_the_matched_language(pipeline, text, language):
    message = pipeline(text, WEB)
    assert message.get(INTENT)["name"] == "immediate_danger"
    # Guessed by the danger match, or already by romanised markers ("mujhe ... dega").
    [(value, extractor)] = _language_entities(message)
    assert value == language and extractor in GUESSED_LANGUAGE


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # an English noun inside romanised Urdu: `bat` matched too, and the reply was English
        ("my cousin Luton mein hai, abhi phone pe thi, uska husband cricket bat se maar raha tha",
         "ur"),
        ("my jethani said, jeth knife lai ne ubho che, maari naakhse", "gu"),
    ],
)
def test_a_borrowed_english_noun_does_not_make_the_reply_english(pipeline, text, language):
    message = pipeline(text, WEB)
    assert message.get(INTENT)["name"] in ("immediate_danger", "self_harm")
    assert [value for value, _ in _language_entities(message)] == [language]


def test_bengali_matched_only_by_a_gujarati_word_is_answered_in_bengali(pipeline):
    # Blind danger round 21: a Bengali line matched one Gujarati rule (a word both
    # languages write alike) and was answered in Gujarati script.
    message = pipeline("o amake ghusi marche ekhon, ami bhoy pachi", WEB)
    assert message.get(INTENT)["name"] == "immediate_danger"
    assert [value for value, _ in _language_entities(message)] == ["bn"]


def test_english_words_beyond_a_noun_keep_english(pipeline):
    message = pipeline("he has a knife and says he will kill me", WEB)
    assert [value for value, _ in _language_entities(message)] in ([], ["en"])


def test_the_persons_choice_is_never_changed(pipeline):
    message = pipeline("woh mujhe kill kar dega", {"channel": "sms", "language": "en"})
    assert message.get(INTENT)["name"] == "immediate_danger"
    assert _language_entities(message) == [("en", "LanguageDetector")]


def test_a_sure_detection_is_never_changed(pipeline):
    # Long enough for detection to be sure it is Spanish; Portuguese patterns match too.
    text = "mi marido dice que me va a matar esta noche cuando vuelva a casa"
    message = pipeline(text, WEB)
    assert message.get(INTENT)["name"] == "immediate_danger"
    assert _language_entities(message) == [("es", "LanguageDetector")]


def test_english_danger_keeps_english(pipeline):
    message = pipeline("help me", WEB)
    assert message.get(INTENT)["name"] == "immediate_danger"
    assert [value for value, _ in _language_entities(message)] in ([], ["en"])


def test_no_danger_no_language_change(pipeline):
    message = pipeline("aa gaya parcel thank you", WEB)
    assert message.get(INTENT) is None or message.get(INTENT).get("name") not in (
        "immediate_danger",
        "self_harm",
    )
    assert all(extractor != "DangerOverride" for _, extractor in _language_entities(message))


def test_portuguese_he_will_kill_me_is_danger_not_self_harm(pipeline):
    assert pipeline("ele vai me matar", WEB).get(INTENT)["name"] == "immediate_danger"
    assert pipeline("eu vou me matar", WEB).get(INTENT)["name"] == "self_harm"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Blind danger round 31: a taser, which five languages' rules (Romanian's twice)
        # name alike, and the writer's own few words. All four were answered in Romanian.
        ("pase taser chhe, help", "gu"),  # a Gujarati marker
        ("ma3o taser, help please", "ar"),  # Arabizi with a digit
        ("taser lia aise, help koro", "bn"),  # Sylheti: the guesser is sure
        ("ta com taser, help pfv", "pt"),
    ],
)
def test_a_shared_loanword_leaves_the_language_to_the_writers_own_words(
    pipeline, text, language
):
    message = pipeline(text, WEB)
    assert message.get(INTENT)["name"] == "immediate_danger"
    assert [value for value, _ in _language_entities(message)][-1:] == [language]


def test_a_shared_loanword_with_nothing_else_to_go_on_does_not_switch_language(pipeline):
    # Detection left this English line unknown, and it was answered in Romanian.
    message = pipeline("hes got a taser. come quick", WEB)
    assert message.get(INTENT)["name"] == "immediate_danger"
    assert [value for value, _ in _language_entities(message)] in ([], ["en"])
