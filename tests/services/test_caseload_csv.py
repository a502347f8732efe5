"""Caseload import and export through the authority's case-system mapping, on a real
encrypted database: files as case systems and spreadsheets write them, refused whole when any
row is bad, updates by case reference that never delete a child or touch a visit record."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.services import caseload_csv, caseload_csv_read, demo, households, records, views
from visitdesk.services.caseload_csv import CaseloadRefused, apply_import, preview_import
from visitdesk.services.caseload_csv_format import MAX_ROWS, guard_cell, unguard_cell
from visitdesk.services.caseload_csv_match import plan_flags, plan_now
from visitdesk.services.households_history import household_id_for
from visitdesk.services.workspace import initialise
from visitdesk.standards.case_system import load_mapping, shipped_mappings
from visitdesk.storage.models import AuditEvent, Child, Plan, Visit

PASS = "correct horse battery"
TODAY = date.today()
MOSAIC = (
    "Person ID",
    "First Name",
    "Last Name",
    "Date of Birth",
    "Due Date",
    "Current Plan",
    "Plan Start",
    "Allocated Date",
    "Visiting Frequency",
    "Visiting Frequency Unit",
    "Visiting Frequency Rationale",
    "Household Group ID",
    "Flags",
    "Address",
)


def day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def ago(days: int) -> str:
    return day(TODAY - timedelta(days=days))


def mosaic_csv(*rows: dict[str, str], header=MOSAIC, encoding="utf-8") -> bytes:
    """A caseload file in the Mosaic template's columns, written as a spreadsheet would."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue().encode(encoding)


def child(ref: str, given: str = "Ella", family: str = "Ashworth", **cells: str) -> dict:
    row = {
        "Person ID": ref,
        "First Name": given,
        "Last Name": family,
        "Date of Birth": ago(3000),
        "Current Plan": "Child in Need",
        "Plan Start": ago(60),
        "Allocated Date": ago(58),
    }
    row.update(cells)
    return row


@pytest.fixture
def make(tmp_path):
    opened = []

    def make(authority="leicestershire", folder="data", role="worker", **kw):
        ws = initialise(
            tmp_path / folder, PASS, name="Sam Worker", role=role, authority_id=authority, **kw
        )
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture
def ws(make):
    return make()


def imported(ws, data: bytes, name: str = "caseload.csv", **kw):
    plan = preview_import(ws, data, name, **kw)
    apply_import(ws, plan)
    return plan


def audit_count(ws) -> int:
    with ws.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def visit_state(ws) -> list[tuple]:
    with ws.db.sessions() as session:
        return sorted(
            (v.id, v.child_id, records.content_hash(v), v.state, v.revision, v.updated_at)
            for v in session.scalars(select(Visit))
        )


def by_reference(ws) -> dict[str, Child]:
    with ws.db.sessions() as session:
        found = {c.case_reference: c for c in session.scalars(select(Child))}
        session.expunge_all()
        return found


def plans_of(ws, ref: str) -> list[Plan]:
    with ws.db.sessions() as session:
        child_id = session.scalar(select(Child.id).where(Child.case_reference == ref))
        found = list(
            session.scalars(select(Plan).where(Plan.child_id == child_id).order_by(Plan.start_date))
        )
        session.expunge_all()
        return found


# --- a file with bad rows is refused whole ------------------------------------------------


def test_a_file_with_two_bad_rows_is_refused_naming_both_and_nothing_changes(ws):
    imported(ws, mosaic_csv(child("M1"), child("M2", "Bilal")))
    before, trail = views.children(ws), audit_count(ws)
    data = mosaic_csv(
        child("M1", "Eleanor"),  # a good update, which must not be made either
        child("M3", "Chloe", **{"Current Plan": "CIN plan"}),
        child("M4", "Dylan"),
        child("M5", "Grace", **{"Date of Birth": day(TODAY + timedelta(days=3))}),
    )
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, data, "caseload.csv")
    problems = caught.value.problems
    assert len(problems) == 2
    assert problems[0].startswith(
        "line 3, column 'Current Plan': \u2018CIN plan\u2019 is not a plan"
    )
    assert "write \u2018Child in Need\u2019" in problems[0]
    assert problems[1].startswith("line 5, column 'Date of Birth': ")
    assert "is in the future" in problems[1] and "'Due Date'" in problems[1]
    message = str(caught.value)
    assert message.startswith("caseload.csv was not imported, nothing changed: line 3, column")
    assert "\n" not in message
    assert isinstance(caught.value, UserError)
    assert views.children(ws) == before and audit_count(ws) == trail


def test_more_problems_than_the_message_shows_are_counted(ws):
    rows = [child(f"M{n}", **{"Plan Start": "soon"}) for n in range(5)]
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, mosaic_csv(*rows), "big.csv")
    assert len(caught.value.problems) == 5
    assert str(caught.value).endswith("; and 2 more")
    assert "'soon' is not a date" in str(caught.value).replace("\u2018", "'").replace("\u2019", "'")
    assert "write it like 31/01/2026" in str(caught.value)


def test_each_kind_of_bad_cell_names_its_line_and_column(ws):
    rows = [
        child(""),  # line 2
        child("R3", "", ""),
        child("R4", **{"Date of Birth": ""}),
        child("R5", **{"Due Date": ago(-30)}),
        child("R6", **{"Visiting Frequency": "0", "Visiting Frequency Unit": "weeks"}),
        child("R7", **{"Visiting Frequency": "2"}),
        child("R8", **{"Flags": "EHE|Sparkly"}),
        child("R9", **{"Plan Start": ""}),
        child("R10", **{"Household Group ID": "H" * 201}),
        child("R11", **{"Address": "x" * 10_001}),
        child("R12", "A\u2028B"),
    ]
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, mosaic_csv(*rows), "c.csv")
    found = {p.split(":")[0]: p for p in caught.value.problems}
    assert set(found) == {
        "line 2, column 'Person ID'",
        "line 3, column 'First Name'",
        "line 4, column 'Date of Birth'",
        "line 5, column 'Due Date'",
        "line 6, column 'Visiting Frequency'",
        "line 6, column 'Visiting Frequency Rationale'",
        "line 7, column 'Visiting Frequency Unit'",
        "line 7, column 'Visiting Frequency Rationale'",
        "line 8, column 'Flags'",
        "line 9, column 'Plan Start'",
        "line 10, column 'Household Group ID'",
        "line 11, column 'Address'",
        "line 12, column 'First Name'",
    }
    assert "\u2018Sparkly\u2019 is not a flag" in found["line 8, column 'Flags'"]
    # In file order.
    lines = [int(p.split(",")[0].split()[1]) for p in caught.value.problems]
    assert lines == sorted(lines)


def test_a_repeated_case_reference_names_both_lines(ws):
    data = mosaic_csv(child("M1"), child("M2"), child("M1", "Bilal"))
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, data, "c.csv")
    assert caught.value.problems == (
        "line 4, column 'Person ID': M1 is also on line 2; each child may be in the file once",
    )


def test_references_differing_only_in_case_are_one_child_repeated(ws):
    data = mosaic_csv(child("NEW-1"), child("new-1", "Bilal"))
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, data, "c.csv")
    assert "line 3, column 'Person ID': new-1 is also on line 2" in caught.value.problems[0]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"ref": "NEW\u200b-1"}, "Person ID"),  # a zero-width space: looks like NEW-1
        ({"ref": "NEW-1", "given": "Ella\u202e"}, "First Name"),  # turns the text around
        ({"ref": "NEW-1", "given": "El\x1bla"}, "First Name"),  # an escape character
    ],
)
def test_hidden_and_control_characters_are_refused_by_name(ws, cells, column):
    ref = cells.pop("ref")
    data = mosaic_csv(child(ref, cells.get("given", "Ella")))
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, data, "c.csv")
    (problem,) = caught.value.problems
    assert problem.startswith(f"line 2, column '{column}': holds a hidden or control character")
    assert views.children(ws) == []


def test_the_header_is_matched_ignoring_case_and_spaces_and_extra_columns_are_ignored(ws):
    header = [f"  {c.upper()} " for c in MOSAIC] + ["Team", "Notes"]
    row = {f"  {k.upper()} ": v for k, v in child("M1").items()} | {"Notes": "=1+1"}
    plan = imported(ws, mosaic_csv(row, header=header))
    assert [c.case_reference for c in plan.new] == ["M1"]
    assert by_reference(ws)["M1"].given_name == "Ella"


def test_a_missing_required_column_and_a_repeated_header_are_refused(ws):
    header = [c for c in MOSAIC if c != "Plan Start"]
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, mosaic_csv(child("M1"), header=header), "c.csv")
    assert caught.value.problems[0].startswith("line 1, column 'Plan Start': is not in the file")
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, mosaic_csv(child("M1"), header=[*MOSAIC, "current plan"]), "c.csv")
    assert caught.value.problems == (
        "line 1, column 'current plan': is in the header twice; keep one of them",
    )


def test_a_file_separated_by_semicolons_is_told_apart(ws):
    data = mosaic_csv(child("M1")).replace(b",", b";")
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, data, "c.csv")
    assert "separated by semicolons, but this mapping expects commas" in str(caught.value)


def test_a_row_with_more_cells_than_the_header_is_refused(ws):
    data = mosaic_csv(child("M1")) + b"M2,Bilal,Brennan,,,,,,,,,,,,,extra\r\n"
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, data, "c.csv")
    assert caught.value.problems[0].startswith("line 3: the row has 16 cells")


# --- limits -------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "huge.csv"
    with big.open("wb") as fh:
        fh.truncate(caseload_csv_read.MAX_FILE + 1)  # sparse: nothing is written

    def read_nothing(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(limits, "read_limited", read_nothing)
    with pytest.raises(limits.FileRefused) as caught:
        caseload_csv.read_caseload_file(big)
    assert str(caught.value) == (
        "huge.csv is larger than a caseload file can be (the limit is 20 MB). "
        "Check you chose the right file."
    )


def test_bytes_over_the_size_limit_are_refused_before_they_are_decoded(ws, monkeypatch):
    def decode(*args):
        raise AssertionError("decoded")

    monkeypatch.setattr(caseload_csv_read, "decode", decode)
    with pytest.raises(CaseloadRefused, match="larger than a caseload file can be"):
        preview_import(ws, b" " * (caseload_csv_read.MAX_FILE + 1), "c.csv")


def test_too_many_rows_columns_or_a_giant_cell_are_refused(ws):
    rows = b"".join(
        b"R%d,A,B,01/01/2015,,Child in Need,01/01/2026\r\n" % n for n in range(MAX_ROWS + 1)
    )
    data = mosaic_csv() + rows
    with pytest.raises(CaseloadRefused, match="more than 20,000 children"):
        preview_import(ws, data, "c.csv")
    with pytest.raises(CaseloadRefused, match="more than 200 columns"):
        preview_import(ws, mosaic_csv(header=[*MOSAIC, *(f"x{n}" for n in range(200))]), "c.csv")
    giant = mosaic_csv(child("M1", **{"Address": "x" * 200_000}))
    with pytest.raises(CaseloadRefused, match="a cell is longer than 10,000 characters"):
        preview_import(ws, giant, "c.csv")


# --- encodings and spreadsheets -----------------------------------------------------------


def test_utf8_with_a_byte_order_mark_and_windows_1252_are_read(ws):
    plan = imported(ws, b"\xef\xbb\xbf" + mosaic_csv(child("M1", "Zo\u00eb", "Ó Briain")))
    assert plan.encoding == "UTF-8" and [c.name for c in plan.new] == ["Zo\u00eb Ó Briain"]
    data = mosaic_csv(child("M2", "Si\u00e2n", "Fa\u00efrweather \u2013 Jones"), encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    plan = imported(ws, data)
    assert plan.encoding == "Windows-1252"
    assert by_reference(ws)["M2"].full_name == "Si\u00e2n Fa\u00efrweather \u2013 Jones"


def test_utf16_and_binary_files_are_refused_with_what_to_do(ws):
    with pytest.raises(CaseloadRefused, match="save it as \u201cCSV UTF-8\u201d"):
        preview_import(ws, mosaic_csv(child("M1")).decode().encode("utf-16"), "c.csv")
    with pytest.raises(CaseloadRefused, match="not text"):
        preview_import(ws, b"\x89PNG\r\n\x1a\n\x00\x00", "c.csv")


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+44 7700", "-1", "@SUM(A1)", "'=x", "''+y"])
def test_a_formula_cell_is_guarded_and_reads_back_as_it_was(text):
    guarded = guard_cell(text)
    assert guarded.startswith("'") and guarded[1:] == text
    assert unguard_cell(guarded) == text
    assert guard_cell("O'Brien") == "O'Brien" and unguard_cell("'Brien") == "'Brien"


# --- what an import does ------------------------------------------------------------------


def test_a_new_child_is_made_as_adding_one_by_hand_makes_them(ws):
    row = child(
        "M1",
        **{
            "Visiting Frequency": "2",
            "Visiting Frequency Unit": "Weeks",
            "Visiting Frequency Rationale": "Agreed at the CIN meeting.",
            "Flags": "EHE | Placed until 18",
            "Address": "1 Sample Road, Exampleton",
        },
    )
    plan = imported(ws, mosaic_csv(row))
    made = by_reference(ws)["M1"]
    assert made.origin_device == ws.identity.device_id and made.region == ws.identity.region
    assert made.date_of_birth == TODAY - timedelta(days=3000) and made.expected_birth_date is None
    assert made.address == "1 Sample Road, Exampleton" and made.household_id is None
    [p] = plans_of(ws, "M1")
    assert (p.plan_type, p.start_date, p.allocated_on) == (
        "CIN",
        TODAY - timedelta(days=60),
        TODAY - timedelta(days=58),
    )
    assert (p.visit_every, p.visit_unit, p.visit_rationale) == (
        2,
        "weeks",
        "Agreed at the CIN meeting.",
    )
    assert plan_flags(p) == {"electively_home_educated", "placement_until_18"}
    with ws.db.sessions() as session:
        actions = [
            (e.action, e.entity, e.entity_id, e.detail)
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ][-2:]
    assert actions == [
        ("create", "child", made.id, "imported"),
        ("import_caseload", "caseload", "", "1 new, 0 updated, 0 unchanged, 0 kept"),
    ]
    assert plan.counts() == {"new": 1, "updated": 0, "unchanged": 0, "kept": 0}


def test_an_unborn_child_is_made_with_the_expected_date(ws):
    imported(ws, mosaic_csv(child("U1", "Baby", **{"Date of Birth": "", "Due Date": ago(-40)})))
    unborn = by_reference(ws)["U1"]
    assert unborn.date_of_birth is None and unborn.expected_birth_date == TODAY + timedelta(days=40)


def test_reimport_updates_by_case_reference_never_deletes_and_never_touches_a_visit(make):
    ws = make("getting-it-right")
    demo.fill(ws, children=25, seed=3)
    exported = caseload_csv.caseload_csv(ws)
    visits, before = visit_state(ws), views.children(ws)
    assert visits
    lines = exported.decode("utf-8-sig").splitlines()
    header, rows = lines[0], lines[1:]
    renamed = rows[0].split(",")
    renamed[1] = "Renamed"
    new = f'NEW-1,Nia,Newcomer,{ago(2000)},,CIN Plan,{ago(10)},,,,,,,"2 Mock Lane"'
    data = "\r\n".join([header, ",".join(renamed), *rows[3:], new]).encode()
    plan = imported(ws, data)
    assert plan.counts() == {"new": 1, "updated": 1, "unchanged": 22, "kept": 2}
    assert plan.updated[0].changes == ("name",)
    after = views.children(ws)
    assert len(after) == len(before) + 1  # none deleted
    assert {c.id for c in before} <= {c.id for c in after}
    assert visit_state(ws) == visits  # not a visit record changed, nor its hash
    ref = renamed[0]
    assert by_reference(ws)[ref].given_name == "Renamed"
    assert {c.case_reference for c in plan.kept} == {rows[1].split(",")[0], rows[2].split(",")[0]}
    # The same file again changes nothing.
    again = preview_import(ws, data, "c.csv")
    assert again.counts() == {"new": 0, "updated": 0, "unchanged": 24, "kept": 2}


def test_a_plan_change_ends_the_old_plan_and_starts_a_new_one(ws):
    imported(ws, mosaic_csv(child("M1")))
    [old] = plans_of(ws, "M1")
    start = TODAY - timedelta(days=5)
    plan = imported(
        ws,
        mosaic_csv(child("M1", **{"Current Plan": "Child Protection", "Plan Start": day(start)})),
    )
    assert plan.updated[0].changes == (f"plan CIN -> CP from {day(start)}",)
    ended, new = plans_of(ws, "M1")
    assert ended.id == old.id and ended.end_date == start - timedelta(days=1)
    assert ended.revision == old.revision + 1
    assert (new.plan_type, new.start_date, new.end_date) == ("CP", start, None)
    [row] = [r for r in views.children(ws) if r.case_reference == "M1"]
    assert (row.plan_type, row.plan_start) == ("CP", start)


def test_the_same_plan_is_updated_in_place(ws):
    imported(ws, mosaic_csv(child("M1")))
    [old] = plans_of(ws, "M1")
    cells = {
        "Allocated Date": ago(50),
        "Visiting Frequency": "10",
        "Visiting Frequency Unit": "working days",
        "Visiting Frequency Rationale": "Agreed with the family.",
        "Flags": "Reg 24",
    }
    plan = imported(ws, mosaic_csv(child("M1", **cells)))
    assert plan.updated[0].changes == ("allocation date", "visit interval", "flags")
    [same] = plans_of(ws, "M1")
    assert same.id == old.id and same.revision == old.revision + 1
    assert (same.visit_every, same.visit_unit, same.regulation_24) == (10, "working_days", True)
    assert same.allocated_on == TODAY - timedelta(days=50)


def test_a_different_plan_from_the_same_day_or_earlier_is_refused(ws):
    imported(ws, mosaic_csv(child("M1")))
    before = plans_of(ws, "M1")
    for start in (ago(60), ago(90)):
        data = mosaic_csv(child("M1", **{"Current Plan": "Child Protection", "Plan Start": start}))
        with pytest.raises(CaseloadRefused) as caught:
            preview_import(ws, data, "c.csv")
        [problem] = caught.value.problems
        assert problem.startswith("line 2, column 'Plan Start': the CP plan from")
        assert problem.endswith("change it in VisitDesk")
    assert [(p.id, p.revision) for p in plans_of(ws, "M1")] == [(p.id, p.revision) for p in before]


def test_household_references_group_siblings_and_a_change_moves_the_child(ws):
    data = mosaic_csv(
        child("S1", "Ella", **{"Household Group ID": "HH-77"}),
        child("S2", "Bilal", **{"Household Group ID": "hh-77 "}),
        child("S3", "Chloe", **{"Household Group ID": "HH-12"}),
    )
    imported(ws, data)
    found = by_reference(ws)
    assert found["S1"].household_id == found["S2"].household_id == household_id_for("HH-77")
    assert found["S3"].household_id == household_id_for("HH-12")
    view = households.household_of(ws, found["S1"].id)
    assert {m.child_id for m in view.members} == {found["S1"].id, found["S2"].id}
    # Chloe joins the others; an empty cell leaves Bilal where he is.
    data = mosaic_csv(
        child("S1", "Ella", **{"Household Group ID": "HH-77"}),
        child("S2", "Bilal"),
        child("S3", "Chloe", **{"Household Group ID": "HH-77"}),
    )
    plan = imported(ws, data)
    assert [(c.case_reference, c.changes) for c in plan.updated] == [("S3", ("household",))]
    moved = by_reference(ws)
    assert moved["S3"].household_id == household_id_for("HH-77")
    assert household_id_for("HH-12") in moved["S3"].household_history
    assert moved["S2"].household_id == household_id_for("HH-77")


def test_a_reference_on_another_workers_caseload_or_held_twice_is_a_bad_row(make):
    ws = make(role="manager")
    imported(ws, mosaic_csv(child("W1"), child("W2")))
    with ws.db.transaction() as session:
        theirs = session.scalar(select(Child).where(Child.case_reference == "W1"))
        theirs.origin_device = "a-workers-device"
    records.add_child(
        ws,
        given_name="Bilal",
        family_name="Twice",
        date_of_birth=TODAY - timedelta(days=900),
        case_reference="W2",
        plan=records.PlanInput("CIN", TODAY - timedelta(days=3)),
    )
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, mosaic_csv(child("W1"), child("W2")), "c.csv")
    assert caught.value.problems == (
        "line 2, column 'Person ID': W1 is a child on another worker's caseload; only their "
        "own installation imports them",
        "line 3, column 'Person ID': 2 children on this caseload have the case reference W2; "
        "give each its own in VisitDesk first",
    )


def test_applying_checks_again_and_refuses_a_preview_the_caseload_has_moved_on_from(ws):
    plan = preview_import(ws, mosaic_csv(child("M1")), "c.csv")
    records.add_child(
        ws,
        given_name="Ella",
        family_name="Ashworth",
        date_of_birth=TODAY - timedelta(days=900),
        case_reference="M1",
        plan=records.PlanInput("CIN", TODAY - timedelta(days=60)),
    )
    before, trail = views.children(ws), audit_count(ws)
    with pytest.raises(UserError, match="preview the import again"):
        apply_import(ws, plan)
    assert views.children(ws) == before and audit_count(ws) == trail


# --- the round trip -----------------------------------------------------------------------


def snapshot(ws) -> tuple[dict, set]:
    """Each child by case reference, field by field, and who lives with whom."""
    out, groups = {}, defaultdict(set)
    with ws.db.sessions() as session:
        plans = defaultdict(list)
        for p in session.scalars(select(Plan)):
            plans[p.child_id].append(p)
        for c in session.scalars(select(Child)):
            p = plan_now(plans[c.id], TODAY)
            out[c.case_reference] = {
                "given_name": c.given_name,
                "family_name": c.family_name,
                "date_of_birth": c.date_of_birth,
                "expected_birth_date": c.expected_birth_date,
                "address": c.address,
                "plan": p.plan_type,
                "plan_start": p.start_date,
                "allocated_on": p.allocated_on,
                "interval": (
                    p.visit_every,
                    p.visit_unit,
                    p.visit_rationale if p.visit_every else "",
                ),
                "flags": plan_flags(p),
            }
            if c.household_id:
                groups[c.household_id].add(c.case_reference)
    return out, {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    ws = initialise(
        tmp_path_factory.mktemp("source") / "data",
        PASS,
        name="Sam Worker",
        role="worker",
        authority_id="getting-it-right",
    )
    demo.fill(ws, children=40, seed=2)
    # Cells a spreadsheet would take for a formula, and a flag every mapping must carry.
    with ws.db.transaction() as session:
        first = session.scalar(select(Child).order_by(Child.case_reference).limit(1))
        first.given_name, first.address = "=Ella", "@home, -1 +2"
        session.scalar(select(Plan).where(Plan.child_id == first.id)).regulation_24 = True
    yield ws
    ws.close()


@pytest.mark.parametrize("mapping_id", shipped_mappings())
def test_a_demo_caseload_exported_with_each_mapping_imports_back_the_same(source, make, mapping_id):
    mapping = load_mapping(mapping_id)
    assert mapping.id == mapping_id
    data = caseload_csv.caseload_csv(source, mapping=mapping)
    assert "'=Ella" in data.decode("utf-8-sig")
    target = make("getting-it-right", folder=f"target-{mapping_id}")
    plan = imported(target, data, mapping=mapping)
    assert plan.counts() == {"new": 40, "updated": 0, "unchanged": 0, "kept": 0}
    wanted, wanted_groups = snapshot(source)
    got, got_groups = snapshot(target)
    assert set(got) == set(wanted)
    for ref, fields in wanted.items():
        assert got[ref] == fields, ref
    assert got_groups == wanted_groups and len(wanted_groups) == 2
    assert any(f["flags"] for f in wanted.values())
    assert any(f["interval"][0] for f in wanted.values())
    assert any(f["expected_birth_date"] for f in wanted.values())
    # Exported again from the target, the file is the same.
    assert caseload_csv.caseload_csv(target, mapping=mapping) == data
    # And importing it again changes nothing.
    assert preview_import(target, data, "again.csv", mapping=mapping).counts()["unchanged"] == 40


@pytest.mark.parametrize("authority", ["leicestershire", "childrens-social-care-2019"])
def test_each_authoritys_own_mapping_carries_its_demo_caseload_across(make, authority):
    ws = make(authority, folder="from")
    demo.fill(ws, children=25, seed=5)
    data = caseload_csv.caseload_csv(ws)
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.split(",")[0] == load_mapping(authority).caseload.columns["case_reference"]
    target = make(authority, folder="to")
    imported(target, data)
    assert snapshot(target) == snapshot(ws)


def test_export_writes_only_this_installations_own_children_and_notes_it(ws, tmp_path):
    imported(ws, mosaic_csv(child("M1"), child("M2", "Bilal")))
    with ws.db.transaction() as session:
        theirs = session.scalar(select(Child).where(Child.case_reference == "M2"))
        theirs.origin_device = "a-workers-device"
    out = tmp_path / "out.csv"
    result = caseload_csv.export_caseload(ws, out)
    assert (result.children, result.left_out) == (1, 0)
    text = out.read_bytes().decode("utf-8-sig")
    assert "M1" in text and "M2" not in text
    with ws.db.sessions() as session:
        last = session.scalar(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert (last.action, last.entity, last.detail) == (
        "export_caseload",
        "caseload",
        "1 child, leicestershire mapping",
    )
    with pytest.raises(UserError, match="already exists"):
        caseload_csv.export_caseload(ws, out)
    with pytest.raises(UserError, match="data folder"):
        caseload_csv.export_caseload(ws, ws.data_dir / "c.csv")


def _docs_text() -> str:
    return (Path(__file__).resolve().parents[2] / "docs" / "case-systems.md").read_text("utf-8")


def _docs_block(after: str) -> str:
    text = _docs_text()
    start = text.index("```\n", text.index(after)) + 4
    return text[start : text.index("```", start)]


def test_the_worked_example_in_the_docs_does_what_the_docs_say(ws):
    from visitdesk.commands_caseload import preview_text

    first = _docs_block("### A caseload file from Mosaic")
    plan = imported(ws, first.encode("utf-8"))
    assert [(c.case_reference, c.plan) for c in plan.new] == [
        ("100231", "CIN"),
        ("100232", "CP"),
        ("100240", "CP"),
        ("100251", "CLA"),
    ]
    found = by_reference(ws)
    assert found["100231"].household_id == found["100232"].household_id is not None
    assert found["100240"].expected_birth_date == date(2027, 1, 20)
    [amara] = plans_of(ws, "100231")
    assert (amara.visit_every, amara.visit_unit, amara.electively_home_educated) == (
        4,
        "weeks",
        True,
    )
    assert plans_of(ws, "100251")[0].placement_until_18
    header, amara_row, bilal_row, baby_row, _kai_row = first.strip().splitlines()
    amara_row = amara_row.replace(
        ",4,weeks,Agreed at the CIN planning meeting,",
        ",2,weeks,Agreed at the CIN planning meeting,",
    )
    bilal_row = (
        "100232,Bilal,Hughes,02/11/2019,,Child Protection and Looked After,25/11/2026,"
        '25/11/2026,,,,HG-3310,,"Foster placement, Exampleton",North'
    )
    second = "\n".join([header, amara_row, bilal_row, baby_row]).encode("utf-8")
    plan = preview_import(ws, second, "caseload.csv")
    assert preview_text(plan) + "\n" == _docs_block("The preview says:")
    apply_import(ws, plan)
    cp, both = plans_of(ws, "100232")
    assert (cp.plan_type, cp.end_date) == ("CP", date(2026, 11, 24))
    assert (both.plan_type, both.start_date) == ("CP+CLA", date(2026, 11, 25))
    assert by_reference(ws)["100232"].household_id == household_id_for("HG-3310")
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(
            ws,
            b"Person ID,First Name,Last Name,Date of Birth,Due Date,Current Plan,Plan Start\n"
            b"100231,Amara,Hughes,14/03/2017,,CIN,01/09/2026\n"
            b"100232,Bilal,Hughes,31/11/2019,,Child Protection,15/09/2026\n"
            b"100240,Baby,Evans,,20/01/2027,Child Protection,01/10/2026\n"
            b"100240,Baby,Evans,,20/01/2027,Child Protection,01/10/2026\n",
            "caseload.csv",
        )
    assert f"    visitdesk: {caught.value}\n" in _docs_text()


def test_a_household_of_more_than_sixteen_is_refused_at_the_row_that_makes_it(ws):
    rows = [child(f"H{n}", **{"Household Group ID": "HG-1"}) for n in range(17)]
    with pytest.raises(CaseloadRefused) as caught:
        preview_import(ws, mosaic_csv(*rows), "c.csv")
    assert caught.value.problems == (
        "line 2, column 'Household Group ID': a household holds at most 16 children, and this "
        "one would have 17; check the household references",
    )
    assert views.children(ws) == []


def test_missing_columns_leave_their_part_and_a_flag_the_mapping_cannot_say_is_kept(ws):
    row = child("M1", **{"Flags": "EHE", "Address": "1 Sample Road"})
    imported(ws, mosaic_csv(row))
    [plan] = plans_of(ws, "M1")
    # Set in VisitDesk: a support level the Mosaic template has no code for.
    records.update_plan(
        ws,
        plan.id,
        records.PlanInput(
            "CIN",
            plan.start_date,
            allocated_on=plan.allocated_on,
            electively_home_educated=True,
            dcs_level="family_support",
        ),
    )
    short = [c for c in MOSAIC if c not in ("Allocated Date", "Address")]
    again = imported(ws, mosaic_csv(child("M1", **{"Flags": ""}), header=short))
    assert again.updated[0].changes == ("flags",)
    [after] = plans_of(ws, "M1")
    assert after.electively_home_educated is False  # the file says no flag
    assert after.dcs_level == "family_support"  # the file cannot say it, so it stays
    assert after.allocated_on == plan.allocated_on  # no column: as it was
    assert by_reference(ws)["M1"].address == "1 Sample Road"
