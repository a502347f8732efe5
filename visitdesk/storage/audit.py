"""The append-only audit log, each entry chained to the one before by a SHA-256 hash.

An entry says who did what to which record and when; it never holds what the record says.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from visitdesk.storage.models import AuditEvent, TeamAuditEvent, new_id

GENESIS = "0" * 64


def _digest(prev_hash: str, event_id: str, at: datetime, actor: str, device_id: str,
            action: str, entity: str, entity_id: str, detail: str) -> str:
    body = json.dumps(
        [prev_hash, event_id, at.isoformat(), actor, device_id, action, entity, entity_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(session: Session, *, at: datetime, actor: str, device_id: str, action: str,
           entity: str, entity_id: str = "", detail: str = "") -> AuditEvent:
    """Add one entry at the end of the chain, inside the caller's transaction."""
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1))
    prev_hash = prev or GENESIS
    event_id = new_id()
    event = AuditEvent(
        id=event_id, at=at, actor=actor, device_id=device_id, action=action, entity=entity,
        entity_id=entity_id, detail=detail, prev_hash=prev_hash,
        hash=_digest(prev_hash, event_id, at, actor, device_id, action, entity, entity_id, detail),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    broken_seq: int | None = None
    problem: str = ""
    what: str = ""  # the broken entry in words: its action, record kind and time

    def text(self) -> str:
        if self.ok:
            return f"OK: {self.entries} audit entries, chain intact"
        if self.broken_seq is None:
            return f"BROKEN: {self.problem}"
        return f"BROKEN: audit entry {self.broken_seq} ({self.what}) {self.problem}"


PROTECTION = ("audit_events_no_update", "audit_events_no_delete")


def _describe(event: AuditEvent) -> str:
    return f"{event.action} {event.entity}, {event.at:%Y-%m-%d %H:%M:%S}"


def verify(session: Session) -> ChainReport:
    """Walk the chain from the start; report the first entry that does not fit.

    Also reports a log whose append-only protection (its triggers) has been removed: that can
    only be done with the key, outside VisitDesk.
    """
    prev_hash = GENESIS
    count = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        count += 1
        if event.prev_hash != prev_hash:
            return ChainReport(False, count, event.seq, "does not follow the entry before it",
                               _describe(event))
        expected = _digest(event.prev_hash, event.id, event.at, event.actor, event.device_id,
                           event.action, event.entity, event.entity_id, event.detail)
        if expected != event.hash:
            return ChainReport(False, count, event.seq, "has been altered", _describe(event))
        prev_hash = event.hash
    triggers = set(session.scalars(text(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")))
    if not set(PROTECTION) <= triggers:
        return ChainReport(False, count, None, "the audit log's append-only protection has "
                           "been removed outside VisitDesk; its entries are intact so far")
    return ChainReport(True, count)


# --- a record's history -------------------------------------------------------------------

_FIELD_WORDS = {
    "visited_at": "date and time", "not_seen_alone_category": "why not seen alone",
    "not_seen_alone_reason": "reason not seen alone", "childs_voice": "child's voice",
    "joint_with_health_visitor": "joint visit", "status_of_child": "status of the child",
}


def _fields(detail: str) -> str:
    names = [n for n in detail.split(",") if n]
    return ", ".join(_FIELD_WORDS.get(n, n.replace("_", " ")) for n in names)


def describe(action: str, entity: str, detail: str) -> str:
    """An audit entry in plain words (it never holds what a record says)."""
    if action == "create":
        return {"visit": "Started the record", "child": "Added the child"}.get(
            entity, f"Added the {entity}")
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
        "authorise": "Authorised", "return": "Returned for correction",
        "addendum": "Added an addendum", "conflict": "Kept both copies after a conflict",
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
    for event in session.scalars(select(AuditEvent).where(AuditEvent.entity_id == entity_id)
                                 .order_by(AuditEvent.seq)):
        seen.add(event.id)
        entries.append((event.at, 1, HistoryEntry(
            event.at, event.actor, event.action, event.detail,
            describe(event.action, event.entity, event.detail), True)))
    for event in session.scalars(select(TeamAuditEvent)
                                 .where(TeamAuditEvent.entity_id == entity_id)
                                 .order_by(TeamAuditEvent.seq)):
        if event.id in seen:
            continue
        entries.append((event.at, 0, HistoryEntry(
            event.at, event.actor, event.action, event.detail,
            describe(event.action, event.entity, event.detail), False)))
    # Within one second, what arrived from elsewhere came first: this installation could only
    # act on a received record after receiving it.
    entries.sort(key=lambda item: (item[0], item[1]))
    return [entry for _at, _order, entry in entries]
