"""Bundles validly signed by a real enrolled device that ask for what the device may not do.

Each attack edits the payload *before* it is signed and sealed with the device's own keys, as
a worker's laptop under someone else's control could: the envelope is perfect, so only the
role and ownership rules stand between the bundle and the manager's records.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.services.test_sync_flow import FULL, _dump
from visitdesk.errors import UserError
from visitdesk.services import demo, records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Addendum, AuthorisationTask, Visit


@pytest.fixture
def team(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="worker")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    other = make_workspace(role="worker", name="Alex Other", folder="other")
    for ws, name in ((worker, "sam"), (manager, "morgan"), (other, "alex")):
        syncing.export_card(ws, tmp_path / f"{name}.card")
    syncing.import_card(manager, tmp_path / "sam.card")
    syncing.import_card(manager, tmp_path / "alex.card")
    syncing.import_card(worker, tmp_path / "morgan.card")
    syncing.import_card(other, tmp_path / "morgan.card")
    return worker, manager, other


@pytest.fixture
def forge(monkeypatch):
    """``forge(edit)``: the next bundle exported has its payload changed by ``edit`` before
    the real seal signs it with the sending device's own key."""
    real_seal = syncing.seal

    def install(edit):
        def sealing(raw, *, manifest, sender, recipient):
            payload = json.loads(raw)
            edit(payload)
            # The manifest is signed too: an attacker writes counts that match.
            counts = {k: len(v) for k, v in payload.items() if isinstance(v, list)}
            if payload["kind"] == "decisions":
                counts["decisions"] = counts.pop("tasks", 0)
            return real_seal(
                json.dumps(payload).encode(),
                manifest={**manifest, "counts": counts},
                sender=sender,
                recipient=recipient,
            )

        monkeypatch.setattr(syncing, "seal", sealing)

    yield install
    monkeypatch.setattr(syncing, "seal", real_seal)


def _child(ws, given="Ada"):
    return records.add_child(
        ws,
        given_name=given,
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", ws.today() - timedelta(days=40)),
    )


def _completed(ws, child, days_ago=5):
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    vid = records.start_visit(ws, child, at, **FULL)
    records.complete_visit(ws, vid)
    return vid


def _send(sender, receiver, path):
    syncing.export_bundle(sender, path, to="Sam Worker" if sender.is_manager else None)
    return syncing.import_bundle(receiver, path)


def _refused(receiver, path, match):
    before = _dump(receiver)
    with pytest.raises(UserError, match=match):
        syncing.import_bundle(receiver, path)
    assert _dump(receiver) == before


def _task(ws, visit_id):
    with ws.db.sessions() as s:
        return s.scalar(select(AuthorisationTask).where(AuthorisationTask.visit_id == visit_id))


def _authorised_here(ws):
    with ws.db.sessions() as s:
        return s.scalars(
            select(AuthorisationTask).where(AuthorisationTask.state == "authorised")
        ).all()


# --- a worker's device forging the manager's decisions --------------------------------------


def test_a_worker_bundle_cannot_authorise_a_task(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))

    def authorise(payload):
        for task in payload["tasks"]:
            task.update(
                state="authorised", decided_by="Morgan Manager", decided_at="2026-11-30T10:00:00"
            )
        for visit in payload["visits"]:
            visit["state"] = "authorised"

    forge(authorise)
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", "only the manager decides")
    assert _authorised_here(manager) == []
    with manager.db.sessions() as s:
        assert s.get(Visit, vid) is None


def test_a_worker_cannot_decide_a_record_already_waiting(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.add_addendum(worker, vid, "A late note.")  # something new to carry

    real = _row_of(_task(worker, vid))

    def decide(payload):
        payload["tasks"] = [
            {
                **real,
                "state": "authorised",
                "decided_by": "Morgan Manager",
                "decided_at": "2026-11-30T10:00:00",
            }
        ]

    forge(decide)
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "decision this installation did not make")
    assert _task(manager, vid).state == "open"


def test_a_visit_cannot_arrive_already_authorised(team, tmp_path):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    with worker.db.transaction() as s:  # a tampered laptop's own database
        s.get(Visit, vid).state = "authorised"
        task = s.scalar(select(AuthorisationTask).where(AuthorisationTask.visit_id == vid))
        task.state, task.decided_by = "authorised", "Morgan Manager"
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", "only the manager decides")
    assert _authorised_here(manager) == []


def test_the_words_of_an_authorised_record_never_change_by_sync(team, tmp_path):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.authorise(manager, _task(manager, vid).id)
    _send(manager, worker, tmp_path / "m1.vdb")
    with worker.db.transaction() as s:
        s.get(Visit, vid).findings = "Rewritten after authorisation."
    got = _send(worker, manager, tmp_path / "w2.vdb")
    assert got.conflicts == 1
    with manager.db.sessions() as s:
        kept = s.get(Visit, vid)
        assert (kept.state, kept.findings) == ("authorised", "f")
        twin = s.scalar(select(Visit).where(Visit.conflict_of == vid))
        assert twin.state == "completed" and twin.findings == "Rewritten after authorisation."
        assert (
            s.scalar(select(AuthorisationTask).where(AuthorisationTask.visit_id == twin.id)) is None
        )


def test_a_completed_record_cannot_be_reopened_without_a_return(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.add_addendum(worker, vid, "A late note.")

    def reopen(payload):
        for visit in payload["visits"]:
            visit.update(revision=2, findings="New words.")

    forge(reopen)
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "reopened without being returned")


def test_a_worker_cannot_rewrite_another_workers_record(team, tmp_path, forge):
    worker, manager, other = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    with manager.db.sessions() as s:
        theirs = syncing._row(s.get(Visit, vid))
        their_child = syncing._row(s.get(Visit, vid).child)
    _completed(other, _child(other, "Ben"))

    for claim_origin in (True, False):

        def steal(payload, claim_origin=claim_origin):
            stolen = {**theirs, "findings": "Forged words.", "state": "draft"}
            if not claim_origin:
                stolen["origin_device"] = other.identity.device_id
            payload["visits"].append(stolen)
            payload["children"].append(their_child)

        forge(steal)
        path = tmp_path / f"o{claim_origin}.vdb"
        syncing.export_bundle(other, path, overwrite=True)
        _refused(manager, path, "sending worker|another worker")
        with other.db.transaction() as s:  # let the next export carry the same again
            for v in s.scalars(select(Visit)):
                v.present = v.present + " "
    with manager.db.sessions() as s:
        assert s.get(Visit, vid).findings == "f"


def test_a_decision_cannot_be_moved_onto_another_record(team, tmp_path, forge):
    worker, manager, _ = team
    child = _child(worker)
    decided, pending = _completed(worker, child, 6), _completed(worker, child, 3)
    _send(worker, manager, tmp_path / "w1.vdb")
    records.authorise(manager, _task(manager, decided).id)
    _send(manager, worker, tmp_path / "m1.vdb")
    records.add_addendum(worker, pending, "A late note.")

    real = _row_of(_task(worker, decided))

    def move(payload):
        payload["tasks"].append({**real, "visit_id": pending})

    forge(move)
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "another record")
    assert _task(manager, pending).state == "open"


def test_an_addendum_is_signed_with_the_enrolled_name_and_never_rewritten(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    records.add_addendum(worker, vid, "First note.")
    forge(lambda payload: [a.update(author="Morgan Manager") for a in payload["addenda"]])
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    syncing.import_bundle(manager, tmp_path / "w1.vdb")
    with manager.db.sessions() as s:
        assert [a.author for a in s.scalars(select(Addendum))] == ["Sam Worker"]
    first = _row_of_addendum(worker, "First note.")
    records.add_addendum(worker, vid, "Second note.")
    forge(
        lambda payload: [
            a.update(text="Changed.") for a in payload["addenda"] if a["id"] == first["id"]
        ]
    )
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "change an addendum")


# --- the manager's side obeys the same rules ----------------------------------------------


def test_a_manager_bundle_cannot_rewrite_a_workers_narrative(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.return_for_correction(manager, _task(manager, vid).id, "Add her words.")
    with manager.db.sessions() as s:
        row = syncing._row(s.get(Visit, vid))
    forge(
        lambda payload: payload.setdefault("visits", []).append(
            {**row, "findings": "The manager's words."}
        )
    )
    syncing.export_bundle(manager, tmp_path / "m1.vdb", to="Sam Worker")
    _refused(worker, tmp_path / "m1.vdb", "only decisions")
    with worker.db.sessions() as s:
        assert s.get(Visit, vid).findings == "f"


def test_who_decided_comes_from_the_signing_device(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.authorise(manager, _task(manager, vid).id)
    forge(lambda payload: [t.update(decided_by="The Director") for t in payload["tasks"]])
    syncing.export_bundle(manager, tmp_path / "m1.vdb", to="Sam Worker")
    syncing.import_bundle(worker, tmp_path / "m1.vdb")
    task = _task(worker, vid)
    assert (task.state, task.decided_by) == ("authorised", "Morgan Manager")
    assert task.decided_device == manager.identity.device_id


def test_a_manager_cannot_decide_a_record_the_worker_never_sent(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.authorise(manager, _task(manager, vid).id)
    forge(
        lambda payload: [
            t.update(id="00000000-0000-4000-8000-000000000000") for t in payload["tasks"]
        ]
    )
    syncing.export_bundle(manager, tmp_path / "m1.vdb", to="Sam Worker")
    _refused(worker, tmp_path / "m1.vdb", "never sent")


def test_the_manager_cannot_edit_a_workers_record(team, tmp_path):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.return_for_correction(manager, _task(manager, vid).id, "Add her words.")
    with pytest.raises(UserError, match="only they can change it"):
        records.save_draft(manager, vid, {"findings": "The manager's words."})


# --- the stock command line: demo data on a worker, then to the manager ---------------------


def test_demo_data_sent_to_a_manager_claims_no_decision(team, tmp_path):
    worker, manager, _ = team
    demo.fill(worker, children=8, seed=3)
    got = _send(worker, manager, tmp_path / "w1.vdb")
    assert got.counts["visits"] > 20
    assert _authorised_here(manager) == []
    with manager.db.sessions() as s:
        states = set(s.scalars(select(Visit.state)))
    assert states <= {"draft", "completed"}


def _row_of(task):
    return syncing._row(task)


def _row_of_addendum(ws, text):
    with ws.db.sessions() as s:
        return syncing._row(s.scalar(select(Addendum).where(Addendum.text == text)))


def test_the_manager_cannot_start_a_record_for_a_workers_child(team, tmp_path):
    worker, manager, _ = team
    child = _child(worker)
    _completed(worker, child)
    _send(worker, manager, tmp_path / "w1.vdb")
    with pytest.raises(UserError, match="another worker's caseload"):
        records.start_visit(manager, child, manager.now().replace(second=0, microsecond=0))


def test_a_worker_cannot_open_a_task_on_a_draft(team, tmp_path, forge):
    worker, manager, _ = team
    child = _child(worker)
    at = worker.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=2)
    vid = records.start_visit(worker, child, at, **FULL)

    def task_for_draft(payload):
        payload["tasks"].append(
            {
                "id": "00000000-0000-4000-8000-000000000001",
                "visit_id": vid,
                "visit_revision": 1,
                "state": "open",
                "created_at": "2026-11-30T10:00:00",
                "decided_at": None,
                "decided_by": "",
                "decided_device": "",
                "comment": "",
            }
        )

    forge(task_for_draft)
    syncing.export_bundle(worker, tmp_path / "w1.vdb", include_drafts=True)
    _refused(manager, tmp_path / "w1.vdb", "not completed")


def test_the_signed_counts_must_match_what_the_bundle_holds(team, tmp_path, monkeypatch):
    worker, manager, _ = team
    _completed(worker, _child(worker))
    real_seal = syncing.seal
    monkeypatch.setattr(
        syncing,
        "seal",
        lambda raw, *, manifest, sender, recipient: real_seal(
            raw,
            manifest={**manifest, "counts": {**manifest["counts"], "visits": 0}},
            sender=sender,
            recipient=recipient,
        ),
    )
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", "manifest counts 0 visits")


def test_a_bundle_numbered_far_ahead_cannot_lock_its_sender_out(team, tmp_path):
    worker, manager, _ = team
    _completed(worker, _child(worker))
    with worker.db.transaction() as s:
        from visitdesk.storage.models import Peer

        s.scalar(select(Peer)).last_sent_sequence = 2**31 - 2
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", "far past the last one")


def test_a_returned_record_cannot_be_sent_back_as_a_draft_with_a_new_task(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.return_for_correction(manager, _task(manager, vid).id, "Add her words.")
    with manager.db.sessions() as s:
        row = syncing._row(s.get(Visit, vid))

    def redraft(payload):
        payload["visits"] = [{**row, "state": "draft", "findings": "New words."}]
        payload["tasks"] = [
            {
                "id": "00000000-0000-4000-8000-000000000002",
                "visit_id": vid,
                "visit_revision": 1,
                "state": "open",
                "created_at": "2026-11-30T10:00:00",
                "decided_at": None,
                "decided_by": "",
                "decided_device": "",
                "comment": "",
            }
        ]

    records.add_child(
        worker,
        given_name="Nia",
        family_name="Hale",
        date_of_birth=date(2016, 2, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=10)),
    )
    forge(redraft)
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "back into a draft")


def test_a_second_task_on_a_decided_record_is_refused(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    records.authorise(manager, _task(manager, vid).id)
    _send(manager, worker, tmp_path / "m1.vdb")
    records.add_addendum(worker, vid, "A late note.")
    forge(
        lambda payload: payload["tasks"].append(
            {
                "id": "00000000-0000-4000-8000-000000000003",
                "visit_id": vid,
                "visit_revision": 1,
                "state": "open",
                "created_at": "2026-11-30T10:00:00",
                "decided_at": None,
                "decided_by": "",
                "decided_device": "",
                "comment": "",
            }
        )
    )
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "not completed and waiting|already asked")
    assert _task(manager, vid).state == "authorised"


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ("[" * 100_000, "cannot be read"),  # nested past any reader's depth
        ('{"a":' * 60_000, "cannot be read"),
        ('{"x": 1, "x": 2}', "cannot be read"),  # a duplicate key, last one winning
        ('{"x": NaN}', "cannot be read"),
        ('["a list"]', "must be a JSON object"),
        ('"\\ud800"', "cannot be read"),  # a lone surrogate
    ],
)
def test_a_signed_bundle_with_unreadable_answers_is_refused_and_changes_nothing(
    team, tmp_path, forge, answers, words
):
    worker, manager, _other = team
    vid = _completed(worker, _child(worker))

    def edit(payload):
        for row in payload["visits"]:
            row["answers"] = answers

    forge(edit)
    syncing.export_bundle(worker, tmp_path / "w.vdb")
    with pytest.raises(UserError) as refused:
        syncing.import_bundle(manager, tmp_path / "w.vdb")
    assert words in str(refused.value) and "nothing was imported" in str(refused.value)
    with manager.db.sessions() as session:
        assert session.get(Visit, vid) is None


def test_answers_to_a_question_this_version_does_not_ask_ask_for_an_update(team, tmp_path, forge):
    worker, manager, _other = team
    vid = _completed(worker, _child(worker))

    def edit(payload):
        for row in payload["visits"]:
            row["answers"] = '{"interpreter_used": true}'

    forge(edit)
    syncing.export_bundle(worker, tmp_path / "w.vdb")
    with pytest.raises(UserError, match="made by a newer VisitDesk.*update VisitDesk"):
        syncing.import_bundle(manager, tmp_path / "w.vdb")
    with manager.db.sessions() as session:
        assert session.get(Visit, vid) is None
