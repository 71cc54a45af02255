"""One source of truth: the facts and names shared by domain, data, actions and directory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import services_directory
from actions.pathways import load_pathways
from generated.domain import load_replies, load_whole_domain
from scripts.heldout_overlap import examples

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = load_whole_domain()
PATHWAYS = load_pathways()


def nlu_examples(path: Path) -> dict:
    counts: dict = {}
    for block in yaml.safe_load(path.read_text())["nlu"]:
        if "intent" in block:
            lines = [
                line for line in block["examples"].splitlines() if line.strip().startswith("- ")
            ]
            intent = block["intent"].split("/")[0]  # a retrieval intent's topics count together
            counts[intent] = counts.get(intent, 0) + len(lines)
    return counts


@pytest.mark.parametrize(
    "slot, service_id",
    [
        ("helpline_phone", services_directory.HELPLINE_ID),
        ("rape_crisis_phone", "rape-crisis-247-support-line"),
        ("respect_phone", "respect-phoneline"),
        ("mens_advice_line_phone", "mens-advice-line"),
        ("samaritans_phone", "samaritans"),
    ],
)
def test_numbers_in_static_replies_match_the_directory(slot, service_id):
    service = services_directory.get_service(service_id)
    assert DOMAIN["slots"][slot]["initial_value"] == service.contact.phone


def test_no_phone_number_is_written_into_responses_except_emergency_lines():
    # Service numbers come from the directory; only 999/55/101/116 123 (emergency,
    # Silent Solution, police non-emergency for Clare's Law, Samaritans) are literal.
    # 18000 and 18001: Relay UK's emergency and relay prefixes (safety-facts.md).
    allowed = {"999", "101", "116 123", "18000", "18001"}
    for name, variations in DOMAIN["responses"].items():
        for variation in variations:
            # phone-like: three or more digits, possibly in spaced groups
            for number in re.findall(r"\b\d{3,}(?: \d{3,})*\b", variation.get("text", "")):
                assert number.strip() in allowed, f"{name} writes {number!r}: use the directory"


def test_samaritans_number_matches_the_directory():
    samaritans = services_directory.get_service("samaritans")
    assert samaritans.contact.phone in DOMAIN["responses"]["utter_self_harm"][0]["text"]


def test_every_pathway_names_real_responses_intents_and_need_tags():
    for intent, pathway in {**PATHWAYS.abuse, **PATHWAYS.needs}.items():
        assert intent in DOMAIN["intents"]
        assert pathway.response in DOMAIN["responses"]
        assert set(pathway.needs) <= set(services_directory.NEEDS)


def test_every_answered_route_names_a_real_answer():
    for intent, pathway in PATHWAYS.answers.items():
        assert intent in DOMAIN["intents"]
        assert pathway.response in load_replies()["responses"], pathway.response


def test_every_pathway_has_a_national_door_when_no_place_is_given():
    for intent, pathway in {**PATHWAYS.abuse, **PATHWAYS.needs}.items():
        assert any(services_directory.find(need).matches for need in pathway.needs), intent


def test_every_need_tag_a_pathway_uses_has_a_service_somewhere():
    areas = [None, "somerset", "bath-ne-somerset", "central-bedfordshire"]
    for pathway in {**PATHWAYS.abuse, **PATHWAYS.needs}.values():
        for need in pathway.needs:
            if need in ("tech_safety", "substance_use"):
                continue  # no such service in our sources yet: the helpline covers it
            assert any(services_directory.find(need, area=a).matches for a in areas), need


def test_every_intent_has_at_least_25_training_examples():
    counts: dict = {}
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for intent, n in nlu_examples(path).items():
            counts[intent] = counts.get(intent, 0) + n
    for intent in DOMAIN["intents"]:
        assert counts.get(intent, 0) >= 25, f"{intent}: {counts.get(intent, 0)} examples"


def test_every_intent_is_in_the_held_out_set_and_none_of_it_is_trained_on():
    heldout_path = ROOT / "tests" / "nlu" / "heldout.yml"
    assert set(DOMAIN["intents"]) <= set(nlu_examples(heldout_path))
    train = set().union(*(examples(p) for p in (ROOT / "data" / "nlu").glob("*.yml")))
    assert not (examples(heldout_path) & train)


# Safety rule 6: every reply carries a way to reach a person now. A number written in
# (999, 116 123) or a number slot filled from the directory ({helpline_phone}, ...).
REACH = re.compile(r"\b999\b|\b116 123\b|\{\w+_phone\}")
ANSWERS = yaml.safe_load((ROOT / "data" / "responses" / "questions.yml").read_text())["responses"]


def static_turns() -> list:
    """(rule or story name, the utter_ responses of one bot turn) for every turn made only
    of static responses, in every rule and story file (the generated ones too).

    A turn with a custom action is left to the actions' own tests, which read its reply.
    """
    turns = []
    for path in sorted((ROOT / "data" / "stories").glob("*.yml")):
        document = yaml.safe_load(path.read_text()) or {}
        for block in [*(document.get("rules") or []), *(document.get("stories") or [])]:
            name = block.get("rule") or block.get("story")
            actions: list = []
            for step in [*block.get("steps", []), {"intent": "end"}]:
                if "intent" in step or "user" in step:
                    if actions and all(a.startswith("utter_") for a in actions):
                        turns.append((name, actions))
                    actions = []
                elif "action" in step and step["action"] not in (
                    "action_listen", "action_deactivate_loop"
                ):
                    actions.append(step["action"])
    return turns


@pytest.mark.parametrize("name, responses", static_turns(), ids=lambda v: str(v)[:60])
def test_every_static_reply_carries_a_way_to_reach_a_person(name, responses):
    # Each variation (web, SMS, each language) of at least one response in the turn.
    def reaches(response: str) -> bool:
        # utter_question is ResponseSelector's answer: every utter_question/<topic>.
        responses = {**DOMAIN["responses"], **ANSWERS}
        names = [name for name in responses
                 if name == response or name.startswith(response + "/")]
        assert names, f"{response} is not in the domain"
        return all(REACH.search(v.get("text") or "")
                   for name in names for v in responses[name])

    assert any(reaches(r) for r in responses), f"{name}: {responses} has no number"


def test_every_answer_carries_999():
    # Issue 14: a question that mentions a risk must get 999. The answer to "will
    # social services take the baby" after "hes got worse since im pregnant" had none.
    from generated.domain import load_replies

    answers = {name: variations for name, variations in load_replies()["responses"].items()
               if name.startswith("utter_question/")}
    assert len(answers) >= 40
    for name, variations in answers.items():
        assert all("999" in v["text"] for v in variations), name
