"""Measures the trained model on the blind held-out sets in tests/heldout/ and gates.

Usage: python scripts/eval_heldout.py [--model models/safe-steps.tar.gz] [--gate]

Prints, for realistic first messages: right route, fallback rate and misnaming rate
(a wrong route that is neither the expected one nor one the message also names), and
how many of the other forms a multi-form message names reach the reply; for places:
the area read; for questions: the answer topic; for follow-ups: MORE and typed buttons.
With --gate it exits 1 when a figure is below its gate (GATES). Nothing here is
trained on; tests/heldout/README.md says how the sets were written.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout
from actions.signposting import ranked_intents  # noqa: E402  (also_heard's own rule)

HELDOUT = ROOT / "tests" / "heldout"
# Held-out topic names -> the answer topics in data/responses/questions.yml, where the
# blind writer's name differs (written without sight of the data).
TOPIC_NAMES = {
    "is_it_anonymous": "is_this_anonymous", "do_i_give_my_name": "do_i_have_to_give_name",
    "he_says_its_my_fault": "says_its_my_fault", "still_love_him": "still_love_them",
    "protection_orders": "non_molestation_order", "clares_law": "clares_law_right_to_ask",
    "evidence": "keeping_evidence", "refuge_teenage_sons": "refuge_with_teenage_son",
    "refuge_pets": "refuge_with_pets", "homeless_housing": "housing_homeless",
    "phone_tech_safety": "phone_tracking", "what_to_say_friend": "friend_what_to_say",
    "what_not_to_do_friend": "friend_what_not_to_do", "colleague_employer": "colleague_worried",
    "own_behaviour_confidential": "respect_confidential",
    "will_you_report_me": "respect_report_police", "is_chat_stored": "is_this_chat_stored",
    "silent_solution": "silent_999_call",
}
# Topics a reply may answer instead, where the held-out topic is broader than one answer.
ALSO_ANSWERS = {
    "non_molestation_order": {"occupation_order"},
    "clares_law_right_to_ask": {"clares_law_right_to_know", "clares_law_will_he_be_told",
                                "ask_partner_history"},  # the Clare's Law route answers it
    "phone_tracking": {"spyware", "shared_accounts"},
    "colleague_worried": {"employer_support"},
}
# Gates: first messages (right route, fallback, misnaming, other forms named) and questions.
# Danger in other languages (danger_i18n*.yml) is reported, not gated: the sets were written
# by someone who does not speak these languages and wait for a native reviewer
# (tests/heldout/README.md); the reviewed danger gate is scripts/gates.py's recall 1.0.
# Regression guards a little under what was measured on round 1 with the seeded model, not
# targets. Session 3: right route 0.767, fallback 0.100, misnamed 0.107, other forms named
# 0.171, questions answered 0.733. Session 4 (word pairs for DIET, abuse_form rules,
# QuestionGuard both ways, NLU data for the confusions): 0.807, 0.053, 0.047 (a question
# answered with the expected route offered is not misnamed: 0.053 of first messages),
# 0.610, 0.825. The target for questions is 0.85 (round 2, never tuned on: 0.850).
# Session 5 (NLU data for the confusions, routing for a place alone and a man's route,
# a stricter ranking for other forms): round 1 0.767, 0.067, 0.053, 0.561, 0.842; round
# 2 0.838, 0.000, 0.037, 0.583, 0.863. Round 1's first messages fell with the new data
# (0.813 -> 0.767) while round 2's rose (0.812 -> 0.838): see the noise note in gates.py.
# Session 6 (QuestionGuard both ways again, the child-arrangements answer): round 1
# 0.807, 0.040, 0.047, 0.561, 0.842; round 2 0.825, 0.025, 0.025, 0.567, 0.825.
GATES = {"first_right": 0.72, "first_fallback_max": 0.09, "first_misnamed_max": 0.09,
         "also_named": 0.55, "question_right": 0.80}
# Each answer -> the routes its buttons offer (data/responses/questions.yml).
ANSWER_ROUTES = {
    name.removeprefix("utter_"): {button["payload"].lstrip("/")
                                  for variation in variations
                                  for button in variation.get("buttons") or []}
    for name, variations in yaml.safe_load(
        (ROOT / "data" / "responses" / "questions.yml").read_text(encoding="utf-8")
    )["responses"].items()
}


# The blind rounds, oldest first: "" is round 1, then tests/heldout/*_v2.yml ...
ROUNDS = ("", "_v2", "_v3", "_v4", "_v5", "_v6", "_v7")


def load(name: str) -> Any:
    """One held-out file."""
    return yaml.safe_load((HELDOUT / name).read_text(encoding="utf-8"))


async def parse_all(model: str, texts: List[str]) -> List[Dict[str, Any]]:
    """The model's parse of each text, with the web channel's metadata."""
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    return [await agent.parse_message(text) for text in texts]


def selected_answer(result: Dict[str, Any]) -> str:
    """The answer ResponseSelector picked ("question/<topic>"), or ""."""
    selector = (result.get("response_selector") or {}).get("question") or {}
    return (selector.get("response") or {}).get("intent_response_key") or ""


def first_messages(parsed: Dict[str, Dict[str, Any]], items: List[dict]) -> Dict[str, float]:
    """Right route, fallback and misnaming rates, and multi-form naming recall."""
    right = fallback = misnamed = also_total = also_named = answered_with_route = 0
    for item in items:
        result = parsed[item["text"]]
        intent = result["intent"]["name"]
        also = set(item.get("also") or [])
        if intent != item["expect"]:
            print(f"  first miss: {item['text']!r}: want {item['expect']}, got {intent}")
        answer = selected_answer(result)
        if intent == item["expect"]:
            right += 1
        elif intent == "nlu_fallback":
            fallback += 1
        elif intent == "question" and item["expect"] in ANSWER_ROUTES.get(answer, ()):
            # Answered, with the expected route one tap away: not misnamed, not right.
            answered_with_route += 1
        elif intent not in also and intent not in ("immediate_danger", "self_harm"):
            misnamed += 1
        # As actions.signposting.also_heard names them: the rules' forms, then the ranking.
        named = set(ranked_intents(result.get("intent_ranking") or []))
        named |= {e["value"] for e in result.get("entities") or []
                  if e.get("entity") == "abuse_form"}
        also_total += len(also)
        also_named += len(also & (named | {intent}))
    n = len(items)
    return {"first_right": right / n, "first_answered_with_route": answered_with_route / n,
            "first_fallback_max": fallback / n,
            "first_misnamed_max": misnamed / n,
            "also_named": also_named / also_total if also_total else 1.0, "first_n": n}


def questions(parsed: Dict[str, Dict[str, Any]], items: List[dict]) -> Dict[str, float]:
    """Questions answered with the right topic (the answer picked by ResponseSelector)."""
    right = 0
    misses = []
    for item in items:
        result = parsed[item["text"]]
        topic = TOPIC_NAMES.get(item["topic"], item["topic"])
        selected = selected_answer(result)
        intent = result["intent"]["name"]
        got = selected.split("/", 1)[-1] if intent == "question" else intent
        if got == topic or got in ALSO_ANSWERS.get(topic, ()):
            right += 1
        else:
            misses.append((item["text"], topic, got))
    for text, want, got in misses[:15]:
        print(f"  question miss: {text!r}: want {want}, got {got}")
    return {"question_right": right / len(items), "question_n": len(items)}


# Intents whose first reply carries 999 and the 55 step by rule, whatever the patterns
# heard: the danger replies, the core help of another language, the unsure reply, and
# the routes that say utter_danger_first (tests/unit/test_consistency.py and
# test_translations.py check those replies). What the person receives is the measure.
SILENT_SOLUTION_INTENTS = {
    "immediate_danger", "self_harm", "speak_other_language", "nlu_fallback",
    *(intent for section in ("abuse", "needs") for intent, spec in yaml.safe_load(
        (ROOT / "actions" / "pathways.yml").read_text(encoding="utf-8"))[section].items()
      if spec.get("first") == "utter_danger_first"),
}


def danger(parsed: Dict[str, Dict[str, Any]], sets: Dict[str, List[dict]]) -> Dict[str, float]:
    """Danger heard (999 and 55 follow by rule), in the writer's language; no false alarms.

    Also what the person receives: 999 and the 55 step on the first reply (`danger_55`),
    and that reply in the writer's language (`danger_55_in_language`), whether or not
    the danger patterns matched.
    """
    danger_kinds = ("immediate_danger", "self_harm")
    caught = right_kind = in_language = total = 0
    gets_55 = gets_55_in_language = 0
    false_alarms = near = 0
    for item in [*sets.get("danger", []), *sets.get("english", [])]:
        result = parsed[item["text"]]
        intent = result["intent"]["name"]
        if item["kind"] not in danger_kinds:
            near += 1
            if intent in danger_kinds:
                false_alarms += 1
                print(f"  danger false alarm: {item['text']!r}")
            continue
        total += 1
        languages = [e["value"] for e in result.get("entities") or []
                     if e.get("entity") == "language"]
        right_language = (languages[-1] if languages else "en") == item.get("lang", "en")
        if intent in SILENT_SOLUTION_INTENTS:
            gets_55 += 1
            gets_55_in_language += right_language
        if intent in danger_kinds:
            caught += 1
            right_kind += intent == item["kind"]
            in_language += right_language
        else:
            print(f"  danger missed: {item['text']!r} ({item.get('lang', 'en')}), got {intent}")
    for item in sets.get("near_miss", []):
        near += 1
        if parsed[item["text"]]["intent"]["name"] in danger_kinds:
            false_alarms += 1
            print(f"  danger false alarm: {item['text']!r}")
    return {"danger_recall": caught / total, "danger_right_kind": right_kind / total,
            "danger_in_language": in_language / total, "danger_n": total,
            "danger_55": gets_55 / total, "danger_55_in_language": gets_55_in_language / total,
            "near_miss_false_alarms": false_alarms, "near_miss_n": near}


def held_out_round(suffix: str) -> Tuple[List[dict], List[dict], Dict[str, List[dict]]]:
    """One round's first messages, questions and danger sets ("" for round 1, "_v2" ...).

    A round may hold only some of the three (round 3 is danger only).
    """
    def optional(name: str) -> Any:
        return load(name) if (HELDOUT / name).exists() else None

    first_file = optional(f"first_messages{suffix}.yml") or {"first_messages": {}}
    first = [item for items in first_file["first_messages"].values() for item in items]
    asked = (optional(f"questions{suffix}.yml") or {"questions": []})["questions"]
    return first, asked, optional(f"danger_i18n{suffix}.yml") or {}


def danger_items(danger_sets: Dict[str, List[dict]]) -> List[dict]:
    """Every item of a danger set: danger, near misses and English."""
    return [item for key in ("danger", "near_miss", "english") for item in danger_sets.get(key, [])]


def main(argv: List[str] | None = None) -> int:
    """Parses every held-out message once, prints the figures, gates with --gate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "safe-steps.tar.gz"))
    parser.add_argument("--gate", action="store_true")
    parser.add_argument("--rounds", type=int, default=len(ROUNDS),
                        help="measure only the first N rounds (keep a newer one unseen)")
    args = parser.parse_args(argv)
    logging.disable(logging.INFO)
    rounds = [suffix for suffix in ROUNDS[:args.rounds]
              if (HELDOUT / f"danger_i18n{suffix}.yml").exists()]
    sets = {suffix: held_out_round(suffix) for suffix in rounds}
    texts = sorted({item["text"] for first, asked, danger_sets in sets.values()
                    for item in [*first, *asked, *danger_items(danger_sets)]})
    parsed = dict(zip(texts, asyncio.run(parse_all(args.model, texts)), strict=True))

    figures: Dict[str, Any] = {}
    for suffix, (first, asked, danger_sets) in sets.items():
        if suffix:
            print(f"-- round {suffix[2:]}: written blind later (see tests/heldout); not gated")
        round_figures = {**(first_messages(parsed, first) if first else {}),
                         **(questions(parsed, asked) if asked else {}),
                         **danger(parsed, danger_sets)}
        figures.update({f"{name}{suffix}": value for name, value in round_figures.items()})
    import services_directory

    places = load("places.yml")
    places = places.get("places", places) if isinstance(places, dict) else places
    place_items = [p for p in places if isinstance(p, dict)]
    place_right = sum(
        (services_directory.locate_area(p["text"]) or "none")
        == {"outside": "elsewhere"}.get(p["area"], p["area"])
        for p in place_items
    )
    figures["places_right"] = place_right / len(place_items) if place_items else 1.0
    for name, value in figures.items():
        print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")
    failed = [
        name for name, gate in GATES.items()
        if (figures[name] > gate if name.endswith("_max") else figures[name] < gate)
    ]
    if args.gate and failed:
        print("held-out gates failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
