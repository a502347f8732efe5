"""Ask the standards engine about one child: the record being typed, and the whole history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.services.facts import child_facts, current_plan, visit_facts
from visitdesk.services.workspace import Workspace
from visitdesk.standards import (
    ChildFacts,
    Evaluation,
    Finding,
    VisitFacts,
    check_form,
    evaluate,
    load_policy,
)
from visitdesk.storage.models import Child, Plan, Visit


def _history(session: Session, child_id: str, excluding: str | None = None) -> list[VisitFacts]:
    rows = session.scalars(
        select(Visit).where(Visit.child_id == child_id, Visit.conflict_of.is_(None))
        .order_by(Visit.visited_at)
    )
    return [visit_facts(v) for v in rows if v.id != excluding]


def _child(session: Session, child_id: str, on: date) -> ChildFacts:
    child = session.get(Child, child_id)
    plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
    return child_facts(child, current_plan(plans, on))


def form_findings(ws: Workspace, session: Session, visit: Visit) -> list[Finding]:
    """What the standard says about this record as stored now (used before completing)."""
    policy = load_policy(ws.identity.policy_id)
    child = _child(session, visit.child_id, visit.visited_at.date())
    draft = replace(visit_facts(visit), completed=True, recorded_at=ws.now())
    return check_form(policy, child, _history(session, visit.child_id, visit.id), draft,
                      ws.today())


def evaluate_child(ws: Workspace, child_id: str, as_of: date | None = None) -> Evaluation:
    as_of = as_of or ws.today()
    with ws.db.sessions() as session:
        child = _child(session, child_id, as_of)
        return evaluate(load_policy(ws.identity.policy_id), child, _history(session, child_id),
                        as_of)


@dataclass
class FormChecker:
    """Live validation of one visit form: loads the child once, then checks on every keystroke."""

    ws: Workspace
    visit_id: str
    child: ChildFacts
    history: list[VisitFacts]

    @classmethod
    def for_visit(cls, ws: Workspace, visit_id: str) -> FormChecker:
        with ws.db.sessions() as session:
            visit = session.get(Visit, visit_id)
            child = _child(session, visit.child_id, visit.visited_at.date())
            return cls(ws, visit_id, child, _history(session, visit.child_id, visit_id))

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
            recorded_at=self.ws.now(),
        )
        policy = load_policy(self.ws.identity.policy_id)
        return check_form(policy, self.child, self.history, facts, self.ws.today())
