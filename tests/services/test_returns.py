"""The returns as the authority reads them: Annex A Lists 6, 7 and 8 and the SSD visit tables,
read back from the files with the csv module and compared, column by column, with what the
published specifications name and allow."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from visitdesk.errors import UserError
from visitdesk.fileio import TargetExists
from visitdesk.services import household_visits, households, records, returns
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuditEvent, Child, Peer, Plan, Visit

NOW = datetime(2026, 11, 30, 17, 0)
AS_OF = date(2026, 11, 20)  # the period runs from 20/05/2026

# Copied from the Annex A specification (liia-tools, Annex_A_schema.yml) and the SSD's object
# definitions (ssd-data-model, data/objects/ssd_*_visits.yml): never from the code under test.
SPEC_HEADERS = {
    "annex_a_list_6.csv": [
        "Child Unique ID",
        "Date of Birth",
        "Age of Child (Years)",
        "CIN Start Date",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Case Status",
        "Allocated Team",
        "Allocated Worker",
    ],
    "annex_a_list_7.csv": [
        "Child Unique ID",
        "Date of Birth",
        "Age of Child (Years)",
        "Child Protection Plan Start Date",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Child Protection Plan End Date",
        "Allocated Team",
        "Allocated Worker",
    ],
    "annex_a_list_8.csv": [
        "Child Unique ID",
        "Date of Birth",
        "Age of Child (Years)",
        "Date Started to be Looked After",
        "Date of Last Social Work Visit",
        "Date Ceased to be Looked After",
        "Allocated Team",
        "Allocated Worker",
    ],
    "ssd_cin_visits.csv": [
        "cinv_cin_visit_id",
        "cinv_person_id",
        "cinv_cin_visit_date",
        "cinv_cin_visit_seen",
        "cinv_cin_visit_seen_alone",
        "cinv_cin_visit_bedroom",
    ],
    "ssd_cp_visits.csv": [
        "cppv_cp_visit_id",
        "cppv_person_id",
        "cppv_cp_plan_id",
        "cppv_cp_visit_date",
        "cppv_cp_visit_seen",
        "cppv_cp_visit_seen_alone",
        "cppv_cp_visit_bedroom",
    ],
    "ssd_cla_visits.csv": [
        "clav_cla_visit_id",
        "clav_cla_id",
        "clav_person_id",
        "clav_cla_visit_date",
        "clav_cla_visit_seen",
        "clav_cla_visit_seen_alone",
    ],
}

DMY = re.compile(r"\d{2}/\d{2}/\d{4}")
SSD_DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
DATE_COLUMNS = {
    "Date of Birth",
    "CIN Start Date",
    "Date Child Was Last Seen",
    "CIN Closure Date",
    "Child Protection Plan Start Date",
    "Date of the Last Statutory Visit",
    "Child Protection Plan End Date",
    "Date Started to be Looked After",
    "Date of Last Social Work Visit",
    "Date Ceased to be Looked After",
}
# Columns the specification says may never be blank.
NOT_BLANK = {
    "Child Unique ID",
    "Case Status",
    "Child Protection Plan Start Date",
    "Date Started to be Looked After",
    "Allocated Team",
    "Allocated Worker",
}
ALLOWED = {
    "Case Status": {
        "a) Looked after child",
        "b) Child Protection plan",
        "c) Child in need plan",
        "d) Open assessment",
        "e) Closed episode",
    },
    "Was the Child Seen Alone?": {"a) Yes", "b) No", "c) Unknown", ""},
}
FLAG = {"Y", "N", ""}

BASE = {
    "location": "home",
    "status_of_child": "Plan",
    "purpose": "Statutory visit.",
    "findings": "Home warm; child well.",
    "analysis": "Plan on track.",
    "conclusion": "Continue.",
    "recommendations": "Next visit due.",
}
SEEN_ALONE = {**BASE, "seen": "yes", "seen_alone": "yes", "bedroom_seen": True}
NOT_ALONE = {
    **BASE,
    "seen": "yes",
    "seen_alone": "no",
    "not_seen_alone_category": "refused",
    "not_seen_alone_reason": "Asked for mum to stay.",
    "bedroom_seen": False,
    "seen_awake": True,
}


def read_back(folder: Path, name: str) -> tuple[list[str], list[list[str]]]:
    raw = (folder / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte order mark"
    text = raw.decode("utf-8")
    with (folder / name).open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert text.endswith("\r\n")
    return header, rows


def check_formats(name: str, header: list[str], rows: list[list[str]]) -> None:
    """Every cell as the specification formats it."""
    assert header == SPEC_HEADERS[name]
    for row in rows:
        assert len(row) == len(header)
        for column, cell in zip(header, row, strict=True):
            if column in NOT_BLANK:
                assert cell, f"{name}: {column} is blank"
            if column in DATE_COLUMNS and cell:
                assert DMY.fullmatch(cell), f"{name}: {column} = {cell!r}"
                datetime.strptime(cell, "%d/%m/%Y")
            if column in ALLOWED:
                assert cell in ALLOWED[column], f"{name}: {column} = {cell!r}"
            if column == "Age of Child (Years)" and cell:
                assert cell.isdigit()
            if column.endswith("_date"):
                assert SSD_DATE.fullmatch(cell), f"{name}: {column} = {cell!r}"
            if column.endswith(("_seen", "_seen_alone", "_bedroom")):
                assert cell in FLAG, f"{name}: {column} = {cell!r}"


def _visit(ws, child, at, fields, *, complete=True):
    vid = records.start_visit(ws, child, at, **fields)
    if complete:
        records.complete_visit(ws, vid)
    return vid


def _child(ws, given, plan, ref="", **kw):
    return records.add_child(
        ws, given_name=given, family_name="Example", plan=plan, case_reference=ref, **kw
    )


@pytest.fixture
def caseload(make_workspace):
    """A small caseload written by hand, with the answer to every rule in the return."""
    ws = make_workspace(clock=lambda: NOW)
    ids = {}
    # A child in need: seen alone in October; then a failed visit, a cancelled one, a visit
    # where the child was not seen, a draft and a conflict copy, none of which saw the child.
    ada = ids["ada"] = _child(ws, "Ada", PlanInput("CIN", date(2026, 6, 1)), "CR-ADA",
                               date_of_birth=date(2016, 3, 4))  # fmt: skip
    ids["ada_seen"] = _visit(ws, ada, datetime(2026, 10, 5, 10, 0), SEEN_ALONE)
    ids["ada_failed"] = _visit(
        ws, ada, datetime(2026, 11, 2, 10, 0), {**BASE, "outcome": "failed", "seen": "no"}
    )
    ids["ada_cancelled"] = _visit(
        ws, ada, datetime(2026, 10, 20, 10, 0), {**BASE, "outcome": "cancelled"}
    )
    ids["ada_not_seen"] = _visit(
        ws, ada, datetime(2026, 11, 12, 10, 0), {**BASE, "seen": "no", "bedroom_seen": True}
    )
    ids["ada_conflict"] = _visit(ws, ada, datetime(2026, 11, 15, 10, 0), SEEN_ALONE)
    ids["ada_draft"] = _visit(ws, ada, datetime(2026, 11, 18, 10, 0), SEEN_ALONE, complete=False)
    # No case reference: known by VisitDesk's id. A plan in need, then protection from the
    # next day: one episode. The latest protection visit was returned for correction.
    ben = ids["ben"] = _child(
        ws,
        "Ben",
        PlanInput("CIN", date(2026, 3, 1), end_date=date(2026, 6, 30)),
        date_of_birth=date(2020, 1, 15),
    )
    ids["ben_cin"] = _visit(ws, ben, datetime(2026, 6, 15, 10, 0), SEEN_ALONE)
    with ws.db.transaction() as s:
        plan = Plan(child_id=ben, plan_type="CP", start_date=date(2026, 7, 1), updated_at=NOW)
        s.add(plan)
        s.flush()
        ids["ben_cp_plan"] = plan.id
    ids["ben_cp1"] = _visit(ws, ben, datetime(2026, 9, 1, 10, 0), SEEN_ALONE)
    ids["ben_cp2"] = _visit(ws, ben, datetime(2026, 11, 12, 14, 30), NOT_ALONE)
    ids["ben_after"] = _visit(ws, ben, datetime(2026, 11, 25, 10, 0), SEEN_ALONE)
    # Protection and looked after at once, placed five days after the plan began.
    cara = ids["cara"] = _child(
        ws,
        "Cara",
        PlanInput("CP+CLA", date(2026, 6, 10), placement_start=date(2026, 6, 15)),
        "CR-CARA",
        date_of_birth=date(2012, 5, 20),
    )
    ids["cara_before_placement"] = _visit(ws, cara, datetime(2026, 6, 12, 10, 0), SEEN_ALONE)
    ids["cara_seen"] = _visit(ws, cara, datetime(2026, 8, 20, 10, 0), SEEN_ALONE)
    # Looked after, seen only before the placement began; fifteen until 1 December.
    dan = ids["dan"] = _child(
        ws,
        "Dan",
        PlanInput("CLA", date(2026, 9, 1), placement_start=date(2026, 9, 10)),
        "CR-DAN",
        date_of_birth=date(2010, 12, 1),
    )
    ids["dan_seen"] = _visit(ws, dan, datetime(2026, 9, 5, 10, 0), SEEN_ALONE)
    # An unborn child on a pre-birth protection plan.
    eve = ids["eve"] = _child(
        ws,
        "Eve",
        PlanInput("CP", date(2026, 10, 1)),
        "CR-EVE",
        expected_birth_date=date(2027, 1, 10),
    )
    ids["eve_unborn"] = _visit(ws, eve, datetime(2026, 10, 15, 10, 0), {**BASE, "seen": "unborn"})
    # A plan that closed in the period, and a visit after it on no plan at all.
    finn = ids["finn"] = _child(
        ws,
        "Finn",
        PlanInput("CIN", date(2026, 4, 1), end_date=date(2026, 9, 30)),
        "CR-FINN",
        date_of_birth=date(2014, 2, 2),
    )
    ids["finn_seen"] = _visit(ws, finn, datetime(2026, 9, 15, 10, 0), SEEN_ALONE)
    ids["finn_no_plan"] = _visit(ws, finn, datetime(2026, 10, 10, 10, 0), SEEN_ALONE)
    # Closed before the period began, and starting after the day of the return.
    gus = ids["gus"] = _child(
        ws,
        "Gus",
        PlanInput("CIN", date(2025, 1, 1), end_date=date(2026, 3, 31)),
        "CR-GUS",
        date_of_birth=date(2015, 1, 1),
    )
    ids["gus_seen"] = _visit(ws, gus, datetime(2026, 3, 2, 10, 0), SEEN_ALONE)
    ids["hana"] = _child(
        ws, "Hana", PlanInput("CIN", date(2026, 11, 25)), "CR-HANA", date_of_birth=date(2019, 7, 7)
    )
    with ws.db.transaction() as s:
        s.execute(update(Visit).where(Visit.id == ids["ben_cp2"]).values(state="returned"))
        s.execute(
            update(Visit).where(Visit.id == ids["ada_conflict"]).values(conflict_of=ids["ada_seen"])
        )
        ids["cara_plan"] = s.scalar(select(Plan.id).where(Plan.child_id == cara))
        ids["dan_plan"] = s.scalar(select(Plan.id).where(Plan.child_id == dan))
        ids["eve_plan"] = s.scalar(select(Plan.id).where(Plan.child_id == eve))
    return ws, ids


TEAM = ["Team North", "Sam Worker"]


def _saved(ws, tmp_path, tables, what):
    folder = tmp_path / "out" / what
    returns.write_return(ws, folder, tables, overwrite=False, what=what)
    return {name: read_back(folder, name) for name in tables}


def test_annex_a_gives_each_child_the_rows_the_rules_say(caseload, tmp_path):
    ws, ids = caseload
    files = _saved(ws, tmp_path, returns.annex_a(ws, AS_OF), "annex_a")
    for name, (header, rows) in files.items():
        check_formats(name, header, rows)
        assert rows == sorted(rows, key=lambda r: r[0]), "by Child Unique ID"
    ben = ids["ben"]
    assert sorted(files["annex_a_list_6.csv"][1]) == sorted(
        [
            ["CR-ADA", "04/03/2016", "10", "01/06/2026", "05/10/2026", "",
             "c) Child in need plan", *TEAM],
            [ben, "15/01/2020", "6", "01/03/2026", "12/11/2026", "",
             "b) Child Protection plan", *TEAM],
            ["CR-CARA", "20/05/2012", "14", "10/06/2026", "20/08/2026", "",
             "a) Looked after child", *TEAM],
            ["CR-DAN", "01/12/2010", "15", "01/09/2026", "05/09/2026", "",
             "a) Looked after child", *TEAM],
            ["CR-EVE", "", "", "01/10/2026", "", "", "b) Child Protection plan", *TEAM],
            ["CR-FINN", "02/02/2014", "12", "01/04/2026", "15/09/2026", "30/09/2026",
             "e) Closed episode", *TEAM],
        ]
    )  # fmt: skip
    assert sorted(files["annex_a_list_7.csv"][1]) == sorted(
        [
            [ben, "15/01/2020", "6", "01/07/2026", "12/11/2026", "b) No", "", *TEAM],
            ["CR-CARA", "20/05/2012", "14", "10/06/2026", "20/08/2026", "a) Yes", "", *TEAM],
            ["CR-EVE", "", "", "01/10/2026", "15/10/2026", "c) Unknown", "", *TEAM],
        ]
    )
    assert sorted(files["annex_a_list_8.csv"][1]) == sorted(
        [
            ["CR-CARA", "20/05/2012", "14", "10/06/2026", "20/08/2026", "", *TEAM],
            ["CR-DAN", "01/12/2010", "15", "01/09/2026", "", "", *TEAM],
        ]
    )


def test_the_ssd_tables_have_one_row_per_counted_record_in_its_plans_table(caseload, tmp_path):
    ws, ids = caseload
    files = _saved(ws, tmp_path, returns.ssd(ws), "ssd")
    for name, (header, rows) in files.items():
        check_formats(name, header, rows)
    ben, cara_plan, ben_cp = ids["ben"], ids["cara_plan"], ids["ben_cp_plan"]
    assert sorted(files["ssd_cin_visits.csv"][1]) == sorted(
        [
            [ids["ada_seen"], "CR-ADA", "2026-10-05 10:00:00", "Y", "Y", "Y"],
            [ids["ada_failed"], "CR-ADA", "2026-11-02 10:00:00", "N", "", ""],
            # Not seen, but the bedroom was: each answer as it was recorded.
            [ids["ada_not_seen"], "CR-ADA", "2026-11-12 10:00:00", "N", "", "Y"],
            [ids["ben_cin"], ben, "2026-06-15 10:00:00", "Y", "Y", "Y"],
            [ids["finn_seen"], "CR-FINN", "2026-09-15 10:00:00", "Y", "Y", "Y"],
            [ids["gus_seen"], "CR-GUS", "2026-03-02 10:00:00", "Y", "Y", "Y"],
        ]
    )
    assert sorted(files["ssd_cp_visits.csv"][1]) == sorted(
        [
            [ids["ben_cp1"], ben, ben_cp, "2026-09-01 10:00:00", "Y", "Y", "Y"],
            [ids["ben_cp2"], ben, ben_cp, "2026-11-12 14:30:00", "Y", "N", "N"],
            [ids["ben_after"], ben, ben_cp, "2026-11-25 10:00:00", "Y", "Y", "Y"],
            [ids["cara_before_placement"], "CR-CARA", cara_plan, "2026-06-12 10:00:00",
             "Y", "Y", "Y"],
            [ids["cara_seen"], "CR-CARA", cara_plan, "2026-08-20 10:00:00", "Y", "Y", "Y"],
            [ids["eve_unborn"], "CR-EVE", ids["eve_plan"], "2026-10-15 10:00:00", "N", "", ""],
        ]
    )  # fmt: skip
    assert sorted(files["ssd_cla_visits.csv"][1]) == sorted(
        [
            [ids["cara_before_placement"], cara_plan, "CR-CARA", "2026-06-12 10:00:00", "Y", "Y"],
            [ids["cara_seen"], cara_plan, "CR-CARA", "2026-08-20 10:00:00", "Y", "Y"],
            [ids["dan_seen"], ids["dan_plan"], "CR-DAN", "2026-09-05 10:00:00", "Y", "Y"],
        ]
    )
    everywhere = {row[0] for _h, rows in files.values() for row in rows}
    left_out = ("ada_cancelled", "ada_draft", "ada_conflict", "finn_no_plan")
    assert not everywhere & {ids[key] for key in left_out}


def test_annex_a_on_an_earlier_day_leaves_out_what_came_after(caseload):
    ws, ids = caseload
    tables = returns.annex_a(ws, date(2026, 9, 20))
    list_6 = {row[0]: row for row in tables["annex_a_list_6.csv"][1]}
    # Finn's plan was still open then: no closure date yet, and his status was in need.
    assert list_6["CR-FINN"][4:7] == ["15/09/2026", "", "c) Child in need plan"]
    assert list_6["CR-ADA"][4] == ""  # not yet seen
    assert "CR-EVE" not in list_6  # her plan had not begun
    # Gus's plan ended on 31/03/2026, within the six months before 20/09/2026.
    assert list_6["CR-GUS"][3:7] == ["01/01/2025", "02/03/2026", "31/03/2026", "e) Closed episode"]
    list_7 = {row[0]: row for row in tables["annex_a_list_7.csv"][1]}
    assert list_7[ids["ben"]][4:6] == ["01/09/2026", "a) Yes"]


def test_a_household_visit_gives_each_child_their_own_row_and_answers(make_workspace, tmp_path):
    ws = make_workspace(clock=lambda: NOW)
    jo = _child(ws, "Jo", PlanInput("CIN", date(2026, 10, 1)), "CR-JO",
                date_of_birth=date(2014, 5, 1))  # fmt: skip
    kit = _child(ws, "Kit", PlanInput("CP", date(2026, 10, 1)), "CR-KIT",
                 date_of_birth=date(2017, 2, 3))  # fmt: skip
    households.join_household(ws, jo, kit, date(2026, 10, 1))
    at = datetime(2026, 11, 2, 10, 30)
    shared = {k: BASE[k] for k in ("location", "purpose")}
    hv = household_visits.start(ws, [jo, kit], at, **shared)
    own = {r.child_id: r.visit_id for r in household_visits.records_of(ws, hv)}
    answers = {k: BASE[k] for k in ("findings", "analysis", "conclusion", "recommendations")}
    household_visits.save(
        ws,
        hv,
        shared,
        {
            own[jo]: {**answers, "seen": "yes", "seen_alone": "yes", "bedroom_seen": True},
            own[kit]: {**answers, "seen": "no"},
        },
    )
    household_visits.complete(ws, hv)
    files = _saved(ws, tmp_path, returns.ssd(ws), "ssd")
    assert files["ssd_cin_visits.csv"][1] == [
        [own[jo], "CR-JO", "2026-11-02 10:30:00", "Y", "Y", "Y"]
    ]
    [kit_row] = files["ssd_cp_visits.csv"][1]
    assert (kit_row[0], kit_row[1], kit_row[4:]) == (own[kit], "CR-KIT", ["N", "", ""])
    list_6 = {row[0]: row for row in returns.annex_a(ws, AS_OF)["annex_a_list_6.csv"][1]}
    assert list_6["CR-JO"][4] == "02/11/2026"
    assert list_6["CR-KIT"][4] == ""  # at home that day, but not seen


def test_a_managers_return_names_each_childs_own_worker_and_team(make_workspace):
    ws = make_workspace(role="manager", name="Mo Manager", clock=lambda: NOW)
    plan = PlanInput("CIN", date(2026, 10, 1))
    _child(ws, "Ola", plan, "CR-OLA", date_of_birth=date(2015, 1, 1))
    priya = _child(ws, "Pip", plan, "CR-PIP", date_of_birth=date(2015, 1, 1))
    rae = _child(ws, "Rae", plan, "CR-RAE", date_of_birth=date(2015, 1, 1))
    with ws.db.transaction() as s:
        for device, name, team in (("dev-priya", "Priya Shah", "Team South"),
                                   ("dev-rae", "Rae Jones", "")):  # fmt: skip
            s.add(
                Peer(
                    device_id=device,
                    relation="member",
                    role="worker",
                    name=name,
                    team=team,
                    fingerprint="f" * 64,
                    card=b"card",
                    enrolled_at=NOW,
                )
            )
        s.execute(update(Child).where(Child.id == priya).values(origin_device="dev-priya"))
        s.execute(update(Child).where(Child.id == rae).values(origin_device="dev-rae"))
    rows = {row[0]: row[-2:] for row in returns.annex_a(ws, AS_OF)["annex_a_list_6.csv"][1]}
    assert rows == {
        "CR-OLA": ["Team North", "Mo Manager"],
        "CR-PIP": ["Team South", "Priya Shah"],
        "CR-RAE": ["Team North", "Rae Jones"],  # her card names no team: the manager's
    }


def test_a_typed_reference_is_never_a_spreadsheet_formula(make_workspace):
    ws = make_workspace(clock=lambda: NOW)
    _child(ws, "Zed", PlanInput("CIN", date(2026, 10, 1)), "=HYPERLINK(1)",
           date_of_birth=date(2015, 1, 1))  # fmt: skip
    [row] = returns.annex_a(ws, AS_OF)["annex_a_list_6.csv"][1]
    assert row[0] == "'=HYPERLINK(1)"


def test_a_return_is_refused_whole_when_any_file_is_already_there(caseload, tmp_path):
    ws, _ids = caseload
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "annex_a_list_8.csv").write_text("keep me")
    tables = returns.annex_a(ws, AS_OF)
    with pytest.raises(TargetExists):
        returns.write_return(ws, folder, tables, overwrite=False, what="annex_a")
    assert sorted(p.name for p in folder.iterdir()) == ["annex_a_list_8.csv"]
    assert (folder / "annex_a_list_8.csv").read_text() == "keep me"
    written = returns.write_return(ws, folder, tables, overwrite=True, what="annex_a")
    assert [p.name for p in written] == list(returns.ANNEX_A_FILES)
    assert read_back(folder, "annex_a_list_8.csv")[0] == SPEC_HEADERS["annex_a_list_8.csv"]


def test_a_return_is_never_saved_in_the_data_folder_or_at_a_file(caseload, tmp_path):
    ws, _ids = caseload
    tables = returns.ssd(ws)
    before = sorted(p.name for p in ws.data_dir.rglob("*"))
    for place in (ws.data_dir, ws.data_dir / "returns"):
        with pytest.raises(UserError, match="data folder"):
            returns.write_return(ws, place, tables, overwrite=True, what="ssd")
    a_file = tmp_path / "a-file.csv"
    a_file.write_text("x")
    with pytest.raises(UserError, match="is a file"):
        returns.check_return_folder(ws, a_file, returns.SSD_FILES, overwrite=True)
    assert sorted(p.name for p in ws.data_dir.rglob("*")) == before
    assert a_file.read_text() == "x"


def test_saving_a_return_notes_it_in_the_audit_trail_with_counts_only(caseload, tmp_path):
    ws, _ids = caseload
    returns.write_return(ws, tmp_path / "r", returns.ssd(ws), overwrite=False, what="ssd")
    with ws.db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "export_return"))
    assert (event.entity, event.entity_id) == ("ssd", "")
    assert event.detail == "ssd_cin_visits=6,ssd_cp_visits=6,ssd_cla_visits=3"
