"""Every form of abuse a message describes, by rule (bot/abuse_forms.yml).

People rarely describe one form alone: "he hits me and he controls my money". DIET
picks one intent, and its ranking is too peaked to name the others (measured: 17% of
the other forms in the blind first messages). So:

- `AbuseFormExtractor` adds one `abuse_form` entity per form found, most urgent first,
  whose value is the form's intent name (a fixed word, never what was typed). The
  signposting actions name each of them briefly, and route for the most urgent.
- `AbuseFormRouting` runs after the FallbackClassifier and the QuestionGuard: a message
  DIET was unsure of, but which plainly describes a form of abuse ("my partner controls
  all our money and checks my phone"), is routed for the most urgent form found rather
  than answered with "I'm not sure I understood". When DIET chose a form of abuse and
  the rules found a more urgent one in the same message, the more urgent one leads.
  Routes for who is writing or what they need (a young person, a refuge) are left
  as DIET chose them: the rules name forms, not people.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.components import (
    ABUSE_FORM_ENTITY,
    FALLBACK_INTENT,
    RuleComponent,
    entity_values,
    force_intent,
    set_entities,
    typed_texts,
)
from textsafety.danger import straighten_apostrophes

RULES_PATH = Path(__file__).with_name("abuse_forms.yml")
# Where a clause starts: a negation before a match counts only inside its own clause,
# so "he's never hit me but he checks my phone" still names the phone.
_CLAUSE_START = re.compile(r"[,.;:!?\"]|\bbut\b|\band\b|\bthen\b|\bthough\b")


class AbuseFormRules:
    """The compiled rules of bot/abuse_forms.yml."""

    def __init__(self, path: Path = RULES_PATH) -> None:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.forms: List[Tuple[str, re.Pattern]] = [
            (intent, re.compile(pattern))
            for intent, patterns in spec["forms"].items()
            for pattern in patterns
        ]
        self.negations = [re.compile(pattern) for pattern in spec.get("negations") or []]
        self.most_urgent_first: List[str] = list(spec.get("most_urgent_first") or [])
        # DIET's choices that a more urgent form may replace, and the forms that may
        # lead over them; needs and who-is-writing routes are never overridden.
        self.reroutable = set(spec.get("reroutable") or [])
        self.may_lead = set(spec.get("may_lead") or [])
        # DIET's choices that say only a detail (a place): any form found routes instead.
        self.detail_only = set(spec.get("detail_only") or [])
        # Who-is-writing routes kept only with a cue in the words (see the YAML).
        self.cue_entities: Dict[str, Dict[str, str]] = spec.get("cue_entities") or {}
        self.no_cue_with: Dict[str, Dict[str, str]] = spec.get("no_cue_with") or {}
        self.needs_cue: Dict[str, re.Pattern] = {
            intent: re.compile(pattern) for intent, pattern in (spec.get("needs_cue") or {}).items()
        }

    def without_cue(self, intent: Optional[str], message: Message) -> bool:
        """Whether DIET chose a who-is-writing route the message gives no sign of."""
        cue = self.needs_cue.get(intent or "")
        if cue is None:
            return False
        if any(value in entity_values(message, entity)
               for entity, value in self.cue_entities.get(intent, {}).items()):
            return False
        if any(value in entity_values(message, entity)
               for entity, value in self.no_cue_with.get(intent, {}).items()):
            return True
        return not cue.search((message.get(TEXT) or "").lower())

    def spans(self, text: str) -> List[Tuple[str, int, int]]:
        """(intent, start, end) of the first match of each form, most urgent first.

        Forms of equal urgency (not listed in `most_urgent_first`) keep their order of
        appearance.
        """
        lowered = straighten_apostrophes(text).lower()
        found: Dict[str, Tuple[int, int]] = {}
        for intent, pattern in self.forms:
            for match in pattern.finditer(lowered):
                if self._negated(lowered, match.start()):
                    continue
                if intent not in found or match.start() < found[intent][0]:
                    found[intent] = (match.start(), match.end())
                break
        return sorted(((intent, *span) for intent, span in found.items()),
                      key=lambda item: (self._rank(item[0]), item[1]))

    def read(self, text: str) -> List[str]:
        """The intents of the forms the text describes, most urgent first."""
        return [intent for intent, _, _ in self.spans(text)]

    def _rank(self, intent: str) -> int:
        """Place in `most_urgent_first`; after all of them if it is not listed."""
        order = self.most_urgent_first
        return order.index(intent) if intent in order else len(order)

    def most_urgent(self, intents: List[str]) -> Optional[str]:
        """The form to route for: the first of `most_urgent_first` among `intents`."""
        return next((intent for intent in self.most_urgent_first if intent in intents), None)

    def _negated(self, lowered: str, start: int) -> bool:
        """Whether a negation stands between the clause's start and the match."""
        clause_starts = [m.end() for m in _CLAUSE_START.finditer(lowered, 0, start)]
        before = lowered[clause_starts[-1] if clause_starts else 0:start]
        return any(negation.search(before) for negation in self.negations)


@functools.lru_cache(maxsize=1)
def default_rules() -> AbuseFormRules:
    """The shipped rules, read and compiled once for both components."""
    return AbuseFormRules()


def forms_of(message: Message) -> List[str]:
    """The `abuse_form` entity values of a message, in order."""
    return entity_values(message, ABUSE_FORM_ENTITY)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class AbuseFormExtractor(RuleComponent, EntityExtractorMixin):
    """Adds an `abuse_form` entity for every form of abuse a message describes."""

    def __init__(self, config: Dict[str, Any], rules: Optional[AbuseFormRules] = None) -> None:
        super().__init__(config)
        self._rules = rules or default_rules()

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the forms found, replacing any `abuse_form` entity already there."""
        for message, text in typed_texts(messages):
            set_entities(message, ABUSE_FORM_ENTITY, self._rules.spans(text),
                         self.__class__.__name__)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AbuseFormRouting(RuleComponent, IntentClassifier):
    """Routes an unsure message, a place alone or a less urgent form for the most urgent form.

    Reads the `abuse_form` entities AbuseFormExtractor added. Runs after the
    FallbackClassifier and the QuestionGuard, and before the language and danger
    overrides, which still win.
    """

    def __init__(self, config: Dict[str, Any], rules: Optional[AbuseFormRules] = None) -> None:
        super().__init__(config)
        self._rules = rules or default_rules()

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets the intent to the most urgent form when the rules say better than DIET."""
        for message in messages:
            found = forms_of(message)
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if (intent == FALLBACK_INTENT or intent in self._rules.detail_only
                    or self._rules.without_cue(intent, message)):
                urgent = self._rules.most_urgent(found)
            else:
                urgent = self._rules.most_urgent([f for f in found if f in self._rules.may_lead])
                urgent = urgent if self._less_urgent_form(intent, urgent) else None
            if urgent is not None and urgent != intent:
                force_intent(message, urgent)
        return messages

    def _less_urgent_form(self, intent: Optional[str], urgent: Optional[str]) -> bool:
        """Whether DIET chose a form that comes after `urgent`, a form that may lead."""
        order = self._rules.most_urgent_first
        return (urgent is not None and intent in self._rules.reroutable
                and urgent in self._rules.may_lead
                and order.index(intent) > order.index(urgent))
