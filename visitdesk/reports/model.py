"""What a printed visit record shows: plain frozen dataclasses, filled in by the caller.

The reports package never reads the database. A service turns stored rows into these objects
and hands them over, so the same code prints a record on a worker's laptop or a manager's.
``None`` always means "not recorded" and prints as such; an empty string does too.
Fields may be given by position, in the order written here, or by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

PLAN_TYPES = ("CIN", "CP", "CLA", "CP+CLA")
VISIT_STATES = ("draft", "completed", "authorised", "returned")
LOCATIONS = ("home", "school", "other")
SEEN_VALUES = ("yes", "no", "unborn")
SEEN_ALONE_VALUES = ("yes", "no")
NOT_SEEN_ALONE_CATEGORIES = ("refused", "inappropriate", "not_possible", "other")
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


@dataclass(frozen=True)
class ReportFinding:
    """One message from the standards check, with the clause it cites (e.g. ``"004 I.8"``)."""

    severity: str
    message: str
    source: str = ""


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

    def __post_init__(self) -> None:
        # Callers pass lists; keep the frozen object truly unchangeable.
        object.__setattr__(self, "standards_summary", tuple(self.standards_summary))
        object.__setattr__(self, "addenda", tuple(self.addenda))

    @property
    def is_draft(self) -> bool:
        return self.state == "draft"
