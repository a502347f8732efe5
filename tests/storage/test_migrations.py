"""Alembic builds exactly the models' schema, and upgrades keep the rows already stored."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from visitdesk.errors import UserError
from visitdesk.storage import migrate
from visitdesk.storage.database import Database, _make_engine, open_database
from visitdesk.storage.models import Base


def _bare(path, passphrase):
    engine = _make_engine(path, passphrase, create=True)
    return Database(path, engine, sessionmaker(engine))


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(tmp_path, passphrase):
    db = _bare(tmp_path / "visitdesk.db", passphrase)
    migrate.upgrade_to_head(db)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.close()
    assert diff == []


def test_the_audit_log_cannot_be_edited_or_deleted_in_the_database(tmp_path, passphrase):
    db = _bare(tmp_path / "visitdesk.db", passphrase)
    migrate.upgrade_to_head(db)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_events (id, at, actor, device_id, action, entity, entity_id,"
                " detail, prev_hash, hash) VALUES ('e1', '2026-01-01 09:00:00', 'a', 'd', 'x', 'y',"
                " '', '', '0', '1')"
            )
        )
    for sql in ("UPDATE audit_events SET actor = 'b'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(sql))
    db.close()


def test_a_database_at_the_first_revision_upgrades_with_its_rows_intact(tmp_path, passphrase):
    path = tmp_path / "visitdesk.db"
    db = _bare(path, passphrase)
    first = ScriptDirectory.from_config(migrate.alembic_config()).get_base()
    migrate.upgrade_to(db, first)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO children (id, given_name, family_name, case_reference, address,"
                " household_notes, region, revision, created_at, updated_at) VALUES"
                " ('c1', 'Ada', 'Lovelace', 'R1', '', '', 'england-and-wales', 1,"
                " '2026-01-01 09:00:00', '2026-01-01 09:00:00')"
            )
        )
    db.close()

    reopened = open_database(path, passphrase)  # upgrades on open
    assert migrate.current_revision(reopened) == migrate.head_revision()
    with reopened.engine.connect() as conn:
        rows = conn.execute(text("SELECT given_name, family_name FROM children")).all()
    reopened.close()
    assert rows == [("Ada", "Lovelace")]
    if first != migrate.head_revision():
        backups = list(tmp_path.glob("visitdesk.db.before-upgrade-*"))
        assert len(backups) == 1
        backup = open_database(backups[0], passphrase, upgrade=False)
        with backup.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM children")).scalar() == 1
        backup.close()


def test_a_database_from_a_newer_visitdesk_is_refused(tmp_path, passphrase):
    path = tmp_path / "visitdesk.db"
    db = _bare(path, passphrase)
    migrate.upgrade_to_head(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.close()
    with pytest.raises(UserError, match="newer VisitDesk"):
        open_database(path, passphrase)


def test_a_database_at_0003_with_audit_entries_upgrades_keeping_every_entry(tmp_path, passphrase):
    from datetime import datetime, timedelta

    from visitdesk.storage import audit
    from visitdesk.sync.identity import DeviceIdentity

    path = tmp_path / "visitdesk.db"
    db = _bare(path, passphrase)
    migrate.upgrade_to(db, "0003")
    identity = DeviceIdentity.generate()
    start = datetime(2026, 11, 2, 9, 0)
    prev, rows = audit.GENESIS, []
    for n in range(1, 7):
        at = start + timedelta(minutes=n)
        digest = audit._digest(
            prev, f"e{n}", at, "Sam", identity.device_id, "change", "visit", f"v{n}", "findings"
        )
        rows.append(
            (
                n,
                f"e{n}",
                at.isoformat(" "),
                "Sam",
                identity.device_id,
                "change",
                "visit",
                f"v{n}",
                "findings",
                prev,
                digest,
            )
        )
        prev = digest
    with db.engine.begin() as conn:
        raw = conn.connection.dbapi_connection
        raw.execute(
            "INSERT INTO installation (id, device_id, worker_name, team, role, policy_id,"
            " region, device_secret, created_at) VALUES (1, ?, 'Sam', '', 'worker',"
            " 'getting-it-right-2018', 'england-and-wales', ?, '2026-11-02 09:00:00')",
            (identity.device_id, identity.to_secret_bytes()),
        )
        raw.executemany(
            "INSERT INTO audit_events (seq, id, at, actor, device_id, action,"
            " entity, entity_id, detail, prev_hash, hash) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()

    reopened = open_database(path, passphrase)  # upgrades to 0004 and on
    try:
        assert migrate.current_revision(reopened) == migrate.head_revision()
        with reopened.engine.connect() as conn:
            kept = conn.execute(text("SELECT seq, id, hash FROM audit_events ORDER BY seq")).all()
            numbered = conn.execute(
                text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'")
            ).scalar()
            triggers = set(
                conn.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                ).scalars()
            )
        assert kept == [(r[0], r[1], r[10]) for r in rows] and numbered == 6
        assert {
            "audit_events_no_update",
            "audit_events_no_delete",
            "audit_head_no_delete",
            "audit_head_forward_only",
        } <= triggers
        with reopened.sessions() as s:
            report = audit.verify(s)
            assert report.ok and report.entries == 6, report.text()
            assert audit.current_head(s) == (6, rows[-1][10])
        with reopened.transaction() as s:
            added = audit.append(
                s,
                at=start + timedelta(hours=1),
                actor="Sam",
                device_id=identity.device_id,
                action="backup",
                entity="database",
            )
            assert added.seq == 7 and added.prev_hash == rows[-1][10]
        with reopened.sessions() as s:
            assert audit.verify(s).ok
        for sql in ("UPDATE audit_events SET actor = 'b'", "DELETE FROM audit_events"):
            with pytest.raises(Exception, match="append-only"), reopened.engine.begin() as conn:
                conn.execute(text(sql))
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("profile", "authority"),
    [
        ("getting-it-right-2018", "getting-it-right"),
        ("seen-alone-guidance", "getting-it-right"),
        ("leicestershire-cin-2024", "leicestershire"),
        ("visiting-policy-2019", "childrens-social-care-2019"),
        ("england-cla-2010", ""),  # shared by every authority: it stays alone
    ],
)
def test_an_installation_upgrades_to_the_authority_holding_its_profile(
    tmp_path, passphrase, profile, authority
):
    from visitdesk.standards.authority import authorities_using

    path = tmp_path / "visitdesk.db"
    db = _bare(path, passphrase)
    migrate.upgrade_to(db, "0004")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO installation (id, device_id, worker_name, team, role, policy_id,"
                " region, created_at) VALUES (1, 'd1', 'Sam', '', 'worker', :p,"
                " 'england-and-wales', '2026-11-02 09:00:00')"
            ),
            {"p": profile},
        )
    db.close()
    reopened = open_database(path, passphrase)
    try:
        with reopened.engine.connect() as conn:
            stored = conn.execute(text("SELECT authority_id FROM installation")).scalar()
    finally:
        reopened.close()
    assert stored == authority
    # The migration's own table agrees with the shipped authorities as they are now.
    holders = authorities_using(profile)
    assert stored == (holders[0] if len(holders) == 1 else "")


def test_the_newest_revision_read_from_the_files_is_alembics(tmp_path, passphrase):
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()
    assert set(migrate.known_revisions()) == {rev.revision for rev in script.walk_revisions()}
    db = _bare(tmp_path / "visitdesk.db", passphrase)
    assert migrate.current_revision(db) is None  # nothing there yet
    migrate.upgrade_to(db, script.get_base())
    with db.engine.connect() as conn:
        stored = MigrationContext.configure(conn).get_current_revision()
    assert migrate.current_revision(db) == stored == script.get_base()
    db.close()


def test_opening_a_database_that_needs_no_upgrade_loads_no_alembic(workspace, passphrase):
    import subprocess
    import sys

    path = workspace.db.path
    workspace.close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from visitdesk.storage.database import open_database\n"
        f"open_database(Path({str(path)!r}), {passphrase!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
