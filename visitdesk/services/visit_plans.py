"""The plan a worker writes before a visit (004 I.14), and how it is carried into the record.

The plan for a child's next visit is kept on the child, as a JSON object of its parts (see
:data:`PLAN_PARTS`); starting the visit record moves it into the record, where it stays as
part of what the record says, beside what was done. This module is the one place that reads
and writes that JSON: :func:`parse_plan` reads it strictly (it also arrives in bundles) and
:func:`plan_text` writes its one canonical form. Each write is one transaction with an audit
entry that says what was done, never what was planned.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.reports.model import ReportPlan
from visitdesk.services.changes import NOTHING, Changes
from visitdesk.services.ownership import NotFound, own_child
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import Child, Visit

CLAUSE = "I.14"
SOURCE = f"Visiting policy 2019, {CLAUSE}"


@dataclass(frozen=True, slots=True)
class PlanPart:
    """One part of a pre-visit plan: its stored key, a short label and a line of help."""

    key: str
    label: str
    help: str


# The parts of the plan, in the order the visiting policy lists them (004 I.14 i to vii).
# The keys are stored and sent in bundles: never rename one.
PLAN_PARTS: tuple[PlanPart, ...] = (
    PlanPart(
        "plan",
        "The child's plan",
        "Which parts of the child's plan you will talk about, and how support will be offered.",
    ),
    PlanPart(
        "assessment",
        "Assessments",
        "Which parts of any assessment you will talk through and explore.",
    ),
    PlanPart(
        "wishes",
        "Wishes, views and feelings",
        "How you will hear what the child wishes, thinks and feels, and which direct-work tools "
        "you will use (for example the Signs of Safety three houses, wizard or fairy, or words "
        "and pictures).",
    ),
    PlanPart(
        "culture",
        "Culture and faith",
        "The family's culture to keep in mind: religious observance, customs and values.",
    ),
    PlanPart(
        "needs",
        "Help to understand and take part",
        "What the child and family need to understand and take part: an interpreter, "
        "communication aids, help for someone who cannot see well, or for learning needs.",
    ),
    PlanPart(
        "understanding",
        "Age and understanding",
        "The child's age and what they can understand, and how you will talk with them.",
    ),
    PlanPart(
        "safety",
        "Safety planning",
        "How you will keep yourself, the child and others in the home safe: domestic abuse, "
        "honour-based abuse, threats or coercion, or difficult news to give.",
    ),
)
PART_KEYS = tuple(part.key for part in PLAN_PARTS)
BY_KEY = {part.key: part for part in PLAN_PARTS}

# The whole stored plan: room for every part at length, far below what could hurt to read.
MAX_PLAN_TEXT = 2 * limits.MIB


@dataclass(frozen=True, slots=True)
class PlannedPart:
    """One part of a plan as it is shown or printed: its label and what was written."""

    key: str
    label: str
    text: str


def _shown_key(key: str, longest: int = 40) -> str:
    # A key from a bundle may be anything: named short and printable, never as it came.
    text = "".join(ch if ch.isprintable() else "?" for ch in key[:longest])
    return f"{text}…" if len(key) > longest else text


def _is_unicode(text: str) -> bool:
    # Half of a character pair could be neither stored nor printed.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_parts(parts: Mapping[Any, Any]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for key, value in parts.items():
        if not isinstance(key, str) or key not in BY_KEY:
            name = _shown_key(key) if isinstance(key, str) else "?"
            raise UserError(
                f"the visit plan has a part called {name!r} that VisitDesk does not know"
            )
        label = BY_KEY[key].label
        if not isinstance(value, str) or not _is_unicode(value):
            raise UserError(f"the visit plan's part '{label}' is not text")
        if len(value) > limits.MAX_TEXT_FIELD:
            raise UserError(
                f"the visit plan's part '{label}' is longer than "
                f"{limits.MAX_TEXT_FIELD:,} characters: shorten it"
            )
        if value.strip():
            clean[key] = value
    return clean


def parse_plan(text: Any) -> dict[str, str]:
    """The parts of a stored or sent plan ("" is no plan), blank parts left out.

    Strict, for text from a bundle as much as from the database: a JSON object whose keys are
    only :data:`PLAN_PARTS` keys and whose values are text, each at most the text limit and
    all of it at most :data:`MAX_PLAN_TEXT`. Anything else raises :class:`UserError` with one
    line naming the problem (never the words found)."""
    if not isinstance(text, str):
        raise UserError("the visit plan is not text")
    if text == "":
        return {}
    if len(text) > MAX_PLAN_TEXT:
        raise UserError(f"the visit plan is longer than {MAX_PLAN_TEXT:,} characters")
    try:
        data = limits.parse_json(text)
    except ValueError as exc:
        # The reader may quote a key it found twice: kept to one short line.
        raise UserError(f"the visit plan is not valid JSON ({_shown_key(str(exc), 80)})") from None
    if not isinstance(data, dict):
        raise UserError("the visit plan is not a set of named parts")
    return _check_parts(data)


def plan_text(parts: Mapping[str, str]) -> str:
    """The one stored form of a plan: canonical JSON with sorted keys, blank parts left out,
    and "" when every part is blank. Raises :class:`UserError` as :func:`parse_plan` does."""
    clean = _check_parts(parts)
    if not clean:
        return ""
    text = json.dumps(clean, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if len(text) > MAX_PLAN_TEXT:
        raise UserError(
            f"the visit plan is longer than {MAX_PLAN_TEXT:,} characters in all: shorten it"
        )
    return text


def planned(parts: Mapping[str, str]) -> tuple[PlannedPart, ...]:
    """The parts written, in the plan's order, with their labels (none when there is no plan)."""
    return tuple(
        PlannedPart(part.key, part.label, parts[part.key])
        for part in PLAN_PARTS
        if parts.get(part.key, "").strip()
    )


def planned_of(text: str) -> tuple[PlannedPart, ...]:
    """:func:`planned` of a stored plan's text."""
    return planned(parse_plan(text))


def report_plan(text: str) -> ReportPlan | None:
    """A stored plan as the printed record shows it (None when nothing was planned)."""
    parts = planned_of(text)
    if not parts:
        return None
    return ReportPlan(tuple((p.label, p.text) for p in parts), CLAUSE, SOURCE)


# --- the child's next visit -----------------------------------------------------------------


def _child(session: Session, child_id: str) -> Child:
    child = session.get(Child, child_id)
    if child is None:
        raise NotFound("that child is not on this caseload")
    return child


def next_plan(ws: Workspace, child_id: str) -> dict[str, str]:
    """The plan written for the child's next visit, by part ({} while there is none)."""
    with ws.db.sessions() as session:
        return parse_plan(_child(session, child_id).next_visit_plan)


def save_next_plan(ws: Workspace, child_id: str, parts: Mapping[str, str]) -> Changes:
    """Keep ``parts`` as the plan for the child's next visit (every part blank clears it).

    Only the worker whose caseload the child is on plans their visits."""
    text = plan_text(parts)
    written = ",".join(key for key in PART_KEYS if key in _check_parts(parts))
    with ws.db.transaction() as session:
        child = _child(session, child_id)
        own_child(ws, child)
        if child.next_visit_plan == text:
            return NOTHING
        child.next_visit_plan = text
        child.updated_at = ws.now()
        # Which parts are written is enough for the trail; never what they say.
        ws.audit(session, "plan_next_visit", "child", child_id, written or "cleared")
        return Changes.of(children=[child_id])


# --- the plan in a record -------------------------------------------------------------------


def visit_plan(ws: Workspace, visit_id: str) -> dict[str, str]:
    """The plan carried into the record ``visit_id`` when it was started ({} when none was)."""
    with ws.db.sessions() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFound("that visit record is not on this device")
        return parse_plan(visit.visit_plan)


def carry_in(ws: Workspace, session: Session, child: Child, visit: Visit) -> None:
    """Move the child's plan for their next visit into the record just started for it, in
    the caller's transaction (``visit`` flushed, so it has its id). The child's plan is used
    now, so theirs is cleared: their page then offers to plan the visit after."""
    if not child.next_visit_plan:
        return
    # Read strictly when it was written or arrived; copied as it is, so that nothing stored
    # about the child could ever stop the record being started.
    visit.visit_plan = child.next_visit_plan
    child.next_visit_plan = ""
    child.updated_at = ws.now()
    ws.audit(session, "plan_carried_in", "child", child.id, f"record {visit.id}")


def give_back(ws: Workspace, session: Session, visit: Visit) -> None:
    """Before a draft is thrown away, give its plan back to the child for their next visit,
    unless a new one has been written since (in the caller's transaction)."""
    child = visit.child
    if not visit.visit_plan or child is None or child.next_visit_plan:
        return
    child.next_visit_plan = visit.visit_plan
    child.updated_at = ws.now()
    ws.audit(session, "plan_given_back", "child", child.id, f"record {visit.id}")
