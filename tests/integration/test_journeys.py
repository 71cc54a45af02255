"""Journeys a person takes, over Rasa's REST channel (web metadata) and signed SMS.

Fresh messages, none in the training data: a place in the first message, a woman, a man,
a teenager, an older person, each new route, imminent forced marriage, and a question
after a pathway. Each reply is read whole, as a person would: the right help, a number
to reach someone now, and on SMS at most three texts, none cut, the first discreet.
"""

from __future__ import annotations

import re
import uuid
from typing import List

import pytest

from tests.integration.test_sms_e2e import messages_of, new_number, params_for, post_sms
from tests.support.stack import rest
from webhook.safety import first_reply_safety

pytestmark = pytest.mark.integration

TOPIC_WORDS = re.compile(r"\b(abuse\w*|abusive|rape\w*|sexual\w*|violen\w*|assault\w*)\b", re.I)
PHONE = re.compile(r"(?<!\d)(?:0\d{2,4}(?: ?\d{2,4}){1,3}|116 123|999)(?!\d)")


def web(stack, *turns: str) -> List[str]:
    """The bot's texts for each turn of one web conversation, joined per turn."""
    sender = "journey-" + uuid.uuid4().hex
    replies = []
    for text in turns:
        messages = rest(stack, sender, text, {"channel": "web"})
        replies.append("\n".join(m.get("text") or "" for m in messages))
    return replies


def sms(stack, *turns: str) -> List[List[str]]:
    """The texts of each SMS reply of one conversation."""
    number = new_number()
    return [messages_of(post_sms(stack, params_for(number, text))) for text in turns]


def assert_whole_and_discreet(texts: List[str]) -> None:
    # A first reply without the 55 step opens with it in a text of its own.
    reply = texts[1:] if texts and texts[0] == first_reply_safety() else texts
    assert 1 <= len(reply) <= 3, texts
    assert not any(t.rstrip().endswith("...") for t in texts), texts
    assert not TOPIC_WORDS.search(texts[0]), texts[0]
    assert PHONE.search(" ".join(texts)), texts


def test_a_town_in_the_first_message_brings_local_help_without_asking_where(stack):
    (reply,) = web(stack, "he slaps me about when hes had a drink, we live in frome")
    assert "SIDAS" in reply
    assert "your town" not in reply and "postcode" not in reply


def test_a_place_we_do_not_cover_gets_an_honest_line_and_national_lines(stack):
    (reply,) = web(stack, "i need somewhere safe to stay tonight, im in swindon now")
    assert "Our local lists cover" in reply
    assert "0808 2000 247" in reply


def test_a_man_is_offered_the_mens_advice_line(stack):
    (reply,) = web(stack, "im a bloke and my wife keeps hitting me")
    assert "Men's Advice Line" in reply


def test_a_teenager_is_offered_childline(stack):
    (reply,) = web(stack, "im 14 and my stepdad hits my mum, i hide in my room when it starts")
    assert "Childline" in reply


def test_an_older_person_is_offered_hourglass(stack):
    (reply,) = web(stack, "im 78 and my son keeps taking my pension and shouting at me")
    assert "Hourglass" in reply


def test_passport_and_deportation_threats_get_the_immigration_route(stack):
    (reply,) = web(stack, "he hides my passport and tells me ill be deported if i go")
    assert "Concession" in reply


def test_wanting_to_report_gets_101_and_999(stack):
    (reply,) = web(stack, "i want to report him to the police for what he did in the summer")
    assert "101" in reply and "999" in reply


def test_imminent_forced_marriage_gets_999_first(stack):
    (reply,) = web(stack, "my parents have booked flights to take me to pakistan to marry me off")
    assert reply.index("999") < reply.index("Forced Marriage")
    assert "55" in reply


def test_a_question_after_a_pathway_gets_an_answer_not_the_block_again(stack):
    first, second = web(
        stack, "he goes through my phone every night", "will he find out i messaged you")
    assert second and second != first
    assert "Here's who can help" not in second


def test_sms_replies_are_whole_discreet_and_carry_a_number(stack):
    for texts in sms(
        stack,
        "he forced me to have sex last night",
        "taunton",
        "my parents have booked flights to take me abroad to marry a man i dont know",
    ):
        assert_whole_and_discreet(texts)


def test_sms_more_brings_further_doors(stack):
    first, more = sms(stack, "im scared of my husband and need somewhere safe to go", "MORE")
    assert_whole_and_discreet(first)
    assert PHONE.search(" ".join(more)) and more != first


def test_several_forms_in_one_message_are_each_named_and_the_most_urgent_leads(stack):
    (reply,) = web(stack, "hes always reading my texts and last week he punched me in the ribs")
    assert reply.index("physical abuse") < reply.index("tech abuse"), reply
    assert "0808 2000 247" in reply


def test_an_unsure_message_that_plainly_describes_abuse_is_not_met_with_not_sure(stack):
    (reply,) = web(stack, "partner keeps my bank card off me and reads all my messages")
    assert "not sure I understood" not in reply
    assert "economic abuse" in reply and "tech abuse" in reply, reply


def test_a_need_in_the_same_message_is_named_too(stack):
    (reply,) = web(stack, "he battered me again last night and ive got nowhere to stay")
    assert "0808 2000 247" in reply
    assert "safe place to stay" in reply or "refuge" in reply.lower(), reply


def test_a_no_to_local_help_is_respected_and_not_met_with_not_sure(stack):
    first, declined = web(stack, "my husband keeps hitting me when he drinks", "no thanks")
    assert "your town" in first, first  # the offer was made
    assert "That's fine" in declined and "not sure I understood" not in declined, declined
    assert "0808 2000 247" in declined


def test_a_no_to_the_safety_plan_offer_is_respected_and_not_met_with_not_sure(stack):
    first, declined = web(
        stack, "he calls me useless all day and says nobody else would have me, im in taunton",
        "no")
    assert "staying safer" in first, first  # the offer was made
    assert "not sure I understood" not in declined, declined
    assert PHONE.search(declined), declined


@pytest.mark.parametrize("turns", [
    ("hi", "yes", "thanks", "bye"),
    ("asdf qwer zxcv",),
    ("he reads my texts", "yes", "somewhere in narnia", "skip"),
])
def test_every_reply_carries_a_way_to_reach_a_person(stack, turns):
    for text, reply in zip(turns, web(stack, *turns), strict=True):
        assert PHONE.search(reply), (text, reply)
    for text, texts in zip(turns, sms(stack, *turns), strict=True):
        assert PHONE.search(" ".join(texts)), (text, texts)


def test_a_short_question_after_a_route_is_answered_from_what_came_before(stack):
    # Alone, "hows he knowing" got the will-he-find-out answer (about ringing the
    # helpline); after being followed everywhere it asks how he finds her.
    _, asked = web(stack, "wherever i go he turns up, even places i told nobody about",
                   "hows he knowing")
    assert "Phones can share location" in asked or "Spy apps can read" in asked, asked
    assert "0808 2000 247" in asked or "999" in asked


def test_a_short_question_after_the_own_behaviour_route_gets_respects_answer(stack):
    # Alone, "is there some kind of programme" got the chat-storage answer.
    _, asked = web(stack, "i pushed my wife into the wardrobe door last night and i hate myself",
                   "is there some kind of programme")
    assert "The Respect Phoneline is for people worried" in asked, asked


def test_a_follow_up_that_means_nothing_alone_is_read_with_the_message_before(stack):
    # "what do we do now" alone ranks no answer well; after a cousin's going back it asks
    # what to do when someone goes back (bot.follow_up_context).
    _, asked = web(stack, "my cousin stayed in a refuge for a few weeks and now shes moved "
                          "back in with him", "what do we do now")
    assert "It's hard to watch, and it's common" in asked, asked
    assert "0808 2000 247" in asked


def test_on_sms_the_answer_behind_a_danger_reply_comes_in_texts_of_its_own(stack):
    # The danger reply fills the three texts; the pets answer used to wait for MORE.
    (reply,) = sms(stack, "he says hell stab me if i go. can my cat come with me to a refuge")
    start = next(i for i, text in enumerate(reply) if text.startswith("Your pets matter."))
    danger, answer = reply[:start], reply[start:]
    assert_whole_and_discreet(danger)
    assert "999" in danger[0] and "55" in " ".join(danger)
    assert 1 <= len(answer) <= 3, reply
    assert not any(text.rstrip().endswith("...") for text in answer), reply


def test_unsure_twice_running_gets_a_different_reply_with_a_person_first(stack):
    first, second = web(stack, "zxq blorp", "wibble frotz")
    assert "not sure I understood" in first, first
    assert second != first and "not sure I understood" not in second, second
    assert "0808 2000 247" in second and "55" in second, second


def test_a_picked_answer_comes_back_whatever_its_payload_reads_like(stack):
    # The button of a choice of two (ActionUnsure). ResponseSelector, reading the
    # payload's text, had picked Clare's Law.
    (reply,) = web(stack, '/question{"asked": "question/still_love_them"}')
    assert reply.startswith("That's very common, and it makes sense."), reply
    assert "0808 2000 247" in reply or "999" in reply


def test_asking_for_someone_local_after_a_town_lists_local_doors_not_the_safety_plan(stack):
    # "is there anyone local" was read as a yes to the safety plan's offer: the town given
    # in the first message was heard, then ignored.
    first, local = web(
        stack, "he calls me useless all day and says nobody else would have me, im in taunton",
        "is there anyone local")
    assert "staying safer" in first, first  # the safety plan was on offer
    assert "Here's help near you" in local and "Somerset" in local, local
    assert "At home now" not in local, local


def test_find_local_help_typed_with_nothing_on_offer_asks_where(stack):
    # after an answer, which offers nothing: typed, the button's title was a yes to nothing
    _, asked = web(stack, "if i ring the helpline will he find out", "Find local help")
    assert "Which town" in asked and "0808 2000 247" in asked, asked


def test_a_town_given_after_find_local_help_brings_that_areas_local_services(stack):
    # Biggleswade was met with "the numbers above are still the right ones": Central
    # Bedfordshire's list has no local door for economic abuse itself, so the route's
    # doors were those already shown, and the town given was ignored.
    *_, local = web(stack, "hes taken all our money and checks my bank app", "/affirm",
                    "biggleswade")
    assert "Central Bedfordshire" in local and "numbers above" not in local, local
    assert "0808 2000 247" in local or "call" in local, local
