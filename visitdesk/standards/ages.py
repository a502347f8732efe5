"""Ages counted by birthdays, the way the standards mean them.

A child turns N on the Nth anniversary of their birth. Someone born on 29 February turns a
year older on 1 March in a year without that date, as is usual in England and Wales.
"""

from __future__ import annotations

from datetime import date


def birthday(born: date, years: int) -> date:
    """The day a child born on ``born`` turns ``years`` old."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a common year
        return date(born.year + years, 3, 1)


def age_on(born: date, day: date) -> int:
    """Completed years of age on ``day`` (negative before birth is reported as -1)."""
    if day < born:
        return -1
    years = day.year - born.year
    if birthday(born, years) > day:
        years -= 1
    return years
