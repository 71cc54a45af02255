"""bot.answer_ranker.AnswerRanker: a linear model's reading re-ranks ResponseSelector's answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answer_ranker import (
    SELECTOR_CONFIDENCE,
    AnswerExamplesError,
    AnswerRanker,
    Scorer,
    reranked,
)

# A few answers' examples, in the voices of data/nlu/questions.yml (not copied from it).
EXAMPLES = {
    "question/refuge_with_pets": [
        "can i bring my dog to a refuge", "do refuges take cats", "what about my dog if i go",
        "will they let my pets come with me", "im not going anywhere without my dog",
        "can my cat come too"],
    "question/legal_aid": [
        "can i get legal aid", "do i have to pay for a solicitor", "is there free legal help",
        "how much does a lawyer cost for this", "can i get a solicitor for free",
        "legal aid for a court order"],
    "question/will_he_find_out": [
        "will he find out i called", "will he know i rang", "does he get told",
        "can he see i contacted you", "will my husband find out", "is there a way he knows"],
}


# A path with no file: the ranker then learns from the training data alone.
NO_EXAMPLES = Path(__file__).with_name("no_answer_examples_here.yml")


def training_data() -> TrainingData:
    return TrainingData([
        Message(data={"text": text, "intent": "question", "intent_response_key": key})
        for key, texts in EXAMPLES.items() for text in texts
    ])


def selector_output(picked: str, confidence: float) -> dict:
    """ResponseSelector's output, sure of `picked` and giving the others the rest."""
    others = [key for key in EXAMPLES if key != picked]
    rest = (1 - confidence) / len(others)
    return {"response": {"intent_response_key": picked, "confidence": confidence,
                         "utter_action": f"utter_{picked}", "responses": [{"text": "..."}]},
            "ranking": [{"intent_response_key": picked, "confidence": confidence}]
            + [{"intent_response_key": key, "confidence": rest} for key in others]}


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def trained(storage: LocalModelStorage, **config) -> AnswerRanker:
    # No extra examples unless a test gives some: bot/answer_examples.yml names answers
    # this small training data does not have.
    config.setdefault("examples_path", str(NO_EXAMPLES))
    ranker = AnswerRanker.create({**AnswerRanker.get_default_config(), **config}, storage,
                                 Resource("answer_ranker"),
                                 ExecutionContext(GraphSchema({}), "test"))
    ranker.train(training_data())
    return ranker


def asked(text: str, picked: str, confidence: float) -> Message:
    message = Message({"text": text})
    message.set("response_selector", {"all_retrieval_intents": ["question"],
                                      "question": selector_output(picked, confidence)})
    return message


def picked(message: Message) -> dict:
    return message.get("response_selector")["question"]["response"]


def test_a_telling_word_the_selector_missed_changes_the_answer(storage):
    message = asked("my dog comes with me or i dont go, would they have him", "question/legal_aid",
                    0.5)
    trained(storage).process([message])
    response = picked(message)
    assert response["intent_response_key"] == "question/refuge_with_pets"
    assert response["utter_action"] == "utter_question/refuge_with_pets"
    assert response[SELECTOR_CONFIDENCE] < 0.5  # ResponseSelector's own score, kept beside


def test_the_ranking_is_best_first_and_the_pick_is_its_head(storage):
    message = asked("will he find out", "question/legal_aid", 0.4)
    trained(storage).process([message])
    ranking = message.get("response_selector")["question"]["ranking"]
    assert [entry["confidence"] for entry in ranking] == sorted(
        (entry["confidence"] for entry in ranking), reverse=True)
    assert ranking[0]["intent_response_key"] == picked(message)["intent_response_key"]
    assert ranking[0]["confidence"] == picked(message)["confidence"]


def test_with_no_weight_the_selector_alone_decides(storage):
    message = asked("can i bring my dog", "question/legal_aid", 0.6)
    trained(storage, weight=0.0).process([message])
    assert picked(message)["intent_response_key"] == "question/legal_aid"
    assert picked(message)["responses"] == [{"text": "..."}]  # the same pick, kept whole


def loaded(storage: LocalModelStorage, resource: str) -> AnswerRanker:
    """The ranker as Rasa loads it with a model: from the storage, under a resource's name."""
    return AnswerRanker.load(AnswerRanker.get_default_config(), storage, Resource(resource),
                             ExecutionContext(GraphSchema({}), "test"))


def test_saved_and_loaded_it_ranks_the_same(storage):
    trained(storage)
    message = asked("do refuges let you keep a cat", "question/will_he_find_out", 0.7)
    loaded(storage, "answer_ranker").process([message])
    assert picked(message)["intent_response_key"] == "question/refuge_with_pets"


@pytest.mark.parametrize("text", [
    "can i bring my dog", "will he find out", "wud they tell the police if i rang",
    "", "???", "a message with no word the model has seen: zxqv",
])
def test_the_fast_scores_are_the_models_own_probabilities(storage, text):
    ranker = trained(storage)
    fast = Scorer(ranker._model)(text)
    slow = dict(zip(ranker._model.classes_, ranker._model.predict_proba([text])[0], strict=True))
    assert set(fast) == set(slow) and len(fast) > 2
    assert all(abs(fast[name] - slow[name]) < 1e-9 for name in slow)


def test_a_ranker_never_trained_changes_nothing(storage):
    message = asked("can i bring my dog", "question/legal_aid", 0.6)
    loaded(storage, "nothing_saved").process([message])
    assert picked(message)["intent_response_key"] == "question/legal_aid"


def test_a_message_with_no_answers_is_left_alone(storage):
    message = Message({"text": "/greet"})
    trained(storage).process([message])
    assert message.get("response_selector") is None


def test_reranked_scores_each_answer_by_the_weighted_mean():
    output = selector_output("question/legal_aid", 0.8)
    scores = {"question/legal_aid": 0.1, "question/refuge_with_pets": 0.8,
              "question/will_he_find_out": 0.1}
    result = reranked(output, scores, weight=0.5)
    by_key = {entry["intent_response_key"]: entry["confidence"] for entry in result["ranking"]}
    assert by_key["question/legal_aid"] == pytest.approx(0.5 * 0.1 + 0.5 * 0.8)
    assert by_key["question/refuge_with_pets"] == pytest.approx(0.5 * 0.8 + 0.5 * 0.1)
    assert result["response"]["intent_response_key"] in by_key


def test_extra_examples_teach_a_way_of_asking_the_examples_lack(storage, tmp_path):
    message = asked("any pro bono barrister", "question/will_he_find_out", 0.9)
    trained(storage).process([message])
    assert picked(message)["intent_response_key"] != "question/legal_aid"

    examples = tmp_path / "answer_examples.yml"
    examples.write_text("answers:\n  legal_aid:\n    - a pro bono barrister\n"
                        "    - is there a barrister who works pro bono\n")
    message = asked("any pro bono barrister", "question/will_he_find_out", 0.9)
    trained(storage, examples_path=str(examples)).process([message])
    assert picked(message)["intent_response_key"] == "question/legal_aid"


def test_an_example_for_an_answer_that_does_not_exist_is_a_named_error(storage, tmp_path):
    examples = tmp_path / "answer_examples.yml"
    examples.write_text("answers:\n  refuge_with_ponies:\n    - can my pony come\n")
    with pytest.raises(AnswerExamplesError, match="question/refuge_with_ponies"):
        trained(storage, examples_path=str(examples))


def test_changed_examples_change_the_fingerprint_so_the_ranker_is_retrained(tmp_path):
    examples = tmp_path / "answer_examples.yml"
    examples.write_text("answers:\n  legal_aid:\n    - is a solicitor free\n")
    before = AnswerRanker.fingerprint_addon({"examples_path": str(examples)})
    examples.write_text("answers:\n  legal_aid:\n    - is a lawyer free\n")
    assert AnswerRanker.fingerprint_addon({"examples_path": str(examples)}) != before


def test_the_extra_examples_are_for_our_answers_and_repeat_none_of_the_nlu_data():
    import yaml

    from bot.answer_ranker import EXAMPLES_PATH

    root = Path(__file__).resolve().parents[2]
    answers = yaml.safe_load((root / "data" / "responses" / "questions.yml").read_text())
    topics = {key.split("/", 1)[1] for key in answers["responses"]
              if key.startswith("utter_question/")}
    nlu = (root / "data" / "nlu" / "questions.yml").read_text().lower()
    examples = yaml.safe_load(EXAMPLES_PATH.read_text())["answers"]
    assert set(examples) <= topics
    for topic, texts in examples.items():
        assert len(texts) >= 10, topic
        assert len(set(texts)) == len(texts), topic
        for text in texts:
            assert f"- {text.lower()}\n" not in nlu, text


def test_an_answer_with_a_response_but_no_nlu_examples_is_learnt_from_the_extra_ones(
        storage, tmp_path):
    # The young people's "will social services take me" has a response and no NLU examples.
    examples = tmp_path / "answer_examples.yml"
    examples.write_text("answers:\n  social_services_young_person:\n"
                        "    - will they put me in care if i tell\n    - do i get taken away\n")
    data = training_data()
    data.responses = {"utter_question/social_services_young_person": [{"text": "..."}]}
    ranker = AnswerRanker.create({**AnswerRanker.get_default_config(),
                                  "examples_path": str(examples)}, storage,
                                 Resource("answer_ranker"),
                                 ExecutionContext(GraphSchema({}), "test"))
    ranker.train(data)
    message = asked("will i get put in care", "question/legal_aid", 0.4)
    ranker.process([message])
    assert picked(message)["intent_response_key"] == "question/social_services_young_person"
