"""Worker -> hub -> manager -> hub -> worker, with real bundles over HTTPS to a real hub process
on a real PostgreSQL, and a second manager who sees the same queue."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from tests.hub.hubtools import set_up_hub
from visitdesk.services import demo, hub_sync, records, syncing
from visitdesk.storage.models import AuthorisationTask, Peer, Visit
from visitdesk.sync.hub_client import HubUnreachable

PASSPHRASE = "correct horse battery"


def _tasks(ws, state: str = "open") -> set[str]:
    with ws.db.sessions() as session:
        return set(
            session.scalars(
                select(AuthorisationTask.visit_id).where(AuthorisationTask.state == state)
            )
        )


def _states(ws) -> dict[str, str]:
    with ws.db.sessions() as session:
        return dict(session.execute(select(Visit.id, Visit.state)).all())


@pytest.fixture
def team(tmp_path, hub_database_url, make_workspace):
    hub = set_up_hub(tmp_path, hub_database_url)
    worker = make_workspace(role="worker", name="Sam Worker", folder="sam")
    morgan = make_workspace(role="manager", name="Morgan Manager", folder="morgan")
    riley = make_workspace(role="manager", name="Riley Manager", folder="riley")
    cards = []
    for ws, name in ((worker, "sam"), (morgan, "morgan"), (riley, "riley")):
        cards.append(tmp_path / f"{name}.card")
        syncing.export_card(ws, cards[-1])
        assert syncing.import_card(ws, hub.card).relation == "hub"
    hub.enrol(*cards)
    # Sam's own manager is enrolled on Sam's laptop by hand, fingerprints compared: only a
    # manager enrolled so decides there.
    syncing.import_card(worker, tmp_path / "morgan.card")
    hub.start()
    yield hub, worker, morgan, riley
    hub.stop()


def test_records_go_through_the_hub_to_both_managers_and_decisions_come_back(team) -> None:
    hub, worker, morgan, riley = team
    demo.fill(worker, children=3, seed=4)
    waiting = _tasks(worker)
    assert waiting, "the demo caseload has records waiting for authorisation"

    sent = hub_sync.send_and_receive(worker)
    assert sent.sent["visits"] > 0 and sent.state == "up to date"

    for manager in (morgan, riley):
        report = hub_sync.send_and_receive(manager)
        assert not report.refused
        # Both managers hold the same queue: every record waiting at the worker.
        assert _tasks(manager) == waiting

    first, second = sorted(waiting)[:2]
    with morgan.db.sessions() as session:
        ids = dict(session.execute(select(AuthorisationTask.visit_id, AuthorisationTask.id)).all())
    records.authorise(morgan, ids[first], "Good record")
    records.return_for_correction(morgan, ids[second], "Say who else was there")
    assert hub_sync.send_and_receive(morgan).sent == {"decisions": 2}

    # The worker takes in the decisions, with who made them from the signing device; Riley's
    # acknowledgement of the records (Riley is not enrolled on Sam's laptop) is no refusal.
    assert hub_sync.send_and_receive(worker).refused == []
    states = _states(worker)
    assert (states[first], states[second]) == ("authorised", "returned")
    with worker.db.sessions() as session:
        task = session.scalar(select(AuthorisationTask).where(AuthorisationTask.visit_id == first))
        assert (task.decided_by, task.decided_device) == (
            "Morgan Manager",
            morgan.identity.device_id,
        )

    # The second manager's queue no longer shows what the first decided.
    hub_sync.send_and_receive(riley)
    assert _tasks(riley) == waiting - {first, second}
    assert _states(riley)[first] == "authorised"

    # Nothing is left waiting anywhere, and a sync now changes nothing.
    for ws in (worker, morgan, riley):
        again = hub_sync.send_and_receive(ws)
        assert again.state == "up to date" and not again.received and not again.refused


def test_a_manager_enrolled_later_receives_the_whole_team(team, tmp_path, make_workspace) -> None:
    hub, worker, morgan, _riley = team
    demo.fill(worker, children=2, seed=5)
    hub_sync.send_and_receive(worker)
    late = make_workspace(role="manager", name="Lee Later", folder="lee")
    syncing.export_card(late, tmp_path / "lee.card")
    syncing.import_card(late, hub.card)
    hub.enrol(tmp_path / "lee.card")
    hub_sync.send_and_receive(late)
    assert _tasks(late) == _tasks(worker)
    with late.db.sessions() as session:
        met = session.get(Peer, worker.identity.device_id)
        assert (met.relation, met.role) == ("team", "worker")


def test_the_same_sequence_numbers_serve_files_and_the_hub(team, tmp_path) -> None:
    hub, worker, morgan, _riley = team
    # Sam's manager is also enrolled by card, so bundles can go by file too.
    syncing.export_card(morgan, tmp_path / "morgan-direct.card")
    syncing.import_card(worker, tmp_path / "morgan-direct.card")
    syncing.import_card(morgan, tmp_path / "sam.card")
    demo.fill(worker, children=2, seed=6)
    by_hub = hub_sync.send_and_receive(worker)
    assert by_hub.sent["visits"] > 0
    # A record completed afterwards goes by USB stick, numbered next in the same series.
    file = tmp_path / "sam.vdbundle"
    summary = syncing.export_bundle(worker, file)
    with morgan.db.sessions() as session:
        assert session.get(Peer, worker.identity.device_id).last_received_sequence == 0
    syncing.import_bundle(morgan, file)
    # The hub's copy of the earlier bundle then arrives: already covered, it changes nothing.
    late = hub_sync.send_and_receive(morgan)
    assert not late.refused
    with morgan.db.sessions() as session:
        assert (
            session.get(Peer, worker.identity.device_id).last_received_sequence == summary.sequence
        )
    assert _tasks(morgan) == _tasks(worker)


def test_sync_says_in_one_line_when_the_hub_cannot_be_reached(team, tmp_path) -> None:
    hub, worker, _morgan, _riley = team
    hub.stop()
    with pytest.raises(HubUnreachable, match="hub not reachable"):
        hub_sync.send_and_receive(worker, client=hub_sync.client_for(worker, attempts=2, backoff=0))
    env = {**os.environ, "VISITDESK_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-m", "visitdesk", "--data-dir", str(worker.data_dir), "sync"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "hub not reachable" in done.stderr
    hub.start()
    up = subprocess.run(
        [sys.executable, "-m", "visitdesk", "--data-dir", str(worker.data_dir), "sync"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert up.returncode == 0, up.stderr
    assert "up to date" in up.stdout.lower()


def test_the_hub_works_out_the_team_caseload_and_returns_from_postgresql(team, tmp_path) -> None:
    from tests.hub.hubtools import hub_command
    from visitdesk.services.caseload import work_out

    hub, worker, morgan, _riley = team
    demo.fill(worker, children=3, seed=7)
    hub_sync.send_and_receive(worker)
    hub_sync.send_and_receive(morgan)
    done = hub_command(
        "caseload", "--dir", str(hub.folder), "--authority", "getting-it-right", "--json"
    )
    at_hub = {row["id"]: row["status"] for row in json.loads(done.stdout)}
    rows = work_out(morgan, morgan.today(), remember=False)
    at_manager = {row.child_id: row.status_code for row in rows}
    assert at_hub and at_hub == at_manager

    out = tmp_path / "annex-a"
    saved = hub_command(
        "export",
        "annex-a",
        "--dir",
        str(hub.folder),
        "--out",
        str(out),
        "--authority",
        "getting-it-right",
    )
    assert "personal data" in saved.stdout
    assert sorted(p.name for p in out.iterdir())
    refused = hub_command(
        "export", "ssd", "--dir", str(hub.folder), "--out", str(hub.folder / "x"), check=False
    )
    assert refused.returncode == 2


def test_a_manager_met_only_through_the_hub_decides_once_their_card_is_enrolled(
    team, tmp_path
) -> None:
    hub, worker, _morgan, riley = team
    demo.fill(worker, children=2, seed=8)
    hub_sync.send_and_receive(worker)
    hub_sync.send_and_receive(riley)
    visit = sorted(_tasks(riley))[0]
    with riley.db.sessions() as session:
        task = session.scalar(
            select(AuthorisationTask.id).where(AuthorisationTask.visit_id == visit)
        )
    records.authorise(riley, task, "Fine")
    hub_sync.send_and_receive(riley)

    held = hub_sync.send_and_receive(worker)
    assert held.refused and "not enrolled here" in held.refused[0]
    assert _states(worker)[visit] == "completed"
    # Sam compares Riley's fingerprint and enrols the card: the decision comes again.
    syncing.import_card(worker, tmp_path / "riley.card")
    hub_sync.send_and_receive(riley)
    hub_sync.send_and_receive(worker)
    assert _states(worker)[visit] == "authorised"


def test_a_manager_decides_for_two_workers_and_each_gets_their_own(
    team, tmp_path, make_workspace
) -> None:
    hub, sam, morgan, _riley = team
    alex = make_workspace(role="worker", name="Alex Worker", folder="alex")
    syncing.export_card(alex, tmp_path / "alex.card")
    syncing.import_card(alex, hub.card)
    hub.enrol(tmp_path / "alex.card")
    syncing.import_card(alex, tmp_path / "morgan.card")
    for n, worker in enumerate((sam, alex)):
        demo.fill(worker, children=2, seed=20 + n)
        hub_sync.send_and_receive(worker)
    hub_sync.send_and_receive(morgan)
    chosen = {}
    with morgan.db.sessions() as session:
        for worker in (sam, alex):
            mine = set(_tasks(worker))
            chosen[worker.identity.device_id] = session.scalar(
                select(AuthorisationTask)
                .where(AuthorisationTask.visit_id.in_(mine))
                .order_by(AuthorisationTask.visit_id)
            ).visit_id
        ids = dict(session.execute(select(AuthorisationTask.visit_id, AuthorisationTask.id)).all())
    for visit in chosen.values():
        records.authorise(morgan, ids[visit], "Good record")
    # One decisions bundle for each worker's device, each numbered 1 in its own series: the
    # hub keeps both, and each worker takes in its own.
    report = hub_sync.send_and_receive(morgan)
    assert report.sent == {"decisions": 2} and not report.refused
    for worker in (sam, alex):
        got = hub_sync.send_and_receive(worker)
        assert not got.refused
        assert _states(worker)[chosen[worker.identity.device_id]] == "authorised"
    assert morgan_is_up_to_date(morgan)


def morgan_is_up_to_date(manager) -> bool:
    return hub_sync.send_and_receive(manager).state == "up to date"


def test_serve_answers_by_default_on_the_port_its_card_gives(
    tmp_path, hub_database_url, make_workspace
) -> None:
    hub = set_up_hub(tmp_path, hub_database_url)  # init --port on a free port
    worker = make_workspace(role="worker", name="Sam Worker", folder="sam")
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.import_card(worker, hub.card)
    hub.enrol(tmp_path / "sam.card")
    hub.start(listen=False)
    try:
        demo.fill(worker, children=1, seed=40)
        assert hub_sync.send_and_receive(worker).state == "up to date"
    finally:
        hub.stop()
