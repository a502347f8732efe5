"""``visitdesk caseload import`` and ``caseload export`` as a worker runs them, and
``visitdesk caseload`` itself still as scripts use it."""

from __future__ import annotations

import json

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


def _init(monkeypatch, capsys, folder, authority="leicestershire"):
    init = ("init", "--name", "Nia Worker", "--role", "worker", "--authority", authority)
    code, _out, err = _run(monkeypatch, capsys, folder, *init)
    assert (code, err) == (0, "")


def _children(monkeypatch, capsys, folder) -> list[dict]:
    code, out, err = _run(monkeypatch, capsys, folder, "children", "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.fixture
def demo_folder(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    _init(monkeypatch, capsys, folder)
    code, _out, err = _run(monkeypatch, capsys, folder, "demo")
    assert (code, err) == (0, "")
    return folder


def test_export_then_import_into_an_empty_installation_reproduces_the_caseload(
    demo_folder, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "caseload.csv"
    code, text, err = _run(
        monkeypatch, capsys, demo_folder, "caseload", "export", "--out", str(out)
    )
    assert (code, err) == (0, "")
    assert text.startswith(f"Saved {out}: 25 children, in the columns of the mapping for Mosaic")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfPerson ID,First Name,Last Name")

    empty = tmp_path / "empty"
    _init(monkeypatch, capsys, empty)
    code, text, err = _run(monkeypatch, capsys, empty, "caseload", "import", str(out), "--dry-run")
    assert (code, err) == (0, "")
    assert "New (25):" in text
    assert text.rstrip().endswith(
        "Nothing was changed (--dry-run): 25 new, 0 updated, 0 unchanged; 0 children on this "
        "caseload are not in the file and would be kept."
    )
    assert _children(monkeypatch, capsys, empty) == []

    code, text, err = _run(monkeypatch, capsys, empty, "caseload", "import", str(out))
    assert (code, err) == (0, "")
    assert text.rstrip().endswith(
        f"Imported {out}: 25 new, 0 updated, 0 unchanged; 0 children on this caseload are not "
        "in the file and were kept."
    )
    fields = ("name", "case_reference", "date_of_birth", "expected_birth_date", "plan")
    fields += ("plan_start",)
    want = sorted(tuple(c[f] for f in fields) for c in _children(monkeypatch, capsys, demo_folder))
    got = sorted(tuple(c[f] for f in fields) for c in _children(monkeypatch, capsys, empty))
    assert got == want


def test_import_json_says_what_it_did_and_a_second_run_finds_nothing_new(
    demo_folder, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "caseload.csv"
    assert _run(monkeypatch, capsys, demo_folder, "caseload", "export", "--out", str(out))[0] == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    kept_ref = lines[1].split(",")[0]
    out.write_text("\r\n".join([lines[0], *lines[2:]]), encoding="utf-8")
    code, text, err = _run(
        monkeypatch, capsys, demo_folder, "caseload", "import", str(out), "--json"
    )
    assert (code, err) == (0, "")
    result = json.loads(text)
    assert result["applied"] is True and result["mapping"] == "leicestershire"
    assert result["counts"] == {"new": 0, "updated": 0, "unchanged": 24, "kept": 1}
    assert [c["case_reference"] for c in result["kept"]] == [kept_ref]
    # --json before the action counts too; --dry-run says it applied nothing.
    code, text, err = _run(
        monkeypatch, capsys, demo_folder, "caseload", "--json", "import", str(out), "--dry-run"
    )
    assert (code, err) == (0, "")
    assert json.loads(text)["applied"] is False
    assert len(_children(monkeypatch, capsys, demo_folder)) == 25  # never deleted


def test_a_bad_file_exits_2_with_one_line_and_changes_nothing(
    demo_folder, tmp_path, monkeypatch, capsys
):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Person ID,First Name,Last Name,Date of Birth,Current Plan,Plan Start\r\n"
        "X1,Ella,Ashworth,01/02/2015,Child in Need,01/09/2026\r\n"
        "X2,Bilal,Brennan,31/02/2015,Child in Need,01/09/2026\r\n"
        "X3,Chloe,Clarke,01/02/2015,Sometimes,01/09/2026\r\n",
        encoding="utf-8",
    )
    before = _children(monkeypatch, capsys, demo_folder)
    code, text, err = _run(monkeypatch, capsys, demo_folder, "caseload", "import", str(bad))
    assert code == 2 and text == ""
    assert err.count("\n") == 1
    assert err.startswith(f"visitdesk: {bad} was not imported, nothing changed: line 3, column ")
    assert "line 4, column 'Current Plan'" in err
    assert _children(monkeypatch, capsys, demo_folder) == before

    code, _text, err = _run(monkeypatch, capsys, demo_folder, "caseload", "import", "nowhere.csv")
    assert code == 2 and "could not be found" in err and err.count("\n") == 1


def test_export_refuses_an_existing_file_without_force_and_the_data_folder(
    demo_folder, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "caseload.csv"
    out.write_text("keep me", encoding="utf-8")
    code, _text, err = _run(
        monkeypatch, capsys, demo_folder, "caseload", "export", "--out", str(out)
    )
    assert code == 2 and "already exists; add --force" in err
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _text, err = _run(
        monkeypatch, capsys, demo_folder, "caseload", "export", "--out", str(out), "--force"
    )
    assert (code, err) == (0, "")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfPerson ID")
    inside = demo_folder / "caseload.csv"
    code, _text, err = _run(
        monkeypatch, capsys, demo_folder, "caseload", "export", "--out", str(inside)
    )
    assert code == 2 and "data folder" in err and not inside.exists()


def test_the_caseload_command_itself_still_works(demo_folder, monkeypatch, capsys):
    code, text, err = _run(monkeypatch, capsys, demo_folder, "caseload", "--json")
    assert (code, err) == (0, "")
    rows = json.loads(text)
    assert len(rows) == 25 and {"id", "status", "next_visit_due"} <= set(rows[0])
    code, text, err = _run(monkeypatch, capsys, demo_folder, "caseload", "--as-of", "2026-01-05")
    assert (code, err) == (0, "") and text.startswith("Status")
    code, _text, err = _run(
        monkeypatch,
        capsys,
        demo_folder,
        "caseload",
        "--as-of",
        "2026-01-05",
        "export",
        "--out",
        "x",
    )
    assert code == 2 and "--as-of goes with 'visitdesk caseload' on its own" in err
    code, _text, err = _run(monkeypatch, capsys, demo_folder, "caseload", "delete")
    assert code == 2 and "invalid choice" in err
