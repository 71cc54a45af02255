"""Overlapping stats windows reveal nothing new (issue 15, "Stats that cannot be differenced").

Before, /stats summed raw counts over any from/to window and rounded the sum, so two
windows a week apart, differenced, narrowed that week down, and "0 stays 0" told nobody
from a few. Now every published figure is one cell (a metric in one fixed month), shown
as "*" for 0 to 7. These properties hold for any weekly counts and any windows the API
allows:

1. A window's report is exactly the reports of its months, one after another: nothing is
   summed across months, so subtracting two windows leaves only whole months' figures,
   each published on its own anyway.
2. Two sets of counts that differ only in one cell, both values between 0 and 7, give the
   same output for every allowed window, in every format. No combination of windows can
   tell them apart, so no differencing recovers a cell below the threshold.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.formats import FORMATTERS, render
from reporting.periods import Month, months_between
from reporting.report import Names, Report, build_report

MONTHS = months_between(Month(2026, 1), Month(2026, 4))  # 17 ISO weeks
WEEKS = [week for month in MONTHS for week in month.weeks]
WINDOWS = [(i, j) for i in range(len(MONTHS)) for j in range(i, len(MONTHS))]
METRICS = ["conversation_started", "danger_response", "abuse_type:stalking", "need:lgbt",
           "area:somerset", "language:pl", "language:other", "channel:sms",
           "service_signposted:national-domestic-abuse-helpline"]
NAMES = Names.from_directory()

weekly_counts = st.dictionaries(
    st.sampled_from(WEEKS),
    st.dictionaries(st.sampled_from(METRICS), st.integers(0, 30), max_size=len(METRICS)),
    max_size=len(WEEKS),
)


def report(counts, window) -> Report:
    first, last = window
    return build_report(counts, MONTHS[first:last + 1], names=NAMES)


def test_a_report_holds_nothing_but_its_months_figures():
    fields = {field.name for field in dataclasses.fields(Report)}
    assert fields == {"months", "suppression_note", "counting_note", "total_label"}


@settings(max_examples=60, deadline=None)
@given(counts=weekly_counts, window=st.sampled_from(WINDOWS))
def test_a_window_is_its_months_one_after_another(counts, window):
    whole = report(counts, window)
    alone = [report(counts, (i, i)) for i in range(window[0], window[1] + 1)]
    assert whole.months == tuple(single.months[0] for single in alone)
    # The same holds for what each format prints, line for line.
    assert _csv_rows(whole) == [row for single in alone for row in _csv_rows(single)]
    assert _samples(whole) == {sample for single in alone for sample in _samples(single)}
    assert json.loads(render(whole, "json"))["months"] == [
        json.loads(render(single, "json"))["months"][0] for single in alone]


@settings(max_examples=60, deadline=None)
@given(
    counts=weekly_counts,
    month=st.sampled_from(MONTHS),
    metric=st.sampled_from(METRICS),
    small=st.tuples(st.integers(0, 7), st.integers(0, 7)),
    data=st.data(),
)
def test_no_set_of_windows_tells_apart_two_small_values_of_a_cell(
    counts, month, metric, small, data
):
    one, other = _with_cell(counts, month, metric, small[0], data), _with_cell(
        counts, month, metric, small[1], data)
    for window in WINDOWS:
        assert report(one, window) == report(other, window), window
    full = (0, len(MONTHS) - 1)
    for fmt in FORMATTERS:
        assert render(report(one, full), fmt) == render(report(other, full), fmt)


def test_the_old_attack_finds_only_the_months_own_star():
    """Q1 minus January-February used to leave March's raw stalking count give or take 4."""
    counts = {"2026-W02": {"abuse_type:stalking": 20}, "2026-W07": {"abuse_type:stalking": 20},
              "2026-W11": {"abuse_type:stalking": 3}}
    quarter, two_months = report(counts, (0, 2)), report(counts, (0, 1))
    left_over = [m for m in quarter.months if m not in two_months.months]
    assert [m.month.label for m in left_over] == ["2026-03"]
    assert left_over[0].section("abuse_type").counts()["stalking"] == "*"
    assert left_over == list(report(counts, (2, 2)).months)


def _with_cell(counts, month, metric, total, data):
    """The counts with one metric of one month set to `total`, split over its weeks."""
    changed = {week: dict(fields) for week, fields in counts.items()}
    remaining = total
    for index, week in enumerate(month.weeks):
        last = index == len(month.weeks) - 1
        share = remaining if last else data.draw(st.integers(0, remaining))
        changed.setdefault(week, {})[metric] = share
        remaining -= share
    return changed


def _csv_rows(published: Report):
    return list(csv.reader(io.StringIO(render(published, "csv"))))[1:]


def _samples(published: Report):
    return {line for line in render(published, "prometheus").splitlines()
            if not line.startswith("#")}
