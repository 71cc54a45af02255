"""The printable review page."""

import re
from datetime import date
from pathlib import Path

from services_directory import describe_hours, load_directory, render_html
from services_directory.schema import Hours

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "directory"


def test_page_lists_every_service_with_verify_marked():
    directory = load_directory()
    html = render_html(directory, today=date(2026, 11, 26))
    assert html.startswith("<!DOCTYPE html>")
    for service in directory.services:
        assert f'-{service.id}"' in html
    verify = [s for s in directory.services if s.verify]
    articles = re.findall(r'<article class="([^"]+)" id="[^"]+"', html)
    flagged = re.findall(r'class="flag"', html)
    assert len(flagged) == sum(c == "service verify" for c in articles)
    assert f"{len(verify)} marked to verify" in html
    assert "2026-11-26" in html and "0808 2000 247" in html


def test_page_is_self_contained():
    html = render_html()
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.I)
    assert "url(" not in html and "@import" not in html
    assert not re.search(r"\bsrc=", html)


def test_page_escapes_data():
    html = render_html(load_directory(FIXTURES / "search"))
    assert "<article" in html and "Always open line" in html


def test_hours_in_words():
    labels = load_directory().labels
    office = Hours.parse_obj(
        {
            "type": "weekly",
            "intervals": [
                {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "17:30"}
            ],
        }
    )
    assert describe_hours(office, labels) == "Monday to Friday, 9am to 5:30pm"
    nights = Hours.parse_obj(
        {
            "type": "weekly",
            "intervals": [{"days": ["sat", "sun"], "open": "20:00", "close": "00:00"}],
        }
    )
    assert describe_hours(nights, labels) == "Saturday and Sunday, 8pm to midnight the next morning"
    assert describe_hours(Hours(type="always"), labels) == "Open 24 hours, every day"
