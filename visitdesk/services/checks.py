"""Ask the standards engine about one child: the record being typed, and the whole history.

Every question is asked of the installation's authority, so a child is judged by every
standard their plan falls under (and a plan no standard covers says so).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk import limits
from visitdesk.limits import FUTURE_GRACE
from visitdesk.services.facts import (
    child_facts,
    current_plan,
    first_completions,
    installation_authority,
    visit_facts,
)
from visitdesk.services.workspace import Workspace
from visitdesk.standards import (
    ChildFacts,
    Finding,
    Judgement,
    Policy,
    VisitFacts,
    judge,
    judge_form,
)
from visitdesk.standards import fields as catalogue
from visitdesk.standards.case import visit_facts_from
from visitdesk.storage import answers
from visitdesk.storage.models import Child, Plan, Visit

log = logging.getLogger(__name__)


def _history(
    session: Session, child_id: str, excluding: str | None = None
) -> tuple[list[VisitFacts], dict[str, datetime]]:
    """The child's other records as the engine sees them, and when each record (``excluding``
    too) was first completed: a returned record keeps that time for its lateness."""
    rows = session.scalars(
        select(Visit)
        .where(Visit.child_id == child_id, Visit.conflict_of.is_(None))
        .order_by(Visit.visited_at)
    )
    first = first_completions(session, child_id)
    return [visit_facts(v, first.get(v.id)) for v in rows if v.id != excluding], first


def _child(session: Session, child_id: str, on: date) -> ChildFacts:
    child = session.get(Child, child_id)
    plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
    return child_facts(child, current_plan(plans, on))


def too_long(values: Mapping[str, Any], visit_id: str) -> list[Finding]:
    """An error for each answer longer than a bundle may carry: a record that could not
    reach the manager is never completed (it would hold up every bundle after it)."""
    found = []
    for name in catalogue.TEXT_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and len(value) > limits.MAX_TEXT_FIELD:
            found.append(
                Finding(
                    code="record.too_long",
                    severity="error",
                    visit=visit_id,
                    field=name,
                    source="VisitDesk",
                    rule=None,
                    message=f"This is {len(value):,} characters long, more than the "
                    f"{limits.MAX_TEXT_FIELD:,} a record can carry to your manager: shorten "
                    "it before completing the record.",
                )
            )
    return found


def form_findings(ws: Workspace, session: Session, visit: Visit) -> list[Finding]:
    """What the standards say about this record as stored now (used before completing)."""
    child = _child(session, visit.child_id, visit.visited_at.date())
    history, first = _history(session, visit.child_id, visit.id)
    # A corrected record keeps the time it was first completed; a new one is completed now.
    written = first.get(visit.id) or ws.now()
    draft = replace(visit_facts(visit), completed=True, recorded_at=written)
    found = judge_form(installation_authority(ws), child, history, draft, ws.today())
    return too_long(answers.values_of(visit), visit.id) + found


def record_findings(ws: Workspace, session: Session, visit: Visit, on: date) -> list[Finding]:
    """What the standards say about a stored record as of ``on`` (for reports)."""
    child = _child(session, visit.child_id, visit.visited_at.date())
    history, first = _history(session, visit.child_id, visit.id)
    facts = visit_facts(visit, first.get(visit.id))
    return judge_form(installation_authority(ws), child, history, facts, on)


def evaluate_child(ws: Workspace, child_id: str, as_of: date | None = None) -> Judgement:
    """The child's whole case under every standard their plan falls under."""
    as_of = as_of or ws.today()
    with ws.db.sessions() as session:
        child = _child(session, child_id, as_of)
        return judge(installation_authority(ws), child, _history(session, child_id)[0], as_of)


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
            history, first = _history(session, visit.child_id, visit_id)
            return cls(ws, visit_id, child, history, first.get(visit_id))

    def check(self, values: Mapping[str, Any]) -> list[Finding]:
        """Findings for the form as typed; ``values`` uses the stored field names."""
        # Every answer the engine reads, by the catalogue's names; blank text is "not
        # recorded", as it is when the record is stored.
        facts = visit_facts_from(
            values,
            id=self.visit_id,
            completed=True,
            recorded_at=self.first_completed or self.ws.now(),
        )
        authority = installation_authority(self.ws)
        found = judge_form(authority, self.child, self.history, facts, self.ws.today())
        if values["visited_at"] > self.ws.now() + FUTURE_GRACE:
            found.insert(
                0,
                Finding(
                    code="visit.in_future",
                    severity="error",
                    visit=self.visit_id,
                    field="visited_at",
                    source=authority.name,
                    rule=None,
                    message="The visit date and time is later than now. A visit is written up "
                    "once it has happened: correct the date and time.",
                ),
            )
        return too_long(values, self.visit_id) + found


# ---------------------------------------------------------------------------------------------
# The check frozen at completion: what the worker was shown when they completed the record,
# kept with the record so it prints the same however the standards or the history change.

_CHECK_FORMAT = 1
_FINDING_KEYS = ("code", "severity", "visit", "field", "message", "source", "rule")


@dataclass(frozen=True)
class CompletionCheck:
    """The findings exactly as shown when a record was completed, and what judged it."""

    completed_at: datetime
    authority: str  # the authority's id ("" for one profile alone)
    standards: tuple[tuple[str, str, str], ...]  # (profile id, short name, version)
    findings: tuple[Finding, ...]


@lru_cache(maxsize=64)
def _file_version(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()[:12]
    except OSError:
        return "unknown"


def profile_version(policy: Policy) -> str:
    """A short fingerprint of the profile file a finding came from: two records checked by
    the same version of a standard show the same one."""
    return _file_version(policy.path) if policy.path else "unknown"


def _child_for(session: Session, visit: Visit) -> ChildFacts:
    return _child(session, visit.child_id, visit.visited_at.date())


def freeze_check(
    ws: Workspace, session: Session, visit: Visit, findings: list[Finding], completed_at: datetime
) -> str:
    """The JSON stored on a record as it is completed (see :class:`CompletionCheck`)."""
    authority = installation_authority(ws)
    policies, _uncovered = authority.judging(_child_for(session, visit))
    return json.dumps(
        {
            "format": _CHECK_FORMAT,
            "completed_at": completed_at.strftime("%Y-%m-%dT%H:%M:%S"),
            "authority": ws.identity.authority_id,
            "standards": [[p.id, p.name, profile_version(p)] for p in policies],
            "findings": [f.to_json() for f in findings],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _text(value: object, longest: int = limits.MAX_TEXT_FIELD) -> str:
    if not isinstance(value, str) or len(value) > longest:
        raise ValueError("not text")
    return value


def _severity(value: object) -> str:
    if value not in ("error", "warning", "info"):
        raise ValueError("a finding's severity is not error, warning or info")
    return value  # type: ignore[return-value]


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value, limits.MAX_SHORT_TEXT)


def parse_completion_check(text: str) -> CompletionCheck:
    """A stored check back as a :class:`CompletionCheck`; ValueError when it is not one."""
    data = limits.parse_json(text)
    if (
        not isinstance(data, dict)
        or isinstance(data.get("format"), bool)
        or data.get("format") != _CHECK_FORMAT
    ):
        raise ValueError("not a completion check")
    completed_at = datetime.fromisoformat(_text(data.get("completed_at"), 32))
    if completed_at.tzinfo is not None:
        raise ValueError("the completion time has a time zone")
    standards = data.get("standards")
    findings = data.get("findings")
    if not isinstance(standards, list) or not isinstance(findings, list):
        raise ValueError("not a completion check")
    parsed_standards = []
    for item in standards:
        if not isinstance(item, list) or len(item) != 3:
            raise ValueError("not a standard")
        parsed_standards.append(tuple(_text(part, limits.MAX_SHORT_TEXT) for part in item))
    parsed_findings = []
    for item in findings:
        if not isinstance(item, dict):
            raise ValueError("not a finding")
        parsed_findings.append(
            Finding(
                code=_text(item.get("code"), limits.MAX_SHORT_TEXT),
                severity=_severity(item.get("severity")),
                visit=_optional_text(item.get("visit")),
                field=_optional_text(item.get("field")),
                message=_text(item.get("message")),
                source=_text(item.get("source"), limits.MAX_SHORT_TEXT),
                rule=_optional_text(item.get("rule")),
            )
        )
    return CompletionCheck(
        completed_at,
        _text(data.get("authority", ""), 64),
        tuple(parsed_standards),
        tuple(parsed_findings),
    )  # type: ignore[arg-type]


def completion_check(visit: Visit) -> CompletionCheck | None:
    """The check stored when this record was completed; None for a record not completed, or
    completed before checks were kept (or whose stored check cannot be read)."""
    if visit.state not in ("completed", "authorised") or not visit.completion_check:
        return None
    try:
        return parse_completion_check(visit.completion_check)
    except (ValueError, TypeError):
        log.warning("the stored check of a completed record could not be read")
        return None


def _same_findings(
    a: list[Finding] | tuple[Finding, ...], b: list[Finding] | tuple[Finding, ...]
) -> bool:
    def key(f: Finding) -> tuple:
        return (f.code, f.severity, f.field, f.rule, f.message)

    return Counter(map(key, a)) == Counter(map(key, b))


def check_differences(ws: Workspace, session: Session, visit: Visit) -> list[Finding] | None:
    """Today's findings for a completed record when they differ from the check stored at
    completion (the history or the standards changed since); None when they are the same,
    or when there is no stored check to compare with."""
    frozen = completion_check(visit)
    if frozen is None:
        return None
    today = record_findings(ws, session, visit, ws.today())
    return None if _same_findings(today, frozen.findings) else today
