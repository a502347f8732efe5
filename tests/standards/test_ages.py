"""Ages by birthday: a child turns 1 on their first birthday; 29 February turns on 1 March."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from visitdesk.standards import age_on, birthday
from visitdesk.standards.engine import _add_months

from .helpers import d


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        ("2025-11-10", "2026-11-09", 0),
        ("2025-11-10", "2026-11-10", 1),  # turns 1 on the birthday itself
        ("2024-02-29", "2025-02-28", 0),
        ("2024-02-29", "2025-03-01", 1),  # leap-day birthday in a common year
        ("2024-02-29", "2028-02-28", 3),
        ("2024-02-29", "2028-02-29", 4),
        ("2026-05-01", "2026-04-30", -1),  # not yet born
    ],
)
def test_age_on(born, on, age):
    assert age_on(d(born), d(on)) == age


def test_leap_day_birthday():
    assert birthday(d("2024-02-29"), 1) == d("2025-03-01")
    assert birthday(d("2024-02-29"), 4) == d("2028-02-29")


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 20))
def test_age_is_years_on_the_birthday_and_one_less_the_day_before(born, years):
    b = birthday(born, years)
    assert age_on(born, b) == years
    if years:
        assert age_on(born, date.fromordinal(b.toordinal() - 1)) == years - 1


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), st.integers(1, 40))
def test_adding_months_matches_dateutil(day, months):
    assert _add_months(day, months) == day + relativedelta(months=months)
