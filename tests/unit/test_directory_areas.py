"""Area resolution: postcodes, towns, misspellings, and places we do not cover."""

import pytest

import services_directory
from services_directory import resolve_area

SOMERSET, BANES, CBEDS = "somerset", "bath-ne-somerset", "central-bedfordshire"


@pytest.mark.parametrize(
    "text, area",
    [
        ("BA2 4AB", BANES),
        ("ba2", BANES),
        ("ba24ab", BANES),
        ("BS31", BANES),
        ("bs39 5xx", BANES),
        ("TA1", SOMERSET),
        ("TA24", SOMERSET),
        ("BA11", SOMERSET),
        ("BA16 0AA", SOMERSET),
        ("LU7 1AA", CBEDS),
        ("MK45", CBEDS),
        ("sg17", CBEDS),
        ("SG5 4AB", CBEDS),  # Stotfold's sector of a mostly-Hertfordshire district
        ("first bit of my postcode is sg17", CBEDS),
    ],
)
def test_postcodes(text, area):
    assert resolve_area(text) == area


@pytest.mark.parametrize(
    "text",
    ["BS1 4ST", "SG5 1AB", "MK17", "LU1", "BA12", "EX1 1AA", "TA99"],
)
def test_postcodes_outside_our_areas(text):
    assert resolve_area(text) is None


@pytest.mark.parametrize(
    "text, area",
    [
        # Arabizi's "ta3" ("of") is not Taunton's TA3 district ...
        ("3la l7afa ta3 el jesr", None),
        ("klit 7boob ta3 mama", None),
        # ... but a district in capitals, or a full postcode, still is, and so is a
        # district in a message with no Arabizi word ("3am" is a time, "2nd" an ordinal).
        ("rani 3la l7afa TA3", SOMERSET),
        ("ana f ta3 5xx w howa 3ando sekina", SOMERSET),
        ("i live in ta3", SOMERSET),
        ("its 3am and im in ta1 on the 2nd floor", SOMERSET),
    ],
)
def test_a_bare_district_in_arabizi(text, area):
    assert resolve_area(text) == area


@pytest.mark.parametrize(
    "text, area",
    [
        ("Bath", BANES),
        ("keynsham", BANES),
        ("Midsomer Norton", BANES),
        ("Peasedown St John", BANES),
        ("Taunton", SOMERSET),
        ("YEOVIL", SOMERSET),
        ("Burnham-on-Sea", SOMERSET),
        ("burnham on sea", SOMERSET),
        ("Street", SOMERSET),
        ("Leighton Buzzard", CBEDS),
        ("Houghton Regis", CBEDS),
        ("Biggleswade", CBEDS),
        ("Stotfold", CBEDS),
        ("I'm in Taunton", SOMERSET),
        ("we live in Midsomer Norton area", BANES),
        ("Frome somerset", SOMERSET),
        ("Keynsham, Somerset", BANES),  # the town decides, not the county word
        ("biggleswade bedfordshire", CBEDS),
        ("Bath and North East Somerset", BANES),
        ("B&NES", BANES),
        ("Central Beds", CBEDS),
    ],
)
def test_towns(text, area):
    assert resolve_area(text) == area


@pytest.mark.parametrize(
    "text, area",
    [
        ("tauton", SOMERSET),
        ("dunstible", CBEDS),
        ("leighton buzard", CBEDS),
        ("bridgewater", SOMERSET),
        ("yeovill", SOMERSET),
        ("glastonbry", SOMERSET),
        ("kynsham", BANES),
        ("im from dunstible", CBEDS),
        ("near dunstible station", CBEDS),
    ],
)
def test_misspellings(text, area):
    assert resolve_area(text) == area


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        None,
        "Atlantis",
        "Manchester",
        "Weston-super-Mare",  # North Somerset, not Somerset Council's area
        "north somerset",
        "Bedford",  # Bedford Borough, not Central Bedfordshire
        "Luton",
        "Bristol",
        "bedfordshire",  # could be three councils
        "on the street",  # a town name that is also a word
        "i'm in the bath",
        "Taunton or Keynsham",  # two areas: ask again rather than guess
    ],
)
def test_unknown_or_not_ours_is_none(text):
    assert resolve_area(text) is None


@pytest.mark.parametrize(
    "text, area",
    [
        ("staying with my nan in wells for now", "somerset"),
        ("sandy area, two kids", "central-bedfordshire"),
        ("we moved to bath in the summer", "bath-ne-somerset"),
        ("he threw the cheddar at the wall", None),
        ("my wellington boots are in his car", None),
        ("it happened in the street outside the pub", None),
        ("the bath way is blocked", None),
        ("im in gloucester now", services_directory.ELSEWHERE),
        ("LU2", services_directory.ELSEWHERE),
        ("BS5 area", services_directory.ELSEWHERE),
    ],
)
def test_a_place_in_passing_is_read_and_a_word_is_not_a_place(text, area):
    assert services_directory.locate_area(text) == area


@pytest.mark.parametrize("text", [
    "he keeps reading my messages",  # was: not ours (Reading)
    "he watches me all the time",  # was: Somerset (Watchet)
    "she watched me through the window",
    "hes unstable when he drinks",  # was: Central Bedfordshire (Dunstable)
])
def test_everyday_words_a_letter_from_a_town_are_not_places(text):
    assert services_directory.locate_area(text) is None


@pytest.mark.parametrize("text, area", [
    ("i live in reading", "elsewhere"),
    ("reading", "elsewhere"),
    ("im in watchet", SOMERSET),
    ("dunstable", CBEDS),
])
def test_the_towns_themselves_are_still_read(text, area):
    assert services_directory.locate_area(text) == area


def test_no_word_of_the_english_training_examples_is_a_place_unless_it_names_one():
    """Every word of data/nlu (English), alone in a sentence, reads as no place unless it
    is a place name itself (or its misspelling, listed here)."""
    import re
    from pathlib import Path

    import yaml

    data = Path(__file__).resolve().parents[2] / "data" / "nlu"
    words = set()
    for path in data.glob("*.yml"):
        if path.name.startswith("other_language"):
            continue
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            words.update(re.findall(r"[a-z]+", str(block.get("examples") or "").lower()))
    directory = services_directory.load_directory()
    area_file = directory.areas
    place_words = {w for area in area_file.areas.values()
                   for name in [area.name, *area.towns, *area.aliases]
                   for w in name.lower().split()}
    place_words |= {w for name in [*area_file.not_covered, *area_file.ambiguous]
                    for w in name.lower().split()}
    place_words |= {"dunstible", "tauton", "somerset", "bedford"}  # misspellings, regions
    read_as_places = sorted(w for w in words - place_words
                            if len(w) >= 5 and services_directory.locate_area(f"i {w} it"))
    assert read_as_places == []
