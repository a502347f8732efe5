"""The team's copies of other devices' audit trails, received in bundles: checking that
incoming entries continue them, remembering where each device says its trail ends, and
checking the copies whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitdesk.storage.audit_chain import GENESIS, _digest
from visitdesk.storage.models import Peer, TeamAuditEvent, TeamAuditHead

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
