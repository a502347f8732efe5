"""The append-only audit log, each entry chained to the one before by a SHA-256 hash.

An entry says who did what to which record and when; it never holds what the record says.
Where the trail ends (the last entry's number and hash, and how many entries there are) is
kept apart from it in ``audit_head``, signed by the device key, so that entries cut off the
end are found as surely as entries changed in the middle. The team's copies of other devices'
trails are checked here too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from visitdesk.storage.models import (
    AuditEvent,
    AuditHead,
    Installation,
    Peer,
    TeamAuditEvent,
    TeamAuditHead,
    new_id,
)

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


# --- checking this installation's trail ---------------------------------------------------


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


# --- the team's copies of other devices' trails -------------------------------------------

_SAME = ("id", "at", "actor", "action", "entity", "entity_id", "detail", "prev_hash", "hash")


def _when(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _event_digest(event: Mapping[str, Any]) -> str:
    return _digest(
        event["prev_hash"],
        event["id"],
        _when(event["at"]),
        event["actor"],
        event["device_id"],
        event["action"],
        event["entity"],
        event["entity_id"] or "",
        event["detail"] or "",
    )


def check_team_continuity(
    session: Session, device_id: str, events: Iterable[Mapping[str, Any]]
) -> str | None:
    """Do a device's incoming audit entries continue its trail as the team already holds it?

    ``events`` are the entries a bundle from ``device_id`` carries, as dicts with the
    :class:`AuditEvent` columns, in the order sent. Entries the team already holds must be
    identical to its copy; the first new one must be the next number after the last held and
    link to its hash; each must link to the one before and match its own hash. Returns one
    line saying what does not fit (to put in a message), or None if all is well. Reads only.
    """
    events = list(events)
    if not events:
        return None
    held_last = session.execute(
        select(TeamAuditEvent.seq, TeamAuditEvent.hash)
        .where(TeamAuditEvent.device_id == device_id)
        .order_by(TeamAuditEvent.seq.desc())
        .limit(1)
    ).first()
    last_seq, last_hash = (held_last.seq, held_last.hash) if held_last else (0, GENESIS)
    try:
        first = int(events[0]["seq"])
        if first > last_seq + 1:
            gap = (
                f"entry {last_seq + 1}"
                if first == last_seq + 2
                else f"entries {last_seq + 1} to {first - 1}"
            )
            return f"audit {gap} from this device never reached the team"
        held = (
            {
                e.seq: e
                for e in session.scalars(
                    select(TeamAuditEvent).where(
                        TeamAuditEvent.device_id == device_id,
                        TeamAuditEvent.seq >= first,
                        TeamAuditEvent.seq <= last_seq,
                    )
                )
            }
            if first <= last_seq
            else {}
        )
        expected_seq = first
        prev_hash = None
        for event in events:
            seq = event["seq"]
            if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
                return "an audit entry from this device has no proper number"
            if seq != expected_seq:
                return (
                    f"audit entries from this device are missing or out of order (entry "
                    f"{seq} came where entry {expected_seq} should be)"
                )
            if event["device_id"] != device_id:
                return f"audit entry {seq} from this device was made by another device"
            if _event_digest(event) != event["hash"]:
                return f"audit entry {seq} from this device has been altered"
            if seq <= last_seq:
                mine = held.get(seq)
                if mine is None:
                    return f"the team's copy of this device's audit entry {seq} is missing"
                if any(
                    getattr(mine, k) != (_when(event[k]) if k == "at" else event[k]) for k in _SAME
                ):
                    return (
                        f"audit entry {seq} from this device differs from the copy the "
                        "team already holds: the device's trail has been rewritten"
                    )
            elif seq == last_seq + 1:
                if event["prev_hash"] != last_hash:
                    where = f"entry {last_seq}" if last_seq else "the start of the trail"
                    return (
                        f"audit entry {seq} from this device does not follow {where} "
                        "as the team holds it: the device's trail has been rewritten"
                    )
            elif event["prev_hash"] != prev_hash:
                return f"audit entry {seq} from this device does not follow the entry before it"
            prev_hash = event["hash"]
            expected_seq = seq + 1
    except (KeyError, TypeError, ValueError, AttributeError):
        return "an audit entry from this device is not in the expected form"
    return None


def note_team_head(
    session: Session, device_id: str, seq: int, hash_: str, at: datetime
) -> str | None:
    """Remember where a device says its trail ends, and check the team's copy reaches it.

    Call it when a bundle from ``device_id`` arrives, after its audit entries are stored,
    with the head the bundle carries (:func:`current_head` on the sending side). Returns one
    line saying what does not fit, or None. The highest head seen is kept, so that
    :func:`verify_team` can find entries later cut off the end of the team's copy.
    """
    problem = None
    known = session.get(TeamAuditHead, device_id)
    if known is not None and seq < known.seq:
        problem = (
            f"this device's audit trail has gone back from entry {known.seq} to entry "
            f"{seq}: it has been cut short or restored from an older copy"
        )
    elif known is not None and seq == known.seq and hash_ != known.hash:
        problem = (
            f"this device's audit entry {seq} is not the one it reported before: the "
            "device's trail has been rewritten"
        )
    elif seq > 0:
        held = session.get(TeamAuditEvent, (device_id, seq))
        if held is None:
            top = (
                session.scalar(
                    select(func.max(TeamAuditEvent.seq)).where(
                        TeamAuditEvent.device_id == device_id
                    )
                )
                or 0
            )
            problem = (
                f"this device says its audit trail reaches entry {seq} but the team "
                f"holds it only up to entry {top}"
            )
        elif held.hash != hash_:
            problem = (
                f"this device's audit entry {seq} is not the one the team holds: the "
                "device's trail has been rewritten"
            )
    if known is None:
        session.add(TeamAuditHead(device_id=device_id, seq=seq, hash=hash_, received_at=at))
    elif seq > known.seq:
        known.seq, known.hash, known.received_at = seq, hash_, at
    session.flush()
    return problem


@dataclass(frozen=True)
class TeamTrailReport:
    """The check of one device's trail as the team holds it."""

    device_id: str
    name: str
    entries: int
    ok: bool
    problem: str = ""

    def text(self) -> str:
        who = f"{self.name} (device {self.device_id[:8]})"
        if self.ok:
            return f"OK: {who}: {self.entries} audit entries, chain intact"
        return f"BROKEN: {who}: {self.problem}"


def _team_problem(session: Session, device_id: str) -> tuple[int, str]:
    prev_hash = GENESIS
    count = 0
    last: TeamAuditEvent | None = None
    for event in session.scalars(
        select(TeamAuditEvent)
        .where(TeamAuditEvent.device_id == device_id)
        .order_by(TeamAuditEvent.seq)
    ):
        count += 1
        if event.seq != count:
            gap = (
                f"entry {count} is"
                if event.seq == count + 1
                else f"entries {count} to {event.seq - 1} are"
            )
            return count, f"audit {gap} missing from the team's copy"
        if event.prev_hash != prev_hash:
            return count, f"audit entry {event.seq} does not follow the entry before it"
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
            return count, f"audit entry {event.seq} has been altered"
        prev_hash = event.hash
        last = event
    head = session.get(TeamAuditHead, device_id)
    last_seq = last.seq if last is not None else 0
    if head is not None:
        if head.seq > last_seq:
            return count, (
                f"the team's copy ends at entry {last_seq} but the device reported "
                f"entry {head.seq}: entries have been removed from the copy"
            )
        if head.seq < last_seq:
            return count, (
                f"the team's copy has entries after entry {head.seq}, the last the "
                "device reported: they were not sent by the device"
            )
        if last is not None and head.hash != last.hash:
            return count, (
                f"audit entry {last_seq} is not the one the device reported: the "
                "team's copy has been rewritten"
            )
    return count, ""


def verify_team(session: Session) -> list[TeamTrailReport]:
    """Check every other device's trail as received in bundles: whole, in order, unaltered,
    and reaching the last entry each device reported. One report per device, by name."""
    devices = set(session.scalars(select(TeamAuditEvent.device_id).distinct()))
    devices |= set(session.scalars(select(TeamAuditHead.device_id)))
    names = {
        row.device_id: row.name
        for row in session.execute(
            select(Peer.device_id, Peer.name).where(Peer.device_id.in_(devices))
        )
    }
    reports = []
    for device_id in devices:
        count, problem = _team_problem(session, device_id)
        reports.append(
            TeamTrailReport(
                device_id, names.get(device_id, "an unknown device"), count, not problem, problem
            )
        )
    return sorted(reports, key=lambda r: (r.name.casefold(), r.device_id))


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
