"""Working-day arithmetic over the bank holidays of one UK nation.

Working days are Monday to Friday, less that nation's bank holidays (from the ``holidays``
package, always with a subdivision) and less any extra closure dates an installation lists.
"Within N working days of D" means on or before the Nth working day after D.

The ``holidays`` package supplies the bank holidays; its own ``get_nth_working_day`` is the
reference the tests compare against. Each calendar keeps a sorted table of working-day
ordinals for the years it has been asked about, so a deadline is a binary search rather than
a day-by-day walk; this is what keeps live validation and caseload due-status fast.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta

import holidays

# Wales shares England's bank holidays, so one subdivision serves both; the ``holidays``
# package is never asked for GB without a subdivision, which would mix the nations.
REGION_SUBDIVISIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

# Years are added to a calendar in blocks, so a caseload spanning decades costs a handful of
# holiday computations, not one per lookup.
_BLOCK = 8


class UnknownRegion(ValueError):
    """A region name that has no bank-holiday subdivision."""


class WorkingCalendar:
    """Working days for one nation plus an installation's own closure dates."""

    def __init__(self, region: str = "england-and-wales", extra_closures: Iterable[date] = ()):
        if region not in REGION_SUBDIVISIONS:
            raise UnknownRegion(f"unknown region {region!r}")
        self.region = region
        self.subdivision = REGION_SUBDIVISIONS[region]
        self.extra_closures = frozenset(extra_closures)
        self._lock = threading.Lock()
        self._first_year = 0
        self._last_year = -1
        self._ordinals: list[int] = []  # working days in [first_year, last_year], ascending
        # Ordinals of the first and last day covered, for a quick "is this in the table" test.
        self._lo = 0
        self._hi = -1
        self._names: dict[date, str] = {}  # bank holidays of the covered years, by date

    # -- table upkeep -----------------------------------------------------------------------

    def _working_ordinals(self, first: int, last: int) -> list[int]:
        years = range(first, last + 1)
        bank = holidays.country_holidays("GB", subdiv=self.subdivision, years=years)
        self._names.update(bank)
        closed = {d.toordinal() for d in bank}
        closed.update(d.toordinal() for d in self.extra_closures)
        start = date(first, 1, 1).toordinal()
        end = date(last, 12, 31).toordinal()
        # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is 0..4 on weekdays.
        return [o for o in range(start, end + 1) if (o - 1) % 7 < 5 and o not in closed]

    def _cover(self, year: int) -> None:
        """Make sure the table includes ``year`` (and the block around it)."""
        if self._first_year <= year <= self._last_year:
            return
        with self._lock:
            self._extend(year)
            self._lo = date(self._first_year, 1, 1).toordinal()
            self._hi = date(self._last_year, 12, 31).toordinal()

    def _extend(self, year: int) -> None:
        # Called under the lock. The table is swapped for a new list rather than changed in
        # place, so a reader holding the old one still sees a sorted, gap-free run of days.
        if self._last_year < self._first_year:  # empty table
            first = year - year % _BLOCK
            self._ordinals = self._working_ordinals(first, first + _BLOCK - 1)
            self._first_year, self._last_year = first, first + _BLOCK - 1
            return
        while year < self._first_year:
            first = self._first_year - _BLOCK
            self._ordinals = self._working_ordinals(first, self._first_year - 1) + self._ordinals
            self._first_year = first
        while year > self._last_year:
            last = self._last_year + _BLOCK
            self._ordinals = self._ordinals + self._working_ordinals(self._last_year + 1, last)
            self._last_year = last

    # -- queries ----------------------------------------------------------------------------

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday (or closure) on ``day``, if any."""
        self._cover(day.year)
        if day in self.extra_closures:
            return "office closure"
        return self._names.get(day)

    def is_working_day(self, day: date) -> bool:
        self._cover(day.year)
        ordinal = day.toordinal()
        i = bisect_left(self._ordinals, ordinal)
        return i < len(self._ordinals) and self._ordinals[i] == ordinal

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``n`` >= 1), or ``day`` itself for ``n`` 0.

        This is the last day that is still "within ``n`` working days of ``day``".
        """
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return day
        ordinal = day.toordinal()
        # n working days never span more than 2n calendar days plus a run of holidays.
        reach = ordinal + n * 2 + 21
        if ordinal < self._lo or reach > self._hi:
            self._cover(day.year)
            self._cover(date.fromordinal(reach).year)
        ordinals = self._ordinals
        i = bisect_right(ordinals, ordinal) + n - 1
        while i >= len(ordinals):  # a span of closures longer than the margin above
            self._cover(self._last_year + 1)
            ordinals = self._ordinals
            i = bisect_right(ordinals, ordinal) + n - 1
        return date.fromordinal(ordinals[i])

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        if self.is_working_day(day):
            return day
        return self.add_working_days(day, 1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open span (``start``, ``end``]."""
        if end <= start:
            return 0
        self._cover(start.year)
        self._cover(end.year)
        return bisect_right(self._ordinals, end.toordinal()) - bisect_right(
            self._ordinals, start.toordinal()
        )

    def last_working_day_of_week(self, day: date) -> date | None:
        """The last working day in ``day``'s Monday-to-Sunday week, or None if none is left.

        "None left" means no working day falls on or after ``day`` within that week.
        """
        sunday = day + timedelta(days=6 - day.weekday())
        self._cover(day.year)
        self._cover(sunday.year)
        i = bisect_right(self._ordinals, sunday.toordinal()) - 1
        if i >= 0 and self._ordinals[i] >= day.toordinal():
            return date.fromordinal(self._ordinals[i])
        return None


_CALENDARS: dict[tuple[str, frozenset[date]], WorkingCalendar] = {}
_CALENDARS_LOCK = threading.Lock()


def calendar_for(region: str, extra_closures: Iterable[date] = ()) -> WorkingCalendar:
    """A shared calendar for ``region``; one instance per (region, closures) is kept."""
    key = (region, frozenset(extra_closures))
    found = _CALENDARS.get(key)
    if found is None:
        with _CALENDARS_LOCK:
            found = _CALENDARS.get(key)
            if found is None:
                found = WorkingCalendar(region, key[1])
                _CALENDARS[key] = found
    return found
