"""Enrolment: this installation's identity and card, and the cards of the devices it syncs with.

A worker imports its manager's card (or the hub's), a manager its workers' cards; the hub
also vouches for the team's other devices, met through it (relation ``team``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.fileio import write_atomically
from visitdesk.services.changes import NOTHING, Changes
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import Installation, Peer
from visitdesk.sync import Card, DeviceIdentity
from visitdesk.sync.cards import read_card_file

TEAM = "team"
"""A device of the team this installation met through the hub, which vouched for its card."""
TEAM_SIDE = ("manager", "hub", TEAM)


def _same_team(one: str, other: str) -> bool:
    return bool(one) and one.casefold() == (other or "").casefold()


def peer_from_card(card: Card, relation: str, now: datetime) -> Peer:
    """A new peer row for ``card``'s device."""
    return Peer(
        device_id=card.device_id,
        relation=relation,
        role=card.role,
        name=card.name,
        team=card.team,
        fingerprint=card.fingerprint,
        card=card.to_bytes(),
        enrolled_at=now,
    )


def team_workers():
    """Which peers are the team's workers' devices: enrolled here, or met through the hub."""
    return Peer.relation.in_(("member", TEAM)) & (Peer.role == "worker")


def identity(ws: Workspace) -> DeviceIdentity:
    with ws.db.sessions() as session:
        secret = session.scalar(select(Installation.device_secret))
    return DeviceIdentity.from_secret_bytes(secret)


def my_card(ws: Workspace) -> Card:
    who = ws.identity
    return identity(ws).card(who.role, who.worker_name, who.team or "")


def export_card(ws: Workspace, out: Path, *, overwrite: bool = False) -> Card:
    card = my_card(ws)
    write_atomically(
        out, card.to_bytes(), what="card", overwrite=overwrite, protected=(ws.data_dir,)
    )
    with ws.db.transaction() as session:
        ws.audit(session, "export_card", "installation")
    return card


@dataclass(frozen=True)
class Enrolment:
    name: str
    role: str
    team: str
    fingerprint: str
    relation: str
    replaced: bool = False
    changes: Changes = NOTHING


def read_card(path: Path) -> Card:
    """A card file, read safely: bounded in size, never a device or a pipe."""
    return read_card_file(path)


def import_card(ws: Workspace, path: Path) -> Enrolment:
    """Enrol a worker's device (on a manager's installation) or join a manager's team."""
    return enrol(ws, read_card(path))


def card_relation(ws: Workspace, card: Card) -> str:
    """What importing ``card`` would make of its device here ("member": a worker enrolled
    by this manager; "manager": the manager whose team this worker joins), refusing a card
    that cannot be used here. Nothing is written, so the fingerprints can be compared first.
    """
    if card.device_id == ws.identity.device_id:
        raise UserError("that is this installation's own card; import the other person's card")
    if card.role == "hub":
        mine = ws.identity.team or ""
        if mine and card.team and mine.casefold() != card.team.casefold():
            raise UserError(f"that is the hub of {card.team}, and this installation is in {mine}")
        return "hub"
    if ws.is_manager:
        if card.role != "worker":
            raise UserError("that is a manager's card; a manager enrols workers' cards")
        return "member"
    if card.role != "manager":
        raise UserError("that is a worker's card; to join a team, import your manager's card")
    return "manager"


def enrol(ws: Workspace, card: Card) -> Enrolment:
    """Enrol the device of a card already read (and, in the app, whose fingerprint the two
    people have compared)."""
    relation = card_relation(ws, card)
    now = ws.now()
    with ws.db.transaction() as session:
        existing = session.get(Peer, card.device_id)
        if existing is not None and existing.relation == TEAM and relation != "hub":
            # Met through the hub first; now enrolled by hand, as the card says.
            existing.relation = relation
        if relation in ("manager", "hub") and existing is None:
            other = session.scalar(select(Peer).where(Peer.relation == relation))
            if relation == "manager" and other is not None and _same_team(other.team, card.team):
                other = None  # another manager of the same team: their decisions count too
            if other is not None and relation == "manager":
                raise UserError(
                    f"this installation already belongs to {other.name}'s team; "
                    "ask your IT service desk to move it to another team"
                )
            if other is not None:
                raise UserError(
                    f"this installation already syncs through {other.name}; "
                    "ask your IT service desk to move it to another hub"
                )
        if existing is None:
            session.add(peer_from_card(card, relation, now))
        else:
            existing.name, existing.team, existing.card = card.name, card.team, card.to_bytes()
        ws.audit(session, "enrol", "peer", card.device_id[:36], relation)
    return Enrolment(
        card.name,
        card.role,
        card.team,
        card.fingerprint,
        relation,
        replaced=existing is not None,
        # A manager's caseload says whose caseload each child is on, by the enrolled name.
        changes=Changes.of(caseload=relation == "member"),
    )


def peers(ws: Workspace) -> list[Peer]:
    with ws.db.sessions() as session:
        return list(session.scalars(select(Peer).order_by(Peer.name)))
