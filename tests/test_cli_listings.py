"""``visitdesk children`` and ``visitdesk visits``: exactly the lines and JSON scripts read."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from visitdesk.services import records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Plan

PASS = "correct horse battery"


def _run(monkeypatch, capsys, folder, *args):
    from visitdesk import cli
    from visitdesk.logsetup import stop_logging

    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    monkeypatch.setenv("VISITDESK_PASSPHRASE", PASS)
    try:
        code = cli.main(["--data-dir", str(folder), *args])
    finally:
        stop_logging()
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def caseload(make_workspace, tmp_path):
    """Two children, one with a plan that has ended, and three records between them."""
    ws = make_workspace()
    start = ws.today() - timedelta(days=30)
    ada = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        case_reference="CR-7",
        plan=PlanInput("CP", start, allocated_on=start),
    )
    bo = records.add_child(
        ws,
        given_name="Bo",
        family_name="Able",
        expected_birth_date=ws.today() + timedelta(days=50),
        plan=PlanInput("CIN", start),
    )
    with ws.db.transaction() as s:
        s.query(Plan).filter(Plan.child_id == bo).one().end_date = ws.today() - timedelta(days=1)
    at = ws.now().replace(hour=9, minute=30, second=0, microsecond=0)
    first = records.start_visit(ws, ada, at - timedelta(days=4), location="home", seen="yes")
    records.start_visit(ws, ada, at - timedelta(days=2), location="school")
    records.start_visit(ws, bo, at - timedelta(days=3), location="home", seen="unborn")
    ws.close()
    return tmp_path / "data", ws, ada, bo, first, at, start


def test_children_prints_one_line_each_by_family_name(caseload, monkeypatch, capsys):
    folder, _ws, ada, bo, *_ = caseload
    code, out, err = _run(monkeypatch, capsys, folder, "children")
    assert (code, err) == (0, "")
    assert out == f"{bo}  -       Bo Able\n{ada}  CP      Ada Brook\n"


def test_children_json_says_the_plan_in_force_and_how_many_records(caseload, monkeypatch, capsys):
    folder, ws, ada, bo, _first, _at, start = caseload
    code, out, _ = _run(monkeypatch, capsys, folder, "children", "--json")
    assert code == 0
    expected = (ws.today() + timedelta(days=50)).isoformat()
    assert json.loads(out) == [
        {
            "id": bo,
            "name": "Bo Able",
            "case_reference": "",
            "date_of_birth": None,
            "expected_birth_date": expected,
            "plan": None,
            "plan_start": None,
            "visits": 1,
        },
        {
            "id": ada,
            "name": "Ada Brook",
            "case_reference": "CR-7",
            "date_of_birth": "2016-03-04",
            "expected_birth_date": None,
            "plan": "CP",
            "plan_start": start.isoformat(),
            "visits": 2,
        },
    ]
    assert out.startswith('[\n  {\n    "id": ') and out.endswith("}\n]\n")


def test_visits_prints_every_record_the_earliest_first(caseload, monkeypatch, capsys):
    folder, _ws, ada, bo, first, at, _start = caseload
    code, out, _ = _run(monkeypatch, capsys, folder, "visits")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    day = (at - timedelta(days=4)).isoformat(timespec="minutes")
    assert lines[0] == f"{first}  {day}  draft       Ada Brook"
    assert [line.rsplit("  ", 1)[1] for line in lines] == ["Ada Brook", "Bo Able", "Ada Brook"]


def test_visits_of_one_child_as_json(caseload, monkeypatch, capsys):
    folder, _ws, ada, _bo, first, at, _start = caseload
    code, out, _ = _run(monkeypatch, capsys, folder, "visits", "--child", ada, "--json")
    assert code == 0
    listed = json.loads(out)
    assert [v["child_id"] for v in listed] == [ada, ada]
    assert listed[0] == {
        "id": first,
        "child_id": ada,
        "child_name": "Ada Brook",
        "visited_at": (at - timedelta(days=4)).isoformat(timespec="minutes"),
        "location": "home",
        "seen": "yes",
        "seen_alone": None,
        "state": "draft",
        "revision": 1,
        "completed_at": None,
        "household_visit": None,
        "children_visited": 1,
    }


def test_visits_of_a_child_not_on_the_caseload_is_one_line_and_exit_2(
    caseload, monkeypatch, capsys
):
    folder, *_ = caseload
    code, out, err = _run(monkeypatch, capsys, folder, "visits", "--child", "nope")
    assert (code, out, err) == (2, "", "visitdesk: no child with id nope\n")
