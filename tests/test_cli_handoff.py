"""Handing records off on the command line: ``handoff`` saves an authorised record's pack,
``entered`` marks it as keyed into the case system, ``reconciliation`` lists what is not.
Bad input exits 2 with one line and changes nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

PASS = "correct horse battery staple"


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
def manager(tmp_path, monkeypatch, capsys):
    """A manager's installation under the LCS authority, with the demo's own records."""
    folder = tmp_path / "data"
    init = (
        "init",
        "--name",
        "Morgan Manager",
        "--role",
        "manager",
        "--policy",
        "visiting-policy-2019",
    )
    assert _run(monkeypatch, capsys, folder, *init)[0] == 0
    code, _out, err = _run(monkeypatch, capsys, folder, "demo", "--children", "8", "--seed", "3")
    assert (code, err) == (0, "")
    return folder


def _visits(monkeypatch, capsys, folder):
    code, out, _err = _run(monkeypatch, capsys, folder, "visits", "--json")
    assert code == 0
    return json.loads(out)


def _reconciliation(monkeypatch, capsys, folder):
    code, out, err = _run(monkeypatch, capsys, folder, "reconciliation", "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def _refused(monkeypatch, capsys, folder, args, match):
    before = _reconciliation(monkeypatch, capsys, folder)
    code, out, err = _run(monkeypatch, capsys, folder, *args)
    assert code == 2 and out == ""
    assert err.startswith("visitdesk: ") and err.count("\n") == 1 and match in err
    assert _reconciliation(monkeypatch, capsys, folder) == before


def test_handoff_saves_the_three_files_and_says_they_hold_personal_data(
    manager, monkeypatch, capsys, tmp_path
):
    row = next(v for v in _visits(monkeypatch, capsys, manager) if v["state"] == "authorised")
    out = tmp_path / "for LCS"
    code, text, err = _run(
        monkeypatch, capsys, manager, "handoff", "--visit", row["id"], "--out", str(out)
    )
    assert (code, err) == (0, "")
    lines = text.splitlines()
    saved = [line.removeprefix("Saved ") for line in lines if line.startswith("Saved ")]
    assert [p.rsplit(".", 1)[1] for p in saved] == ["pdf", "json", "csv"]
    assert all(p.startswith(str(out)) and row["id"][:8] in p for p in saved)
    assert "hold personal data" in lines[-1]
    header = next(csv.reader(io.StringIO(open(saved[2], encoding="utf-8").read())))
    assert header[:5] == ["CASE_NOTE_TYPE", "PERSON_ID", "EVENT_DATE", "EVENT_TIME", "SEEN_FLAG"]
    data = json.loads(open(saved[1], encoding="utf-8").read())
    assert data["visit_id"] == row["id"] and data["system"] == "Liquidlogic LCS"

    # Again, the files are there: refused without --force, replaced with it.
    code, _text, err = _run(
        monkeypatch, capsys, manager, "handoff", "--visit", row["id"], "--out", str(out)
    )
    assert code == 2 and "already exists" in err and err.count("\n") == 1
    code, _text, err = _run(
        monkeypatch, capsys, manager, "handoff", "--visit", row["id"], "--out", str(out), "--force"
    )
    assert (code, err) == (0, "")


def test_handoff_of_a_record_not_authorised_or_into_the_data_folder_is_refused(
    manager, monkeypatch, capsys, tmp_path
):
    visits = _visits(monkeypatch, capsys, manager)
    waiting = next(v for v in visits if v["state"] == "completed")
    authorised = next(v for v in visits if v["state"] == "authorised")
    out = tmp_path / "packs"
    code, _out, err = _run(
        monkeypatch, capsys, manager, "handoff", "--visit", waiting["id"], "--out", str(out)
    )
    assert code == 2 and "only for an authorised record" in err and err.count("\n") == 1
    assert not out.exists()
    before = sorted(p.name for p in manager.rglob("*") if p.suffix != ".log")
    inside = manager / "packs"
    code, _out, err = _run(
        monkeypatch, capsys, manager, "handoff", "--visit", authorised["id"], "--out", str(inside)
    )
    assert code == 2 and "inside VisitDesk's data folder" in err
    assert not inside.exists()
    assert sorted(p.name for p in manager.rglob("*") if p.suffix != ".log") == before


def test_entered_takes_a_record_off_the_reconciliation_list(manager, monkeypatch, capsys):
    listed = _reconciliation(monkeypatch, capsys, manager)
    assert listed and set(listed[0]) == {
        "visit_id",
        "child_id",
        "child_name",
        "case_reference",
        "worker",
        "visited_on",
        "authorised_on",
        "days_waiting",
    }
    assert [r["authorised_on"] for r in listed] == sorted(r["authorised_on"] for r in listed)
    assert {r["worker"] for r in listed} == {"Morgan Manager"}
    first = listed[0]
    today = date.today()
    assert first["days_waiting"] == (today - date.fromisoformat(first["authorised_on"])).days

    code, text, err = _run(monkeypatch, capsys, manager, "entered", "--visit", first["visit_id"])
    assert (code, err) == (0, "")
    day = f"{today.day} {today:%B %Y}"
    assert text == f"Entered in the case system on {day} by Morgan Manager.\n"
    after = _reconciliation(monkeypatch, capsys, manager)
    assert [r["visit_id"] for r in after] == [r["visit_id"] for r in listed[1:]]

    code, text, err = _run(
        monkeypatch, capsys, manager, "entered", "--visit", first["visit_id"], "--take-back"
    )
    assert (code, err) == (0, "") and "no longer marked" in text
    assert _reconciliation(monkeypatch, capsys, manager) == listed

    visited = date.fromisoformat(first["visited_on"])
    code, text, err = _run(
        monkeypatch,
        capsys,
        manager,
        "entered",
        "--visit",
        first["visit_id"],
        "--on",
        visited.isoformat(),
        "--by",
        "Pat Support",
    )
    assert (code, err) == (0, "") and text.endswith("by Pat Support.\n")

    code, text, err = _run(monkeypatch, capsys, manager, "reconciliation")
    assert code == 0 and first["visit_id"] not in text
    assert after[0]["child_name"] in text and "waiting" in text


def test_entered_with_bad_input_exits_2_in_one_line_and_changes_nothing(
    manager, monkeypatch, capsys
):
    visits = _visits(monkeypatch, capsys, manager)
    waiting = next(v for v in visits if v["state"] == "completed")
    listed = _reconciliation(monkeypatch, capsys, manager)
    vid = listed[0]["visit_id"]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for args, match in (
        (("entered", "--visit", vid, "--on", "22/11/2026"), "must be a date like"),
        (("entered", "--visit", vid, "--on", tomorrow), "later than today"),
        (("entered", "--visit", vid, "--by", "  "), "please give"),
        (("entered", "--visit", vid, "--take-back", "--on", tomorrow), "--take-back takes no"),
        (("entered", "--visit", vid, "--take-back"), "not marked as entered"),
        (("entered", "--visit", waiting["id"]), "only an authorised record"),
        (("entered", "--visit", "no-such-record"), "no visit record"),
        (("entered",), "--visit"),
    ):
        _refused(monkeypatch, capsys, manager, args, match)
