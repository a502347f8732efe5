"""The append-only audit log, each entry chained to the one before by a SHA-256 hash.

An entry says who did what to which record and when; it never holds what the record says.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.storage.models import AuditEvent, new_id

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


def verify(session: Session) -> ChainReport:
    """Walk the chain from the start; report the first entry that does not fit."""
    prev_hash = GENESIS
    count = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        count += 1
        if event.prev_hash != prev_hash:
            return ChainReport(False, count, event.seq, "does not follow the entry before it")
        expected = _digest(event.prev_hash, event.id, event.at, event.actor, event.device_id,
                           event.action, event.entity, event.entity_id, event.detail)
        if expected != event.hash:
            return ChainReport(False, count, event.seq, "has been altered")
        prev_hash = event.hash
    return ChainReport(True, count)
