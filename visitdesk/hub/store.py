"""What the hub does with its tables: enrol and revoke devices, take in a bundle, and hand each
device what waits for it, sealed again for that device.

A bundle taken in is checked as a device would before anything is kept: the envelope, the
sender's signature over the plain content, the sender's role (a worker sends only its own
records to the team; a manager only decisions, for a worker of the team; the hub itself never
decides), and the payload's shape and counts. It is then kept, with one delivery for each
device it is for, in one transaction: all or nothing, and the same bundle twice is kept once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.hub.models import HubAuditEvent, HubBundle, HubDelivery, HubDevice, HubNonce
from visitdesk.services import sync_rules
from visitdesk.services.sync_payload import _check_counts, _parse_payload
from visitdesk.sync import (
    MAX_BUNDLE_SIZE,
    MAX_PAYLOAD_SIZE,
    BundleError,
    Card,
    DeviceIdentity,
    open_sealed,
    seal,
)
from visitdesk.sync.relay import MAX_RELAY_HEADER, RELAY_KIND, pack_relay
from visitdesk.sync.request_auth import MAX_SKEW, AuthRefused

INBOX_PAGE = 100
_AUDIT_LOCK = 7_261_001  # pg_advisory_xact_lock key: one audit entry at a time keeps the chain
_GENESIS = "0" * 64


class Refused(UserError):
    """A request the hub will not carry out; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def now() -> datetime:
    return datetime.now(UTC)


# --- audit ---------------------------------------------------------------------------------


def audit(session: Session, device_id: str, action: str, detail: str = "") -> None:
    """Append to the hub's audit trail, chained to the entry before. Never record content."""
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _AUDIT_LOCK})
    last = session.execute(
        select(HubAuditEvent.seq, HubAuditEvent.hash).order_by(HubAuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, _GENESIS)
    at = now()
    body = json.dumps([seq, at.isoformat(), device_id, action, detail], separators=(",", ":"))
    digest = hashlib.sha256((prev + body).encode("utf-8")).hexdigest()
    session.add(
        HubAuditEvent(
            seq=seq,
            at=at,
            device_id=device_id,
            action=action,
            detail=detail,
            prev_hash=prev,
            hash=digest,
        )
    )


def audit_head(session: Session) -> tuple[int, str]:
    """The newest entry's number and hash: noted elsewhere, it shows entries cut off the end."""
    last = session.execute(
        select(HubAuditEvent.seq, HubAuditEvent.hash).order_by(HubAuditEvent.seq.desc()).limit(1)
    ).first()
    return (last[0], last[1]) if last else (0, _GENESIS)


def audit_hash(session: Session, seq: int) -> str | None:
    return session.scalar(select(HubAuditEvent.hash).where(HubAuditEvent.seq == seq))


def check_audit(session: Session) -> str | None:
    """Where the audit trail's chain breaks, or ``None`` when it is whole."""
    prev = _GENESIS
    expected = 1
    for event in session.scalars(select(HubAuditEvent).order_by(HubAuditEvent.seq)):
        if event.seq != expected:
            return f"entry {expected} is missing"
        body = json.dumps(
            [
                event.seq,
                event.at.astimezone(UTC).isoformat(),
                event.device_id,
                event.action,
                event.detail,
            ],
            separators=(",", ":"),
        )
        if (
            event.prev_hash != prev
            or event.hash != hashlib.sha256((prev + body).encode("utf-8")).hexdigest()
        ):
            return f"entry {event.seq} was changed"
        prev, expected = event.hash, expected + 1
    return None


# --- devices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolled:
    name: str
    role: str
    fingerprint: str
    new: bool


def enrol(engine: Engine, card: Card, team: str) -> Enrolled:
    """Enrol a device's card (a worker's or a manager's of this team). A manager enrolled now
    is given every bundle the team has sent so far, so its installation holds the whole team."""
    if card.role not in ("worker", "manager"):
        raise Refused("only a worker's or a manager's card can be enrolled at the hub")
    if card.team.casefold() != team.casefold():
        raise Refused(f"that card is for the team {card.team!r}; this hub is for {team!r}")
    with Session(engine) as session, session.begin():
        existing = session.get(HubDevice, card.device_id)
        if existing is not None and existing.revoked_at is not None:
            raise Refused(
                f"{existing.name}'s device was revoked; it cannot be enrolled again "
                "(a new installation makes a new card)"
            )
        if existing is not None:
            existing.name, existing.card = card.name, card.to_bytes()
            audit(session, card.device_id, "enrol_again", card.role)
            return Enrolled(card.name, card.role, card.fingerprint, new=False)
        session.add(
            HubDevice(
                device_id=card.device_id,
                role=card.role,
                name=card.name,
                team=card.team,
                fingerprint=card.fingerprint,
                signing_key=card.signing_key,
                card=card.to_bytes(),
                enrolled_at=now(),
            )
        )
        session.flush()
        if card.role == "manager":
            bundles = session.scalars(
                select(HubBundle.id)
                .where(HubBundle.origin_device != card.device_id)
                .order_by(HubBundle.id)  # in the order they came: a device applies them so
            ).all()
            _deliver(session, bundles, [card.device_id])
        audit(session, card.device_id, "enrol", card.role)
    return Enrolled(card.name, card.role, card.fingerprint, new=True)


def revoke(engine: Engine, who: str) -> str:
    """Refuse a device from now on (by its device id or the start of it); returns its name."""
    with Session(engine) as session, session.begin():
        found = session.scalars(
            select(HubDevice).where(HubDevice.device_id.startswith(who.lower()))
        ).all()
        if len(who) < 8 or len(found) != 1:
            raise Refused(f"no single enrolled device has an id starting {who!r}")
        device = found[0]
        if device.revoked_at is None:
            device.revoked_at = now()
            # Nothing more goes to it.
            session.execute(
                update(HubDelivery)
                .where(HubDelivery.recipient == device.device_id, HubDelivery.done_at.is_(None))
                .values(done_at=device.revoked_at)
            )
            audit(session, device.device_id, "revoke", device.role)
        return device.name


def devices(engine: Engine) -> list[dict]:
    with Session(engine) as session:
        waiting = dict(
            session.execute(
                select(HubDelivery.recipient, func.count())
                .where(HubDelivery.done_at.is_(None))
                .group_by(HubDelivery.recipient)
            ).all()
        )
        return [
            {
                "device_id": d.device_id,
                "name": d.name,
                "role": d.role,
                "fingerprint": d.fingerprint,
                "revoked": d.revoked_at is not None,
                "waiting": waiting.get(d.device_id, 0),
            }
            for d in session.scalars(select(HubDevice).order_by(HubDevice.name))
        ]


def signing_key_for(session: Session, device_id: str) -> bytes | None:
    """The key a request must be signed with; a revoked device is refused outright."""
    device = session.get(HubDevice, device_id)
    if device is None:
        return None
    if device.revoked_at is not None:
        raise AuthRefused(403, "this device was revoked at the hub: ask your IT service desk")
    return device.signing_key


def nonce_is_new(session: Session, device_id: str, nonce: str) -> bool:
    """Note a request's nonce; false if it was seen within the clock window (a replay)."""
    at = now()
    # RETURNING, not the row count: psycopg reports no count for ON CONFLICT DO NOTHING.
    new = session.execute(
        insert(HubNonce)
        .values(device_id=device_id, nonce=nonce, seen_at=at)
        .on_conflict_do_nothing()
        .returning(HubNonce.nonce)
    ).first()
    if new is not None and int(nonce[:2], 16) == 0:  # now and then, forget the old ones
        old = at - timedelta(seconds=3 * MAX_SKEW)
        session.execute(HubNonce.__table__.delete().where(HubNonce.seen_at < old))
    return new is not None


# --- bundles in ----------------------------------------------------------------------------


def _deliver(session: Session, bundle_ids, recipients) -> None:
    rows = [
        {"bundle_id": b, "recipient": r, "created_at": now()}
        for b in bundle_ids
        for r in recipients
    ]
    if rows:
        session.execute(insert(HubDelivery).values(rows).on_conflict_do_nothing())


def _check_role(sender: HubDevice, manifest: dict, payload: dict, session: Session) -> str:
    """Who a bundle is for, once its sender's role allows what it holds."""
    kind, meant_for = payload["kind"], manifest.get("to")
    if sender.role == "worker":
        if kind != "records" or meant_for != "team":
            raise Refused("a worker's device sends only its records, to the team", 403)
        for table in ("children", "visits"):
            for row in payload[table]:
                if row.get("origin_device") != sender.device_id:
                    raise Refused(
                        "this bundle holds records from another worker's device; nothing was kept",
                        403,
                    )
        return "team"
    if kind != "decisions":
        raise Refused("a manager's device sends only decisions", 403)
    try:
        sync_rules._only_decisions(payload)
    except UserError as exc:
        raise Refused(str(exc), 403) from None
    worker = session.get(HubDevice, meant_for) if isinstance(meant_for, str) else None
    if worker is None or worker.role != "worker" or worker.revoked_at is not None:
        raise Refused("these decisions are for a device not enrolled here as a worker", 403)
    return worker.device_id


def accept(engine: Engine, hub: DeviceIdentity, sender_id: str, data: bytes) -> dict:
    """Check and keep a bundle that ``sender_id`` (authenticated) sent; the answer says what
    the hub now holds, so the device can stop sending it."""
    with Session(engine) as session, session.begin():
        sender = session.get(HubDevice, sender_id)
        if sender is None or sender.revoked_at is not None:
            raise Refused("this device is not enrolled at the hub", 403)
        card = Card.from_bytes(sender.card)
        try:
            opened = open_sealed(data, me=hub, known_senders={sender_id: card})
        except BundleError as exc:
            raise Refused(str(exc)) from None
        manifest = opened.manifest
        if (
            len(opened.payload) + MAX_RELAY_HEADER >= MAX_PAYLOAD_SIZE
            or len(data) + MAX_RELAY_HEADER >= MAX_BUNDLE_SIZE
        ):
            # Kept, it could never be passed on in a relay within the same limits.
            raise Refused(
                "this bundle is too large for the hub to pass on: send it by file instead", 413
            )
        if "origin_signature" not in manifest:
            raise Refused("this bundle was made by an older VisitDesk: update it, then sync")
        try:
            payload = _parse_payload(opened.payload)
            _check_counts(payload, manifest.get("counts", {}))
            meant_for = _check_role(sender, manifest, payload, session)
        except UserError as exc:
            raise Refused(str(exc), getattr(exc, "status", 400)) from None
        ack = {
            "sequence": opened.sequence,
            "high_water": payload["high_water"],
            "audit_high_water": payload["audit_high_water"],
        }
        records = sum(len(payload[t]) for t in ("children", "visits", "tasks"))
        bundle_id = session.scalar(
            insert(HubBundle)
            .values(
                origin_device=sender_id,
                sequence=opened.sequence,
                kind=payload["kind"],
                meant_for=meant_for,
                manifest=json.dumps(manifest),
                payload=opened.payload,
                high_water=ack["high_water"],
                audit_high_water=ack["audit_high_water"],
                records=records,
                received_at=now(),
            )
            .on_conflict_do_nothing()
            .returning(HubBundle.id)
        )
        if bundle_id is None:
            kept = json.loads(
                session.scalar(
                    select(HubBundle.manifest).where(
                        HubBundle.origin_device == sender_id,
                        HubBundle.meant_for == meant_for,
                        HubBundle.sequence == opened.sequence,
                    )
                )
            )
            if kept.get("payload_sha256") != manifest["payload_sha256"]:
                # The same number for other content: a device restored from an old backup.
                raise Refused(
                    f"this device already sent a different bundle numbered {opened.sequence}; "
                    "if it was restored from a backup, ask your IT service desk",
                    409,
                )
            return {"status": "duplicate", "sequence": opened.sequence, "ack": ack}
        managers = session.scalars(
            select(HubDevice.device_id).where(
                HubDevice.role == "manager",
                HubDevice.revoked_at.is_(None),
                HubDevice.device_id != sender_id,
            )
        ).all()
        recipients = list(managers) + ([meant_for] if meant_for != "team" else [])
        _deliver(session, [bundle_id], recipients)
        audit(
            session,
            sender_id,
            "store_bundle",
            json.dumps(
                {"sequence": opened.sequence, "records": records, "recipients": len(recipients)}
            ),
        )
    return {"status": "stored", "sequence": opened.sequence, "ack": ack}


def held(session: Session, device_id: str) -> dict:
    """How far the hub holds this device's bundles to the team: the highest number and change
    marks among them. A hub restored from an older backup holds less than it once said it
    did, and the device sends again what it lost."""
    sequence, high_water, audit_high_water = session.execute(
        select(
            func.coalesce(func.max(HubBundle.sequence), 0),
            func.coalesce(func.max(HubBundle.high_water), 0),
            func.coalesce(func.max(HubBundle.audit_high_water), 0),
        ).where(HubBundle.origin_device == device_id, HubBundle.meant_for == "team")
    ).one()
    return {"sequence": sequence, "high_water": high_water, "audit_high_water": audit_high_water}


# --- bundles out ---------------------------------------------------------------------------


def inbox(session: Session, device_id: str) -> list[dict]:
    rows = session.execute(
        select(HubDelivery.id, func.length(HubBundle.payload))
        .join(HubBundle, HubBundle.id == HubDelivery.bundle_id)
        .where(HubDelivery.recipient == device_id, HubDelivery.done_at.is_(None))
        .order_by(HubDelivery.id)
        .limit(INBOX_PAGE)
    ).all()
    return [{"id": item, "size": size} for item, size in rows]


def relay(
    session: Session, hub: DeviceIdentity, device_id: str, item: int, *, schema: int = 2
) -> bytes:
    """One waiting bundle, sealed again for ``device_id``: its first sender's card, signed
    manifest and payload inside, so the device checks the first sender's own signature.
    One that cannot be sealed within the limits (sent by a device not using VisitDesk's own
    compression, or asked for in schema 1 by an older device) is set aside: marked done for
    this device, noted in the audit trail, and refused (410), so it does not stop the rest."""
    row = session.execute(
        select(HubDelivery, HubBundle, HubDevice.card)
        .join(HubBundle, HubBundle.id == HubDelivery.bundle_id)
        .join(HubDevice, HubDevice.device_id == HubBundle.origin_device)
        .where(HubDelivery.id == item, HubDelivery.recipient == device_id)
    ).first()
    if row is None:
        raise Refused("nothing with that number waits for this device", 404)
    delivery, bundle, origin_card = row
    recipient = Card.from_bytes(session.get(HubDevice, device_id).card)
    raw = pack_relay(
        origin_card.decode("utf-8"), json.loads(bundle.manifest), bundle.payload, schema
    )
    try:
        return seal(
            raw,
            manifest={"sequence": delivery.id, "counts": {"relayed": 1}, "kind": RELAY_KIND},
            sender=hub,
            recipient=recipient,
        )
    except (BundleError, ValueError):
        delivery.done_at = now()
        audit(session, device_id, "set_aside", json.dumps({"item": item, "bundle": bundle.id}))
        session.commit()
        raise Refused(
            "a bundle waiting here is too large to pass on and was set aside: send and "
            "receive by file with its sender, and tell your IT service desk",
            410,
        ) from None


def done(session: Session, device_id: str, item: int) -> None:
    delivery = session.get(HubDelivery, item)
    if delivery is None or delivery.recipient != device_id:
        raise Refused("nothing with that number waits for this device", 404)
    if delivery.done_at is None:
        delivery.done_at = now()
        audit(session, device_id, "delivered", str(delivery.bundle_id))
