"""The one list of pathways (actions/pathways.yml), loaded once.

Plain Python and YAML: the action server, scripts/generate.py and the tests read it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from textsafety.reading import QUESTION_INTENT

PATHWAYS_PATH = Path(__file__).with_name("pathways.yml")


# Main purposes of national lines that suit anyone, whatever brought them: the helpline,
# then Samaritans. The default `door_now`, and the lines MORE may fall back on.
LINES_FOR_ANYONE = ("helpline", "emotional_support")


@dataclass(frozen=True)
class Pathway:
    """What the bot says for an intent and which kinds of service it offers."""

    intent: str
    response: str
    needs: List[str]
    metric: str  # what the stats count: abuse_type:<metric> or need:<metric>
    label: str  # the stats report's words for it
    first: Optional[str] = None  # a response said before anything else (999 on high-risk routes)
    about_someone_else: bool = False  # the writer is not the person the services are for
    # The writer may be the one causing harm (own behaviour): the forms of abuse heard
    # are not named back with "none of it is your fault".
    writer_may_harm: bool = False
    offer_safety_plan: bool = False  # offer the guided safety plan after this route
    # Kinds of 24/7 line that may stand in when nothing chosen is open now.
    door_now: tuple = LINES_FOR_ANYONE
    # The route is for people of this gender (a man's route): its services for them are
    # kept when nobody stated a gender, beside the others. Not a stated gender: the
    # classifier's intent can be wrong ("me and my wife are both women and she controls
    # all my money" was read as a man's route), and a misread message must still list
    # lines its writer can use.
    for_gender: Optional[str] = None
    # Answers that fit this route better than the general one (answer topics, without
    # "question/"): someone worried about their own behaviour who asks "would the police
    # get told" gets what Respect passes on, not what the helpline does.
    answers_instead: Tuple[Tuple[str, str], ...] = ()
    # Answer topics a short question after this route most likely asks ("is it my
    # phone?" after stalking): the conversation's context, which ResponseSelector
    # does not see, used only when it is unsure.
    follow_up_answers: Tuple[str, ...] = ()
    # The route's words are a shorter form of its first follow-up answer (what a refuge
    # is, priority need for housing): when that answer is sent, the words are left out.
    words_in_first_answer: bool = False

    def answer_for(self, answer: str) -> str:
        """The answer ("question/<topic>") this route gives for the one selected."""
        return answer_instead(answer, dict(self.answers_instead))


def answer_instead(answer: str, instead_of: Dict[str, str]) -> str:
    """The answer ("question/<topic>") given in place of this one by `instead_of` (topics)."""
    prefix, _, topic = answer.rpartition("/")
    instead = instead_of.get(topic)
    return f"{prefix}/{instead}" if instead else answer


@dataclass(frozen=True)
class Pathways:
    """All pathways plus the wording of contact routes."""

    abuse: Dict[str, Pathway]
    needs: Dict[str, Pathway]
    answers: Dict[str, Pathway]  # one response, no services
    # Answer topics given instead to someone under 18 (on their route or by their age).
    answers_for_young_people: Dict[str, str]
    # Answer topics given instead to a man hurt at home (on the men's route or by the
    # gender he gave): the helpline's answers end with a line for women.
    answers_for_men: Dict[str, str]
    # Answer topics given instead to someone writing about a person they work with, by
    # how (`work` slot: employer, colleague).
    answers_at_work: Dict[str, Dict[str, str]]
    default_need: str
    max_services: int
    contact_labels: Dict[str, str]
    contact_order: Dict[str, List[str]]
    sms_generic_names: Dict[str, str]

    @property
    def answers_in_place_of_another(self) -> Dict[str, str]:
        """Every answer topic given in place of another, to someone under 18 or to a man."""
        return {**self.answers_for_young_people, **self.answers_for_men}

    def for_intent(self, intent: Optional[str]) -> Optional[Pathway]:
        """The pathway of an abuse or need intent, or None."""
        if intent is None:
            return None
        return self.abuse.get(intent) or self.needs.get(intent)

    def for_writers_who_harm(self) -> Optional[Pathway]:
        """The route of someone worried about their own behaviour (`writer_may_harm`)."""
        return next((pathway for pathway in [*self.needs.values(), *self.abuse.values()]
                     if pathway.writer_may_harm), None)

    def need_of_tag(self, need: str) -> Optional[Pathway]:
        """The need pathway whose first need tag is `need`, for a later place-only turn."""
        for pathway in [*self.needs.values(), *self.abuse.values()]:
            if pathway.needs and pathway.needs[0] == need:
                return pathway
        return None


@functools.lru_cache(maxsize=1)
def load_pathways(path: Path = PATHWAYS_PATH) -> Pathways:
    """Reads pathways.yml."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)

    # Answers given instead on every route whose writer is not the one who may harm.
    not_for_victims = raw.get("answers_instead_unless_writer_may_harm") or {}
    for_young_people = dict(raw.get("answers_instead_for_young_people") or {})
    for_men = dict(raw.get("answers_instead_for_men") or {})

    def answers_instead(spec: dict) -> Tuple[Tuple[str, str], ...]:
        mapping = {} if spec.get("writer_may_harm") else dict(not_for_victims)
        if spec.get("for_young_people"):
            mapping.update(for_young_people)
        if spec.get("for_gender") == "men":
            mapping.update(for_men)
        return tuple({**mapping, **(spec.get("answers_instead") or {})}.items())

    def section(name: str) -> Dict[str, Pathway]:
        return {
            intent: Pathway(
                intent=intent,
                # An answers entry names its answer topic; its response is that answer's.
                response=spec.get("response") or f"utter_{QUESTION_INTENT}/{spec['answer']}",
                needs=list(spec.get("needs") or []),
                metric=spec["metric"],
                label=spec["label"],
                first=spec.get("first"),
                about_someone_else=bool(spec.get("about_someone_else")),
                writer_may_harm=bool(spec.get("writer_may_harm")),
                offer_safety_plan=bool(spec.get("offer_safety_plan")),
                door_now=tuple(spec.get("door_now") or LINES_FOR_ANYONE),
                for_gender=spec.get("for_gender"),
                answers_instead=answers_instead(spec),
                follow_up_answers=tuple(spec.get("follow_up_answers") or ()),
                words_in_first_answer=bool(spec.get("words_in_first_answer")),
            )
            for intent, spec in raw[name].items()
        }

    return Pathways(
        abuse=section("abuse"),
        needs=section("needs"),
        answers=section("answers"),
        answers_for_young_people=for_young_people,
        answers_for_men=for_men,
        answers_at_work={how: dict(mapping or {}) for how, mapping in
                         (raw.get("answers_instead_at_work") or {}).items()},
        default_need=raw["default_need"],
        max_services=int(raw["max_services"]),
        contact_labels=dict(raw["contact_labels"]),
        contact_order={k: list(v) for k, v in raw["contact_order"].items()},
        sms_generic_names=dict(raw["sms_generic_names"]),
    )
