"""The questions people ask before they act: training data, answers and their tests agree.

Checks data/nlu/questions.yml (retrieval intent `question/<topic>`), its answers in
data/responses/questions.yml and the conversation tests in
tests/conversations/test_questions.yml, as a person texting the bot would notice them:
every question has an answer, every answer fits three SMS texts with its options, shows
nothing telling on a lock screen, names a person to reach now, and writes no phone
number that could go stale.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from actions.pathways import load_pathways
from generated.domain import load_whole_domain
from textsafety.danger import default_detector
from textsafety.segments import gsm_friendly, split_message
from webhook.sms.messages import load_messages

ROOT = Path(__file__).resolve().parents[2]
NLU_PATH = ROOT / "data" / "nlu" / "questions.yml"
RESPONSES_PATH = ROOT / "data" / "responses" / "questions.yml"
STORIES_PATH = ROOT / "tests" / "conversations" / "test_questions.yml"
HELDOUT_PATH = ROOT / "tests" / "nlu" / "heldout.yml"

DOMAIN = load_whole_domain()
NLU = yaml.safe_load(NLU_PATH.read_text())
RESPONSES = yaml.safe_load(RESPONSES_PATH.read_text())
STORIES = yaml.safe_load(STORIES_PATH.read_text())

MIN_TOPICS = 44
MIN_EXAMPLES = 12
# Three single-segment SMS texts; the options line ("Reply 1 for ...") shares them.
MAX_CHARS = 480
TOPIC_NAME = re.compile(r"^question/[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# Emergency, Silent Solution, police non-emergency, Relay UK emergency: the only
# numbers that never change. Every service number comes from a slot or the directory.
ALLOWED_NUMBERS = {"999", "55", "101", "18000"}
SLOTS = ("helpline_phone", "respect_phone", "rape_crisis_phone", "childline_phone",
         "mens_advice_line_phone", "samaritans_phone")
PERSON_NOW = ("{helpline_phone}", "{respect_phone}", "{rape_crisis_phone}", "999")
DANGER_LINE = "In danger now? Call 999."
# Words that must not show in a lock-screen preview (the first SMS text).
TELLING_WORDS = re.compile(r"\b(abuse\w*|abusive|rape\w*|sexual\w*|violen\w*|assault\w*)\b", re.I)
# Answers where the question itself touches risk: leaving, reporting, being found out,
# being tracked, not being able to speak on 999.
RISK_TOPICS = {
    "will_he_find_out",
    "will_you_tell_police",
    "silent_999_call",
    "support_without_police",
    "went_back",
    "coercive_control_crime",
    "non_molestation_order",
    "occupation_order",
    "clares_law_right_to_ask",
    "clares_law_right_to_know",
    "clares_law_will_he_be_told",
    "how_to_report",
    "keeping_evidence",
    "refuge_with_children",
    "refuge_with_teenage_son",
    "refuge_with_pets",
    "what_is_refuge",
    "housing_homeless",
    "immigration_status",
    "what_to_pack",
    "phone_tracking",
    "spyware",
    "shared_accounts",
}
# Telling someone to leave is the person's decision, never ours.
TELLS_TO_LEAVE = re.compile(
    r"\b(you (should|must|need to) leave|leave (him|her|them)\b|get out)", re.I
)


def _examples(block: dict) -> list[str]:
    return [
        line.strip()[2:].strip()
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def _nlu_examples(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in yaml.safe_load(path.read_text()).get("nlu", []):
        if "intent" in block:
            found.setdefault(block["intent"], []).extend(_examples(block))
    return found


QUESTIONS = _nlu_examples(NLU_PATH)
TOPICS = sorted(intent.split("/", 1)[1] for intent in QUESTIONS)
ANSWERS = RESPONSES["responses"]
# Answers given only in place of another, to someone under 18 or to a man hurt at home
# (actions/pathways.yml): they have no questions of their own, but are sent as the
# others are.
IN_PLACE_OF_ANOTHER = load_pathways().answers_in_place_of_another
ANSWERS_IN_PLACE_OF_ANOTHER = sorted(set(IN_PLACE_OF_ANOTHER.values()))
ANSWER_TOPICS = sorted({*TOPICS, *ANSWERS_IN_PLACE_OF_ANOTHER})


def _filled(text: str) -> str:
    for slot in SLOTS:
        text = text.replace("{" + slot + "}", DOMAIN["slots"][slot]["initial_value"])
    return text


def _sms_parts(variation: dict) -> list[str]:
    """The texts an SMS user gets: the answer, then its buttons as one numbered line."""
    titles = [button["title"] for button in variation.get("buttons", [])]
    options = load_messages().options.line(titles)
    return split_message(gsm_friendly("\n".join([_filled(variation["text"]), options])), 3)


def _one_word_apart(a: list[str], b: list[str]) -> bool:
    """True when two token lists differ by one substituted, added or dropped word."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def test_files_are_rasa_training_data_of_version_3_1():
    assert NLU["version"] == "3.1" and isinstance(NLU["nlu"], list)
    assert RESPONSES["version"] == "3.1" and isinstance(ANSWERS, dict)
    assert STORIES["version"] == "3.1" and isinstance(STORIES["stories"], list)


def test_there_are_enough_questions_each_in_enough_voices():
    assert len(QUESTIONS) >= MIN_TOPICS, f"{len(QUESTIONS)} sub-intents"
    for intent, examples in QUESTIONS.items():
        assert TOPIC_NAME.match(intent), f"{intent}: not question/<snake_case_topic>"
        assert len(examples) >= MIN_EXAMPLES, f"{intent}: {len(examples)} examples"


def test_no_example_is_repeated_or_one_word_away_from_another():
    all_examples = [
        (intent, example.lower().split())
        for intent, examples in QUESTIONS.items()
        for example in examples
    ]
    for (intent_a, a), (intent_b, b) in itertools.combinations(all_examples, 2):
        assert a != b, f"repeated: {' '.join(a)!r} ({intent_a}, {intent_b})"
        assert not _one_word_apart(a, b), f"{' '.join(a)!r} vs {' '.join(b)!r}"


def test_no_question_example_is_trained_on_elsewhere_or_held_out():
    mine = {e.lower() for examples in QUESTIONS.values() for e in examples}
    for path in [*sorted((ROOT / "data" / "nlu").glob("*.yml")), HELDOUT_PATH]:
        if path == NLU_PATH:
            continue
        theirs = {e.lower() for ex in _nlu_examples(path).values() for e in ex}
        assert not mine & theirs, f"{path.name} also has {sorted(mine & theirs)[:5]}"


def test_every_question_has_exactly_one_answer_and_every_answer_a_question():
    answered = {key.split("/", 1)[1] for key in ANSWERS if key.startswith("utter_question/")}
    assert set(ANSWERS) == {f"utter_question/{topic}" for topic in answered}
    assert answered == set(TOPICS) | set(ANSWERS_IN_PLACE_OF_ANOTHER)
    # An answer in place of another answers that one's questions; never one of its own.
    for instead, given in IN_PLACE_OF_ANOTHER.items():
        assert instead in TOPICS and given not in TOPICS, (instead, given)


def test_every_answer_names_its_source_in_a_comment_above_it():
    lines = RESPONSES_PATH.read_text().splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^\s+utter_question/\w+:", line):
            comment = []
            above = index - 1
            while above >= 0 and lines[above].strip().startswith("#"):
                comment.insert(0, lines[above].strip())
                above -= 1
            assert any(c.startswith("# source:") for c in comment), f"{line.strip()} has no source"


@pytest.mark.parametrize("topic", ANSWER_TOPICS)
def test_an_answer_said_again_in_short_arrives_whole_by_sms(topic):
    # The same question again gets "In short:" and the answer's start (utter_answer_above,
    # each variant). By SMS "In short: This chat can't contact anyone. Respect is
    # confidential ... at risk of serious harm. More is in my reply above ..." came to
    # four texts, and the last was cut (blind round 20).
    from actions.signposting import start_of_answer
    from webhook.sms.service import render_reply, reply_parts

    start = start_of_answer(_filled(ANSWERS[f"utter_question/{topic}"][0]["text"]))
    assert len(start) >= 40, start
    for variation in DOMAIN["responses"]["utter_answer_above"]:
        text = _filled(variation["text"].replace("{answer_start}", start))
        reply = {"text": text, "buttons": variation.get("buttons", [])}
        parts = reply_parts(render_reply([reply], load_messages())[0])
        assert len(parts) <= 3 and not parts[-1].endswith("..."), parts


@pytest.mark.parametrize("topic", ANSWER_TOPICS)
def test_answer_writes_only_numbers_that_never_change(topic):
    for variation in ANSWERS[f"utter_question/{topic}"]:
        text = variation["text"]
        for slot in SLOTS:
            text = text.replace("{" + slot + "}", "")
        assert set(re.findall(r"\d+", text)) <= ALLOWED_NUMBERS, text


@pytest.mark.parametrize("topic", ANSWER_TOPICS)
def test_answer_fits_three_texts_with_its_options_and_nothing_is_cut(topic):
    for variation in ANSWERS[f"utter_question/{topic}"]:
        assert len(_filled(variation["text"])) <= MAX_CHARS
        parts = _sms_parts(variation)
        assert len(parts) <= 3
        assert not parts[-1].endswith("..."), f"{topic}: the SMS reply is cut short"


@pytest.mark.parametrize("topic", ANSWER_TOPICS)
def test_first_text_of_an_answer_is_safe_on_a_lock_screen(topic):
    for variation in ANSWERS[f"utter_question/{topic}"]:
        first = _sms_parts(variation)[0]
        assert not TELLING_WORDS.search(first), f"{topic}: lock screen shows {first!r}"


@pytest.mark.parametrize("topic", ANSWER_TOPICS)
def test_answer_offers_a_person_now_and_at_most_two_real_routes(topic):
    for variation in ANSWERS[f"utter_question/{topic}"]:
        assert any(way in variation["text"] for way in PERSON_NOW), topic
        buttons = variation.get("buttons", [])
        assert 1 <= len(buttons) <= 2, f"{topic}: {len(buttons)} buttons"
        for button in buttons:
            assert len(button["title"]) <= 25, button["title"]
            payload = button["payload"]
            assert payload.startswith("/") and payload[1:] in DOMAIN["intents"], payload


@pytest.mark.parametrize("topic", sorted(RISK_TOPICS))
def test_answer_to_a_risky_question_says_call_999(topic):
    for variation in ANSWERS[f"utter_question/{topic}"]:
        assert DANGER_LINE in variation["text"], topic


@pytest.mark.parametrize("topic", ANSWER_TOPICS)
def test_answer_never_tells_anyone_to_leave(topic):
    for variation in ANSWERS[f"utter_question/{topic}"]:
        assert not TELLS_TO_LEAVE.search(variation["text"]), topic


def test_each_question_has_one_conversation_test_with_a_fresh_message():
    trained = {e.lower() for examples in QUESTIONS.values() for e in examples}
    tested = []
    for story in STORIES["stories"]:
        user, action = story["steps"]
        assert action == {"action": "action_answer_question"}, story["story"]
        assert user["intent"] in QUESTIONS, user["intent"]
        assert user["user"].strip().lower() not in trained, user["user"]
        tested.append(user["intent"])
    assert sorted(tested) == sorted(QUESTIONS)


def test_conversation_test_messages_reach_the_answers_not_the_danger_override():
    # DangerOverride forces immediate_danger on these patterns; a question that trips
    # them gets the 999 reply (right for a person, wrong as a test of the answer).
    detector = default_detector()
    for story in STORIES["stories"]:
        text = story["steps"][0]["user"].strip()
        assert detector.kind_of(text) is None, text
