"""The database file is encrypted, refuses wrong passphrases untouched, never appears unasked."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.storage.database import DatabaseMissing, create_database, open_database
from visitdesk.storage.models import Child


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_is_encrypted_from_the_first_byte(tmp_path, passphrase):
    path = tmp_path / "visitdesk.db"
    db = create_database(path, passphrase)
    from datetime import datetime

    with db.transaction() as session:
        now = datetime(2026, 11, 1, 9, 0)
        session.add(
            Child(
                given_name="Peregrine", family_name="Quillfeather", created_at=now, updated_at=now
            )
        )
    db.close()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Quillfeather" not in raw


def test_the_right_passphrase_opens_what_was_stored(tmp_path, passphrase):
    path = tmp_path / "visitdesk.db"
    create_database(path, passphrase).close()
    db = open_database(path, passphrase)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.close()


def test_a_wrong_passphrase_is_refused_and_changes_nothing(tmp_path, passphrase):
    path = tmp_path / "visitdesk.db"
    create_database(path, passphrase).close()
    before = _digest(path)
    with pytest.raises(WrongPassphrase, match="try again"):
        open_database(path, "not the passphrase")
    assert _digest(path) == before


def test_opening_a_missing_database_does_not_create_one(tmp_path, passphrase):
    path = tmp_path / "visitdesk.db"
    with pytest.raises(DatabaseMissing, match="visitdesk init"):
        open_database(path, passphrase)
    assert list(tmp_path.iterdir()) == []


def test_creating_over_an_existing_database_is_refused(tmp_path, passphrase):
    path = tmp_path / "visitdesk.db"
    create_database(path, passphrase).close()
    before = _digest(path)
    with pytest.raises(UserError, match="already exists"):
        create_database(path, "another passphrase")
    assert _digest(path) == before


def test_an_empty_passphrase_is_refused(tmp_path):
    with pytest.raises(UserError, match="empty"):
        create_database(tmp_path / "visitdesk.db", "")
    assert not (tmp_path / "visitdesk.db").exists()


def test_a_path_with_spaces_and_quotes_works(tmp_path, passphrase):
    path = tmp_path / "Sam's data #1" / "visitdesk.db"
    create_database(path, 'pass "with" quotes\'').close()
    open_database(path, 'pass "with" quotes\'').close()


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path, passphrase):
    path = tmp_path / "visitdesk.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = _digest(path)
    with pytest.raises(UserError):
        open_database(path, passphrase)
    assert _digest(path) == before
