"""Send and receive through the team hub: this device's bundle up, what waits for it down.

The bundles are the same as by file, numbered in the same series, so a device can switch
between the hub and a USB stick at any time. The hub opens what it is sent and seals it again
for each recipient; what a recipient applies is still checked against its first sender's own
signature over the content (``check_relayed``), so the hub can pass bundles on but can never
write one. A connection that drops loses nothing: a bundle is only taken as arrived when the
hub has said so, and one fetched twice changes nothing the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import syncing
from visitdesk.services.changes import NOTHING, Changes
from visitdesk.services.enrolment import team_workers
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import Peer
from visitdesk.sync import BundleError, Card, check_relayed, open_sealed
from visitdesk.sync.hub_client import HubRefused
from visitdesk.sync.relay import RELAY_KIND, RelayError, unpack_relay

log = logging.getLogger(__name__)

MAX_INBOX_ROUNDS = 50
"""Inbox pages fetched in one sync at most (the hub lists up to a hundred items a page)."""

Progress = Callable[[int, int, str], None]
"""``(done, total, what)``: how far a sync has gone, for a progress bar."""


@dataclass
class SyncReport:
    """What one send-and-receive did, for the status line and the command line."""

    sent: dict[str, int] = field(default_factory=dict)
    received: list[syncing.BundleSummary] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    waiting: dict[str, int] = field(default_factory=dict)
    changes: Changes = NOTHING
    sent_again: bool = False  # the hub had lost bundles (restored from a backup): resent

    @property
    def state(self) -> str:
        """One line: "up to date", or what is still waiting to go."""
        records = sum(self.waiting.get(k, 0) for k in ("visits", "tasks"))
        if records:
            noun = "record" if records == 1 else "records"
            return f"{records} {noun} waiting to go"
        if self.waiting:
            return "changes waiting to go"
        return "up to date"

    def text(self) -> str:
        parts = ["the hub had lost earlier bundles, so they were sent again"] * self.sent_again
        sent = sum(self.sent.values())
        if sent:
            parts.append("sent " + ", ".join(f"{n} {k}" for k, n in self.sent.items() if n))
        got = [s.text() for s in self.received if not s.already_imported]
        if got:
            parts.append("received " + "; ".join(got))
        if self.refused:
            parts.append(f"{len(self.refused)} refused: " + "; ".join(self.refused))
        parts.append(self.state)
        return "; ".join(parts)

    def as_json(self) -> dict:
        return {
            "state": self.state,
            "sent": self.sent,
            "received": [
                {"from": s.peer_name, "kind": s.kind, "counts": s.counts, "conflicts": s.conflicts}
                for s in self.received
                if not s.already_imported
            ],
            "refused": self.refused,
            "waiting": self.waiting,
            "sent_again": self.sent_again,
        }


def hub_card(ws: Workspace) -> Card | None:
    """The hub this installation syncs through, if its card was imported."""
    with ws.db.sessions() as session:
        peer = session.scalar(select(Peer).where(Peer.relation == "hub"))
        return Card.from_bytes(peer.card) if peer is not None else None


def client_for(ws: Workspace, **options):
    """A client for this installation's hub, pinned to the certificate in its card."""
    from visitdesk.sync.hub_client import HubClient

    card = hub_card(ws)
    if card is None:
        raise UserError("this installation has no hub: import the hub's card first")
    return HubClient(card.address, card.tls_sha256, syncing.identity(ws), card.device_id, **options)


# --- sending -------------------------------------------------------------------------------


class _NothingToSend(Exception):
    pass


_OWE = "hub.owe_ack"
"""Who this device owes an acknowledgement (device ids, comma-separated): set when a bundle
with something in it was taken in, so the next bundle goes even with nothing new of its own
and its sender stops sending it. A bundle that only acknowledges is not acknowledged in turn,
or two devices would answer each other for ever."""


def _held(summary: syncing.BundleSummary) -> int:
    return sum(n for k, n in summary.counts.items() if k not in ("audit", "words"))


def _recipients(ws: Workspace, session) -> list[Peer]:
    if ws.is_manager:
        return list(session.scalars(select(Peer).where(team_workers())))
    return syncing.team_side(session)[:1]


def _make_for_hub(ws: Workspace, hub: Card) -> list[syncing.Made]:
    """Seal what waits to go, sealed to the hub: one bundle for a worker; for a manager, one
    for each worker's device with decisions to send or owed an acknowledgement. Nothing to
    send means no bundle (and no number used)."""
    owed = set(filter(None, ws.setting(_OWE).split(",")))
    made: list[syncing.Made] = []
    with ws.db.sessions() as session:
        recipients = [p.device_id for p in _recipients(ws, session)]
    for device_id in recipients:
        try:
            with ws.db.transaction() as session:
                peer = session.get(Peer, device_id)
                bundle = syncing.make_bundle(session, ws, peer, recipient=hub)
                wanted = device_id in owed if ws.is_manager else bool(owed)
                if not _held(bundle.summary) and not wanted:
                    raise _NothingToSend
                made.append(bundle)
        except _NothingToSend:
            continue
    return made


def _note_ack(ws: Workspace, hub: Card, answer: dict, made: syncing.Made) -> None:
    ack = answer.get("ack")
    if not isinstance(ack, dict) or not all(
        isinstance(ack.get(k), int) and not isinstance(ack.get(k), bool)
        for k in ("sequence", "high_water", "audit_high_water")
    ):
        raise UserError("the hub's answer could not be read; try again later")
    with ws.db.transaction() as session:
        peer = session.get(Peer, hub.device_id)
        if ack["sequence"] != made.summary.sequence:
            raise UserError("the hub acknowledged a bundle this device never sent")
        # The hub has it and will pass it on to every manager of the team: safe to stop
        # sending. (Per worker for a manager: the hub's copy is what its relays come from.)
        if not ws.is_manager:
            peer.acked_sequence = max(peer.acked_sequence, ack["sequence"])
            peer.acked_high_water = max(peer.acked_high_water, ack["high_water"])
            peer.acked_audit_seq = max(peer.acked_audit_seq, ack["audit_high_water"])


def _catch_up(ws: Workspace, hub: Card, held: dict[str, int] | None) -> bool:
    """If the hub holds less of this worker's than it once acknowledged (it was restored from
    an older backup), take its acknowledgement back to what it holds, so the next bundle
    carries again what it lost. Whether anything was taken back."""
    if held is None:
        return False
    with ws.db.transaction() as session:
        peer = session.get(Peer, hub.device_id)
        if (
            held["sequence"] >= peer.acked_sequence
            and held["high_water"] >= peer.acked_high_water
            and held["audit_high_water"] >= peer.acked_audit_seq
        ):
            return False
        log.warning("the hub holds less than it acknowledged: what it lost is sent again")
        ws.audit(
            session,
            "hub_behind",
            "peer",
            hub.device_id[:36],
            f"acknowledged {peer.acked_sequence}, holds {held['sequence']}",
        )
        peer.acked_sequence = min(peer.acked_sequence, held["sequence"])
        peer.acked_high_water = min(peer.acked_high_water, held["high_water"])
        peer.acked_audit_seq = min(peer.acked_audit_seq, held["audit_high_water"])
    return True


# --- receiving -----------------------------------------------------------------------------


class _OnlyAcknowledges(Exception):
    """A bundle with nothing in it to apply, from a manager this worker did not enrol."""


def _may_meet(ws: Workspace, origin: Card, manifest: dict) -> bool:
    """Whether a card the hub vouches for may be taken: for a manager, a worker or manager of
    this team (kept as met through the hub when the bundle applies; a card enrolled by hand
    is never replaced); for a worker, only a manager already enrolled here by hand, and a
    bundle from any other manager that only acknowledges is passed over (_OnlyAcknowledges)."""
    if origin.role == "hub":
        raise UserError("the hub passed on a bundle from another hub; nothing was imported")
    if not ws.is_manager and origin.role != "manager":
        raise UserError("the hub passed on another worker's bundle; nothing was imported")
    if not ws.is_manager:
        # A worker takes decisions only from a manager whose card it enrolled by hand: the
        # hub's word is not enough, so nothing is kept of a manager met only through it.
        with ws.db.sessions() as session:
            known = session.get(Peer, origin.device_id)
        if known is None or known.relation != "manager":
            counts = manifest.get("counts")
            if isinstance(counts, dict) and not any(counts.values()):
                # Another manager of the team acknowledging this worker's records: there is
                # nothing to take from them, so nothing to refuse or to trouble anyone with.
                raise _OnlyAcknowledges
            raise UserError(
                f"decisions from {origin.name} came through the hub, but {origin.name}'s card "
                "is not enrolled here: import it (Sync > Join a team) and compare "
                "fingerprints; they come again at the next sync"
            )
        return False
    mine = ws.identity.team or ""
    if mine and origin.team and mine.casefold() != origin.team.casefold():
        raise UserError(f"the hub passed on a bundle from {origin.team}, not {mine}")
    return True


def _relay_document(data: bytes) -> tuple[Card, dict, bytes]:
    try:
        return unpack_relay(data)
    except RelayError as exc:
        raise UserError(f"the hub passed on a bundle that cannot be read ({exc})") from None


def apply_relay(ws: Workspace, data: bytes, hub: Card) -> syncing.BundleSummary:
    """Check and apply one bundle the hub sealed for this device."""
    opened = open_sealed(data, me=syncing.identity(ws), known_senders={hub.device_id: hub})
    if opened.manifest.get("kind") != RELAY_KIND:
        raise UserError("the hub sent something that is not a bundle passed on; nothing changed")
    origin, manifest, payload = _relay_document(opened.payload)
    if origin.device_id == ws.identity.device_id:
        raise UserError("the hub passed back this device's own bundle; nothing was imported")
    check_relayed(manifest, payload, origin=origin, sealed_to=hub.device_id)
    try:
        met = _may_meet(ws, origin, manifest)
    except _OnlyAcknowledges:
        return syncing.BundleSummary(
            already_imported=True,
            peer_name=origin.name,
            kind="decisions",
            sender_id=origin.device_id,
        )
    return syncing.apply_opened(ws, origin, manifest, payload, via_hub=True, met=met)


# --- both ----------------------------------------------------------------------------------


def send_and_receive(ws: Workspace, *, client=None, progress: Progress | None = None) -> SyncReport:
    """One sync with the hub: take in what waits here, then send what waits to go (with the
    acknowledgements of what just came in). Raises ``HubUnreachable`` (a
    :class:`UserError`) when the hub cannot be reached after its retries; nothing is lost,
    and the next sync carries on from where this one stopped."""
    hub = hub_card(ws)
    if hub is None:
        raise UserError("this installation has no hub: import the hub's card first")
    client = client or client_for(ws)
    report = SyncReport()
    step = progress or (lambda done, total, what: None)
    step(0, 0, "Connecting to the hub")
    owed = set(filter(None, ws.setting(_OWE).split(",")))
    for _round in range(MAX_INBOX_ROUNDS):
        items = client.inbox()
        if not items:
            break
        for number, item in enumerate(items, 1):
            step(number - 1, len(items), "Receiving")
            try:
                data = client.fetch(item["id"])
            except HubRefused as exc:
                if exc.status != 410:
                    raise
                report.refused.append(str(exc))  # set aside at the hub, and no longer waiting
                continue
            try:
                summary = apply_relay(ws, data, hub)
            except (UserError, BundleError) as exc:
                # Refused whole and nothing applied; said once, then cleared from the inbox
                # so one bad bundle cannot stop everything behind it.
                log.warning("a bundle from the hub was refused: %s", type(exc).__name__)
                report.refused.append(str(exc))
                with ws.db.transaction() as session:
                    ws.audit(session, "refuse_bundle", "hub", str(item["id"]), str(exc)[:200])
            else:
                if _held(summary) or summary.conflicts:
                    report.received.append(summary)  # not one that only acknowledges
                report.changes = report.changes | summary.changes
                if _held(summary) and not summary.already_imported:
                    owed.add(summary.sender_id or "team")
                    ws.set_setting(_OWE, ",".join(sorted(owed)))
            client.done(item["id"])
    lowered = not ws.is_manager and _catch_up(ws, hub, client.held())
    if lowered:
        # Even if what the hub lost held only acknowledgements: a bundle goes to carry them.
        owed.add("team")
        ws.set_setting(_OWE, ",".join(sorted(owed)))
    made = _make_for_hub(ws, hub)
    report.sent_again = lowered and bool(made)
    for number, bundle in enumerate(made, 1):
        step(number - 1, len(made), "Sending")
        answer = client.upload(bundle.data)
        _note_ack(ws, hub, answer, bundle)
        for key, n in bundle.summary.counts.items():
            if key not in ("audit", "words") and n:
                report.sent[key] = report.sent.get(key, 0) + n
        owed.discard(bundle.peer_device_id)
        if not ws.is_manager:
            owed.clear()
        ws.set_setting(_OWE, ",".join(sorted(owed)))
    report.waiting = syncing.waiting_to_send(ws)
    step(1, 1, "Done")
    return report
