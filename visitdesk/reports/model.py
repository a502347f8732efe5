"""What a printed visit record shows: plain frozen dataclasses, filled in by the caller.

The reports package never reads the database. A service turns stored rows into these objects
and hands them over, so the same code prints a record on a worker's laptop or a manager's.
``None`` always means "not recorded" and prints as such; an empty string does too.
Fields may be given by position, in the order written here, or by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from types import MappingProxyType

from visitdesk.standards.fields import CHOICES

PLAN_TYPES = ("CIN", "CP", "CLA", "CP+CLA")
VISIT_STATES = ("draft", "completed", "authorised", "returned")
# The stored values of each choice come from the field catalogue (visitdesk/standards/fields.py).
LOCATIONS = CHOICES["location"]
SEEN_VALUES = CHOICES["seen"]
SEEN_ALONE_VALUES = CHOICES["seen_alone"]
NOT_SEEN_ALONE_CATEGORIES = CHOICES["not_seen_alone_category"]
VISIT_OUTCOMES = CHOICES["outcome"]
CONTACT_MODES = CHOICES["contact"]
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class ReportChild:
    """The child the record is about, as the case system knows them."""

    id: str
    full_name: str
    date_of_birth: date | None = None
    expected_birth_date: date | None = None
    case_reference: str = ""
    plan_type: str = ""
    standard_title: str = ""
    # The case system the authority's standards number their fields for ("CareFirst"), and
    # those numbers by field name; empty where the case system numbers none.
    case_system: str = ""
    field_numbers: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class ReportFinding:
    """One message from the standards check, with the clause it cites (e.g. ``"004 I.8"``)."""

    severity: str
    message: str
    source: str = ""
    change: str = ""  # in a check made again later: "new" (found now) or "gone" (no longer)


@dataclass(frozen=True)
class ReportAuthorisation:
    """A manager's decision on a completed record: ``state`` is "authorised" or "returned"."""

    state: str
    by: str = ""
    at: datetime | None = None
    comment: str = ""


@dataclass(frozen=True)
class ReportAddendum:
    """A dated correction or addition made after the record was completed."""

    at: datetime | None
    author: str
    text: str


@dataclass(frozen=True)
class ReportPlan:
    """What the worker planned before the visit, carried into the record when it was started:
    each part written, as (label, words), in the plan's order; and the clause that asks for
    the plan, and its source, as the record cites them."""

    parts: Sequence[tuple[str, str]]
    clause: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple((str(a), str(b)) for a, b in self.parts))


@dataclass(frozen=True)
class ReportVisit:
    """One visit record at one revision, with everything the paper record shows."""

    id: str
    revision: int
    state: str
    visited_at: datetime
    location: str | None = None
    announced: bool | None = None
    present: str = ""
    joint_with_health_visitor: bool | None = None
    status_of_child: str = ""
    seen: str | None = None
    seen_alone: str | None = None
    not_seen_alone_category: str | None = None
    not_seen_alone_reason: str = ""
    seen_awake: bool | None = None
    bedroom_seen: bool | None = None
    attachment_observed: bool | None = None
    observations: str = ""
    purpose: str = ""
    childs_voice: str = ""
    findings: str = ""
    analysis: str = ""
    conclusion: str = ""
    recommendations: str = ""
    completed_at: datetime | None = None
    created_by: str = ""
    content_hash: str = ""
    standards_summary: Sequence[ReportFinding] = field(default_factory=tuple)
    authorisation: ReportAuthorisation | None = None
    addenda: Sequence[ReportAddendum] = field(default_factory=tuple)
    outcome: str | None = None  # None or "visited": it took place; "failed"; "cancelled"
    contact: str | None = None  # None or "in_person"; "video" or "agency" on a family holiday
    # The fields the form asked (visitdesk.standards.fields); None prints every field.
    shown: Sequence[str] | None = None
    # The standards check. ``standards_summary`` holds its findings: those frozen when the
    # record was completed (``check_frozen_at`` says when, ``check_standards`` with what),
    # or, for a record completed before checks were kept, those found on ``checked_on``.
    check_frozen_at: datetime | None = None
    check_standards: Sequence[str] = field(default_factory=tuple)
    # What the standards say differently on ``checked_on`` (each finding's ``change`` says
    # how); None when they say the same.
    checked_again: Sequence[ReportFinding] | None = None
    checked_on: datetime | None = None
    # Answers to the catalogue's fields that have no attribute above (every field added
    # since these), by name: read every field with value().
    answers: Mapping[str, object] = field(default_factory=dict)
    # A record of a household visit (one visit to several children living together): the id
    # its records share, and the other children it was to, by name. The record holds what
    # the visit shared and this child's own part; another child is only ever named.
    household_visit: str | None = None
    others_visited: Sequence[str] = field(default_factory=tuple)
    # The plan in force on the day of the visit and the standards that judged it (a child's
    # records printed together may span a change of plan); None prints the child's.
    plan_type: str | None = None
    standard_title: str | None = None
    # What was planned before the visit; None when nothing was.
    visit_plan: ReportPlan | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))
        object.__setattr__(self, "others_visited", tuple(self.others_visited))
        # Callers pass lists; keep the frozen object truly unchangeable.
        object.__setattr__(self, "standards_summary", tuple(self.standards_summary))
        object.__setattr__(self, "addenda", tuple(self.addenda))
        object.__setattr__(self, "check_standards", tuple(self.check_standards))
        if self.shown is not None:
            object.__setattr__(self, "shown", tuple(self.shown))
        if self.checked_again is not None:
            object.__setattr__(self, "checked_again", tuple(self.checked_again))

    @property
    def is_draft(self) -> bool:
        return self.state == "draft"

    def value(self, name: str) -> object:
        """The answer to the catalogue field ``name`` (None when not recorded)."""
        if name in _ATTRIBUTES:
            return getattr(self, name)
        return self.answers.get(name)


_ATTRIBUTES = frozenset(f.name for f in fields(ReportVisit)) - {"answers"}
