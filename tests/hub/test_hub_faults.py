"""The hub killed with SIGKILL while a device is sending: no half-kept bundle, and the device
carries on from where it was when the hub is back, losing and doubling nothing."""

from __future__ import annotations

import random
import subprocess
import threading
import time

from sqlalchemy import create_engine, func, select

from tests.hub.hubtools import hub_command, set_up_hub
from visitdesk.hub.models import HubBundle, HubDelivery
from visitdesk.hub.pgtemp import find_bin_dir
from visitdesk.services import demo, hub_sync, syncing
from visitdesk.storage.models import AuthorisationTask, Visit
from visitdesk.sync.hub_client import HubUnreachable


def _team(tmp_path, hub_database_url, make_workspace):
    """A hub (not yet serving) with a worker and a manager enrolled, each holding its card."""
    hub = set_up_hub(tmp_path, hub_database_url)
    worker = make_workspace(role="worker", name="Sam Worker", folder="sam")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="morgan")
    for ws, name in ((worker, "sam"), (manager, "morgan")):
        syncing.export_card(ws, tmp_path / f"{name}.card")
        syncing.import_card(ws, hub.card)
    hub.enrol(tmp_path / "sam.card", tmp_path / "morgan.card")
    return hub, worker, manager


def test_killing_the_hub_mid_upload_loses_and_doubles_nothing(
    tmp_path, hub_database_url, make_workspace
) -> None:
    hub, worker, manager = _team(tmp_path, hub_database_url, make_workspace)
    hub.start()
    rng = random.Random(3)
    offline = 0
    for round_ in range(3):
        demo.fill(worker, children=12, seed=10 + round_)
        killer = threading.Timer(rng.uniform(0.05, 0.6), hub.kill)
        killer.start()
        try:
            hub_sync.send_and_receive(
                worker, client=hub_sync.client_for(worker, attempts=2, backoff=0.05)
            )
        except HubUnreachable:
            offline += 1
        killer.join()
        time.sleep(0.2)
        hub.start()
    # Back for good: the worker and the manager sync until nothing waits.
    for _ in range(2):
        hub_sync.send_and_receive(worker)
        hub_sync.send_and_receive(manager)
    hub.stop()

    engine = create_engine(hub_database_url)
    with engine.connect() as db:
        bundles = db.scalar(select(func.count()).select_from(HubBundle))
        kinds = db.execute(
            select(HubBundle.origin_device, HubBundle.sequence, func.count())
            .group_by(HubBundle.origin_device, HubBundle.sequence)
            .having(func.count() > 1)
        ).all()
        bare = db.scalar(
            select(func.count())
            .select_from(HubBundle)
            .where(~select(HubDelivery.id).where(HubDelivery.bundle_id == HubBundle.id).exists())
            .where(HubBundle.kind == "records")
        )
    engine.dispose()
    assert bundles >= 1 and kinds == [] and bare == 0
    with worker.db.sessions() as session:
        made = set(session.scalars(select(Visit.id).where(Visit.state != "draft")))
        open_here = set(
            session.scalars(
                select(AuthorisationTask.visit_id).where(AuthorisationTask.state == "open")
            )
        )
    with manager.db.sessions() as session:
        held = list(session.scalars(select(Visit.id).where(Visit.conflict_of.is_(None))))
        open_there = set(
            session.scalars(
                select(AuthorisationTask.visit_id).where(AuthorisationTask.state == "open")
            )
        )
    assert len(held) == len(set(held)), "a record arrived twice"
    assert made and made <= set(held), f"{len(made - set(held))} records never arrived"
    assert open_there == open_here, "the manager's queue is not the worker's"
    assert hub_command("check-audit", "--dir", str(hub.folder)).returncode == 0


def test_a_hub_restored_from_an_older_backup_gets_back_what_it_lost(
    tmp_path, hub_database_url, make_workspace
) -> None:
    hub, worker, manager = _team(tmp_path, hub_database_url, make_workspace)
    dsn = hub_database_url.replace("postgresql+psycopg", "postgresql", 1)
    tools = find_bin_dir()
    backup = tmp_path / "hub.dump"
    hub.start()
    demo.fill(worker, children=2, seed=30)
    assert hub_sync.send_and_receive(worker).sent
    # The night's backup, as docs/hub.md says: pg_dump of the hub's database.
    hub.stop()
    subprocess.run([tools / "pg_dump", "-Fc", "-d", dsn, "-f", backup], check=True)
    hub.start()
    demo.fill(worker, children=2, seed=31)
    assert hub_sync.send_and_receive(worker).sent
    # The hub's disk fails the next morning; IT restores last night's backup.
    hub.stop()
    subprocess.run(
        [tools / "pg_restore", "--clean", "--if-exists", "-d", dsn, backup],
        check=True,
        capture_output=True,
    )
    hub.start()

    again = hub_sync.send_and_receive(worker)
    assert again.sent_again and again.sent["visits"] > 0 and again.state == "up to date"
    assert "sent again" in again.text()
    # A manager syncing now gets every record, those the backup missed included.
    hub_sync.send_and_receive(manager)
    with worker.db.sessions() as session:
        waiting = set(
            session.scalars(
                select(AuthorisationTask.visit_id).where(AuthorisationTask.state == "open")
            )
        )
    with manager.db.sessions() as session:
        held = set(session.scalars(select(AuthorisationTask.visit_id)))
    assert waiting and held == waiting
    assert not hub_sync.send_and_receive(worker).sent_again
    hub.stop()
