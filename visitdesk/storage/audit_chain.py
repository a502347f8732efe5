"""This installation's audit trail as it is written: each entry chained to the one before by
a SHA-256 hash, and where the trail ends kept in ``audit_head``, signed by the device key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from visitdesk.storage.models import AuditEvent, AuditHead, Installation, new_id

GENESIS = "0" * 64
HEAD_ID = 1
# What the head's signature covers is told apart from anything else the device key signs.
HEAD_LABEL = b"VisitDesk audit head 1\n"
# Per session: the device key, the head as this session last signed or checked it, and where
# the trail ends as the current transaction has seen it.
_KEY = "visitdesk_audit_key"
_GOOD_HEAD = "visitdesk_audit_good_head"
_TAIL = "visitdesk_audit_tail"


def _digest(
    prev_hash: str,
    event_id: str,
    at: datetime,
    actor: str,
    device_id: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: str,
) -> str:
    body = json.dumps(
        [prev_hash, event_id, at.isoformat(), actor, device_id, action, entity, entity_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# --- the head -----------------------------------------------------------------------------


def head_message(device_id: str, seq: int, hash_: str, count: int) -> bytes:
    """The bytes the head's signature covers."""
    body = json.dumps([device_id, seq, hash_, count], separators=(",", ":"))
    return HEAD_LABEL + body.encode("ascii")


def sign_head(secret: bytes, seq: int, hash_: str, count: int) -> bytes:
    """The head's Ed25519 signature by the device whose secret is ``secret``.

    The migration that introduced the head uses this too, for databases that already had
    entries.
    """
    from visitdesk.sync.identity import DeviceIdentity

    identity = DeviceIdentity.from_secret_bytes(secret)
    return identity.sign(head_message(identity.device_id, seq, hash_, count))


def _identity(session: Session) -> Any:
    """This installation's device identity, or None if it has no usable key."""
    cached = session.info.get(_KEY)
    if cached is not None:
        return cached
    secret = session.scalar(select(Installation.device_secret).limit(1))
    if not secret:
        return None  # not cached: the installation may be added later in this session
    from visitdesk.sync.identity import DeviceIdentity

    try:
        identity = DeviceIdentity.from_secret_bytes(secret)
    except ValueError:
        return None
    session.info[_KEY] = identity
    return identity


def _head_tuple(head: AuditHead) -> tuple[int, str, int, bytes]:
    return head.seq, head.hash, head.count, bytes(head.signature or b"")


def _signature_ok(session: Session, identity: Any, head: AuditHead) -> bool:
    if session.info.get(_GOOD_HEAD) == _head_tuple(head):
        return True  # signed or checked by this session, and unchanged since
    from nacl.exceptions import BadSignatureError

    try:
        identity.signing_key.verify_key.verify(
            head_message(identity.device_id, head.seq, head.hash, head.count),
            bytes(head.signature or b""),
        )
    except (BadSignatureError, ValueError, TypeError):
        return False
    session.info[_GOOD_HEAD] = _head_tuple(head)
    return True


def _numbering(session: Session) -> int:
    """The highest entry number SQLite has ever given (0 if none)."""
    value = session.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'"))
    return int(value or 0)


@dataclass
class _Tail:
    """Where the trail ends, as one transaction (or savepoint) has seen and moved it."""

    transaction: object
    head: AuditHead | None
    highest: int  # the highest entry number given, in the table or by SQLite's counter


def _tail(session: Session) -> _Tail:
    # Read once per transaction, then kept (with a strong reference: the session's identity
    # map alone would let the head go and fetch it again for every entry). Any other
    # transaction or savepoint reads afresh, so a rollback never leaves it stale.
    session.connection()  # begins the transaction now if it has not begun yet
    current = (session.get_transaction(), session.get_nested_transaction())
    tail = session.info.get(_TAIL)
    if tail is not None and tail.transaction == current:
        return tail
    head = session.get(AuditHead, HEAD_ID, populate_existing=True)
    # Numbers only ever go up, even if the table or SQLite's own counter was cut back outside
    # VisitDesk: a number seen anywhere is never given again.
    highest = session.scalar(
        text(
            "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'), 0),"
            " COALESCE((SELECT max(seq) FROM audit_events), 0))"
        )
    )
    tail = _Tail(current, head, int(highest or 0))
    session.info[_TAIL] = tail
    return tail


def _fresh_start(session: Session) -> bool:
    """No head, no entry, and no number ever given: a new database."""
    return session.scalar(select(AuditEvent.seq).limit(1)) is None and _numbering(session) == 0


def append(
    session: Session,
    *,
    at: datetime,
    actor: str,
    device_id: str,
    action: str,
    entity: str,
    entity_id: str = "",
    detail: str = "",
) -> AuditEvent:
    """Add one entry at the end of the chain, and move the head, in the caller's transaction.

    The entry follows the head (not whatever the table's last row is now), so entries cut off
    outside VisitDesk leave a break that stays. A head that does not check out is never signed
    again: appending never makes a tampered trail look whole.
    """
    tail = _tail(session)
    head = tail.head
    identity = _identity(session)
    if identity is None:
        trusted = False
    elif head is None:
        trusted = _fresh_start(session)
    else:
        trusted = _signature_ok(session, identity, head)
    prev_hash = head.hash if head is not None else GENESIS
    count = (head.count if head is not None else 0) + 1
    seq = max(tail.highest, head.seq if head is not None else 0) + 1
    event_id = new_id()
    event = AuditEvent(
        seq=seq,
        id=event_id,
        at=at,
        actor=actor,
        device_id=device_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
        prev_hash=prev_hash,
        hash=_digest(prev_hash, event_id, at, actor, device_id, action, entity, entity_id, detail),
    )
    session.add(event)
    if head is None:
        head = AuditHead(id=HEAD_ID, seq=seq, hash=event.hash, count=count, signature=b"")
        session.add(head)
    else:
        head.seq, head.hash, head.count = seq, event.hash, count
    head.signature = (
        identity.sign(head_message(identity.device_id, seq, event.hash, count)) if trusted else b""
    )
    # Not flushed here: many entries in one transaction (a bundle import) are then written
    # together, and the head once, when the caller's transaction flushes or commits.
    tail.head, tail.highest = head, seq
    if trusted:
        session.info[_GOOD_HEAD] = _head_tuple(head)
    return event


def current_head(session: Session) -> tuple[int, str]:
    """The number and hash of the last entry this installation wrote (0 and GENESIS if none).

    What a bundle carries as its sender's audit head.
    """
    head = session.get(AuditHead, HEAD_ID)
    if head is None:
        return 0, GENESIS
    return head.seq, head.hash
