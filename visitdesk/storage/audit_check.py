"""Checking this installation's audit trail: the chain from the start, where the signed head
says it ends, and the append-only protection.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from visitdesk.storage.audit_chain import (
    GENESIS,
    HEAD_ID,
    _digest,
    _identity,
    _numbering,
    _signature_ok,
)
from visitdesk.storage.models import AuditEvent, AuditHead, Installation


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
HEAD_PROTECTION = ("audit_head_no_delete", "audit_head_forward_only")
_REMOVED = "the protection has been removed outside VisitDesk"


def _describe(event: AuditEvent) -> str:
    return f"{event.action} {event.entity}, {event.at:%Y-%m-%d %H:%M:%S}"


def _entries(n: int) -> str:
    return "1 entry" if n == 1 else f"{n} entries"


def _head_problem(session: Session, last: AuditEvent | None, count: int) -> str:
    """What is wrong with where the trail ends, or "" if the head, table and numbering agree."""
    head = session.get(AuditHead, HEAD_ID, populate_existing=True)  # as stored, not as cached
    last_seq = last.seq if last is not None else 0
    if head is None:
        if last is not None or session.scalar(select(Installation.id).limit(1)) is not None:
            return (
                "the record of where the audit trail ends is missing: it has been removed "
                "outside VisitDesk, so entries may have been cut off the end"
            )
    else:
        identity = _identity(session)
        if identity is None:
            return (
                "this installation's device key is missing, so where the audit trail "
                "ends cannot be checked"
            )
        if not _signature_ok(session, identity, head):
            return (
                "the record of where the audit trail ends has been altered outside "
                "VisitDesk (its signature does not match)"
            )
        if head.seq > last_seq:
            if last is None:
                return (
                    f"every entry has been removed from the audit trail (it reached "
                    f"entry {head.seq})"
                )
            return (
                f"the audit trail ends at entry {last_seq} but it reached entry "
                f"{head.seq}: the last {_entries(head.seq - last_seq)} have been removed"
            )
        if head.seq < last_seq:
            return (
                f"entries after entry {head.seq} were added outside VisitDesk (the trail "
                f"now ends at entry {last_seq})"
            )
        if last is not None and head.hash != last.hash:
            return (
                f"audit entry {last_seq} is not the entry VisitDesk wrote there: the "
                "trail has been rewritten"
            )
        if head.count != count:
            return (
                f"the audit trail holds {_entries(count)} but VisitDesk wrote "
                f"{head.count}: entries have been removed and the rest rewritten"
            )
    numbered = _numbering(session)
    if numbered > last_seq:
        return (
            f"entries after entry {last_seq} have been removed (entries were numbered up "
            f"to {numbered})"
        )
    if numbered < last_seq:
        return "the numbering of audit entries has been reset outside VisitDesk"
    return ""


def verify(session: Session) -> ChainReport:
    """Walk the chain from the start; report the first entry that does not fit.

    Then check that the trail ends where the signed head says it does and where SQLite's
    numbering got to, so entries cut off the end are found; and that the append-only
    protection (triggers) is still there: removing it can only be done with the key, outside
    VisitDesk.
    """
    prev_hash = GENESIS
    count = 0
    last: AuditEvent | None = None
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        count += 1
        if event.seq != count:
            # Numbers start at 1 and are never skipped or given twice.
            gap = (
                f"entry {count}"
                if event.seq == count + 1
                else f"entries {count} to {event.seq - 1}"
            )
            problem = (
                f"comes after a gap: {gap} missing" if event.seq > count else "is out of order"
            )
            return ChainReport(False, count, event.seq, problem, _describe(event))
        if event.prev_hash != prev_hash:
            return ChainReport(
                False, count, event.seq, "does not follow the entry before it", _describe(event)
            )
        expected = _digest(
            event.prev_hash,
            event.id,
            event.at,
            event.actor,
            event.device_id,
            event.action,
            event.entity,
            event.entity_id,
            event.detail,
        )
        if expected != event.hash:
            return ChainReport(False, count, event.seq, "has been altered", _describe(event))
        prev_hash = event.hash
        last = event
    problem = _head_problem(session, last, count)
    if problem:
        return ChainReport(False, count, None, problem)
    triggers = set(
        session.scalars(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('audit_events', 'audit_head')"
            )
        )
    )
    if not set(PROTECTION + HEAD_PROTECTION) <= triggers:
        return ChainReport(
            False,
            count,
            None,
            "the audit log's append-only protection has "
            "been removed outside VisitDesk; its entries are intact so far",
        )
    return ChainReport(True, count)
