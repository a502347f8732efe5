"""The database schema: children, plans, visits, authorisation tasks, audit log and settings.

Record ids are UUID strings so that records made on many laptops can meet in one team without
clashing. Times are naive local times as the worker lived them; dates are calendar dates.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from visitdesk.standards import case
from visitdesk.standards import fields as catalogue

# Named constraints keep Alembic's batch migrations on SQLite predictable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The facts' choices are the standards' own (the child's in standards.case, a visit's in the
# field catalogue); only the record's life cycle is storage's.
PLAN_TYPES = case.PLANS
ROLES = ("worker", "manager")
REGIONS = case.REGIONS
VISIT_STATES = ("draft", "completed", "authorised", "returned")
LOCATIONS = catalogue.CHOICES["location"]
SEEN = catalogue.CHOICES["seen"]
YES_NO = catalogue.CHOICES["seen_alone"]
NOT_ALONE_CATEGORIES = catalogue.CHOICES["not_seen_alone_category"]
INTERVAL_UNITS = case.INTERVAL_UNITS
DCS_LEVELS = case.DCS_LEVELS
TASK_STATES = ("open", "authorised", "returned")
VISIT_OUTCOMES = catalogue.CHOICES["outcome"]
CONTACT_MODES = catalogue.CHOICES["contact"]


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Installation(Base):
    """This installation: who uses it and its device keys (one row)."""

    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    worker_name: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    policy_id: Mapped[str] = mapped_column(String(64))
    # The authority whose set of standards judges this installation ("" when it is judged
    # by the one profile in policy_id alone).
    authority_id: Mapped[str] = mapped_column(String(64), default="")
    region: Mapped[str] = mapped_column(String(32), default="england-and-wales")
    device_secret: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Setting(Base):
    """Small named preferences (idle lock minutes, protective marking, backups kept...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Child(Base):
    __tablename__ = "children"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    expected_birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    case_reference: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    # The household the child lives in now (siblings and half-siblings living together), from
    # household_since; the households they lived in before, as a JSON list of
    # {"household", "from", "until"} (see visitdesk.services.households); "" is none.
    household_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    household_since: Mapped[date | None] = mapped_column(Date, nullable=True)
    household_history: Mapped[str] = mapped_column(Text, default="")
    household_notes: Mapped[str] = mapped_column(Text, default="")
    # The plan for the child's next visit (004 I.14), a JSON object of its parts ("" while
    # there is none); starting a record carries it into the record (visitdesk.services.visit_plans).
    next_visit_plan: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(String(32), default="england-and-wales")
    # The device of the worker whose caseload this child is on: only that device's bundles
    # may change the child, its plans or its records.
    origin_device: Mapped[str] = mapped_column(String(64), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    plans: Mapped[list[Plan]] = relationship(
        back_populates="child", order_by="Plan.start_date", cascade="all, delete-orphan"
    )
    visits: Mapped[list[Visit]] = relationship(
        back_populates="child", order_by="Visit.visited_at", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    plan_type: Mapped[str] = mapped_column(String(8))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    allocated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    visit_every: Mapped[int | None] = mapped_column(Integer, nullable=True)
    visit_unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    visit_rationale: Mapped[str] = mapped_column(Text, default="")
    electively_home_educated: Mapped[bool] = mapped_column(Boolean, default=False)
    regulation_24: Mapped[bool] = mapped_column(Boolean, default=False)
    placement_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    placement_until_18: Mapped[bool] = mapped_column(Boolean, default=False)
    first_review_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    dcs_level: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # The plan's meetings (CIN progress meetings, core groups, reviews) and the family
    # holidays it records, as JSON lists (see visitdesk/services/facts.py); "" is none.
    meetings: Mapped[str] = mapped_column(Text, default="")
    holidays: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    child: Mapped[Child] = relationship(back_populates="plans")


class Visit(Base):
    """One statutory visit record, from first draft to authorisation."""

    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_child_visited", "child_id", "visited_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"))
    state: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    visited_at: Mapped[datetime] = mapped_column(DateTime)
    location: Mapped[str | None] = mapped_column(String(16), nullable=True)
    announced: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    joint_with_health_visitor: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    present: Mapped[str] = mapped_column(Text, default="")
    status_of_child: Mapped[str] = mapped_column(String(64), default="")
    seen: Mapped[str | None] = mapped_column(String(8), nullable=True)
    seen_alone: Mapped[str | None] = mapped_column(String(8), nullable=True)
    not_seen_alone_category: Mapped[str | None] = mapped_column(String(16), nullable=True)
    not_seen_alone_reason: Mapped[str] = mapped_column(Text, default="")
    seen_awake: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    bedroom_seen: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    attachment_observed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    observations: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    childs_voice: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # None: the visit took place; "failed" or "cancelled" (the worker could not attend).
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # None: in person; "video" or "agency" contact while the family is on holiday.
    contact: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # The check exactly as shown when the record was completed (JSON; "" until then).
    completion_check: Mapped[str] = mapped_column(Text, default="")
    # Answers to the catalogue's fields that have no column above (every field added since
    # these columns), as one JSON object; "" while there are none. Read and written only
    # through visitdesk.storage.answers.
    answers: Mapped[str] = mapped_column(Text, default="")
    # Shared by the records of one visit to several children of a household: each child has
    # their own record, holding the visit's shared part and their own; None for one child.
    household_visit: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    # The plan for this visit (004 I.14) carried in from the child's page when the record was
    # started, as a JSON object of its parts ("" when there was none): what was planned, kept
    # beside what was done (visitdesk.services.visit_plans).
    visit_plan: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(200), default="")
    origin_device: Mapped[str] = mapped_column(String(64), default="")
    conflict_of: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    synced_hash: Mapped[str] = mapped_column(String(64), default="")
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    child: Mapped[Child] = relationship(back_populates="visits")
    addenda: Mapped[list[Addendum]] = relationship(
        back_populates="visit", order_by="Addendum.created_at", cascade="all, delete-orphan"
    )
    # Discarding a draft forgets the words ignored in it.
    ignored_words: Mapped[list[IgnoredWord]] = relationship(cascade="all, delete-orphan")


class Addendum(Base):
    """A dated correction to a completed record: completed records are never edited in place."""

    __tablename__ = "addenda"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)

    visit: Mapped[Visit] = relationship(back_populates="addenda")


class PersonalWord(Base):
    """A word someone added to their own dictionary (or took out again: ``removed``).

    Kept by owner, the name on the device card, so a worker's words reach their other
    installations through the team; the latest change to a word wins."""

    __tablename__ = "personal_words"

    owner: Mapped[str] = mapped_column(String(200), primary_key=True)
    word: Mapped[str] = mapped_column(String(100), primary_key=True)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)


class IgnoredWord(Base):
    """A word the worker chose to ignore in one record: this installation's aid only."""

    __tablename__ = "ignored_words"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    word: Mapped[str] = mapped_column(String(100), primary_key=True)


class CaseSystemEntry(Base):
    """That a visit record has been keyed into the authority's case system: on which day and
    by whom, as the worker says it (``entered_on`` None: the mark was taken back).

    Kept apart from the record, so marking an authorised record changes nothing it says; it
    travels from the worker's device to the manager, whose reconciliation list it feeds."""

    __tablename__ = "case_system_entries"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    entered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    entered_by: Mapped[str] = mapped_column(String(200), default="")
    marked_at: Mapped[datetime] = mapped_column(DateTime)
    # The device that made the mark: this installation's own, or the enrolled worker's device
    # whose signed bundle carried it. Never taken from what a bundle says.
    marked_device: Mapped[str] = mapped_column(String(64), default="")
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)


class AuthorisationTask(Base):
    """A completed record waiting for (or given) the manager's decision."""

    __tablename__ = "authorisation_tasks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    visit_revision: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    # The device that decided: this installation's own, or the enrolled manager's device
    # whose signed bundle carried the decision. Never taken from what a bundle says.
    decided_device: Mapped[str] = mapped_column(String(64), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)

    visit: Mapped[Visit] = relationship()


class AuditEvent(Base):
    """Append-only, hash-chained log of what was done (never what a record says)."""

    __tablename__ = "audit_events"
    # AUTOINCREMENT: a number once given is never given again, even after the last entries
    # were removed, and SQLite keeps the highest number given in sqlite_sequence.
    __table_args__ = {"sqlite_autoincrement": True}

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))
    device_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """Where this installation's audit trail ends: one row, kept apart from the trail.

    Written in the same transaction as every entry, with a signature by the device key over
    the device id, the last entry's number and hash and the number of entries, so cutting
    entries off the end of the trail, or editing this row, is found by the check.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class Peer(Base):
    """Another installation this one exchanges bundles with, enrolled from its card."""

    __tablename__ = "peers"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    relation: Mapped[str] = mapped_column(String(16))  # "manager" (my team) | "member"
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(200), default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    card: Mapped[bytes] = mapped_column(LargeBinary)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    # Bundles this installation sent to the peer, and what the peer has acknowledged.
    last_sent_sequence: Mapped[int] = mapped_column(Integer, default=0)
    acked_sequence: Mapped[int] = mapped_column(Integer, default=0)
    acked_high_water: Mapped[int] = mapped_column(Integer, default=0)
    acked_audit_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Bundles received from the peer.
    last_received_sequence: Mapped[int] = mapped_column(Integer, default=0)
    received_high_water: Mapped[int] = mapped_column(Integer, default=0)
    received_audit_seq: Mapped[int] = mapped_column(Integer, default=0)


class BundleLog(Base):
    """Every bundle written or applied: for support, and to refuse replays."""

    __tablename__ = "bundle_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    direction: Mapped[str] = mapped_column(String(8))  # "out" | "in"
    peer_device_id: Mapped[str] = mapped_column(String(64), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")


class TeamAuditEvent(Base):
    """A copy of another device's audit entries, received in its bundles (its own hash chain)."""

    __tablename__ = "team_audit_events"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class TeamAuditHead(Base):
    """The end of another device's audit trail as that device last reported it in a bundle.

    The team's copy of that trail must reach this entry: entries cut off the end of the copy
    are found by comparing the two.
    """

    __tablename__ = "team_audit_heads"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime)
