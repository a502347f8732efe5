"""The hub's tables in PostgreSQL: enrolled devices, the bundles they sent, who each waits for,
request nonces, and the hub's own audit trail. Changed only by Alembic migrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class HubBase(DeclarativeBase):
    pass


class HubDevice(HubBase):
    """A device card enrolled at the hub (the hub's own is in its folder, not here)."""

    __tablename__ = "hub_devices"

    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(32))
    signing_key: Mapped[bytes] = mapped_column(LargeBinary)
    card: Mapped[bytes] = mapped_column(LargeBinary)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class HubBundle(HubBase):
    """A bundle a device sent, opened and checked: its signed manifest and its payload, kept so
    that the hub can seal it again for each recipient (and for a manager enrolled later)."""

    __tablename__ = "hub_bundles"
    # Numbered in the sender's series for the one it is meant for: a worker has one series
    # (to the team), a manager one for each worker's device.
    __table_args__ = (
        UniqueConstraint("origin_device", "meant_for", "sequence", name="uq_hub_bundles_series"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    origin_device: Mapped[str] = mapped_column(ForeignKey("hub_devices.device_id"))
    sequence: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    meant_for: Mapped[str] = mapped_column(String(32))
    manifest: Mapped[str] = mapped_column(Text)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    high_water: Mapped[int] = mapped_column(BigInteger)
    audit_high_water: Mapped[int] = mapped_column(BigInteger)
    records: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HubDelivery(HubBase):
    """One bundle waiting for (or taken by) one device."""

    __tablename__ = "hub_deliveries"
    __table_args__ = (
        UniqueConstraint("bundle_id", "recipient"),
        Index("ix_hub_deliveries_waiting", "recipient", "done_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("hub_bundles.id"))
    recipient: Mapped[str] = mapped_column(ForeignKey("hub_devices.device_id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class HubNonce(HubBase):
    """A request nonce seen recently, so a captured request cannot be sent again."""

    __tablename__ = "hub_nonces"

    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class HubAuditEvent(HubBase):
    """Every hub action, chained by SHA-256 so a removed or edited entry shows. Never record
    content: device ids, actions, counts and sequence numbers only."""

    __tablename__ = "hub_audit"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    device_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
