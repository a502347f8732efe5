"""One flipped bit in the database file is found, reported, remembered, and never written onto.

The database is a real one made by the command line; the damage is a single bit changed in
one page of the encrypted file, as a failing disk or a bad copy would leave it.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from visitdesk.storage.database import (
    PAGE_SIZE,
    damage_marker,
    known_damage,
    note_damage,
    open_database,
)

PASS = "correct horse battery"


def _main(monkeypatch, capsys, *args):
    from visitdesk import cli
    from visitdesk.logsetup import stop_logging

    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    monkeypatch.setenv("VISITDESK_PASSPHRASE", PASS)
    try:
        code = cli.main(list(args))
    finally:
        stop_logging()
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def folder(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    for args in (
        ["init", "--name", "Sam Worker", "--role", "worker", "--policy", "getting-it-right-2018"],
        ["demo", "--children", "20", "--seed", "3"],
    ):
        code, _, err = _main(monkeypatch, capsys, "--data-dir", str(data), *args)
        assert code == 0, err
    return data


def _db(folder):
    return folder / "visitdesk.db"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _flip(path, where):
    raw = bytearray(path.read_bytes())
    pages = len(raw) // PAGE_SIZE
    assert pages > 20 and not path.with_name(path.name + "-wal").exists()
    page = pages // 2 if where == "middle" else pages - 1
    raw[page * PAGE_SIZE + 1500] ^= 0x08
    path.write_bytes(bytes(raw))
    return page + 1  # SQLite counts pages from 1


@pytest.mark.parametrize("where", ["middle", "last"])
def test_a_flipped_bit_is_reported_and_no_command_writes_onto_it(
    folder, monkeypatch, capsys, where
):
    d = ["--data-dir", str(folder)]
    code, out, err = _main(monkeypatch, capsys, *d, "audit", "verify")
    assert code == 0 and out.startswith("OK: "), err
    page = _flip(_db(folder), where)
    before = _digest(_db(folder))

    code, out, _ = _main(monkeypatch, capsys, *d, "audit", "verify")
    assert code == 1
    line = out.splitlines()[0]
    assert line.startswith("DAMAGED: the database is damaged") and f"page {page} " in line
    assert "no backup" in line  # and it says what to do next

    code, _, err = _main(monkeypatch, capsys, *d, "demo", "--children", "2")
    assert code == 2 and "damaged" in err and err.count("\n") == 1 and "Traceback" not in err
    assert _digest(_db(folder)) == before


@pytest.mark.parametrize("where", ["middle", "last"])
def test_a_writing_command_finds_damage_itself_and_remembers_it(folder, monkeypatch, capsys, where):
    _flip(_db(folder), where)
    before = _digest(_db(folder))
    code, _, err = _main(monkeypatch, capsys, "--data-dir", str(folder), "demo", "--children", "2")
    assert code == 2 and "the database is damaged" in err
    assert _digest(_db(folder)) == before
    assert known_damage(_db(folder)) == "page check"
    # The note says how and when, and which file: nothing the database holds.
    note = json.loads(damage_marker(_db(folder)).read_text(encoding="ascii"))
    assert set(note) == {"found_by", "found_at", "file"} and set(note["file"]) == {"inode", "salt"}
    # Known damage is refused before the passphrase is even asked for.
    monkeypatch.setenv("VISITDESK_PASSPHRASE", "")
    code, _, err = _main(
        monkeypatch, capsys, "--data-dir", str(folder), "setting", "idle_lock_minutes", "5"
    )
    assert code == 2 and "damaged" in err


def test_failed_unlocks_are_not_written_onto_a_damaged_file(folder, monkeypatch, capsys):
    # Opening writes the count of wrong passphrases into the trail; not onto a damaged file.
    code, _, _ = _main(monkeypatch, capsys, "--data-dir", str(folder), "demo", "--children", "1")
    assert code == 0
    (folder / "failed-unlocks").write_text("2", encoding="ascii")
    _flip(_db(folder), "middle")
    before = _digest(_db(folder))
    code, _, err = _main(monkeypatch, capsys, "--data-dir", str(folder), "demo", "--children", "2")
    assert code == 2 and "damaged" in err
    assert _digest(_db(folder)) == before
    assert (folder / "failed-unlocks").read_text(encoding="ascii") == "2"
    assert known_damage(_db(folder)) == "page check"


def test_restoring_a_backup_clears_the_damage(folder, tmp_path, monkeypatch, capsys):
    d = ["--data-dir", str(folder)]
    saved = tmp_path / "saved.vdbackup"
    code, _, err = _main(monkeypatch, capsys, *d, "backup", "--out", str(saved))
    assert code == 0, err
    _flip(_db(folder), "middle")
    assert _main(monkeypatch, capsys, *d, "demo", "--children", "2")[0] == 2
    code, out, err = _main(monkeypatch, capsys, *d, "restore", str(saved))
    assert code == 0, err
    assert known_damage(_db(folder)) is None and not damage_marker(_db(folder)).exists()
    code, _, err = _main(monkeypatch, capsys, *d, "demo", "--children", "2")
    assert code == 0, err
    code, out, _ = _main(monkeypatch, capsys, *d, "audit", "verify")
    assert code == 0 and out.startswith("OK: ")


def test_damage_noted_elsewhere_is_refused_until_a_full_check_passes(folder, monkeypatch, capsys):
    # Damage the app met while reading (say), on a file whose pages all check out now.
    d = ["--data-dir", str(folder)]
    note_damage(_db(folder), "reading")
    before = _digest(_db(folder))
    code, _, err = _main(monkeypatch, capsys, *d, "demo", "--children", "2")
    assert code == 2 and "damaged" in err and _digest(_db(folder)) == before
    code, out, _ = _main(monkeypatch, capsys, *d, "audit", "verify")
    assert code == 0 and out.startswith("OK: ")
    assert not damage_marker(_db(folder)).exists()
    code, _, err = _main(monkeypatch, capsys, *d, "demo", "--children", "2")
    assert code == 0, err


def test_an_unreadable_note_still_counts_as_damage(folder):
    damage_marker(_db(folder)).write_bytes(b"\xff not a note")
    assert known_damage(_db(folder)) == "an earlier check"


def test_the_checks_say_ok_on_a_whole_file_and_name_the_page_otherwise(folder):
    db = open_database(_db(folder), PASS, upgrade=False)
    try:
        assert db.page_check() == "ok" and db.full_check() == "ok"
    finally:
        db.close()
    page = _flip(_db(folder), "middle")
    db = open_database(_db(folder), PASS, upgrade=False)
    try:
        assert db.page_check() == f"page {page} of the file fails its check"
        assert db.full_check() == db.page_check()
    finally:
        db.close()


def test_an_upgrade_is_never_written_onto_a_file_known_to_be_damaged(folder):
    from sqlalchemy import text

    from visitdesk.storage.database import DatabaseDamaged

    db = open_database(_db(folder), PASS)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    db.close()
    note_damage(_db(folder), "page check")
    before = _digest(_db(folder))
    with pytest.raises(DatabaseDamaged):
        open_database(_db(folder), PASS)
    assert _digest(_db(folder)) == before
    assert not list(folder.glob("visitdesk.db.before-upgrade-*"))
