"""What the rule engine answers with: findings, visit results, schedule items, a whole-case
evaluation and the caseload's due status, and the command-line shape of a whole-case result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from visitdesk.standards.policy import Policy, Rule

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the worker should know or do. ``error`` blocks completing the record."""

    code: str
    severity: str  # "error" | "warning" | "info"
    visit: str | None
    field: str | None  # a VisitFacts field name, so the form can point at the widget
    message: str
    # The citation a worker reads: the profile's short name and the clause, e.g. "Visiting
    # policy 2019, I.8"; just the profile's name for a note that comes from no one rule.
    source: str
    rule: str | None = None  # the profile's stable rule id, e.g. "seen-alone"
    # The word a writing aid's finding is about (a misspelling), else None.
    word: str | None = None

    def to_json(self) -> dict:
        out = {
            "code": self.code,
            "severity": self.severity,
            "visit": self.visit,
            "field": self.field,
            "message": self.message,
            "source": self.source,
            "rule": self.rule,
        }
        if self.word is not None:
            out["word"] = self.word
        return out


@dataclass(frozen=True, slots=True)
class VisitResult:
    """What the engine concluded about one visit."""

    id: str
    statutory: bool
    record_due: date | datetime | None
    recorded_late: bool
    reattempt_due: date | None


@dataclass(frozen=True, slots=True)
class ScheduleItem:
    """Something coming up for the child, for the child's page and reminders."""

    kind: str  # next_visit | first_visit | reattempt | seen_alone | bedroom | joint_visit | ...
    label: str
    due: date | None
    source: str  # a citation, as for findings
    rule: str | None = None
    # Due at the child's next statutory visit, whichever standard sets when that is (a child
    # on a CP plan and looked after has two schedules: the earlier visit is the next one).
    at_next_visit: bool = False


# Where a finding or schedule item comes from: a rule of the profile, or (for notes that come
# from no one rule) the profile's short name.
Origin = Rule | str


def _cite(origin: Origin) -> tuple[str, str | None]:
    if isinstance(origin, Rule):
        return origin.cite or origin.source, origin.id
    return origin, None


def _item(
    kind: str, label: str, due: date | None, origin: Origin, *, at_next_visit: bool = False
) -> ScheduleItem:
    source, rule = _cite(origin)
    return ScheduleItem(kind, label, due, source, rule, at_next_visit)


@dataclass(slots=True)
class Evaluation:
    policy: Policy
    as_of: date
    next_visit_due: date | None
    visit_overdue: bool
    visits: list[VisitResult]
    findings: list[Finding]
    schedule: list[ScheduleItem] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def to_json(self, *, include_schedule: bool = False) -> dict:
        """The command-line output shape; the schedule only when asked for."""
        return {"policy": self.policy.id, **result_json(self, include_schedule=include_schedule)}


@dataclass(slots=True)
class DueStatus:
    """The caseload view of one child: what is due, and what is overdue.

    Read-only by convention. Not frozen, because the caseload builds one for every child and
    profile at once and a frozen dataclass of this size costs three times as much to make.
    """

    next_visit_due: date | None
    visit_overdue: bool
    records_overdue: int  # records not completed by their deadline
    records_blocked: int  # records not completed that still lack something they need
    reattempt_due: date | None
    reattempt_overdue: bool
    seen_alone_due: date | None
    seen_alone_overdue: bool
    # Which records those are, so that two standards judging one child count each record once.
    overdue_records: tuple[str, ...] = ()
    blocked_records: tuple[str, ...] = ()
    # Home and bedroom: due at the next visit when the last one missed them (or by a date);
    # overdue once two visits in a row have missed them, or the date has passed.
    bedroom_due: date | None = None
    bedroom_overdue: bool = False
    joint_visit_due: date | None = None  # joint visit with the health visitor
    joint_visit_overdue: bool = False
    meeting_due: date | None = None  # the next plan progress meeting
    meeting_overdue: bool = False
    meeting_notes_due: date | None = None  # notes of a held meeting not yet sent out
    meeting_notes_overdue: bool = False
    review_due: date | None = None  # a plan review not yet held
    review_overdue: bool = False
    # The re-attempt deadline is for a visit the worker cancelled (to rearrange), not for a
    # failed visit (to try again).
    reattempt_cancelled: bool = False
    # Time alone with the child is due at the next statutory visit, whenever that is: an
    # authority's combined answer uses its own next visit date.
    seen_alone_at_next_visit: bool = False
    # The same for a bedroom owed at the next visit (every other visit).
    bedroom_at_next_visit: bool = False


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def result_json(result: Any, *, include_schedule: bool = False) -> dict:
    """The command-line shape of a whole-case result (one profile's, or an authority's):
    ``as_of``, ``next_visit_due``, ``visit_overdue``, ``visits``, ``findings`` and, when asked
    for, ``schedule``. The caller adds what it was judged by."""
    out = {
        "as_of": result.as_of.isoformat(),
        "next_visit_due": _iso(result.next_visit_due),
        "visit_overdue": result.visit_overdue,
        "visits": [
            {
                "id": v.id,
                "statutory": v.statutory,
                "record_due": _iso(v.record_due),
                "recorded_late": v.recorded_late,
                "reattempt_due": _iso(v.reattempt_due),
            }
            for v in result.visits
        ],
        "findings": [f.to_json() for f in result.findings],
    }
    if include_schedule:
        out["schedule"] = [
            {
                "kind": s.kind,
                "label": s.label,
                "due": _iso(s.due),
                "source": s.source,
                "rule": s.rule,
            }
            for s in result.schedule
        ]
    return out


def sort_findings(findings: Iterable[Finding], order: dict[str | None, int]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_RANK[f.severity],
            order.get(f.visit, -1),
            f.code,
            f.field or "",
        ),
    )
