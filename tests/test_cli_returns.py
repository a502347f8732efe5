"""``visitdesk export annex-a`` and ``visitdesk export ssd``: the files an authority reads, saved
only where the user chose, and agreeing with what ``visitdesk visits --json`` lists."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import pytest

from visitdesk.services import demo
from visitdesk.services.workspace import initialise, open_workspace
from visitdesk.storage import audit
from visitdesk.storage.models import AuditEvent

PASS = "correct horse battery"
ANNEX_A = ("annex_a_list_6.csv", "annex_a_list_7.csv", "annex_a_list_8.csv")
SSD = ("ssd_cin_visits.csv", "ssd_cp_visits.csv", "ssd_cla_visits.csv")
SEEN_ALONE = {"yes": "a) Yes", "no": "b) No", None: "c) Unknown"}


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


def _read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """A getting-it-right worker's installation with the demo caseload (households too)."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    ws = initialise(
        folder,
        PASS,
        name="Sam Worker",
        role="worker",
        authority_id="getting-it-right",
        team="Team North",
    )
    demo.fill(ws, children=25, seed=1)
    ws.close()
    return folder


@pytest.fixture
def folder(make_workspace):
    ws = make_workspace()
    demo.fill(ws, children=6, seed=2)
    ws.close()
    return ws.data_dir


def _listed(monkeypatch, capsys, folder):
    code, out, _ = _run(monkeypatch, capsys, folder, "children", "--json")
    assert code == 0
    children = {c["id"]: c for c in json.loads(out)}
    code, out, _ = _run(monkeypatch, capsys, folder, "visits", "--json")
    assert code == 0
    visits = [v for v in json.loads(out) if v["state"] != "draft"]
    return children, visits


def _dmy(moment: str) -> str:
    return datetime.fromisoformat(moment).strftime("%d/%m/%Y")


def test_annex_a_on_demo_data_agrees_with_the_visits_listed(
    demo_folder, tmp_path, monkeypatch, capsys
):
    children, visits = _listed(monkeypatch, capsys, demo_folder)
    out = tmp_path / "annex-a"
    code, said, err = _run(monkeypatch, capsys, demo_folder, "export", "annex-a", "--out", str(out))
    assert (code, err) == (0, "")
    list_6 = {r["Child Unique ID"]: r for r in _read(out / ANNEX_A[0])}
    list_7 = {r["Child Unique ID"]: r for r in _read(out / ANNEX_A[1])}
    person = {cid: c["case_reference"] or cid for cid, c in children.items()}
    assert set(list_6) == set(person.values())  # every demo plan is open today
    protected = {cid for cid, c in children.items() if c["plan"] in ("CP", "CP+CLA")}
    assert protected and set(list_7) == {person[cid] for cid in protected}
    checked_seen_alone = set()
    for cid in children:
        mine = sorted((v for v in visits if v["child_id"] == cid), key=lambda v: v["visited_at"])
        seen = [v for v in mine if v["seen"] == "yes"]
        assert list_6[person[cid]]["Date Child Was Last Seen"] == (
            _dmy(seen[-1]["visited_at"]) if seen else ""
        )
        if cid in protected:
            statutory = [v for v in mine if v["seen"] in ("yes", "unborn")]
            row = list_7[person[cid]]
            assert row["Date of the Last Statutory Visit"] == _dmy(statutory[-1]["visited_at"])
            assert row["Was the Child Seen Alone?"] == SEEN_ALONE[statutory[-1]["seen_alone"]]
            checked_seen_alone.add(row["Was the Child Seen Alone?"])
    # The demo has children seen alone, not seen alone (a baby) and unborn on these plans.
    assert checked_seen_alone == {"a) Yes", "b) No", "c) Unknown"}
    assert said.count("\n") == 1 and "personal data about children" in said
    assert "annex_a_list_6.csv 25 rows" in said and str(out) in said


def test_the_ssd_tables_on_demo_data_agree_with_the_visits_listed(
    demo_folder, tmp_path, monkeypatch, capsys
):
    children, visits = _listed(monkeypatch, capsys, demo_folder)
    out = tmp_path / "ssd"
    code, said, err = _run(monkeypatch, capsys, demo_folder, "export", "ssd", "--out", str(out))
    assert (code, err) == (0, "")
    tables = {
        "CIN": ("ssd_cin_visits.csv", "cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit"),
        "CP": ("ssd_cp_visits.csv", "cppv_cp_visit_id", "cppv_person_id", "cppv_cp_visit"),
        "CLA": ("ssd_cla_visits.csv", "clav_cla_visit_id", "clav_person_id", "clav_cla_visit"),
    }
    flag = {"yes": "Y", "no": "N", "unborn": "N"}
    for plan, (name, key, person_key, stem) in tables.items():
        found = {
            r[key]: (r[person_key], r[f"{stem}_date"], r[f"{stem}_seen"]) for r in _read(out / name)
        }
        wanted = {
            v["id"]: (
                children[v["child_id"]]["case_reference"] or v["child_id"],
                v["visited_at"].replace("T", " ") + ":00",
                flag[v["seen"]],
            )
            for v in visits
            if plan in children[v["child_id"]]["plan"].split("+")
        }
        assert found == wanted, name
    household = [v for v in visits if v["household_visit"]]
    assert len({v["household_visit"] for v in household}) >= 2, "the demo has household visits"
    assert "ssd_cin_visits.csv" in said and "personal data about children" in said


def test_an_export_is_noted_in_the_audit_trail_and_the_trail_still_checks(
    folder, tmp_path, monkeypatch, capsys
):
    for kind in ("annex-a", "ssd"):
        code, _out, err = _run(monkeypatch, capsys, folder, "export", kind, "--out", str(tmp_path))
        assert (code, err) == (0, "")
    ws = open_workspace(folder, PASS)
    try:
        with ws.db.sessions() as s:
            events = s.query(AuditEvent).filter(AuditEvent.action == "export_return").all()
            assert [e.entity for e in events] == ["annex_a", "ssd"]
            assert events[0].detail.startswith("annex_a_list_6=")
            assert audit.verify(s).ok
    finally:
        ws.close()


def test_out_inside_the_data_folder_is_refused_and_nothing_is_written(folder, monkeypatch, capsys):
    for kind in ("annex-a", "ssd"):
        for place in (folder, folder / "returns", folder / "logs"):
            code, out, err = _run(monkeypatch, capsys, folder, "export", kind, "--out", str(place))
            assert code == 2 and out == ""
            assert "data folder" in err and err.count("\n") == 1
    # Only what every command keeps there (its log, its lock): no return, no new folder.
    assert not list(folder.rglob("*.csv")) and not (folder / "returns").exists()


def test_existing_files_are_refused_without_force_and_replaced_with_it(
    folder, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "annex_a_list_7.csv").write_text("an older return")
    code, said, err = _run(monkeypatch, capsys, folder, "export", "annex-a", "--out", str(out))
    assert (code, said) == (2, "")
    assert "already exists" in err and "--force" in err
    assert sorted(p.name for p in out.iterdir()) == ["annex_a_list_7.csv"]
    assert (out / "annex_a_list_7.csv").read_text() == "an older return"
    code, said, err = _run(
        monkeypatch, capsys, folder, "export", "annex-a", "--out", str(out), "--force"
    )
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == list(ANNEX_A)
    assert (out / "annex_a_list_7.csv").read_text().startswith("Child Unique ID,")
    code, _said, err = _run(monkeypatch, capsys, folder, "export", "ssd", "--out", str(out))
    assert code == 0  # the SSD's files are other names
    code, _said, err = _run(monkeypatch, capsys, folder, "export", "ssd", "--out", str(out))
    assert code == 2 and "ssd_cin_visits.csv already exists" in err


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "20/11/2026", ""])
def test_a_bad_as_of_day_exits_2_and_writes_nothing(folder, tmp_path, monkeypatch, capsys, bad):
    out = tmp_path / "out"
    code, said, err = _run(
        monkeypatch, capsys, folder, "export", "annex-a", "--out", str(out), "--as-of", bad
    )
    assert (code, said) == (2, "")
    assert "--as-of" in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_out_at_a_file_exits_2_and_leaves_the_file_alone(folder, tmp_path, monkeypatch, capsys):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for kind in ("annex-a", "ssd"):
        code, said, err = _run(monkeypatch, capsys, folder, "export", kind, "--out", str(a_file))
        assert (code, said) == (2, "")
        assert "is a file" in err
    assert a_file.read_text() == "mine"


def test_export_needs_a_return_and_an_out_folder(folder, monkeypatch, capsys):
    code, _out, err = _run(monkeypatch, capsys, folder, "export")
    assert code == 2 and err.count("\n") == 1
    code, _out, err = _run(monkeypatch, capsys, folder, "export", "ssd")
    assert code == 2 and "--out" in err
