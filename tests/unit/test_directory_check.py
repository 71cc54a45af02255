"""The validator: passes on the shipped data, catches each defect class."""

from pathlib import Path

import pytest

from services_directory.__main__ import main
from services_directory.schema import is_international_uk_phone, is_uk_phone

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "directory"
TODAY = "2026-11-26"  # the fixtures' day
SHIPPED_TODAY = "2026-12-04"  # the day the newest shipped entries were recorded


def run(capsys, *args):
    code = main(["check", *args])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if line]


def test_shipped_data_passes(capsys):
    code, lines = run(capsys, "--today", SHIPPED_TODAY)
    assert code == 0
    assert lines == []


def test_shipped_data_only_warns_after_half_a_year(capsys):
    code, lines = run(capsys, "--today", "2027-06-01")
    assert code == 0
    assert lines and all(line.startswith("WARNING") and ": stale:" in line for line in lines)


@pytest.mark.parametrize(
    "fixture, code",
    [
        ("schema_error", "schema"),
        ("unknown_need", "unknown-need"),
        ("bad_phone", "bad-phone"),
        ("no_contact", "no-contact"),
        ("bad_via", "no-contact"),
        ("refuge_address", "refuge-address"),
        ("stale_error", "stale"),
        ("unreachable_sms", "unreachable"),
    ],
)
def test_each_defect_fails_with_one_line_naming_file_and_service(capsys, fixture, code):
    exit_code, lines = run(capsys, "--data", str(FIXTURES / fixture), "--today", TODAY)
    assert exit_code == 1
    assert lines == [lines[0]]  # exactly the one planted defect
    assert lines[0].startswith(f"ERROR national.yml: broken: {code}:")


def test_duplicate_id(capsys):
    exit_code, lines = run(capsys, "--data", str(FIXTURES / "duplicate_id"), "--today", TODAY)
    assert exit_code == 1
    assert lines == ["ERROR national.yml: twin: duplicate-id: id already used in national.yml"]


def test_stale_warning_exits_zero(capsys):
    exit_code, lines = run(capsys, "--data", str(FIXTURES / "stale_warn"), "--today", TODAY)
    assert exit_code == 0
    assert len(lines) == 1
    assert lines[0].startswith("WARNING national.yml: broken: stale: last checked 200 days ago")


def test_day_limits_are_options(capsys):
    args = ["--data", str(FIXTURES / "stale_warn"), "--today", TODAY]
    assert run(capsys, *args, "--error-days", "199")[0] == 1
    assert run(capsys, *args, "--warn-days", "200")[1] == []


@pytest.mark.parametrize(
    "number",
    [
        "999",
        "116 123",
        "0800 1111",
        "0808 2000 247",
        "0800 69 49 999",
        "0800 5999 247",
        "020 7008 0151",
        "01225 477000",
        "0117 496 0000",
        "0345 600 0000",
        "07700 900123",
    ],
)
def test_valid_uk_numbers(number):
    assert is_uk_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "08082000247",  # not grouped for reading
        "0808 2000 24",  # a digit short
        "0800 69 49 9999",  # a digit too many
        "0808-2000-247",
        "0808  2000 247",
        "020 7008 015",
        "0909 123 4567",  # premium rate
        "+44 808 2000 247",  # belongs in phone_from_abroad
        "112 233",
        "",
    ],
)
def test_malformed_numbers(number):
    assert not is_uk_phone(number)


def test_numbers_from_abroad():
    assert is_international_uk_phone("+44 20 7008 0151")
    assert not is_international_uk_phone("+44 20 7008 015")
    assert not is_international_uk_phone("020 7008 0151")


def test_unreachable_on_sms_names_the_channel(capsys):
    _, lines = run(capsys, "--data", str(FIXTURES / "unreachable_sms"), "--today", TODAY)
    assert lines == [
        "ERROR national.yml: broken: unreachable: cannot be reached by sms: no number to "
        "call or text, its own or its 'via' service's: add one, or offer it on the web "
        "only (channels: [web])"
    ]


def test_a_need_tag_no_pathway_asks_for_fails(capsys):
    folder = FIXTURES / "unreachable_need"
    args = ["--data", str(folder), "--today", TODAY]
    assert run(capsys, *args)[0] == 0  # without --pathways the tags are not checked
    pathways = FIXTURES / "unreachable_need.pathways.yml"
    exit_code, lines = run(capsys, *args, "--pathways", str(pathways))
    assert exit_code == 1
    assert lines == [
        "ERROR national.yml: broken: unreachable-need: no pathway in "
        "unreachable_need.pathways.yml asks for need tag 'housing'"
    ]


def test_a_pathway_tag_outside_the_vocabulary_fails(capsys, tmp_path):
    pathways = tmp_path / "pathways.yml"
    pathways.write_text("needs:\n  need_x: {needs: [helpline, wellbeing]}\n", encoding="utf-8")
    data = FIXTURES / "stale_warn"  # only tag: helpline
    args = ["--data", str(data), "--today", TODAY, "--pathways", str(pathways)]
    exit_code, lines = run(capsys, *args)
    assert exit_code == 1
    assert [line for line in lines if "pathways.yml" in line] == [
        "ERROR pathways.yml: need_x: unknown-need: unknown need tag 'wellbeing'"
    ]


def test_shipped_data_reaches_every_tag_from_the_shipped_pathways(capsys):
    code, lines = run(
        capsys, "--today", SHIPPED_TODAY, "--pathways", str(ROOT / "actions" / "pathways.yml")
    )
    assert code == 0, lines
    # Only tags a pathway asks for that no service carries yet may be reported.
    assert all(": need-without-service:" in line for line in lines), lines


def test_unconfirmed_entries_age_from_when_they_were_written(capsys):
    exit_code, lines = run(capsys, "--data", str(FIXTURES / "unconfirmed"), "--today", "2026-11-26")
    assert exit_code == 0
    assert lines == [
        "WARNING national.yml: broken: stale: not yet confirmed; recorded 200 days ago "
        "(check every 180)"
    ]
    assert run(capsys, "--data", str(FIXTURES / "unconfirmed"), "--today", "2027-06-01")[0] == 1


def test_shipped_entries_nobody_confirmed_say_so():
    from services_directory import load_directory

    for service in load_directory().services:
        # The date the file was written is never passed off as a check.
        assert service.confirmed == (service.last_checked is not None)
        assert service.confirmed or service.recorded is not None


def test_last_checked_needs_who_checked():
    import pydantic

    from services_directory.schema import Service

    raw = {
        "id": "x",
        "name": "X",
        "needs": ["helpline"],
        "audience": {"areas": "national"},
        "contact": {"phone": "0808 000 0001"},
        "hours": {"type": "always"},
        "languages": ["en"],
        "what_to_expect": "You can talk.",
        "source": ["test"],
        "last_checked": "2026-11-01",
    }
    with pytest.raises(pydantic.ValidationError, match="checked_by"):
        Service.parse_obj(raw)
    assert Service.parse_obj({**raw, "checked_by": "SIDAS staff"}).confirmed


@pytest.mark.parametrize(
    "field, value",
    [
        ("text", "999 (register first: text register to 999)"),
        ("phone", "18001 0808 2000 247 (from a textphone or the Relay UK app)"),
        ("phone", "18000"),
    ],
)
def test_numbers_may_carry_an_instruction_that_stays_with_them(field, value):
    from services_directory.schema import Contact

    contact = Contact.parse_obj({field: value})
    number = contact.text_number if field == "text" else contact.phone_number
    assert value.startswith(number) and number.replace(" ", "").isdigit()


@pytest.mark.parametrize("value", ["999 register first", "18001", "18001 12345", "0808 (x)"])
def test_numbers_with_bad_instructions_are_rejected(value):
    import pydantic

    from services_directory.schema import Contact

    with pytest.raises(pydantic.ValidationError):
        Contact.parse_obj({"phone": value})
