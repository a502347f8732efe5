"""The engine's plain-English words: dates as people write them, the labels of fields and
facts, and the messages and names more than one rule uses."""

from __future__ import annotations

from datetime import date, datetime

from visitdesk.standards.case import VisitInterval
from visitdesk.standards.policy import Interval

_FACT_LABELS = {
    "date_of_birth": "the child's date of birth",
    "plan_start": "the date the plan started",
    "allocated_on": "the date the case was allocated",
    "placement_start": "the date the current placement started",
    "first_review_date": "the date of the first looked-after review",
}

_CONTACT_WORDS = {"video": "by video", "agency": "through an agency"}

_PLAN_NAMES = {
    "CP": "child protection",
    "CIN": "child in need",
    "CLA": "looked-after",
    "CP+CLA": "child protection",
}

_MEETING_WORDS = {"progress": "progress meeting", "review": "review meeting"}

_CANCELLED_REASON = "Say why the visit was cancelled before completing the record."


_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _day(d: date) -> str:
    """A date as people write it: 4 September 2026 (not locale-dependent, unlike strftime)."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _show_due(due: date | datetime) -> str:
    if isinstance(due, datetime):
        return f"{due.hour:02d}:{due.minute:02d} on {_day(due.date())}"
    return _day(due)


def _describe(plan: VisitInterval) -> str:
    return Interval(plan.every, plan.unit).describe()


def _reason_message(category: str | None, choice_counts: bool) -> str:
    if category == "other":
        return (
            "You chose 'another reason': say in your own words why the child was not seen "
            "alone before completing the record."
        )
    if choice_counts:
        return (
            "Say why the child was not seen alone before completing the record: choose a "
            "reason (they refused, it was not appropriate, or it was not possible) or explain "
            "in your own words."
        )
    return "Explain why the child was not seen alone before completing the record."
