"""A second reading of which answer fits a question: word and character n-grams, linear.

ResponseSelector picks the answer to a question from well over a thousand examples of
fifty-odd questions. On the development questions and follow-ups (blind rounds 3-10 and
questions_v2, 610 lines, each read alone), its first pick was right for 0.751 of them;
the right answer was in its top three for 0.84. A linear model over TF-IDF word and
character n-grams of the same examples (logistic regression), which sees a rare telling
word ("dog", "non mol", "tenancy") as plainly as a common one, was right for 0.866; the two
scores averaged, 0.7 of the linear model's and 0.3 of ResponseSelector's, for 0.854.
Long, rambling questions were where they differed most: one telling word among thirty
lifts the linear model's answer, while ResponseSelector's attention spreads over the
story.

`AnswerRanker` runs straight after ResponseSelector. It trains on the same examples (the
`question/<topic>` retrieval intent), and on more ways of asking each question in
`bot/answer_examples.yml`, which DIET and ResponseSelector never see: the long, indirect
questions a linear model learns from are what made DIET take first messages for questions
(with 14 more young people's questions, first messages right fell from 0.800 to 0.713).
For each message, it re-ranks ResponseSelector's
answers by the weighted mean of the two scores (`weight` is the linear model's share).
The ranking and the pick keep ResponseSelector's format, so QuestionGuard, the in-context
reading (bot.follow_up_context) and the actions read them as before; the confidence they
read is the mean. ResponseSelector's own scores stay beside it (`selector_confidence`).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from textsafety.reading import QUESTION_INTENT

logger = logging.getLogger(__name__)

MODEL_FILE = "answer_ranker.skops"
# More ways people ask each question, for this model only: {"answers": {topic: [text, ...]}}.
EXAMPLES_PATH = Path(__file__).with_name("answer_examples.yml")
# The one type outside scikit-learn's own that the fitted model holds (skops will load
# nothing it was not told to trust).
TRUSTED_TYPES = ["scipy.sparse._csr.csr_matrix"]
# ResponseSelector's score of an answer, kept beside the mean in each ranking entry.
SELECTOR_CONFIDENCE = "selector_confidence"


def build_model(config: Dict[str, Any]) -> Any:
    """An untrained linear model over TF-IDF word and character n-grams."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    words = TfidfVectorizer(ngram_range=(1, config["max_word_ngram"]), sublinear_tf=True,
                            lowercase=True)
    # char_wb: n-grams inside words only, so typos ("wil he no") still share most of them.
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, config["max_char_ngram"]),
                            sublinear_tf=True, lowercase=True, min_df=2)
    return make_pipeline(make_union(words, chars),
                         LogisticRegression(C=config["C"], max_iter=3000))


class Scorer:
    """The fitted model's probabilities for one text, without scikit-learn's per-call checks.

    `predict_proba` on one message took about 1.9 ms, most of it input validation in the
    pipeline, the union and the classifier; the same arithmetic done here (the two TF-IDF
    transforms, one sparse product, a softmax) takes about 0.7 ms and gives the same
    probabilities (a test compares them). Models it cannot read the same way (two answers
    only, weighted features) go through `predict_proba` as before.
    """

    def __init__(self, model: Any) -> None:
        self._model = model
        self.classes = [str(name) for name in model.classes_]
        union, classifier = model.steps[0][1], model.steps[-1][1]
        self._direct = (
            len(self.classes) > 2
            and getattr(union, "transformer_weights", None) is None
            and getattr(classifier, "multi_class", "auto") in ("auto", "multinomial")
        )
        if self._direct:
            self._transformers = [transformer for _, transformer in union.transformer_list]
            self._weights = classifier.coef_.T.copy()
            self._intercept = classifier.intercept_.copy()

    def __call__(self, text: str) -> Dict[str, float]:
        """Each answer's probability for `text`."""
        if not self._direct:
            probabilities = self._model.predict_proba([text])[0].tolist()
        else:
            import numpy as np
            import scipy.sparse as sparse

            features = sparse.hstack([t.transform([text]) for t in self._transformers],
                                     format="csr")
            logits = np.asarray(features @ self._weights).ravel() + self._intercept
            exp = np.exp(logits - logits.max())
            probabilities = (exp / exp.sum()).tolist()
        return dict(zip(self.classes, probabilities, strict=True))


def examples(training_data: TrainingData) -> Tuple[List[str], List[str]]:
    """The question examples' texts and their answers ("question/<topic>")."""
    texts, answers = [], []
    for message in training_data.intent_examples:
        answer = message.get(INTENT_RESPONSE_KEY)
        if message.get(INTENT) == QUESTION_INTENT and answer and message.get(TEXT):
            texts.append(message.get(TEXT))
            answers.append(answer)
    return texts, answers


def examples_path(config: Dict[str, Any]) -> Path:
    """Where the extra examples are: the config's `examples_path`, or bot/answer_examples.yml."""
    return Path(config.get("examples_path") or EXAMPLES_PATH)


class AnswerExamplesError(ValueError):
    """bot/answer_examples.yml names an answer with no response, or is malformed."""


def more_examples(path: Path, answers: set) -> Tuple[List[str], List[str]]:
    """The examples of bot/answer_examples.yml, for answers ("question/<topic>") that exist."""
    if not path.exists():
        return [], []
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    by_topic = spec.get("answers")
    if not isinstance(by_topic, dict):
        raise AnswerExamplesError(f"{path.name}: expected a mapping under `answers:`")
    texts, keys = [], []
    for topic, lines in by_topic.items():
        key = f"{QUESTION_INTENT}/{topic}"
        if key not in answers:
            raise AnswerExamplesError(f"{path.name}: no answer `{key}` (no examples, no response)")
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            raise AnswerExamplesError(f"{path.name}: `{topic}` must be a list of texts")
        texts += lines
        keys += [key] * len(lines)
    return texts, keys


def reranked(output: Dict[str, Any], scores: Dict[str, float], weight: float) -> Dict[str, Any]:
    """ResponseSelector's output with each answer scored by the weighted mean, best first.

    An answer ResponseSelector did not rank counts 0 from it; the pick takes the best
    answer's key and score and keeps the rest of ResponseSelector's pick as it was only
    when the answer is the same.
    """
    selector = {entry["intent_response_key"]: entry.get("confidence") or 0.0
                for entry in output.get("ranking") or []}
    keys = set(selector) | set(scores)
    ranking = sorted(
        ({"intent_response_key": key,
          "confidence": weight * scores.get(key, 0.0) + (1 - weight) * selector.get(key, 0.0),
          SELECTOR_CONFIDENCE: selector.get(key, 0.0)} for key in keys),
        key=lambda entry: entry["confidence"], reverse=True,
    )[:len(output.get("ranking") or []) or 10]
    best = ranking[0]
    picked = dict(output.get("response") or {})
    if picked.get("intent_response_key") != best["intent_response_key"]:
        topic = best["intent_response_key"].split("/", 1)[-1]
        picked = {"intent_response_key": best["intent_response_key"],
                  "utter_action": f"utter_{QUESTION_INTENT}/{topic}", "responses": []}
    picked["confidence"] = best["confidence"]
    picked[SELECTOR_CONFIDENCE] = best[SELECTOR_CONFIDENCE]
    return {**output, "response": picked, "ranking": ranking}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class AnswerRanker(GraphComponent, IntentClassifier):
    """Re-ranks ResponseSelector's answers with a linear model's (see the module's doc)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The linear model's share of the score, and its features."""
        return {"weight": 0.7, "C": 10.0, "max_word_ngram": 2, "max_char_ngram": 4,
                "examples_path": None}  # None: bot/answer_examples.yml

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage,
                 resource: Resource, model: Optional[Any] = None) -> None:
        self.component_config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._scorer = Scorer(model) if model is not None else None

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "AnswerRanker":
        """An untrained ranker."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "AnswerRanker":
        """The trained ranker; an untrained one (which changes nothing) if none was saved."""
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / MODEL_FILE
                untrusted = set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
                if untrusted:
                    raise ValueError(f"untrusted types in {MODEL_FILE}: {sorted(untrusted)}")
                model = sio.load(path, trusted=TRUSTED_TYPES)
        except (ValueError, FileNotFoundError) as error:
            logger.warning("answer ranker not loaded (%s): ResponseSelector ranks alone", error)
            model = None
        return cls(config, model_storage, resource, model)

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The extra examples' content: a change to them retrains the ranker, not the cache."""
        path = examples_path(config)
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None

    @staticmethod
    def required_packages() -> List[str]:
        """scikit-learn and skops, which Rasa itself installs."""
        return ["sklearn", "skops"]

    def train(self, training_data: TrainingData) -> Resource:
        """Fits the linear model to the question examples and saves it."""
        import skops.io as sio

        texts, answers = examples(training_data)
        # An answer with no NLU examples of its own (the young people's answer to "will
        # social services take me") is still an answer: it has a response.
        known = set(answers) | {name.removeprefix("utter_") for name in training_data.responses
                                if name.startswith(f"utter_{QUESTION_INTENT}/")}
        extra_texts, extra_answers = more_examples(examples_path(self.component_config), known)
        texts, answers = texts + extra_texts, answers + extra_answers
        if len(set(answers)) < 2:
            logger.warning("answer ranker: fewer than two answers to learn; not trained")
            return self._resource
        self._model = build_model(self.component_config).fit(texts, answers)
        self._scorer = Scorer(self._model)
        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump(self._model, model_dir / MODEL_FILE)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Re-ranks each message's answers by the mean of the two models' scores."""
        if self._scorer is None:
            return messages
        for message in messages:
            selectors = message.get("response_selector") or {}
            output = selectors.get(QUESTION_INTENT)
            text = message.get(TEXT)
            if not output or not output.get("ranking") or not text:
                continue
            scores = self._scorer(text)
            selectors[QUESTION_INTENT] = reranked(output, scores,
                                                  self.component_config["weight"])
        return messages
