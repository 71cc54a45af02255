"""High-risk indicators (bot/risk.yml): found where a message mentions one, and only then."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.risk import RiskExtractor, RiskRules

RULES = RiskRules()


@pytest.mark.parametrize("text, indicator", [
    ("last year he put his hands round my neck till i saw stars", "strangulation"),
    ("he choked me once when we rowed about money", "strangulation"),
    ("he told me hed kill me if i ever went to the police", "threats_to_kill"),
    ("he said if i leave im done for", "threats_to_kill"),
    ("hes threatened to burn the house down with us in it", "threats_to_kill"),
    ("its been getting worse since the baby came", "escalation"),
    ("hes got nastier and nastier this year", "escalation"),
    ("im 5 months pregnant and he still shoves me", "pregnancy"),
    ("were expecting, six months along now, and hes started grabbing me", "pregnancy"),
    ("hes got more and more heavy handed with me since christmas", "escalation"),
    ("he keeps a knife under the bed and says its for me", "weapons"),
    ("she went for him with a frying pan", "weapons"),
    ("he kicked the dog across the kitchen", "harm_to_children_or_pets"),
    ("he smacked my son so hard he fell", "harm_to_children_or_pets"),
    ("he tracked me down at my sisters last time", "stalking"),
    ("her ex waits outside the office every night", "stalking"),
    ("walked out 3 weeks ago with nothing, staying at my nans", "separation"),
    ("we split up a couple of months ago and hes still texting", "separation"),
    ("since i left hes been messaging my mum", "separation"),
    ("im leaving him on friday while hes at work", "separation"),
])
def test_a_high_risk_indicator_is_found(text, indicator):
    assert RULES.first_indicator(text)[0] == indicator


@pytest.mark.parametrize("text", [
    "my back is killing me after work",
    "i choked on my tea when he said it",
    "the knife drawer in the kitchen is stuck",
    "my anxiety is getting better with the new tablets",
    "we are expecting the plumber at ten",
    "im expecting him home about six",
    "the course is two weeks along now",
    "he found my keys in the car",
    "i followed the advice on your page",
    "he shouts at me and calls me names",
    "will he find out if i ring the helpline",
    "i left my phone at work two days ago",
    "since i left school ive worked in a shop",
    "if i leave him can he take the kids",
])
def test_an_ordinary_message_has_no_risk_indicator(text):
    assert RULES.first_indicator(text) is None


def test_the_extractor_adds_the_indicator_name_never_the_words():
    message = Message({"text": "my ex said hed kill me, can the police warn him off"})
    RiskExtractor({}).process([message])
    risk = [e for e in message.get("entities") or [] if e["entity"] == "risk"]
    assert [e["value"] for e in risk] == ["threats_to_kill"]


def test_a_button_payload_gets_no_risk_entity():
    message = Message({"text": "/describe_physical_abuse"})
    RiskExtractor({}).process([message])
    assert not [e for e in message.get("entities") or [] if e["entity"] == "risk"]
