"""The hand-off pack read back: the record's PDF, its fields in the case system's own names,
codes and order as JSON, and one CSV row a spreadsheet cannot run; refused for a record not
authorised, and never written into VisitDesk's own data."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import handoff, records
from visitdesk.services.records import PlanInput
from visitdesk.standards.case_system import load_mapping
from visitdesk.storage.models import AuditEvent, AuthorisationTask, Plan

LCS = "visiting-policy-2019"  # the Children's Social Care authority: Liquidlogic LCS
LCS_FIELDS = [
    "PERSON_ID",
    "EVENT_DATE",
    "EVENT_TIME",
    "SEEN_FLAG",
    "SEEN_ALONE_FLAG",
    "SEEN_BEDROOM_FLAG",
    "NOT_SEEN_ALONE_REASON",
    "NOTE_TEXT",
    "ANALYSIS",
    "PLAN_ACTIONS",
]
WRITTEN = dict(
    location="home",
    seen="yes",
    seen_alone="no",
    not_seen_alone_category="refused",
    not_seen_alone_reason="Her father asked to stay in the room.",
    bedroom_seen=False,
    purpose="Statutory visit.",
    childs_voice="She said she likes school.",
    findings="The home was warm and tidy.",
    analysis="Needs are met.",
    conclusion="Plan continues.",
    recommendations="Visit again in ten days.",
)


def _child(ws, plan="CP", ref="LCS 00417/B"):
    return records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        case_reference=ref,
        plan=PlanInput(plan, ws.today() - timedelta(days=60)),
    )


def _at(ws, days_ago):
    return ws.now().replace(hour=14, minute=30, second=0, microsecond=0) - timedelta(days=days_ago)


def _authorised(ws, child, days_ago=5, **changes):
    vid = records.start_visit(ws, child, _at(ws, days_ago), **{**WRITTEN, **changes})
    records.complete_visit(ws, vid)
    with ws.db.sessions() as s:
        task = s.scalar(select(AuthorisationTask.id).where(AuthorisationTask.visit_id == vid))
    records.authorise(ws, task)
    return vid


@pytest.fixture
def lcs(make_workspace):
    return make_workspace(role="manager", name="Morgan Manager", policy=LCS)


def _read_csv(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_the_pack_holds_the_record_in_the_case_systems_own_names_and_codes(lcs, tmp_path):
    vid = _authorised(lcs, _child(lcs))
    view = handoff.record_fields(lcs, vid)
    saved = handoff.write_pack(lcs, vid, tmp_path / "packs", overwrite=False)
    stem = f"LCS00417B-{view.visited_on.isoformat()}-{vid[:8]}"
    assert [p.name for p in saved] == [f"{stem}.pdf", f"{stem}.json", f"{stem}.csv"]

    header, row = _read_csv(saved[2])
    assert header == ["CASE_NOTE_TYPE", *LCS_FIELDS]
    assert header[1:] == [f.name for f in load_mapping(lcs.identity.authority_id).record.fields]
    cells = dict(zip(header, row, strict=True))
    assert cells["CASE_NOTE_TYPE"] == "STVC"  # a child protection visit
    assert cells["PERSON_ID"] == "LCS 00417/B"
    assert cells["EVENT_DATE"] == _at(lcs, 5).strftime("%d/%m/%Y")
    assert cells["EVENT_TIME"] == "14:30"
    assert (cells["SEEN_FLAG"], cells["SEEN_ALONE_FLAG"], cells["SEEN_BEDROOM_FLAG"]) == (
        "Y",
        "N",
        "N",
    )
    assert cells["NOT_SEEN_ALONE_REASON"] == "Her father asked to stay in the room."
    assert cells["PLAN_ACTIONS"] == "Visit again in ten days."

    data = json.loads(saved[1].read_text(encoding="utf-8"))
    assert data["fields"] == [
        {"name": f.name, "label": f.label, "value": f.value} for f in view.fields
    ]
    assert [f["name"] for f in data["fields"]] == LCS_FIELDS
    assert data["fields"][3] == {"name": "SEEN_FLAG", "label": "Child seen", "value": "Y"}
    assert (data["mapping_id"], data["system"], data["template"], data["kind"]) == (
        "childrens-social-care-2019",
        "Liquidlogic LCS",
        True,
        "case note",
    )
    assert (data["type"], data["visit_id"], data["child_id"]) == ("STVC", vid, view.child_id)
    assert (data["authorised_by"], data["authorised_on"]) == (
        "Morgan Manager",
        lcs.today().isoformat(),
    )
    assert data["made_at"].startswith(lcs.today().isoformat())

    assert saved[0].read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(saved[0]), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        assert "Ada Brook" in text and "The home was warm and tidy." in text


def test_a_cell_a_spreadsheet_would_run_is_kept_as_text(lcs, tmp_path):
    vid = _authorised(
        lcs,
        _child(lcs),
        findings='=HYPERLINK("http://example.invalid","open")',
        analysis="-2+3",
        recommendations="@SUM(A1)",
        not_seen_alone_reason="\tAsked to stay.",
    )
    saved = handoff.write_pack(lcs, vid, tmp_path, overwrite=False)
    header, row = _read_csv(saved[2])
    cells = dict(zip(header, row, strict=True))
    assert cells["NOTE_TEXT"] == '\'=HYPERLINK("http://example.invalid","open")'
    assert cells["ANALYSIS"] == "'-2+3"
    assert cells["PLAN_ACTIONS"] == "'@SUM(A1)"
    assert cells["NOT_SEEN_ALONE_REASON"] == "'\tAsked to stay."
    # The JSON, read by programs rather than spreadsheets, holds the words as written.
    fields = {f["name"]: f["value"] for f in json.loads(saved[1].read_text())["fields"]}
    assert fields["NOTE_TEXT"] == '=HYPERLINK("http://example.invalid","open")'


def test_the_keying_assist_shows_any_record_but_a_pack_is_only_for_an_authorised_one(lcs, tmp_path):
    child = _child(lcs)
    vid = records.start_visit(lcs, child, _at(lcs, 3), **WRITTEN)
    view = handoff.record_fields(lcs, vid)
    assert view.state == "draft" and not view.authorised
    assert [f.name for f in view.fields] == LCS_FIELDS
    assert (view.authorised_by, view.authorised_on) == ("", None)
    out = tmp_path / "packs"
    with pytest.raises(UserError, match="this record is a draft; a hand-off pack is made only"):
        handoff.write_pack(lcs, vid, out, overwrite=False)
    records.complete_visit(lcs, vid)
    with pytest.raises(UserError, match="completed and waiting for authorisation"):
        handoff.write_pack(lcs, vid, out, overwrite=False)
    assert not out.exists()
    with pytest.raises(UserError, match="no visit record"):
        handoff.record_fields(lcs, "not-a-record")


def test_a_pack_inside_the_data_folder_is_refused_and_nothing_is_made(lcs, tmp_path):
    vid = _authorised(lcs, _child(lcs))
    before = sorted(p.name for p in lcs.data_dir.rglob("*"))
    for inside in (
        lcs.data_dir,
        lcs.data_dir / "packs" / "today",
        tmp_path / "data" / ".." / "data",
    ):
        with pytest.raises(UserError, match="inside VisitDesk's data folder"):
            handoff.write_pack(lcs, vid, inside, overwrite=False)
    assert sorted(p.name for p in lcs.data_dir.rglob("*")) == before


def test_an_existing_file_is_kept_unless_replacing_is_asked_for(lcs, tmp_path):
    vid = _authorised(lcs, _child(lcs))
    stem = handoff.pack_stem(handoff.record_fields(lcs, vid))
    (tmp_path / f"{stem}.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(UserError, match="already exists"):
        handoff.write_pack(lcs, vid, tmp_path, overwrite=False)
    # Every target is checked first: neither the PDF nor the JSON was written.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(stem)) == [f"{stem}.csv"]
    assert (tmp_path / f"{stem}.csv").read_text(encoding="utf-8") == "mine"
    saved = handoff.write_pack(lcs, vid, tmp_path, overwrite=True)
    assert _read_csv(saved[2])[0][0] == "CASE_NOTE_TYPE"


def test_a_pack_onto_a_file_in_place_of_the_folder_is_refused(lcs, tmp_path):
    vid = _authorised(lcs, _child(lcs))
    (tmp_path / "packs").write_text("a file", encoding="utf-8")
    with pytest.raises(UserError, match="not a folder"):
        handoff.write_pack(lcs, vid, tmp_path / "packs", overwrite=True)


def test_the_file_names_take_only_safe_characters_from_the_case_reference(lcs, tmp_path):
    vid = _authorised(lcs, _child(lcs, ref="../../etc/passwd -x;$(rm)"))
    saved = handoff.write_pack(lcs, vid, tmp_path / "out", overwrite=False)
    assert {p.parent for p in saved} == {tmp_path / "out"}
    assert saved[0].name.startswith("etcpasswd-xrm-")
    no_ref = _authorised(lcs, _child(lcs, ref="/// ..."))
    view = handoff.record_fields(lcs, no_ref)
    assert handoff.pack_stem(view) == f"{view.child_id}-{view.visited_on.isoformat()}-{no_ref[:8]}"


def test_the_record_type_is_the_one_for_the_plan_on_the_day_of_the_visit(lcs):
    child = _child(lcs, plan="CIN")
    with lcs.db.transaction() as s:
        plan = s.scalar(select(Plan).where(Plan.child_id == child))
        plan.end_date = lcs.today() - timedelta(days=20)
        s.add(
            Plan(
                child_id=child,
                plan_type="CP",
                start_date=lcs.today() - timedelta(days=19),
                updated_at=lcs.now(),
            )
        )
    before = records.start_visit(lcs, child, _at(lcs, 30), **WRITTEN)
    earlier = handoff.record_fields(lcs, before)
    assert (earlier.record_type, earlier.type_field) == ("STVN", "CASE_NOTE_TYPE")
    records.complete_visit(lcs, before)
    later = records.start_visit(lcs, child, _at(lcs, 2), **WRITTEN)
    assert handoff.record_fields(lcs, later).record_type == "STVC"


def test_another_authoritys_mapping_gives_its_own_fields_and_codes(make_workspace, tmp_path):
    ws = make_workspace(role="manager", name="Morgan Manager", policy="getting-it-right-2018")
    vid = _authorised(ws, _child(ws, plan="CIN", ref="CF-77"))
    header, row = _read_csv(handoff.write_pack(ws, vid, tmp_path, overwrite=False)[2])
    cells = dict(zip(header, row, strict=True))
    assert header[:4] == ["Visit Type", "Person ID", "Date of Visit", "1.1.1"]
    assert header[1:] == [f.name for f in load_mapping("getting-it-right").record.fields]
    assert (cells["Visit Type"], cells["1.1.4"], cells["1.1.5"], cells["2.1.1"]) == (
        "CIN Visit",
        "Yes",
        "No",
        "Yes",
    )


def test_the_pack_is_noted_in_the_audit_trail_by_id_only(lcs, tmp_path):
    vid = _authorised(lcs, _child(lcs))
    handoff.write_pack(lcs, vid, tmp_path, overwrite=False)
    with lcs.db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "handoff"))
    assert (event.entity, event.entity_id) == ("visit", vid)
    assert "Brook" not in event.detail and "warm" not in event.detail
