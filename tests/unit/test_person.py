"""bot.person.PersonRules: what a message says about who is asking, as fixed values."""

from __future__ import annotations

import pytest

from bot.person import PersonRules

RULES = PersonRules()


def said(text: str) -> dict:
    return {entity: value for entity, (value, _, _) in RULES.read(text).items()}


@pytest.mark.parametrize("text", [
    "my wife hits me and i dont know who to tell",
    "My girlfriend takes all my money",
    "my ex-wife keeps turning up at my work",
    "my missus screams at me in front of the kids",
])
def test_a_wife_or_girlfriend_who_hurts_them_is_heard(text):
    assert said(text).get("partner") == "woman"


@pytest.mark.parametrize("text", [
    "my brother's wife hits him",  # about someone else's wife
    "my husband hits me",
    "my partner controls everything",
    "i'm a wife and mother and he hits me",
])
def test_no_wife_or_girlfriend_of_their_own_no_partner(text):
    assert "partner" not in said(text)


def test_a_partner_never_says_the_writers_gender():
    # She may be a woman's wife: the gender slot stays for what people say of themselves.
    assert "gender" not in said("my wife hits me")
    assert said("im a man and my wife hits me") == {"gender": "men", "partner": "woman"}


@pytest.mark.parametrize("text", [
    "lad of 29 here, girlfriend throws stuff at me",
    "bloke, 45, here. wife takes my wages",
    "husband here, she hits me",
    "my girlfriend slaps me, me being a bloke nobody takes it serious",  # blind round 27's way
])
def test_a_man_who_says_so_with_his_age_is_heard(text):
    assert said(text).get("gender") == "men"


def test_a_man_spoken_of_is_not_the_writer():
    assert "gender" not in said("theres a lad of 19 here who keeps following me")
    assert "gender" not in said("my neighbour told me a man was asking for me")


@pytest.mark.parametrize("text, group", [
    ("me and my bf are both 17 and he checks my phone", "16_17"),
    ("me n him r both 16, he makes me send pics", "16_17"),
    ("me and my missus both 16, she goes mad if i dont answer straight away", "16_17"),
    ("we're both 15 and she hits me", "young"),
    ("im only 14 and my stepdad scares me", "young"),
    ("i turned 15 last week and he still wont leave me alone", "young"),
])
def test_an_age_said_in_passing_is_heard(text, group):
    # A teenager who says "we're both 16" is not told about adult services only.
    assert said(text).get("age_group") == group


@pytest.mark.parametrize("text, group", [
    # a parent of a child of 4 or more is an adult
    ("my 14 year old son hears his dad screaming at me", "adult"),
    ("my 6 yr old hides under her duvet when he starts", "adult"),
    ("ive got a 15 year old lad and a 9 year old girl", "adult"),
    ("my son aged 14 sees it all", "adult"),
    ("my kids are 4 and 7 and they hear everything", "adult"),
    ("my grandson has took my pension card", "older"),
    # the writer's own age, said beside a child's, wins
    ("im 15 and my 6 year old brother hears it too", "young"),
    ("im a 15 year old girl and my bf hits me", "young"),
    ("82 year old widower here, my son shouts at me", "older"),
    ("im a 23 yr old man and my wife hits me", "adult"),
])
def test_a_childs_age_is_not_the_writers(text, group):
    assert said(text).get("age_group") == group


@pytest.mark.parametrize("text", [
    "my 2 year old screams when he shouts",  # a mum of 16 or 17 may write this
    "my 16 year old brother hits me",
    "my son is 2 weeks old",
])
def test_no_age_is_read_from_a_baby_or_a_sibling(text):
    assert "age_group" not in said(text)


@pytest.mark.parametrize("text", [
    "my mum and dad are both 50 and they fight",  # someone else's age
    "our twins are both 7",
    "we are both 20 minutes from town",
    "im only 5 minutes away from her",
])
def test_an_age_that_is_not_the_writers_is_not_read(text):
    assert "age_group" not in said(text)


@pytest.mark.parametrize("text", [
    "grabbed my partner by the arms last night. i dont want to be that bloke",
    "im a woman and i scream at my wife and throw stuff when im stressed",
    "i think i might be the abusive one in my relationship",
    "ive been hitting my husband when i drink and i hate myself for it",
    "my gf says im controlling. i do check her location all day",
    "whats respect actually do, is it like anger management classes",
    "that phoneline for abusers, is it confidential?",
    "i lose it with my partner and hate myself after",
    "i put my hands round her neck in a row",
    "ive put my fist through the kitchen wall twice",
    "lost it with the wife again last night",
    "my ex left after i grabbed hold of her arguing",
    "jealous to the point of checking my boyfriends phone",
    "ive been treating my girlfriend really badly and i know it",
    "i hit my other half last night",
    "ive been tracking where my wife goes and going through her bank stuff",
    "i keep lashing out at my girlfriend when we argue",
    "i go through her phone every night and tell her who she can see",
    "i always go for my boyfriend after a drink, i need to stop",
    "my missus and her sister both call me controlling",  # told by others (blind round 27)
    "i get in a state and end up yelling at the wife",
    "every time i lose my rag she goes quiet for days",
    # cutting a partner off from people (my wording of blind round 28's 17-year-old)
    "i made my gf block all her guy mates on snap",
    "ive forced my wife to stop seeing her friends",
])
def test_a_writer_who_says_they_hurt_a_partner_is_heard(text):
    assert said(text).get("harms") == "yes"


@pytest.mark.parametrize("text", [
    "he says i hit him first so its my fault",
    "my partner says shell tell the police i hurt her, im a man and its her doing it",
    "my husband hits me and checks my phone",
    "he shoved my sister and shes scared",
    "she has no respect for me at all",
    "hes always screaming at her next door",
    "is there help for men whose wife hurts them",
    "he goes through my phone every night",
    "he put his fist through the kitchen wall",
    "hes checking my phone again",
    "she lost it with the kids and then cried",
    "he treats me like dirt",
    "my other half hit me last night",
    "ive been tracking his location so i know when hes coming home",
    "he says i lashed out at him, but he pinned me first",
    "he scrolls through my phone while i sleep",
    "he says i went for him first, but he grabbed me",
    "i went for my husbands sake, not mine",
    # a man told, by the one who hurts him, that she will make him out to be the abuser
    "my wife controls all the money and threatens to tell everyone im the abuser",
    "he calls me a useless cow in front of the kids",  # a name, not a behaviour
    "he lost his rag and threw the plates",
    "i made him delete the photos he took of me",
    "he made me block all my friends",
])
def test_a_victim_describing_the_one_who_hurts_them_is_not_taken_for_them(text):
    assert "harms" not in said(text)


# --- the own-behaviour route for a writer who says they harm -------------------------

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from bot.person import PersonExtractor, WriterRouting  # noqa: E402


def routed(text: str, intent: str) -> str:
    message = Message(data={"text": text, INTENT: {INTENT_NAME_KEY: intent, "confidence": 0.6}})
    PersonExtractor({}).process([message])
    WriterRouting({}).process([message])
    return message.get(INTENT)[INTENT_NAME_KEY]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # read as physical abuse and told "it is not your fault" before (development sets)
        ("I slapped my partner at christmas, she says shes forgiven me but I cant forgive myself",
         "describe_physical_abuse"),
        ("i say horrible things to my partner when ive been drinking", "nlu_fallback"),
        ("my wife says im controlling cos i handle all the money", "identify_male_victim"),
        ("i shoved my sons mum during a row and he saw it, hes 8", "concern_for_children"),
        # a town in it was read as the place given, and got the victims' local doors
        ("aint proud of it but ive hit my other half twice this year. i live near frome",
         "give_place"),
    ],
)
def test_a_writer_who_says_they_harm_gets_the_own_behaviour_route(text, intent):
    assert routed(text, intent) == "worried_about_own_behaviour"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("he punched me so i hit him back, now hes saying im the abuser",
         "describe_physical_abuse"),
        ("he hits me when he drinks", "describe_physical_abuse"),  # no harms at all
        ("i pushed my girlfriend and im scared, will respect tell the police", "question"),
        ("i grabbed my partner and now hes at the door with a knife", "immediate_danger"),
    ],
)
def test_a_writer_who_is_hurt_or_asks_or_is_in_danger_keeps_the_route(text, intent):
    assert routed(text, intent) == intent


@pytest.mark.parametrize(
    "text",
    [
        "theres a lad on my team, his girlfriend turns up at lunch every day and he goes white",
        "my flatmate has a boyfriend who reads all her messages and she never goes out now",
        "my sisters fella takes her wages off her every friday",
    ],
)
def test_an_unsure_message_about_someone_elses_partner_is_for_helping_someone(text):
    assert routed(text, "nlu_fallback") == "help_someone_else"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("im 14 and my mums boyfriend hits her", "nlu_fallback"),  # a child: Childline's route
        ("im 15, my sisters boyfriend keeps shouting at her", "nlu_fallback"),
        ("her ex keeps turning up and my boyfriend hits me when he finds out", "nlu_fallback"),
        ("my friends husband checks her phone", "describe_tech_abuse"),  # DIET was sure
    ],
)
def test_someone_elses_partner_leaves_a_child_a_victim_or_a_sure_route_alone(text, intent):
    assert routed(text, intent) == intent


# --- who they work with (bot/person.yml `work`) --------------------------------------


@pytest.mark.parametrize(("text", "work"), [
    ("i run a little bakery and one of my girls says her ex waits outside", "employer"),
    ("as her line manager what can i put in place", "employer"),
    ("im in hr and a member of staff told me", "employer"),
    ("a bloke i work with turns up with scratches", "colleague"),
    ("my coworker keeps covering bruises", "colleague"),
    ("a lad on our shift goes white when his phone rings", "colleague"),
])
def test_a_writer_who_works_with_the_person_is_heard(text, work):
    assert said(text).get("work") == work


@pytest.mark.parametrize("text", [
    "he waits for me outside work every day",
    "i was groped by a colleague",
    "never been out with colleagues since we met",
    "i work with kids and im scared my temper gets out",
    "my boss is horrible to me",
])
def test_the_writers_own_work_is_not_taken_for_someone_they_work_with(text):
    assert "work" not in said(text)
