"""Working days: Monday to Friday less the nation's bank holidays and local closures."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visitdesk.standards.calendar import UnknownRegion, WorkingCalendar, calendar_for

from .helpers import d

REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


def test_bank_holiday_dates_come_from_the_holidays_package():
    # Christmas 2026: Friday 25th, Saturday 26th, so Boxing Day moves to Monday 28th.
    eng = holidays.country_holidays("GB", subdiv="ENG", years=[2026, 2027])
    assert d("2026-12-25") in eng and d("2026-12-28") in eng
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March (not a Scottish holiday).
    assert d("2027-03-26") in eng and d("2027-03-29") in eng
    sct = holidays.country_holidays("GB", subdiv="SCT", years=[2026, 2027])
    assert d("2027-03-29") not in sct
    assert d("2026-01-02") in sct and d("2026-01-02") not in eng  # 2 January
    assert d("2026-11-30") in sct and d("2026-11-30") not in eng  # St Andrew's Day


@pytest.mark.parametrize(
    ("region", "start", "n", "expected"),
    [
        # Across Christmas 2026: 25, 28 Dec and 1 Jan are holidays everywhere in the UK.
        ("england-and-wales", "2026-12-24", 1, "2026-12-29"),
        ("england-and-wales", "2026-12-23", 5, "2027-01-04"),
        # Scotland also closes on 2 January (a Saturday in 2027, so Monday 4th instead).
        ("scotland", "2026-12-23", 5, "2027-01-05"),
        ("northern-ireland", "2026-12-23", 5, "2027-01-04"),
        # Easter 2027: England loses Good Friday and Easter Monday, Scotland only Good Friday.
        ("england-and-wales", "2027-03-25", 2, "2027-03-31"),
        ("scotland", "2027-03-25", 2, "2027-03-30"),
        # 2 January 2026 is a Friday: a working day in England, a holiday in Scotland.
        ("england-and-wales", "2025-12-31", 1, "2026-01-02"),
        ("scotland", "2025-12-31", 1, "2026-01-05"),
        # St Andrew's Day, Monday 30 November 2026, is Scottish only.
        ("england-and-wales", "2026-11-27", 1, "2026-11-30"),
        ("scotland", "2026-11-27", 1, "2026-12-01"),
        # St Patrick's Day, Tuesday 17 March 2026, is Northern Irish only.
        ("northern-ireland", "2026-03-16", 1, "2026-03-18"),
        ("england-and-wales", "2026-03-16", 1, "2026-03-17"),
        # A weekend start counts from the Monday.
        ("england-and-wales", "2026-09-05", 1, "2026-09-07"),
        ("england-and-wales", "2026-09-05", 0, "2026-09-05"),
    ],
)
def test_nth_working_day_after(region, start, n, expected):
    assert calendar_for(region).add_working_days(d(start), n) == d(expected)


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_agrees_with_the_holidays_package_helper(region):
    reference = holidays.country_holidays("GB", subdiv=REGIONS[region])
    cal = calendar_for(region)
    day = date(2024, 12, 1)
    for step in range(0, 1200, 3):
        start = day + timedelta(days=step)
        for n in (1, 2, 5, 10, 20):
            assert cal.add_working_days(start, n) == reference.get_nth_working_day(start, n)
        assert cal.is_working_day(start) == reference.is_working_day(start)


def test_extra_closures_are_not_working_days():
    cal = WorkingCalendar("england-and-wales", [d("2026-12-29"), d("2026-12-30")])
    assert not cal.is_working_day(d("2026-12-29"))
    assert cal.add_working_days(d("2026-12-24"), 1) == d("2026-12-31")
    assert cal.holiday_name(d("2026-12-30")) == "office closure"
    assert cal.holiday_name(d("2026-12-25")) == "Christmas Day"
    # The shared calendar without closures is unaffected.
    assert calendar_for("england-and-wales").add_working_days(d("2026-12-24"), 1) == d("2026-12-29")


def test_last_working_day_of_week():
    cal = calendar_for("england-and-wales")
    assert cal.last_working_day_of_week(d("2026-12-22")) == d("2026-12-24")  # Christmas Friday
    assert cal.last_working_day_of_week(d("2027-03-24")) == d("2027-03-25")  # Good Friday
    assert cal.last_working_day_of_week(d("2026-09-20")) is None  # a Sunday: week is over


def test_working_days_between():
    cal = calendar_for("england-and-wales")
    assert cal.working_days_between(d("2026-12-24"), d("2027-01-04")) == 4
    assert cal.working_days_between(d("2027-01-04"), d("2026-12-24")) == 0


def test_unknown_region_is_refused():
    with pytest.raises(UnknownRegion):
        WorkingCalendar("wales-only")


def test_far_dates_extend_the_table():
    cal = WorkingCalendar("scotland")
    assert cal.add_working_days(d("2026-06-01"), 1) == d("2026-06-02")
    assert cal.add_working_days(d("1999-12-31"), 1) == d("2000-01-05")  # 3 and 4 Jan closed
    assert cal.add_working_days(d("2060-12-31"), 1).year == 2061


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
    region=st.sampled_from(sorted(REGIONS)),
    closures=st.lists(
        st.dates(min_value=date(2000, 1, 1), max_value=date(2061, 6, 30)), max_size=10
    ),
)
def test_a_working_day_deadline_is_a_working_day_after_the_start(start, n, region, closures):
    cal = WorkingCalendar(region, closures)
    due = cal.add_working_days(start, n)
    assert due > start
    assert cal.is_working_day(due)
    assert due not in closures
    # Exactly n working days lie after the start, up to and including the deadline.
    assert cal.working_days_between(start, due) == n
