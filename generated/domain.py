"""The whole domain: the hand-written domain.yml joined with the generated domain files.

Rasa reads it through bot.importer.SafeStepsImporter (config.yml `importers`); the gateway
reads it through webhook.domain. Plain Python and YAML, so both can share it.

How the parts join: intents and actions are added; a slot may be defined in one file
only; a response's variations are added to the hand-written ones (the generated files
hold the translated variations of English replies written in domain.yml).
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any, Dict, Iterable, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_PATH = ROOT / "domain.yml"
# The answers to questions (retrieval responses): Rasa reads them with the NLU data.
ANSWERS_PATH = ROOT / "data" / "responses" / "questions.yml"
GENERATED_DIR = Path(__file__).resolve().parent


class DomainConflict(ValueError):
    """A generated file defines what domain.yml already defines, or extends what it lacks."""


def generated_domain_files(directory: Path = GENERATED_DIR) -> Iterable[Path]:
    """The generated domain files, in a fixed order."""
    return sorted(directory.glob("domain_*.yml"))


def join(hand: Dict[str, Any], generated: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """domain.yml's dict with the generated parts joined in (see the module docstring)."""
    whole = copy.deepcopy(hand)
    for part in generated:
        for key in ("intents", "entities", "actions"):
            if part.get(key):
                whole[key] = [*whole.get(key, []), *part[key]]
        for name, slot in (part.get("slots") or {}).items():
            if name in whole.setdefault("slots", {}):
                raise DomainConflict(f"slot {name} is defined in domain.yml and generated")
            whole["slots"][name] = slot
        for name, variations in (part.get("responses") or {}).items():
            if name not in whole.get("responses", {}):
                raise DomainConflict(f"{name} is translated but domain.yml has no such reply")
            whole["responses"][name] = [*whole["responses"][name], *variations]
    return whole


def read_yaml(path: Path) -> Dict[str, Any]:
    """One YAML file as a dict."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@functools.lru_cache(maxsize=1)
def load_whole_domain() -> Dict[str, Any]:
    """domain.yml with every generated domain file joined in; callers only read it."""
    return join(read_yaml(DOMAIN_PATH), [read_yaml(p) for p in generated_domain_files()])


@functools.lru_cache(maxsize=1)
def load_replies() -> Dict[str, Any]:
    """The whole domain with the answers' responses too: every reply an action may compose.

    Rasa reads the answers from data/, not the domain, so load_whole_domain lacks them;
    an SMS reply that carries an answer is composed from their words.
    """
    whole = copy.deepcopy(load_whole_domain())
    whole["responses"] = {**read_yaml(ANSWERS_PATH).get("responses", {}), **whole["responses"]}
    return whole


def answer_choice_payload(answer: str) -> str:
    """The button payload that picks one answer ("question/<topic>") from a choice of two.

    The actions offer it (ActionUnsure); the gateway lets exactly these through
    (webhook.rasa_client.IntentPayloads), as it does the domain's own buttons.
    """
    return '/question{"asked": "' + answer + '"}'


def answer_choice_payloads() -> List[str]:
    """Every answer's choice payload."""
    answers = read_yaml(ANSWERS_PATH).get("responses", {})
    return [answer_choice_payload(name[len("utter_"):]) for name in answers
            if name.startswith("utter_question/")]
