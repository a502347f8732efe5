"""``visitdesk chronology``: a child's chronology printed as a table or JSON, or saved as CSV;
bad input exits 2 with one line and writes nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest

from visitdesk.services import records
from visitdesk.services.records import PlanInput

PASS = "correct horse battery"
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


def _day(ws, days_ago: int) -> date:
    return ws.today() - timedelta(days=days_ago)


@pytest.fixture
def caseload(make_workspace, tmp_path):
    """Ada: a plan from 40 days ago, a record marking an event 10 days ago (a line starting
    with "=") and a draft marking one; Bo: a plan that starts next week, nothing else."""
    ws = make_workspace()
    ada = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", _day(ws, 40)),
    )
    at = datetime.combine(_day(ws, 10), datetime.min.time()).replace(hour=10)
    vid = records.start_visit(ws, ada, at, **COMPLETE)
    records.save_draft(ws, vid, {"significant_event": "=1+1 moved  to\nher aunt's"})
    records.complete_visit(ws, vid)
    draft = records.start_visit(ws, ada, at + timedelta(days=5), **COMPLETE)
    records.save_draft(ws, draft, {"significant_event": "Not yet."})
    bo = records.add_child(
        ws,
        given_name="Bo",
        family_name="Able",
        date_of_birth=date(2020, 1, 1),
        plan=PlanInput("CP", ws.today() + timedelta(days=7)),
    )
    ws.close()
    return tmp_path / "data", ws, ada, bo, vid


def test_json_lists_the_entries_in_date_order(caseload, monkeypatch, capsys):
    folder, ws, ada, _bo, vid = caseload
    code, out, err = _run(monkeypatch, capsys, folder, "chronology", "--child", ada, "--json")
    assert (code, err) == (0, "")
    visited = _day(ws, 10)
    assert json.loads(out) == [
        {
            "day": _day(ws, 40).isoformat(),
            "kind": "plan_started",
            "text": "Child in need plan started",
            "source": "Plan",
            "recorded_by": "",
            "visit_id": None,
        },
        {
            "day": visited.isoformat(),
            "kind": "event",
            "text": "=1+1 moved to her aunt's",
            "source": f"Visit record of {visited.day} {visited:%b} {visited.year}",
            "recorded_by": "Sam Worker",
            "visit_id": vid,
        },
    ]


def test_the_plain_table_has_a_heading_and_a_line_each(caseload, monkeypatch, capsys):
    folder, ws, ada, _bo, _vid = caseload
    code, out, err = _run(monkeypatch, capsys, folder, "chronology", "--child", ada)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].split() == ["Date", "Kind", "Source", "Recorded", "by", "Event"]
    started, event = (" ".join(line.split()) for line in lines[1:])
    assert started == f"{_day(ws, 40):%d/%m/%Y} Plan started Plan - Child in need plan started"
    visited = _day(ws, 10)
    assert event == (
        f"{visited:%d/%m/%Y} Significant event Visit record of {visited.day} {visited:%b} "
        f"{visited.year} Sam Worker =1+1 moved to her aunt's"
    )
    # The columns line up: each starts where its heading does.
    assert lines[1].index("Plan started") == lines[2].index("Significant event")
    assert lines[0].index("Event") == lines[2].index("=1+1")


def test_a_child_with_nothing_to_list_is_told_so(caseload, monkeypatch, capsys):
    folder, _ws, _ada, bo, _vid = caseload
    code, out, _ = _run(monkeypatch, capsys, folder, "chronology", "--child", bo)
    assert (code, out) == (0, "No significant events or plan changes recorded for this child.\n")
    code, out, _ = _run(monkeypatch, capsys, folder, "chronology", "--child", bo, "--json")
    assert (code, json.loads(out)) == (0, [])


def test_out_saves_the_csv_and_says_where(caseload, monkeypatch, capsys, tmp_path):
    folder, ws, ada, _bo, _vid = caseload
    target = tmp_path / "ada.csv"
    code, out, err = _run(
        monkeypatch, capsys, folder, "chronology", "--child", ada, "--out", str(target)
    )
    assert (code, err) == (0, "")
    assert out == f"Saved the chronology (2 entries) to {target}\n"
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8"), newline="")))
    visited = _day(ws, 10)
    assert rows == [
        ["Date", "Event", "Kind", "Source", "Recorded by"],
        [f"{_day(ws, 40):%d/%m/%Y}", "Child in need plan started", "Plan started", "Plan", ""],
        [
            f"{visited:%d/%m/%Y}",
            "'=1+1 moved to her aunt's",
            "Significant event",
            f"Visit record of {visited.day} {visited:%b} {visited.year}",
            "Sam Worker",
        ],
    ]
    # Again over the same file: only with --force.
    code, _out, err = _run(
        monkeypatch, capsys, folder, "chronology", "--child", ada, "--out", str(target)
    )
    assert code == 2 and "already exists" in err and "--force" in err
    before = target.read_bytes()
    code, out, _ = _run(
        monkeypatch, capsys, folder, "chronology", "--child", ada, "--out", str(target), "--force"
    )
    assert code == 0 and target.read_bytes() == before


def _one_line_refusal(code: int, out: str, err: str) -> None:
    assert code == 2 and out == ""
    assert err.startswith("visitdesk: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_an_unknown_child_is_refused_in_one_line(caseload, monkeypatch, capsys, tmp_path):
    folder, *_ = caseload
    code, out, err = _run(monkeypatch, capsys, folder, "chronology", "--child", "nobody")
    _one_line_refusal(code, out, err)
    assert "no child with id nobody" in err
    target = tmp_path / "nobody.csv"
    code, out, err = _run(
        monkeypatch, capsys, folder, "chronology", "--child", "nobody", "--out", str(target)
    )
    _one_line_refusal(code, out, err)
    assert not target.exists()


def test_saving_into_the_data_folder_is_refused(caseload, monkeypatch, capsys):
    folder, _ws, ada, _bo, _vid = caseload
    target = folder / "chronology.csv"
    code, out, err = _run(
        monkeypatch, capsys, folder, "chronology", "--child", ada, "--out", str(target), "--force"
    )
    _one_line_refusal(code, out, err)
    assert "data folder" in err
    assert not target.exists()
    # Nothing of it anywhere in the folder (a half-written file included); the log and the
    # lock are the command's own.
    assert [p.name for p in folder.rglob("*") if "chronology" in p.name] == []


def test_an_existing_file_is_kept_without_force(caseload, monkeypatch, capsys, tmp_path):
    folder, _ws, ada, _bo, _vid = caseload
    target = tmp_path / "keep.csv"
    target.write_text("my own notes\n", encoding="utf-8")
    code, out, err = _run(
        monkeypatch, capsys, folder, "chronology", "--child", ada, "--out", str(target)
    )
    _one_line_refusal(code, out, err)
    assert target.read_text(encoding="utf-8") == "my own notes\n"


@pytest.mark.parametrize(
    "extra",
    [
        ["--force"],  # with nothing to replace
        ["--json", "--out", "x.csv"],  # print or save, not both
        [],  # no --child: see below
    ],
)
def test_mistaken_arguments_are_refused_in_one_line(caseload, monkeypatch, capsys, tmp_path, extra):
    folder, _ws, ada, _bo, _vid = caseload
    args = ["chronology", *extra] if not extra else ["chronology", "--child", ada, *extra]
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(monkeypatch, capsys, folder, *args)
    _one_line_refusal(code, out, err)
    assert not (tmp_path / "x.csv").exists()
