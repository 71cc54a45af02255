"""The guided safety plan (issue 14): the action, its replies over SMS, and its data.

The action runs with a real rasa_sdk Tracker and CollectingDispatcher; each reply goes
through the real SMS composer and splitter (webhook.sms.service), as in
test_translations_sms.py.
"""

from __future__ import annotations

import asyncio
import json
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.safety_plan import MENU, TOPICS, ActionShowSafetyPlanTopic
from generated.domain import load_whole_domain
from scripts.heldout_overlap import examples
from tests.support.trackers import tracker_after
from textsafety.danger import default_detector
from textsafety.segments import segments
from webhook.sms.messages import load_messages
from webhook.sms.service import MAX_MESSAGES, render_reply, reply_parts

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = load_whole_domain()
NLU = ROOT / "data" / "nlu" / "safety_plan.yml"
HELPLINE = "0808 2000 247"
ENDING = f"In danger now? Call 999. Helpline 24/7: {HELPLINE}."
LOCK_SCREEN_WORDS = re.compile(r"\b(abuse|rape|sexual|violence|assault)\b", re.IGNORECASE)
TOPIC_RESPONSES = [f"utter_safety_plan_{topic}" for topic in TOPICS]
ANNOTATED = re.compile(r"\[([^\]]+)\]\{([^}]*)\}")


def tracker(text: str, entities: list | None = None, slots: dict | None = None) -> Tracker:
    """A tracker whose latest message chose (or tried to choose) a safety-plan topic."""
    return tracker_after("choose_safety_plan_topic", text,
                         {"channel": None, "plan_topic": None, **(slots or {})},
                         entities, confidence=1.0)


def by_payload(topic: str) -> Tracker:
    """What Rasa hands the action after a button tap or an SMS number reply."""
    return tracker(
        f'/choose_safety_plan_topic{{"plan_topic": "{topic}"}}',
        entities=[{"entity": "plan_topic", "value": topic}],
        slots={"plan_topic": topic},
    )


def run(t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionShowSafetyPlanTopic().run(dispatcher, t, DOMAIN))
    return [m["response"] for m in dispatcher.messages], events


def sms_texts(name: str) -> list[str]:
    """The texts a person gets on SMS: the reply, its options line, split as sent."""
    variation = DOMAIN["responses"][name][0]
    text = variation["text"].replace("{helpline_phone}", HELPLINE)
    composed, _ = render_reply(
        [{"text": text, "buttons": variation.get("buttons")}], load_messages()
    )
    return reply_parts(composed)


def nlu_lines(path: Path, intent: str) -> list[str]:
    for block in yaml.safe_load(path.read_text())["nlu"]:
        if block.get("intent") == intent:
            return [
                line.strip()[2:]
                for line in block["examples"].splitlines()
                if line.strip().startswith("- ")
            ]
    return []


def plain(example: str) -> str:
    return ANNOTATED.sub(r"\1", example).strip().lower()


def held_out_texts() -> set:
    """Every message of the held-out sets, whatever their layout."""
    found: set = set()

    def walk(node):
        if isinstance(node, str):
            found.add(node.strip().lower())
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "examples") or isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in [
        ROOT / "tests" / "nlu" / "heldout.yml",
        *(ROOT / "tests" / "heldout").glob("*.yml"),
    ]:
        walk(yaml.safe_load(path.read_text()))
    found |= examples(ROOT / "tests" / "nlu" / "heldout.yml")
    return found


# --- the action ------------------------------------------------------------------


def test_the_topics_are_the_slot_values_filled_only_from_the_entity():
    slot = DOMAIN["slots"]["plan_topic"]
    assert slot["type"] == "categorical" and tuple(slot["values"]) == TOPICS
    assert slot["influence_conversation"] is False
    assert slot["mappings"] == [{"type": "from_entity", "entity": "plan_topic"}]


@pytest.mark.parametrize("topic", TOPICS)
def test_a_topic_chosen_by_button_shows_its_steps_and_stores_nothing(topic):
    responses, events = run(by_payload(topic))
    assert responses == [f"utter_safety_plan_{topic}"]
    assert f"utter_safety_plan_{topic}" in DOMAIN["responses"]
    assert events == []


@pytest.mark.parametrize(
    "text, entities",
    [
        (
            '/choose_safety_plan_topic{"plan_topic": "garden"}',
            [{"entity": "plan_topic", "value": "garden"}],
        ),
        ("/choose_safety_plan_topic", []),
        ("something else entirely", []),
        ("", []),
    ],
)
def test_an_unknown_topic_gets_the_topics_again(text, entities):
    responses, events = run(tracker(text, entities))
    assert responses == [MENU]
    assert events == []


def test_a_typed_choice_ignores_the_topic_left_in_the_slot():
    # The slot still holds the last button's topic; the words name no topic.
    responses, _ = run(tracker("hmm not sure", slots={"plan_topic": "work"}))
    assert responses == [MENU]


@pytest.mark.parametrize(
    "button", DOMAIN["responses"][MENU][0]["buttons"], ids=lambda b: b["title"]
)
def test_a_button_title_typed_as_words_reaches_its_topic(button):
    topic = json.loads(button["payload"].split("_topic", 1)[1])["plan_topic"]
    responses, events = run(tracker(button["title"].lower() + " please"))
    assert responses == [f"utter_safety_plan_{topic}"]
    assert events == []


@pytest.mark.parametrize(
    "text, topic",
    [("the kids", "children"), ("Once I've left", "after_leaving"), ("my work", "work")],
)
def test_a_phrase_annotated_in_the_nlu_data_reaches_its_topic(text, topic):
    assert run(tracker(text))[0] == [f"utter_safety_plan_{topic}"]


def test_no_typed_text_reaches_any_slot_set():
    typed = "the kids, and my sister Jo at 12 Mill Lane"
    for t in (
        tracker(typed),
        by_payload("children"),
        tracker(typed, slots={"plan_topic": "at_home"}),
    ):
        _, events = run(t)
        assert not any(e.get("event") == "slot" for e in events)
        assert typed not in json.dumps(events)


# --- the replies -----------------------------------------------------------------


@pytest.mark.parametrize("name", TOPIC_RESPONSES)
def test_a_topic_arrives_whole_over_sms_in_three_texts_at_most(name):
    texts = sms_texts(name)
    assert len(texts) <= MAX_MESSAGES
    assert all(segments(text) == 1 for text in texts)
    assert not any(text.endswith("...") for text in texts), texts
    # Nothing dropped: every word of the reply and its options, in order.
    assert "Reply 1 for Another topic, 2 for That's all." in texts[-1]
    text = DOMAIN["responses"][name][0]["text"].replace("{helpline_phone}", HELPLINE)
    assert " ".join(texts).split()[: len(text.split())] == text.split()


@pytest.mark.parametrize(
    "name", [*TOPIC_RESPONSES, MENU, "utter_offer_safety_plan", "utter_safety_plan_declined"]
)
def test_the_first_text_is_safe_on_a_lock_screen(name):
    assert not LOCK_SCREEN_WORDS.search(sms_texts(name)[0])


@pytest.mark.parametrize("name", TOPIC_RESPONSES)
def test_a_topic_keeps_999_and_the_helpline_and_offers_another_topic_or_to_stop(name):
    variation = DOMAIN["responses"][name][0]
    assert variation["text"].endswith("In danger now? Call 999. Helpline 24/7: {helpline_phone}.")
    assert [(b["title"], b["payload"]) for b in variation["buttons"]] == [
        ("Another topic", "/start_safety_plan"),
        ("That's all", "/thank"),
    ]


@pytest.mark.parametrize("name", TOPIC_RESPONSES)
def test_a_topic_asks_nothing_and_tells_no_one_to_leave(name):
    text = DOMAIN["responses"][name][0]["text"]
    # The one question is "In danger now?": no name, address or date is asked for.
    assert text.count("?") == 1
    assert not re.search(
        r"\b(you should|you must|you need to|just) leave\b|\bleave (him|her|them)\b", text, re.I
    )
    # No number but 999 and the helpline's placeholder.
    assert re.findall(r"\d+", text.replace("24/7", "")) == ["999"] * text.count("999")


def test_the_helpline_and_999_stay_in_reach_on_the_menu_and_after_a_no():
    for name in (MENU, "utter_safety_plan_declined"):
        text = DOMAIN["responses"][name][0]["text"]
        assert "999" in text and "{helpline_phone}" in text


def test_the_menu_offers_six_short_topics_that_fit_sms_numbers():
    buttons = DOMAIN["responses"][MENU][0]["buttons"]
    payloads = [json.loads(b["payload"].split("_topic", 1)[1])["plan_topic"] for b in buttons]
    assert payloads == list(TOPICS)
    assert all(b["payload"].startswith("/choose_safety_plan_topic{") for b in buttons)
    assert all(len(b["title"]) <= 20 for b in buttons)
    texts = sms_texts(MENU)
    assert len(texts) <= MAX_MESSAGES and "6 for Work." in texts[-1]


def test_the_offer_says_nothing_is_kept_and_can_be_declined():
    offer = DOMAIN["responses"]["utter_offer_safety_plan"][0]
    assert "nothing you type here is kept" in offer["text"]
    assert [b["payload"] for b in offer["buttons"]] == ["/start_safety_plan", "/deny"]


def test_every_topic_names_its_public_source_in_a_comment_above_it():
    lines = (ROOT / "domain.yml").read_text(encoding="utf-8").splitlines()
    for name in TOPIC_RESPONSES:
        at = lines.index(f"  {name}:")
        above = []
        for line in reversed(lines[:at]):
            if not line.strip().startswith("#"):
                break
            above.append(line)
        assert any("Source:" in line for line in above), name


# --- the NLU data ----------------------------------------------------------------


def test_there_are_enough_examples_in_real_voices():
    assert len(nlu_lines(NLU, "start_safety_plan")) >= 25
    typed = nlu_lines(NLU, "choose_safety_plan_topic")
    assert len(typed) >= 12
    chosen = []
    for example in typed:
        annotations = [json.loads("{" + inner + "}") for _, inner in ANNOTATED.findall(example)]
        assert [a["entity"] for a in annotations] == ["plan_topic"], example
        chosen.append(annotations[0]["value"])
    # Every topic has a typed example, and no example names anything else.
    assert set(chosen) == set(TOPICS)


def test_no_example_is_trained_elsewhere_or_held_out():
    mine = {
        plain(e)
        for intent in ("start_safety_plan", "choose_safety_plan_topic")
        for e in nlu_lines(NLU, intent)
    }
    elsewhere: set = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        if path != NLU:
            elsewhere |= {plain(e) for e in examples(path)}
    assert not mine & elsewhere
    assert not mine & held_out_texts()


def test_no_example_trips_the_danger_override():
    detector = default_detector()
    for intent in ("start_safety_plan", "choose_safety_plan_topic"):
        for example in nlu_lines(NLU, intent):
            assert detector.kind_of(plain(example)) is None, example


# --- the rules: the decline path, whatever offer came before -----------------------
# The offer is wired into the pathways elsewhere, so the conversation tests cannot
# reach it yet; the rules are checked here with Rasa's own RulePolicy trained in
# memory on every rule file (seconds, no model written).


@pytest.fixture(scope="module")
def rules():
    """A RulePolicy trained on data/stories/rules_*.yml, and the domain it knows."""
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import (
        YAMLStoryReader,
    )
    from rasa.shared.core.training_data.structures import StoryGraph
    from rasa.shared.importers.importer import TrainingDataImporter

    domain = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    ).get_domain()
    steps = []
    for path in sorted((ROOT / "data" / "stories").glob("rules_*.yml")):
        steps += YAMLStoryReader(domain).read_from_file(path)
    trackers = TrainingDataGenerator(StoryGraph(steps), domain, augmentation_factor=0).generate()
    with tempfile.TemporaryDirectory() as storage_dir:
        policy = RulePolicy.create(
            RulePolicy.get_default_config(),
            LocalModelStorage(Path(storage_dir)),
            Resource("safety_plan_rules"),
            ExecutionContext(GraphSchema({}), "test_safety_plan"),
        )
        policy.train(trackers, domain)
        yield policy, domain


def next_action(rules, *turns) -> str:
    """The action the rules pick after a conversation of (intent, actions, slots) turns."""
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    policy, domain = rules
    events = [ActionExecuted("action_session_start"), SessionStarted()]
    for intent, actions, slots in turns:
        events += [ActionExecuted("action_listen"), UserUttered("...", {"name": intent})]
        events += [SlotSet(name, value) for name, value in slots.items()]
        events += [ActionExecuted(action) for action in actions]
    tracker = DialogueStateTracker.from_events("test", events, slots=domain.slots)
    prediction = policy.predict_action_probabilities(tracker, domain)
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    return domain.action_names_or_texts[best]


def test_a_no_to_the_offer_is_respected_with_the_helpline_in_reach(rules):
    # The pathway action offers the plan and sets safety_plan_offer to "open".
    after_offer = ("planning_to_leave", ["action_signpost_need"], {"safety_plan_offer": "open"})
    assert next_action(rules, after_offer, ("deny", [], {})) == "action_decline_safety_plan"


def test_a_no_after_the_offer_has_closed_is_not_a_decline(rules):
    closed = ("planning_to_leave", ["action_signpost_need"], {"safety_plan_offer": "closed"})
    assert next_action(rules, closed, ("deny", [], {})) != "action_decline_safety_plan"


def test_a_no_elsewhere_is_not_taken_as_declining_the_plan(rules):
    assert next_action(rules, ("greet", ["utter_greet"], {}), ("deny", [], {})) == "utter_deny"


@pytest.mark.parametrize(
    "intent, action",
    [
        ("start_safety_plan", "utter_safety_plan_menu"),
        ("choose_safety_plan_topic", "action_show_safety_plan_topic"),
    ],
)
def test_asking_shows_the_topics_and_a_choice_shows_its_steps(rules, intent, action):
    assert next_action(rules, (intent, [], {})) == action
    # The same mid-conversation, after a topic has been shown.
    shown = ("choose_safety_plan_topic", ["action_show_safety_plan_topic"], {})
    assert next_action(rules, shown, (intent, [], {})) == action
