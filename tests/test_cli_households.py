"""Household visits on the command line: ``visitdesk demo`` makes them, ``visitdesk visits``
lists each child's record with the id they share, and ``export-pdf`` prints one child's."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict

import pytest

from visitdesk.services import households
from visitdesk.services.workspace import open_workspace

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
def demo_folder(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    init = ("init", "--name", "Nia Worker", "--role", "worker", "--authority", "getting-it-right")
    code, _out, err = _run(monkeypatch, capsys, folder, *init)
    assert (code, err) == (0, "")
    code, out, err = _run(monkeypatch, capsys, folder, "demo")
    assert (code, err) == (0, "") and out.startswith("Added 25 fictional children")
    return folder


def _groups(rows: list[dict]) -> dict[str, list[dict]]:
    found = defaultdict(list)
    for row in rows:
        if row["household_visit"] is not None:
            found[row["household_visit"]].append(row)
    return dict(found)


def test_demo_then_visits_json_shows_household_visits_of_two_and_three_siblings(
    demo_folder, monkeypatch, capsys
):
    code, out, err = _run(monkeypatch, capsys, demo_folder, "visits", "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert all("household_visit" in row for row in rows)
    groups = _groups(rows)
    assert sorted({len(g) for g in groups.values()}) == [2, 3]
    ws = open_workspace(demo_folder, PASS)
    try:
        for household_visit, group in groups.items():
            children = {row["child_id"] for row in group}
            assert len(children) == len(group)  # one record for each child visited
            assert {row["children_visited"] for row in group} == {len(group)}
            assert len({row["visited_at"] for row in group}) == 1
            assert {row["state"] for row in group} == {"completed"}
            # Each group is of children who live in one household.
            homes = {households.household_of(ws, child).id for child in children}
            assert len(homes) == 1, household_visit
            [home] = homes
            view = households.household_of(ws, next(iter(children)))
            assert view.id == home and {m.child_id for m in view.members} == children
    finally:
        ws.close()
    single = [row for row in rows if row["household_visit"] is None]
    assert single and {row["children_visited"] for row in single} == {1}


def test_the_visits_listing_marks_the_records_of_a_household_visit(
    demo_folder, monkeypatch, capsys
):
    _code, out, _err = _run(monkeypatch, capsys, demo_folder, "visits", "--json")
    groups = _groups(json.loads(out))
    code, text, _err = _run(monkeypatch, capsys, demo_folder, "visits")
    assert code == 0
    lines = {line.split("  ", 1)[0]: line for line in text.splitlines()}
    for group in groups.values():
        for row in group:
            assert lines[row["id"]].endswith(
                f"  {row['child_name']}  (household visit, {len(group)} children)"
            )
    assert sum("(household visit" in line for line in lines.values()) == sum(
        len(g) for g in groups.values()
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_export_pdf_of_a_household_record_names_the_other_children(
    demo_folder, tmp_path, monkeypatch, capsys
):
    _code, out, _err = _run(monkeypatch, capsys, demo_folder, "visits", "--json")
    group = max(_groups(json.loads(out)).values(), key=len)
    target = tmp_path / "record.pdf"
    record = group[0]
    code, out, err = _run(
        monkeypatch,
        capsys,
        demo_folder,
        "export-pdf",
        "--visit",
        record["id"],
        "--out",
        str(target),
    )
    assert (code, err) == (0, "") and out == f"Saved {target}\n"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = " ".join(text.split())
    others = [row["child_name"] for row in group[1:]]
    assert record["child_name"] in text
    assert all(name in text for name in others)
    assert "A household visit:" in text and "were also visited." in text


def test_the_visit_lists_read_each_records_household_visit_in_one_query(demo_folder):
    from sqlalchemy import event

    from visitdesk.services import views

    ws = open_workspace(demo_folder, PASS)
    statements = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    try:
        event.listen(ws.db.engine, "before_cursor_execute", count)
        rows = views.visit_list(ws)
        assert len(statements) == 1
        together = [r for r in rows if r.household_visit is not None]
        sizes = {r.household_visit: r.children_visited for r in together}
        assert sorted(set(sizes.values())) == [2, 3]
        for household_visit, size in sizes.items():
            assert sum(r.household_visit == household_visit for r in rows) == size
        child = together[0].child_id
        statements.clear()
        page = views.visit_rows(ws, child)
        assert len(statements) == 1
        assert {r.household_visit for r in page} >= {together[0].household_visit}
        assert [r.children_visited for r in page if r.id == together[0].id] == [
            together[0].children_visited
        ]
    finally:
        event.remove(ws.db.engine, "before_cursor_execute", count)
        ws.close()
