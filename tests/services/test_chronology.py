"""A child's chronology: the significant events their completed records mark and their plan
changes, in date order, and the CSV a worker opens in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import chronology, records, syncing
from visitdesk.services.chronology import ChronologyEntry
from visitdesk.services.records import PlanInput
from visitdesk.storage import answers
from visitdesk.storage.models import AuditEvent, AuthorisationTask, Plan, Visit

NOW = datetime(2026, 11, 25, 16, 0)
COMPLETE = {
    "location": "home",
    "seen": "yes",
    "seen_alone": "yes",
    "bedroom_seen": True,
    "seen_awake": True,
    "status_of_child": "CIN Plan",
    "purpose": "Statutory visit.",
    "findings": "Home warm; child well.",
    "analysis": "Plan on track.",
    "conclusion": "Continue.",
    "recommendations": "Next visit due.",
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=hour)


def _record(ws, child, day, event="", *, hour=10, complete=True, **extra) -> str:
    vid = records.start_visit(ws, child, _at(day, hour), **{**COMPLETE, **extra})
    if event:
        records.save_draft(ws, vid, {"significant_event": event})
    if complete:
        records.complete_visit(ws, vid)
    return vid


def _task(ws, vid) -> str:
    with ws.db.sessions() as s:
        return s.scalar(
            select(AuthorisationTask.id).where(
                AuthorisationTask.visit_id == vid, AuthorisationTask.state == "open"
            )
        )


def _plan_id(ws, child) -> str:
    with ws.db.sessions() as s:
        return s.scalar(select(Plan.id).where(Plan.child_id == child))


def _new_plan(ws, child, plan_type, start, end=None) -> None:
    # No service adds a second plan to a child yet (a case-system import will): the row as
    # the caseload reads it.
    with ws.db.transaction() as s:
        s.add(
            Plan(
                child_id=child,
                plan_type=plan_type,
                start_date=start,
                end_date=end,
                updated_at=ws.now(),
            )
        )


@pytest.fixture
def manager(make_workspace):
    """A manager's installation: it holds completed, authorised and returned records."""
    return make_workspace(role="manager", name="Morgan Manager", clock=lambda: NOW)


@pytest.fixture
def story(manager):
    """Ada: a child in need plan from 1 September that became a child protection plan on
    12 October (ending on a day still to come), with records in every state."""
    ws = manager
    ada = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", date(2026, 9, 1), allocated_on=date(2026, 9, 1)),
    )
    records.update_plan(
        ws,
        _plan_id(ws, ada),
        PlanInput(
            "CIN", date(2026, 9, 1), allocated_on=date(2026, 9, 1), end_date=date(2026, 10, 12)
        ),
    )
    _new_plan(ws, ada, "CP", date(2026, 10, 12), end=date(2026, 12, 20))
    ids = {
        "school": _record(ws, ada, date(2026, 9, 3), "Started at Hillside  Primary\nSchool."),
        "quiet": _record(ws, ada, date(2026, 9, 17)),
        # The same day as the change of plan, and written early that morning.
        "conference": _record(ws, ada, date(2026, 10, 12), "Initial conference held.", hour=8),
        "returned": _record(ws, ada, date(2026, 10, 20), "Moved in with her aunt."),
        "authorised": _record(ws, ada, date(2026, 11, 3), "Father released from prison."),
        "draft": _record(
            ws, ada, date(2026, 11, 20), "Draft words, still changing.", complete=False
        ),
    }
    records.return_for_correction(ws, _task(ws, ids["returned"]), "Please add the address.")
    records.authorise(ws, _task(ws, ids["authorised"]))
    return ws, ada, ids


def test_the_chronology_lists_events_and_plan_changes_in_date_order(story):
    ws, ada, ids = story
    assert chronology.chronology(ws, ada) == [
        ChronologyEntry(date(2026, 9, 1), "plan_started", "Child in need plan started", "Plan"),
        ChronologyEntry(
            date(2026, 9, 3),
            "event",
            "Started at Hillside Primary School.",
            "Visit record of 3 Sep 2026",
            "Morgan Manager",
            ids["school"],
        ),
        # A change of plan: the old one ends, the new one starts, and only then the day's
        # events, whatever time the record was made.
        ChronologyEntry(date(2026, 10, 12), "plan_ended", "Child in need plan ended", "Plan"),
        ChronologyEntry(
            date(2026, 10, 12), "plan_started", "Child protection plan started", "Plan"
        ),
        ChronologyEntry(
            date(2026, 10, 12),
            "event",
            "Initial conference held.",
            "Visit record of 12 Oct 2026",
            "Morgan Manager",
            ids["conference"],
        ),
        ChronologyEntry(
            date(2026, 10, 20),
            "event",
            "Moved in with her aunt.",
            "Visit record of 20 Oct 2026",
            "Morgan Manager",
            ids["returned"],
        ),
        ChronologyEntry(
            date(2026, 11, 3),
            "event",
            "Father released from prison.",
            "Visit record of 3 Nov 2026",
            "Morgan Manager",
            ids["authorised"],
        ),
    ]


def test_a_draft_and_a_plan_end_still_to_come_are_left_out(story):
    ws, ada, ids = story
    entries = chronology.chronology(ws, ada)
    assert all("Draft words" not in e.text for e in entries)
    assert ids["draft"] not in {e.visit_id for e in entries}
    assert not [e for e in entries if e.day > NOW.date()]
    # The day comes: the plan's end is listed from then on, after that day's nothing else.
    ws.clock = lambda: datetime(2026, 12, 21, 9, 0)
    assert chronology.chronology(ws, ada)[-1] == ChronologyEntry(
        date(2026, 12, 20), "plan_ended", "Child protection plan ended", "Plan"
    )


def test_the_states_of_the_records_counted(story):
    ws, ada, ids = story
    with ws.db.sessions() as s:
        states = {vid: s.get(Visit, vid).state for vid in ids.values()}
    assert states == {
        ids["school"]: "completed",
        ids["quiet"]: "completed",
        ids["conference"]: "completed",
        ids["returned"]: "returned",
        ids["authorised"]: "authorised",
        ids["draft"]: "draft",
    }
    counted = {e.visit_id for e in chronology.chronology(ws, ada) if e.kind == "event"}
    assert counted == {ids[k] for k in ("school", "conference", "returned", "authorised")}


def test_a_completed_draft_joins_the_chronology(story):
    ws, ada, ids = story
    records.save_draft(ws, ids["draft"], {"significant_event": "Ada started\tcounselling."})
    records.complete_visit(ws, ids["draft"])
    last = chronology.chronology(ws, ada)[-1]
    assert (last.day, last.text, last.visit_id) == (
        date(2026, 11, 20),
        "Ada started counselling.",
        ids["draft"],
    )


def test_a_plan_replaced_without_an_end_date_ends_when_the_next_begins(manager):
    ws = manager
    bo = records.add_child(
        ws,
        given_name="Bo",
        family_name="Able",
        date_of_birth=date(2020, 1, 1),
        plan=PlanInput("CIN", date(2026, 6, 1)),
    )
    _new_plan(ws, bo, "CLA", date(2026, 8, 15))
    _new_plan(ws, bo, "CP+CLA", date(2026, 12, 1))  # still to come: neither start nor end yet
    assert [(e.day, e.kind, e.text) for e in chronology.chronology(ws, bo)] == [
        (date(2026, 6, 1), "plan_started", "Child in need plan started"),
        (
            date(2026, 8, 15),
            "plan_ended",
            "Child in need plan ended: replaced by a looked after child plan",
        ),
        (date(2026, 8, 15), "plan_started", "Looked after child plan started"),
    ]


def test_an_unknown_child_is_refused(manager):
    with pytest.raises(UserError, match="no child with id nobody"):
        chronology.chronology(manager, "nobody")


def test_a_conflict_copy_from_a_bundle_is_not_in_the_chronology(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="worker")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.export_card(manager, tmp_path / "morgan.card")
    syncing.import_card(manager, tmp_path / "sam.card")
    syncing.import_card(worker, tmp_path / "morgan.card")
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=40)),
    )
    vid = _record(worker, child, worker.today() - timedelta(days=5), "Moved school.")
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    syncing.import_bundle(manager, tmp_path / "w1.vdb")
    with worker.db.transaction() as s:  # other words for the same completed revision
        answers.store(s.get(Visit, vid), {"significant_event": "Other words."})
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    assert syncing.import_bundle(manager, tmp_path / "w2.vdb").conflicts == 1
    with manager.db.sessions() as s:
        twin = s.scalar(select(Visit).where(Visit.conflict_of == vid))
        assert answers.values_of(twin)["significant_event"] == "Other words."
    events = [e for e in chronology.chronology(manager, child) if e.kind == "event"]
    assert [(e.text, e.visit_id, e.recorded_by) for e in events] == [
        ("Moved school.", vid, "Sam Worker")
    ]


# -- CSV -------------------------------------------------------------------------------------


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_csv_has_the_header_and_one_row_per_entry_cell_by_cell(story):
    ws, ada, _ids = story
    data = chronology.chronology_csv(chronology.chronology(ws, ada))
    assert data.startswith(b"Date,Event,Kind,Source,Recorded by\r\n")
    assert _rows(data) == [
        ["Date", "Event", "Kind", "Source", "Recorded by"],
        ["01/09/2026", "Child in need plan started", "Plan started", "Plan", ""],
        [
            "03/09/2026",
            "Started at Hillside Primary School.",
            "Significant event",
            "Visit record of 3 Sep 2026",
            "Morgan Manager",
        ],
        ["12/10/2026", "Child in need plan ended", "Plan ended", "Plan", ""],
        ["12/10/2026", "Child protection plan started", "Plan started", "Plan", ""],
        [
            "12/10/2026",
            "Initial conference held.",
            "Significant event",
            "Visit record of 12 Oct 2026",
            "Morgan Manager",
        ],
        [
            "20/10/2026",
            "Moved in with her aunt.",
            "Significant event",
            "Visit record of 20 Oct 2026",
            "Morgan Manager",
        ],
        [
            "03/11/2026",
            "Father released from prison.",
            "Significant event",
            "Visit record of 3 Nov 2026",
            "Morgan Manager",
        ],
    ]


def test_a_line_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(manager):
    ws = manager
    ada = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", date(2026, 9, 1)),
    )
    typed = [
        '=HYPERLINK("http://example.com/x","Click")',
        "+44 7700 900123 rang the office",
        "-2 days after the move, she ran away",
        "@SUM(A1:A9)",
        'Said "no", then, later, "yes"; commas and quotes kept',
        "Zoë’s naming day, 🎉, in Cymraeg: diwrnod da",
    ]
    for n, event in enumerate(typed):
        _record(ws, ada, date(2026, 9, 2) + timedelta(days=n), event)
    rows = _rows(chronology.chronology_csv(chronology.chronology(ws, ada)))
    assert [row[1] for row in rows[2:]] == [
        "'" + typed[0],
        "'" + typed[1],
        "'" + typed[2],
        "'" + typed[3],
        typed[4],
        typed[5],
    ]
    # What a cell may start with is checked in every column that holds words.
    entry = ChronologyEntry(date(2026, 9, 1), "event", "x", "\tSource", "\rWho")
    assert _rows(chronology.chronology_csv([entry]))[1] == [
        "01/09/2026",
        "x",
        "Significant event",
        "'\tSource",
        "'\rWho",
    ]


def test_an_empty_chronology_is_the_header_alone():
    assert chronology.chronology_csv([]) == b"Date,Event,Kind,Source,Recorded by\r\n"


# -- saving it -------------------------------------------------------------------------------


def _exports(ws) -> list[tuple[str, str, str, str]]:
    with ws.db.sessions() as s:
        return [
            (e.action, e.entity, e.entity_id, e.detail)
            for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "export_chronology"))
        ]


def test_saving_writes_the_csv_and_notes_only_the_count_in_the_audit_trail(story, tmp_path):
    ws, ada, _ids = story
    out = tmp_path / "ada.csv"
    assert chronology.export_chronology(ws, ada, out, overwrite=False) == 7
    assert out.read_bytes() == chronology.chronology_csv(chronology.chronology(ws, ada))
    assert _exports(ws) == [("export_chronology", "child", ada, "7 entries")]


def test_saving_refuses_the_data_folder_an_existing_file_and_an_unknown_child(story, tmp_path):
    ws, ada, _ids = story
    inside = ws.data_dir / "chronology.csv"
    with pytest.raises(UserError, match="data folder"):
        chronology.export_chronology(ws, ada, inside, overwrite=True)
    assert not inside.exists()
    there = tmp_path / "there.csv"
    there.write_bytes(b"keep me")
    with pytest.raises(UserError, match="already exists"):
        chronology.export_chronology(ws, ada, there, overwrite=False)
    assert there.read_bytes() == b"keep me"
    with pytest.raises(UserError, match="no child with id nobody"):
        chronology.export_chronology(ws, "nobody", tmp_path / "nobody.csv", overwrite=False)
    assert not (tmp_path / "nobody.csv").exists()
    assert _exports(ws) == []
    # With overwrite the file is replaced whole.
    assert chronology.export_chronology(ws, ada, there, overwrite=True) == 7
    assert _rows(there.read_bytes())[0] == ["Date", "Event", "Kind", "Source", "Recorded by"]
    assert _exports(ws) == [("export_chronology", "child", ada, "7 entries")]
