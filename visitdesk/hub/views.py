"""The team's views worked out at the hub: caseload status and the returns (Annex A, SSD),
from the bundles held in PostgreSQL, by the same engine and rules as a manager's installation.

The bundles are applied, in the order the hub received them, to a manager's installation made
for the purpose in a private temporary folder: encrypted with a random passphrase that is
never written down, and removed as soon as the view is made. So what the hub shows is exactly
what a manager enrolled at the hub would hold, checked by the same rules.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.hub.config import HubConfig
from visitdesk.hub.models import HubBundle, HubDevice
from visitdesk.sync import Card

_BATCH = 50


@dataclass
class Replayed:
    bundles: int = 0
    refused: int = 0


@contextmanager
def team_copy(engine: Engine, config: HubConfig, authority: str) -> Iterator:
    """``(workspace, replayed)``: a manager's installation holding everything the team sent
    through the hub, and how many bundles were applied and refused."""
    from visitdesk.services import syncing
    from visitdesk.services.enrolment import peer_from_card
    from visitdesk.services.workspace import initialise

    if not authority:
        raise UserError(
            "say which authority's standards judge the team: --authority ID "
            "('visitdesk authorities' lists them)"
        )
    folder = Path(tempfile.mkdtemp(prefix="visitdesk-hub-view-"))  # private: mode 0700
    ws = None
    try:
        ws = initialise(
            folder / "data",
            secrets.token_urlsafe(32),
            name=config.name,
            role="manager",
            authority_id=authority,
            team=config.team,
        )
        with Session(engine) as session:
            cards = {
                d.device_id: Card.from_bytes(d.card) for d in session.scalars(select(HubDevice))
            }
        with ws.db.transaction() as local:
            for card in cards.values():
                relation = "member" if card.role == "worker" else syncing.TEAM
                local.add(peer_from_card(card, relation, ws.now()))
        done = Replayed()
        last = 0
        while True:
            with Session(engine) as session:
                batch = session.execute(
                    select(
                        HubBundle.id, HubBundle.origin_device, HubBundle.manifest, HubBundle.payload
                    )
                    .where(HubBundle.id > last)
                    .order_by(HubBundle.id)
                    .limit(_BATCH)
                ).all()
            if not batch:
                break
            for bundle_id, origin, manifest, payload in batch:
                last = bundle_id
                try:
                    syncing.apply_opened(
                        ws, cards[origin], json.loads(manifest), payload, via_hub=True
                    )
                    done.bundles += 1
                except UserError:
                    done.refused += 1  # as a manager's installation would refuse it
        yield ws, done
    finally:
        if ws is not None:
            ws.close()
        shutil.rmtree(folder, ignore_errors=True)
