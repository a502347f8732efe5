"""The append-only audit log, each entry chained to the one before by a SHA-256 hash.

An entry says who did what to which record and when; it never holds what the record says.
Where the trail ends (the last entry's number and hash, and how many entries there are) is
kept apart from it in ``audit_head``, signed by the device key, so that entries cut off the
end are found as surely as entries changed in the middle. The team's copies of other devices'
trails are checked here too.

It is written in ``audit_chain``, checked in ``audit_check``, and the team's copies are in
``audit_team``; all three are used through this module, which also tells a record's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.storage.audit_chain import (
    GENESIS,
    HEAD_ID,
    HEAD_LABEL,
    _digest,  # noqa: F401  (imported from here by tests)
    append,
    current_head,
    head_message,
    sign_head,
)
from visitdesk.storage.audit_check import HEAD_PROTECTION, PROTECTION, ChainReport, verify
from visitdesk.storage.audit_team import (
    TeamTrailReport,
    _event_digest,  # noqa: F401  (imported from here by tests)
    check_team_continuity,
    note_team_head,
    verify_team,
)
from visitdesk.storage.models import AuditEvent, TeamAuditEvent

# Writing the trail, checking it and the team's copies live in their own modules; they are
# re-exported so that every ``audit.<name>`` and ``from visitdesk.storage.audit import ...``
# still works.
__all__ = [
    "GENESIS",
    "HEAD_ID",
    "HEAD_LABEL",
    "HEAD_PROTECTION",
    "PROTECTION",
    "ChainReport",
    "HistoryEntry",
    "TeamTrailReport",
    "append",
    "check_team_continuity",
    "current_head",
    "describe",
    "head_message",
    "history",
    "note_team_head",
    "sign_head",
    "verify",
    "verify_team",
]


# --- a record's history -------------------------------------------------------------------

_FIELD_WORDS = {
    "visited_at": "date and time",
    "not_seen_alone_category": "why not seen alone",
    "not_seen_alone_reason": "reason not seen alone",
    "childs_voice": "child's voice",
    "joint_with_health_visitor": "joint visit",
    "status_of_child": "status of the child",
}


def _fields(detail: str) -> str:
    names = [n for n in detail.split(",") if n]
    return ", ".join(_FIELD_WORDS.get(n, n.replace("_", " ")) for n in names)


def describe(action: str, entity: str, detail: str) -> str:
    """An audit entry in plain words (it never holds what a record says)."""
    if action == "create":
        if entity == "visit" and detail.startswith("household visit"):
            return "Started the record, at a household visit"
        return {"visit": "Started the record", "child": "Added the child"}.get(
            entity, f"Added the {entity}"
        )
    if action == "change":
        if entity == "visit":
            return f"Changed {_fields(detail)}" if detail else "Changed the record"
        return f"Changed the {entity}"
    if action == "complete":
        return f"Completed the record ({detail})" if detail else "Completed the record"
    if action == "export_pdf":
        return f"Saved as a PDF ({detail})" if detail else "Saved as a PDF"
    if action in ("authorised_by_manager", "returned_by_manager"):
        what = "Authorised" if action.startswith("authorised") else "Returned for correction"
        return f"{what} {detail}".strip()
    if action == "resolve_conflict":
        return f"Settled a conflict: {detail}" if detail else "Settled a conflict"
    words = {
        "authorise": "Authorised",
        "return": "Returned for correction",
        "addendum": "Added an addendum",
        "conflict": "Kept both copies after a conflict",
        "join_household": "Joined a household",
        "leave_household": "Left their household",
    }
    return words.get(action, action.replace("_", " ").capitalize())


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    detail: str
    text: str
    here: bool  # done on this installation (else received from the team in a bundle)


def history(session: Session, entity_id: str) -> list[HistoryEntry]:
    """Everything the audit trail says was done to one record, oldest first.

    Includes what other installations did to it (a manager's authorisation, say), from the
    audit entries their bundles carried.
    """
    if not entity_id:
        return []
    seen: set[str] = set()
    entries: list[tuple[datetime, int, HistoryEntry]] = []
    for event in session.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == entity_id).order_by(AuditEvent.seq)
    ):
        seen.add(event.id)
        entries.append(
            (
                event.at,
                1,
                HistoryEntry(
                    event.at,
                    event.actor,
                    event.action,
                    event.detail,
                    describe(event.action, event.entity, event.detail),
                    True,
                ),
            )
        )
    for event in session.scalars(
        select(TeamAuditEvent)
        .where(TeamAuditEvent.entity_id == entity_id)
        .order_by(TeamAuditEvent.seq)
    ):
        if event.id in seen:
            continue
        entries.append(
            (
                event.at,
                0,
                HistoryEntry(
                    event.at,
                    event.actor,
                    event.action,
                    event.detail,
                    describe(event.action, event.entity, event.detail),
                    False,
                ),
            )
        )
    # Within one second, what arrived from elsewhere came first: this installation could only
    # act on a received record after receiving it.
    entries.sort(key=lambda item: (item[0], item[1]))
    return [entry for _at, _order, entry in entries]
