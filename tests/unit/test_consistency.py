"""One source of truth: the facts and names shared by domain, data, actions and directory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import services_directory
from actions.pathways import load_pathways
from generated.domain import load_whole_domain
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
