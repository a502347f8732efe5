"""Enrolment and bundles on the database side: what a bundle carries and how it is applied.

A worker's bundle carries every change the manager has not yet acknowledged (children, plans,
records, authorisation tasks, addenda, its marks that records were entered in the case
system, and audit entries); a manager's bundle carries decisions for one worker's device.
Each bundle also acknowledges the last one received from the other side, so nothing is sent
twice once it is known to have arrived, and a lost bundle is simply covered by the next.
Import checks everything before applying anything, in one transaction.

How the payload's rows are written and checked is in ``sync_payload``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.fileio import check_export_target, write_atomically
from visitdesk.services import dictionary, sync_entries, sync_rules
from visitdesk.services.changes import NOTHING, Changes
from visitdesk.services.enrolment import (  # noqa: F401  (the enrolment API, as it was here)
    TEAM,
    TEAM_SIDE,
    Enrolment,
    card_relation,
    enrol,
    export_card,
    identity,
    import_card,
    my_card,
    peer_from_card,
    peers,
    read_card,
    team_workers,
)
from visitdesk.services.sync_payload import (
    _ENUMS,  # noqa: F401  (imported from here by tests)
    PAYLOAD_SCHEMA,
    _check_counts,
    _parse_payload,
    _parse_rows,  # noqa: F401  (imported from here by tests)
    _row,
)
from visitdesk.services.sync_rules import bulk_insert
from visitdesk.services.workspace import Workspace
from visitdesk.storage import audit, changes
from visitdesk.storage.models import (
    Addendum,
    AuditEvent,
    AuthorisationTask,
    BundleLog,
    Child,
    Installation,
    Peer,
    PersonalWord,
    Plan,
    TeamAuditEvent,
    Visit,
)
from visitdesk.sync import Card, DeviceIdentity, open_sealed_file, seal

# --- export -------------------------------------------------------------------------------


def team_side(session: Session) -> list[Peer]:
    """On a worker's installation, everyone its records go to: the manager it enrolled with,
    the hub, and the team's managers met through the hub."""
    return list(
        session.scalars(
            select(Peer).where(Peer.relation.in_(TEAM_SIDE), Peer.role.in_(("manager", "hub")))
        )
    )


def last_sent(session: Session, ws: Workspace, peer: Peer | None) -> int:
    """The last sequence number this installation gave a bundle for ``peer``'s side.

    A worker numbers its bundles in one series, whether they go by file to its manager or to
    the hub, so the team sees them in order by either way; a manager numbers its bundles for
    each worker's device in one series, by file or through the hub.
    """
    if ws.is_manager:
        return peer.last_sent_sequence if peer is not None else 0
    return max((p.last_sent_sequence for p in team_side(session)), default=0)


@dataclass
class BundleSummary:
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    already_imported: bool = False
    sequence: int = 0
    peer_name: str = ""
    kind: str = ""
    sender_id: str = ""
    # What came in, record by record, in words: "Authorised: Ada Brook's visit on 2 November
    # 2026". Names are shown on the screen only; they are never logged or audited.
    items: list[str] = field(default_factory=list)
    changes: Changes = NOTHING  # what the export or import changed here

    def listing(self, most: int = 20) -> str:
        """The records and decisions that came in, one a line (the first ``most`` of them)."""
        lines = [f"• {item}" for item in self.items[:most]]
        if len(self.items) > most:
            lines.append(f"… and {len(self.items) - most} more")
        return "\n".join(lines)

    def text(self) -> str:
        if self.already_imported:
            return f"This bundle from {self.peer_name} was already imported; nothing changed."
        parts = []
        for key, label in (
            ("visits", "visit record"),
            ("children", "child"),
            ("decisions", "decision"),
            ("tasks", "authorisation task"),
            ("entries", "case-system entry"),
        ):
            n = self.counts.get(key, 0)
            if n:
                plurals = {"child": "children", "case-system entry": "case-system entries"}
                plural = plurals.get(label, label + "s") if n != 1 else label
                parts.append(f"{n} {plural}")
        body = ", ".join(parts) if parts else "nothing new"
        if self.conflicts:
            s = "s" if self.conflicts != 1 else ""
            body += f"; {self.conflicts} conflict{s} to resolve"
        return body


def _the_peer(session: Session, ws: Workspace, to: str | None) -> Peer:
    if ws.is_manager:
        members = list(session.scalars(select(Peer).where(team_workers())))
        if not members:
            raise UserError("no worker's device is enrolled yet; import a worker's card first")
        if to is None:
            if len(members) > 1:
                names = ", ".join(f"{p.name} ({p.device_id[:8]})" for p in members)
                raise UserError(f"say which device with --to: {names}")
            return members[0]
        found = [
            p
            for p in members
            if p.device_id.startswith(to.lower()) or p.name.casefold() == to.casefold()
        ]
        if len(found) != 1:
            raise UserError(f"no single enrolled device matches {to!r}")
        return found[0]
    managers = list(session.scalars(select(Peer).where(Peer.relation == "manager")))
    if not managers:
        raise UserError("this installation has not joined a team; import your manager's card")
    if to is None:
        return managers[0]
    found = [
        p
        for p in managers
        if p.device_id.startswith(to.lower()) or p.name.casefold() == to.casefold()
    ]
    if len(found) != 1:
        raise UserError(f"no single enrolled manager matches {to!r}")
    return found[0]


def _pending(
    session: Session, ws: Workspace, peer: Peer, include_drafts: bool, *, arrived: bool = False
) -> tuple[dict[str, list], int, int]:
    """What a bundle for ``peer``'s side carries. With ``arrived``, only what no way has
    acknowledged yet (what the person still waits to go), not what some way still lacks."""
    mark = peer.acked_high_water
    audit_mark = peer.acked_audit_seq
    if not ws.is_manager:
        # Everything not yet acknowledged by every way it goes: so whichever way a manager
        # receives this worker's bundles, in order, nothing falls between two of them.
        # (A manager met through the hub is not waited for: the hub passes it every bundle.)
        side = [p for p in team_side(session) if p.relation != TEAM] or [peer]
        least = max if arrived else min
        mark = least(p.acked_high_water for p in side)
        audit_mark = least(p.acked_audit_seq for p in side)
    payload: dict[str, list] = {}
    if ws.is_manager:
        # Decisions on records that came from this worker's device.
        tasks = session.scalars(
            select(AuthorisationTask)
            .join(Visit, AuthorisationTask.visit_id == Visit.id)
            .where(
                AuthorisationTask.change_seq > mark,
                AuthorisationTask.state != "open",
                Visit.origin_device == peer.device_id,
                # Another manager's decision, met through the hub, is theirs to send.
                AuthorisationTask.decided_device.in_((ws.identity.device_id, "")),
            )
        )
        payload["tasks"] = [_row(t) for t in tasks]
        # The worker's own words, as their other devices sent them here, for this device.
        payload["words"] = dictionary.to_json(dictionary.changes_since(session, peer.name, mark))
        audit_rows: list = []
    else:
        visit_query = select(Visit).where(Visit.change_seq > mark, Visit.conflict_of.is_(None))
        if not include_drafts:
            visit_query = visit_query.where(Visit.state != "draft")
        visits = list(session.scalars(visit_query))
        ids = {v.id for v in visits}
        child_ids = {v.child_id for v in visits}
        children = list(
            session.scalars(
                select(Child).where((Child.change_seq > mark) | Child.id.in_(child_ids))
            )
        )
        all_child_ids = {c.id for c in children}
        payload["children"] = [_row(c) for c in children]
        payload["plans"] = [
            _row(p)
            for p in session.scalars(
                select(Plan).where((Plan.change_seq > mark) | Plan.child_id.in_(all_child_ids))
            )
        ]
        payload["visits"] = [_row(v) for v in visits]
        payload["addenda"] = [
            _row(a)
            for a in session.scalars(
                select(Addendum).where((Addendum.change_seq > mark) | Addendum.visit_id.in_(ids))
            )
        ]
        # Only open tasks: decisions are the manager's, and the manager already has them.
        payload["tasks"] = [
            _row(t)
            for t in session.scalars(
                select(AuthorisationTask).where(
                    AuthorisationTask.visit_id.in_(ids), AuthorisationTask.state == "open"
                )
            )
        ]
        payload["words"] = dictionary.to_json(
            dictionary.changes_since(session, dictionary.MINE, mark)
        )
        # When this worker's records were entered in the case system, for the manager's
        # reconciliation list.
        payload["entries"] = sync_entries.pending(session, mark)
        audit_rows = list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.seq > audit_mark).order_by(AuditEvent.seq)
            )
        )
    payload["audit"] = [_row(e) for e in audit_rows]
    audit_high = audit_rows[-1].seq if audit_rows else audit_mark
    return payload, changes.current(session), audit_high


def _recipients(session: Session, ws: Workspace) -> list[Peer]:
    """Who this installation's bundles are for: a manager's, each worker's device; a
    worker's, its side of the team (counted once)."""
    if ws.is_manager:
        return list(session.scalars(select(Peer).where(team_workers())))
    return team_side(session)[:1]


def waiting_to_send(ws: Workspace) -> dict[str, int]:
    """How much is waiting for the next bundle (for the Sync menu and the quit warning)."""
    totals: dict[str, int] = {}
    # A worker's open tasks travel with their records; only the manager's tasks are news.
    shown = {"tasks"} if ws.is_manager else {"visits", "children", "addenda", "entries"}
    with ws.db.sessions() as session:
        # A manager sends to each enrolled device separately: count them all.
        for peer in _recipients(session, ws):
            payload, _, _ = _pending(session, ws, peer, include_drafts=False, arrived=True)
            for key in shown:
                if payload.get(key):
                    totals[key] = totals.get(key, 0) + len(payload[key])
    return totals


def _acks(session: Session, ws: Workspace) -> dict[str, dict[str, int]]:
    """A worker's acknowledgement of every manager whose decisions it holds."""
    if ws.is_manager:
        return {}
    return {
        p.device_id: {
            "sequence": p.last_received_sequence,
            "high_water": p.received_high_water,
            "audit_high_water": p.received_audit_seq,
        }
        for p in team_side(session)
        if p.role == "manager"
    }


@dataclass(frozen=True)
class Made:
    """One bundle made, not yet sent: its bytes, and what it holds."""

    data: bytes
    summary: BundleSummary
    peer_device_id: str


def make_bundle(
    session: Session,
    ws: Workspace,
    peer: Peer,
    *,
    recipient: Card,
    include_drafts: bool = False,
) -> Made:
    """Seal the changes ``peer``'s side has not acknowledged, for ``recipient`` (the peer
    itself, or the hub that passes it on), and number it in its series. In the caller's
    transaction: if the bundle never leaves, the number is simply skipped."""
    me = DeviceIdentity.from_secret_bytes(session.scalar(select(Installation.device_secret)))
    records, high_water, audit_high = _pending(session, ws, peer, include_drafts)
    sequence = last_sent(session, ws, peer) + 1
    payload = {
        "schema": PAYLOAD_SCHEMA,
        "kind": "decisions" if ws.is_manager else "records",
        "high_water": high_water,
        "audit_high_water": audit_high,
        "ack": {
            "sequence": peer.last_received_sequence,
            "high_water": peer.received_high_water,
            "audit_high_water": peer.received_audit_seq,
        },
        "acks": _acks(session, ws),
        **records,
    }
    if not ws.is_manager:
        # Where this device's audit trail ends, so the team's copy can tell a cut.
        seq, head_hash = audit.current_head(session)
        payload["audit_head"] = {"seq": seq, "hash": head_hash}
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    counts = {k: len(v) for k, v in records.items()}
    if ws.is_manager:
        counts["decisions"] = counts.pop("tasks", 0)
    # Who the bundle is meant for in the end: a worker's go to the team, a manager's to one
    # worker's device. Signed with the rest, so a hub can route it but not redirect it.
    meant_for = peer.device_id if ws.is_manager else "team"
    bundle = seal(
        raw,
        manifest={"sequence": sequence, "counts": counts, "kind": payload["kind"], "to": meant_for},
        sender=me,
        recipient=recipient,
    )
    for side in [peer] if ws.is_manager else team_side(session) or [peer]:
        side.last_sent_sequence = sequence
    sent = [row for row in records.get("visits", []) if row["state"] == "draft"]
    sent_drafts = [row["id"] for row in sent]
    if sent_drafts:
        # The manager now holds a copy: such a draft can no longer be discarded here
        # (records.discard_draft). A direct update, so it is not itself a change to send.
        session.execute(update(Visit).where(Visit.id.in_(sent_drafts)).values(synced_hash="sent"))
    session.add(
        BundleLog(
            direction="out",
            peer_device_id=recipient.device_id,
            sequence=sequence,
            at=ws.now(),
            sha256=hashlib.sha256(bundle).hexdigest(),
            summary=json.dumps(counts),
        )
    )
    ws.audit(session, "export_bundle", "bundle", str(sequence), json.dumps(counts))
    summary = BundleSummary(
        counts=counts,
        sequence=sequence,
        peer_name=peer.name,
        kind=payload["kind"],
        # A draft that went can no longer be discarded here.
        changes=Changes.of(children=[row["child_id"] for row in sent], visits=sent_drafts),
    )
    return Made(bundle, summary, peer.device_id)


def export_bundle(
    ws: Workspace,
    out: Path,
    *,
    to: str | None = None,
    include_drafts: bool = False,
    overwrite: bool = False,
) -> BundleSummary:
    check_export_target(out, protected=(ws.data_dir,), overwrite=overwrite, what="bundle")
    with ws.db.transaction() as session:
        peer = _the_peer(session, ws, to)
        made = make_bundle(
            session, ws, peer, recipient=Card.from_bytes(peer.card), include_drafts=include_drafts
        )
        write_atomically(
            out, made.data, what="bundle", overwrite=overwrite, protected=(ws.data_dir,)
        )
        return made.summary


# --- import -------------------------------------------------------------------------------


_STATE_WORDS = {
    "draft": "Draft",
    "completed": "Completed, to authorise",
    "authorised": "Authorised",
    "returned": "Returned for correction",
}


def _day_words(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _in_words(session: Session, pairs: list[tuple[str, str]]) -> list[str]:
    """Each (record id, state) as the import summary names it, in the bundle's order: read in
    a few queries, not one per record (a bundle may hold ten thousand)."""
    ids = list(dict.fromkeys(visit_id for visit_id, _state in pairs))
    found: dict[str, tuple[datetime, str]] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Visit.id, Visit.visited_at, Child.given_name, Child.family_name)
            .outerjoin(Child, Child.id == Visit.child_id)
            .where(Visit.id.in_(ids[start : start + 500]))
        )
        for visit_id, at, given, family in rows:
            name = f"{given or ''} {family or ''}".strip() or "a child"
            found[visit_id] = (at, name)
    return [
        f"{_STATE_WORDS.get(state, state)}: {found[vid][1]}'s visit on {_day_words(found[vid][0])}"
        for vid, state in pairs
        if vid in found
    ]


def _visits_in_words(session: Session, rows: list[dict]) -> list[str]:
    return _in_words(session, [(row["id"], row["state"]) for row in rows])


def _decisions_in_words(session: Session, decided: list[dict]) -> list[str]:
    return _in_words(session, [(row["visit_id"], row["state"]) for row in decided])


def _merge_words(
    session: Session, ws: Workspace, peer: Peer, words: list[dictionary.WordChange]
) -> None:
    """Take in the dictionary words a bundle carried: a worker's, kept on the manager's
    installation under their name and stamped as its own changes, so they go on to that
    worker's other devices; the manager's copy of this worker's words, into their own."""
    if not words:
        return
    if not ws.is_manager:
        dictionary.merge(session, dictionary.MINE, words, ws.now())
        return
    changed = dictionary.merge(session, peer.name, words, ws.now())
    if changed:
        session.flush()
        stamp = changes.next_stamp(session)
        session.execute(
            update(PersonalWord)
            .where(
                PersonalWord.owner == peer.name,
                PersonalWord.word.in_([w.word for w in changed]),
            )
            .values(change_seq=stamp)
        )


def known_cards(ws: Workspace) -> dict[str, Card]:
    with ws.db.sessions() as session:
        return {p.device_id: Card.from_bytes(p.card) for p in session.scalars(select(Peer))}


def import_bundle(ws: Workspace, path: Path) -> BundleSummary:
    opened = open_sealed_file(path, me=identity(ws), known_senders=known_cards(ws))
    return apply_opened(ws, opened.sender, opened.manifest, opened.payload)


def apply_opened(
    ws: Workspace,
    sender: Card,
    manifest: dict,
    raw_payload: bytes,
    *,
    via_hub: bool = False,
    met: bool = False,
) -> BundleSummary:
    """Apply a bundle whose envelope has been checked: opened here from a file, or relayed by
    the hub (``via_hub``: its sender's own signature over the content checked already). With
    ``met``, a sender not enrolled here is taken as met through the hub, in the same
    transaction, so a bundle refused leaves no trace of it.

    Everything is checked before anything is applied, in one transaction. By a file, a bundle
    older than the last one from its sender is refused; through the hub, where a sender's
    bundles by file and by hub meet, it is already covered by the later one and passes quietly.
    """
    sender_id = sender.device_id
    payload = _parse_payload(raw_payload)
    _check_counts(payload, manifest.get("counts", {}))
    sequence = int(manifest["sequence"])
    meant_for = manifest.get("to")
    me = ws.identity.device_id
    if meant_for is not None and meant_for not in ("team", me):
        if not (via_hub and ws.is_manager and payload["kind"] == "decisions"):
            raise UserError("this bundle was meant for another device; nothing was imported")
    summary = BundleSummary(
        sequence=sequence, peer_name=sender.name, kind=payload["kind"], sender_id=sender_id
    )
    with ws.db.transaction() as session, session.no_autoflush:
        session.info[changes.KEEP_STAMPS] = True
        peer = session.get(Peer, sender_id)
        if peer is None and met:
            peer = peer_from_card(sender, TEAM, ws.now())
            session.add(peer)
            session.flush()
            ws.audit(session, "enrol", "peer", sender_id[:36], "met through the hub")
        if peer is None:
            raise UserError("this bundle comes from a device that is not enrolled here")
        if ws.is_manager and peer.role == "manager":
            # Another manager's decisions, met through the hub: this team's queue shows them.
            if not via_hub or payload["kind"] != "decisions":
                raise sync_rules.Refused("only a worker's enrolled device can send records")
            decided, summary.conflicts = sync_rules.apply_colleague_decisions(
                session, peer, payload, my_team=ws.identity.team or ""
            )
            summary.counts["decisions"] = len(decided)
            summary.items = _decisions_in_words(session, decided)
            if decided:
                ws.audit(session, "import_decisions", "bundle", str(sequence), peer.name)
            summary.changes = Changes.everything()
            return summary
        sync_rules.check_sender(
            peer, my_role=ws.identity.role, my_team=ws.identity.team or "", kind=payload["kind"]
        )
        if sequence <= peer.last_received_sequence and (
            via_hub or sequence == peer.last_received_sequence
        ):
            summary.already_imported = True
            return summary
        if sequence < peer.last_received_sequence:
            raise UserError(
                f"this bundle from {peer.name} is older than one already imported (number "
                f"{sequence}, after {peer.last_received_sequence}); nothing was imported"
            )
        if sequence > peer.last_received_sequence + limits.MAX_SEQUENCE_STEP:
            raise UserError(
                f"this bundle from {peer.name} is numbered {sequence}, far past the last "
                f"one imported ({peer.last_received_sequence}); nothing was imported"
            )
        if ws.is_manager:
            applied = sync_rules.apply_worker_bundle(session, peer, payload, ws.now())
            summary.counts["children"] = applied.children
            summary.counts["visits"], summary.conflicts = applied.visits, applied.conflicts
            summary.counts["tasks"] = applied.tasks
            summary.counts["entries"] = applied.entries
            summary.items = _visits_in_words(session, payload["visits"])
        else:
            decided = sync_rules.apply_manager_bundle(session, peer, payload, ws.identity.device_id)
            summary.counts["decisions"] = len(decided)
            summary.items = _decisions_in_words(session, decided)
            for row in decided:
                # Each record's own history shows the manager's decision, not only the import.
                ws.audit(
                    session,
                    f"{row['state']}_by_manager",
                    "visit",
                    row["visit_id"],
                    f"by {row['decided_by']}",
                )
        _merge_words(session, ws, peer, payload["words"])
        trail_problem = audit.check_team_continuity(session, sender_id, payload["audit"])
        if trail_problem is None:
            known = set(
                session.scalars(
                    select(TeamAuditEvent.seq).where(TeamAuditEvent.device_id == sender_id)
                )
            )
            bulk_insert(
                session,
                TeamAuditEvent,
                [
                    {**{k: v for k, v in event.items() if k != "device_id"}, "device_id": sender_id}
                    for event in payload["audit"]
                    if event["seq"] not in known
                ],
            )
            if payload["audit_head"] is not None:
                head = payload["audit_head"]
                trail_problem = audit.note_team_head(
                    session, sender_id, head["seq"], head["hash"], ws.now()
                )
        if trail_problem is not None:
            raise UserError(
                f"the audit trail in this bundle from {peer.name} does not carry "
                f"on from the team's copy ({trail_problem}); nothing was imported"
            )
        # A worker acknowledges each manager by device id; by file, its one manager in "ack".
        ack = payload["acks"].get(me)
        if ack is None and (manifest.get("recipient_device_id") == me or not ws.is_manager):
            ack = payload["ack"]
        if ack is not None and ack["sequence"] <= last_sent(session, ws, peer):
            peer.acked_sequence = max(peer.acked_sequence, ack["sequence"])
            peer.acked_high_water = max(peer.acked_high_water, ack["high_water"])
            peer.acked_audit_seq = max(peer.acked_audit_seq, ack["audit_high_water"])
        peer.last_received_sequence = sequence
        peer.received_high_water = payload["high_water"]
        peer.received_audit_seq = payload["audit_high_water"]
        session.add(
            BundleLog(
                direction="in",
                peer_device_id=sender_id,
                sequence=sequence,
                at=ws.now(),
                sha256=manifest["payload_sha256"],
                summary=json.dumps(summary.counts),
            )
        )
        ws.audit(
            session,
            "import_bundle",
            "bundle",
            str(sequence),
            json.dumps({**summary.counts, "conflicts": summary.conflicts}),
        )
    # Records, decisions and conflicts across the caseload: every view reloads.
    summary.changes = Changes.everything()
    return summary
