"""Ask the standards engine about one child: the record being typed, and the whole history.

Every question is asked of the installation's authority, so a child is judged by every
standard their plan falls under (and a plan no standard covers says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.services.facts import (
    child_facts,
    current_plan,
    first_completions,
    installation_authority,
    visit_facts,
)
from visitdesk.services.workspace import Workspace
from visitdesk.standards import ChildFacts, Finding, Judgement, VisitFacts, judge, judge_form
from visitdesk.storage.models import Child, Plan, Visit


def _history(session: Session, child_id: str, excluding: str | None = None) -> list[VisitFacts]:
    rows = session.scalars(
        select(Visit).where(Visit.child_id == child_id, Visit.conflict_of.is_(None))
        .order_by(Visit.visited_at)
    )
    first = first_completions(session, child_id)
    return [visit_facts(v, first.get(v.id)) for v in rows if v.id != excluding]


def _first_completed(session: Session, visit: Visit) -> datetime | None:
    """When a returned (or completed) record was first completed; None for a first draft."""
    return first_completions(session, visit.child_id).get(visit.id)


def _child(session: Session, child_id: str, on: date) -> ChildFacts:
    child = session.get(Child, child_id)
    plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
    return child_facts(child, current_plan(plans, on))


def form_findings(ws: Workspace, session: Session, visit: Visit) -> list[Finding]:
    """What the standards say about this record as stored now (used before completing)."""
    child = _child(session, visit.child_id, visit.visited_at.date())
    # A corrected record keeps the time it was first completed; a new one is completed now.
    written = _first_completed(session, visit) or ws.now()
    draft = replace(visit_facts(visit), completed=True, recorded_at=written)
    return judge_form(installation_authority(ws), child,
                      _history(session, visit.child_id, visit.id), draft, ws.today())


def record_findings(ws: Workspace, session: Session, visit: Visit, on: date) -> list[Finding]:
    """What the standards say about a stored record as of ``on`` (for reports)."""
    child = _child(session, visit.child_id, visit.visited_at.date())
    facts = visit_facts(visit, _first_completed(session, visit))
    return judge_form(installation_authority(ws), child,
                      _history(session, visit.child_id, visit.id), facts, on)


def evaluate_child(ws: Workspace, child_id: str, as_of: date | None = None) -> Judgement:
    """The child's whole case under every standard their plan falls under."""
    as_of = as_of or ws.today()
    with ws.db.sessions() as session:
        child = _child(session, child_id, as_of)
        return judge(installation_authority(ws), child, _history(session, child_id), as_of)


@dataclass
class FormChecker:
    """Live validation of one visit form: loads the child once, then checks on every keystroke."""

    ws: Workspace
    visit_id: str
    child: ChildFacts
    history: list[VisitFacts]
    first_completed: datetime | None = None  # a returned record's first completion

    @classmethod
    def for_visit(cls, ws: Workspace, visit_id: str) -> FormChecker:
        with ws.db.sessions() as session:
            visit = session.get(Visit, visit_id)
            child = _child(session, visit.child_id, visit.visited_at.date())
            return cls(ws, visit_id, child, _history(session, visit.child_id, visit_id),
                       _first_completed(session, visit))

    def check(self, values: Mapping[str, Any]) -> list[Finding]:
        """Findings for the form as typed; ``values`` uses the stored field names."""
        facts = VisitFacts(
            id=self.visit_id,
            visited_at=values["visited_at"],
            location=values.get("location"),
            seen=values.get("seen"),
            seen_alone=values.get("seen_alone"),
            not_seen_alone_reason=values.get("not_seen_alone_reason") or None,
            not_seen_alone_category=values.get("not_seen_alone_category"),
            bedroom_seen=values.get("bedroom_seen"),
            seen_awake=values.get("seen_awake"),
            attachment_observed=values.get("attachment_observed"),
            joint_with_health_visitor=values.get("joint_with_health_visitor"),
            purpose=values.get("purpose") or None,
            findings=values.get("findings") or None,
            analysis=values.get("analysis") or None,
            conclusion=values.get("conclusion") or None,
            recommendations=values.get("recommendations") or None,
            completed=True,
            recorded_at=self.first_completed or self.ws.now(),
        )
        return judge_form(installation_authority(self.ws), self.child, self.history, facts,
                          self.ws.today())
