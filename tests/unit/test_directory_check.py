"""The validator: passes on the shipped data, catches each defect class."""

from pathlib import Path

import pytest

from services_directory.__main__ import main
from services_directory.schema import is_international_uk_phone, is_uk_phone

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "directory"
TODAY = "2026-11-26"


def run(capsys, *args):
    code = main(["check", *args])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if line]


def test_shipped_data_passes(capsys):
    code, lines = run(capsys, "--today", TODAY)
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
