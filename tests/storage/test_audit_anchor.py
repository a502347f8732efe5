"""Cutting entries off the end of the audit trail is found, as an attacker with the key would
do it: straight into the file with SQLCipher, the protecting triggers dropped and put back."""

from __future__ import annotations

import pytest
import sqlcipher3
from sqlalchemy import select, text

from visitdesk import paths
from visitdesk.storage import audit
from visitdesk.storage.models import AuditEvent, AuditHead

PASS = "correct horse battery"


def _raw(ws):
    """What an attacker with the passphrase and any SQLCipher tool has: the file, keyed."""
    ws.close()
    con = sqlcipher3.connect(str(paths.database_path(ws.data_dir)), isolation_level=None)
    con.execute("PRAGMA key = '" + PASS.replace("'", "''") + "'")
    return con


def _without_triggers(con, sql, params=()):
    """Run ``sql`` (one statement or a list; ``params`` go to the last) with every audit
    trigger dropped, then put them back as they were."""
    saved = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name IN ('audit_events', 'audit_head')"
    ).fetchall()
    con.execute("BEGIN")
    for name, _ in saved:
        con.execute(f"DROP TRIGGER {name}")
    statements = [sql] if isinstance(sql, str) else list(sql)
    for statement in statements[:-1]:
        con.execute(statement)
    con.execute(statements[-1], params)
    for _, create in saved:
        con.execute(create)
    con.execute("COMMIT")


def _verify(ws, folder):
    from visitdesk.services.workspace import open_workspace

    reopened = open_workspace(folder, PASS)
    try:
        with reopened.db.sessions() as s:
            return audit.verify(s)
    finally:
        reopened.close()


@pytest.fixture
def trail(workspace):
    """A workspace whose trail has ten entries."""
    for n in range(9):
        with workspace.db.transaction() as s:
            workspace.audit(s, "export_pdf", "visit", f"v{n}", "encrypted")
    with workspace.db.sessions() as s:
        assert audit.verify(s).ok and audit.verify(s).entries == 10
    return workspace


def _last(con):
    return con.execute("SELECT max(seq) FROM audit_events").fetchone()[0]


@pytest.mark.parametrize("cut", [1, 3, 10])
def test_cutting_the_last_entries_is_found(trail, cut):
    con = _raw(trail)
    _without_triggers(con, "DELETE FROM audit_events WHERE seq > ?", (10 - cut,))
    con.close()
    report = _verify(trail, trail.data_dir)
    assert not report.ok
    assert "removed" in report.text() and "entry 10" in report.text()
    if cut == 10:
        assert "every entry has been removed" in report.text()
    else:
        assert f"the last {'1 entry' if cut == 1 else f'{cut} entries'}" in report.text()


def test_cutting_and_winding_back_sqlites_numbering_is_found(trail):
    con = _raw(trail)
    _without_triggers(
        con,
        [
            "DELETE FROM audit_events WHERE seq > 7",
            "UPDATE sqlite_sequence SET seq = 7 WHERE name = 'audit_events'",
        ],
    )
    con.close()
    report = _verify(trail, trail.data_dir)
    assert not report.ok and "reached entry 10" in report.text()


def test_sqlites_numbering_ahead_of_the_last_entry_is_found(trail):
    # As if the head had been wound back too, by someone who could sign it: the numbering
    # SQLite keeps outside the table still remembers entry 10.
    from visitdesk.storage.models import Installation

    with trail.db.sessions() as s:
        secret = s.scalar(select(Installation.device_secret))
        seven = s.get(AuditEvent, 7)
        signature = audit.sign_head(secret, 7, seven.hash, 7)
    con = _raw(trail)
    _without_triggers(
        con,
        [
            "DELETE FROM audit_events WHERE seq > 7",
            "UPDATE audit_head SET seq = 7, hash = ?, count = 7, signature = ?",
        ],
        (seven.hash, signature),
    )
    con.close()
    report = _verify(trail, trail.data_dir)
    assert not report.ok and "numbered up to 10" in report.text()


def test_a_cut_with_the_head_rewritten_to_match_is_found_without_the_device_key(trail):
    con = _raw(trail)
    seven = con.execute("SELECT hash FROM audit_events WHERE seq = 7").fetchone()[0]
    _without_triggers(
        con,
        [
            "DELETE FROM audit_events WHERE seq > 7",
            "UPDATE sqlite_sequence SET seq = 7 WHERE name = 'audit_events'",
            f"UPDATE audit_head SET seq = 7, hash = '{seven}', count = 7",
        ],
    )
    con.close()
    report = _verify(trail, trail.data_dir)
    assert not report.ok and "signature does not match" in report.text()


@pytest.mark.parametrize(
    "edit",
    ["count = count + 1", "seq = seq + 1", "hash = '" + "ab" * 32 + "'", "signature = X'00'"],
)
def test_editing_the_head_alone_is_found(trail, edit):
    con = _raw(trail)
    _without_triggers(con, f"UPDATE audit_head SET {edit}")
    con.close()
    report = _verify(trail, trail.data_dir)
    assert not report.ok and "signature does not match" in report.text()


def test_removing_the_head_is_found(trail):
    con = _raw(trail)
    _without_triggers(
        con, ["DELETE FROM audit_head", "DELETE FROM audit_events", "DELETE FROM sqlite_sequence"]
    )
    con.close()
    report = _verify(trail, trail.data_dir)
    assert not report.ok and "where the audit trail ends is missing" in report.text()


def test_an_entry_added_at_the_end_outside_visitdesk_is_found(trail):
    con = _raw(trail)
    last = con.execute("SELECT hash FROM audit_events WHERE seq = 10").fetchone()[0]
    from datetime import datetime

    at = datetime(2026, 12, 1, 9, 0)
    forged = audit._digest(last, "forged", at, "Sam Worker", "d", "authorise", "visit", "", "")
    con.execute(
        "INSERT INTO audit_events (id, at, actor, device_id, action, entity, entity_id,"
        " detail, prev_hash, hash) VALUES ('forged', ?, 'Sam Worker', 'd', 'authorise',"
        " 'visit', '', '', ?, ?)",
        (at.isoformat(" "), last, forged),
    )
    con.close()
    report = _verify(trail, trail.data_dir)
    assert not report.ok and "added outside VisitDesk" in report.text()


def _rewrite_from(con, seq, detail):
    """Change entry ``seq`` and recompute every hash after it, as a careful forger would."""
    from datetime import datetime

    rows = con.execute(
        "SELECT seq, id, at, actor, device_id, action, entity, entity_id, detail,"
        " prev_hash FROM audit_events WHERE seq >= ? ORDER BY seq",
        (seq,),
    ).fetchall()
    prev = rows[0][9]
    statements = []
    for n, (s, eid, at, actor, device, action, entity, entity_id, old, _p) in enumerate(rows):
        new_detail = detail if n == 0 else old
        digest = audit._digest(
            prev,
            eid,
            datetime.fromisoformat(at),
            actor,
            device,
            action,
            entity,
            entity_id,
            new_detail,
        )
        statements.append((s, new_detail, prev, digest))
        prev = digest
    return statements, prev


def test_a_whole_rewrite_of_the_chain_is_found_without_the_device_key(trail):
    con = _raw(trail)
    rows, _ = _rewrite_from(con, 2, "not encrypted")
    _without_triggers(
        con,
        [
            f"UPDATE audit_events SET detail = '{d}', prev_hash = '{p}', hash = '{h}' "
            f"WHERE seq = {s}"
            for s, d, p, h in rows
        ],
    )
    con.close()
    report = _verify(trail, trail.data_dir)
    assert not report.ok and "has been rewritten" in report.text()


def test_numbers_are_never_given_twice_and_a_cut_stays_found_after_more_work(trail):
    con = _raw(trail)
    _without_triggers(con, "DELETE FROM audit_events WHERE seq > 7")
    con.close()
    from visitdesk.services.workspace import open_workspace

    ws = open_workspace(trail.data_dir, PASS)
    try:
        with ws.db.transaction() as s:
            ws.audit(s, "export_pdf", "visit", "v-next", "encrypted")
        with ws.db.sessions() as s:
            seqs = list(s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
            report = audit.verify(s)
            head = s.get(AuditHead, 1)
    finally:
        ws.close()
    assert seqs == [1, 2, 3, 4, 5, 6, 7, 11]  # 8, 9 and 10 are never given again
    assert not report.ok and report.broken_seq == 11
    assert head.seq == 11


def test_appending_never_signs_a_head_that_was_tampered_with(trail):
    con = _raw(trail)
    seven = con.execute("SELECT hash FROM audit_events WHERE seq = 7").fetchone()[0]
    _without_triggers(
        con,
        [
            "DELETE FROM audit_events WHERE seq > 7",
            "UPDATE sqlite_sequence SET seq = 7 WHERE name = 'audit_events'",
            f"UPDATE audit_head SET seq = 7, hash = '{seven}', count = 7",
        ],
    )
    con.close()
    from visitdesk.services.workspace import open_workspace

    ws = open_workspace(trail.data_dir, PASS)
    try:
        for n in range(3):
            with ws.db.transaction() as s:
                ws.audit(s, "export_pdf", "visit", f"later{n}", "encrypted")
        with ws.db.sessions() as s:
            report = audit.verify(s)
    finally:
        ws.close()
    # The three new entries follow the forged head, but the head is never signed again.
    assert not report.ok and "signature does not match" in report.text()


def test_someone_with_the_device_secret_is_found_only_against_the_team_copy(trail):
    """The documented limit: the key and the device secret together can rewrite the end of
    the trail consistently; the team's copy of the entries already sent still shows it."""
    from visitdesk.storage.models import Installation

    with trail.db.sessions() as s:
        sent = [
            {c.key: getattr(e, c.key) for c in AuditEvent.__table__.columns}
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]
        secret = s.scalar(select(Installation.device_secret))
        seven = s.get(AuditEvent, 7).hash
    con = _raw(trail)
    _without_triggers(
        con,
        [
            "DELETE FROM audit_events WHERE seq > 7",
            "UPDATE sqlite_sequence SET seq = 7 WHERE name = 'audit_events'",
            "UPDATE audit_head SET seq = 7, hash = ?, count = 7, signature = ?",
        ],
        (seven, audit.sign_head(secret, 7, seven, 7)),
    )
    con.close()
    assert _verify(trail, trail.data_dir).ok  # undetectable on the laptop alone
    from visitdesk.services.workspace import open_workspace

    ws = open_workspace(trail.data_dir, PASS)
    try:
        with ws.db.transaction() as s:
            ws.audit(s, "export_pdf", "visit", "instead", "encrypted")
        with ws.db.sessions() as s:
            resent = [
                {c.key: getattr(e, c.key) for c in AuditEvent.__table__.columns}
                for e in s.scalars(select(AuditEvent).where(AuditEvent.seq > 7))
            ]
            # Give the manager's side its copy of the ten entries sent before the cut.
            from visitdesk.storage.models import TeamAuditEvent

            device = sent[0]["device_id"]
            for row in sent:
                s.add(TeamAuditEvent(**row))
            s.flush()
            problem = audit.check_team_continuity(s, device, resent)
            head_problem = audit.note_team_head(s, device, *audit.current_head(s), ws.now())
            s.rollback()
    finally:
        ws.close()
    # The new entry 8 is numbered as the first after the cut, but it does not follow entry 10.
    assert resent[0]["seq"] == 8
    assert problem is not None and "entry 8" in problem and "rewritten" in problem
    assert head_problem is not None and "entry 8" in head_problem


def test_the_head_cannot_be_removed_or_moved_back_by_visitdesk_itself(trail):
    for sql in (
        "DELETE FROM audit_head",
        "UPDATE audit_head SET seq = 3",
        "UPDATE audit_head SET count = 1",
    ):
        with pytest.raises(Exception, match="append-only"), trail.db.engine.begin() as conn:
            conn.execute(text(sql))
    with trail.db.sessions() as s:
        assert audit.verify(s).ok


def test_a_missing_head_protection_is_reported(trail):
    with trail.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_head_forward_only"))
    with trail.db.sessions() as s:
        assert "protection has been removed" in audit.verify(s).text()


def test_the_head_is_in_backups_and_survives_a_new_passphrase(trail, tmp_path):
    from visitdesk.services import backup
    from visitdesk.storage.database import open_database

    with trail.db.sessions() as s:
        seq, hash_ = audit.current_head(s)
    out = backup.make_backup(trail, tmp_path / "copy.vdbackup")  # then notes the backup
    copy = open_database(out, PASS)
    try:
        with copy.sessions() as s:
            report = audit.verify(s)
            head = s.get(AuditHead, 1)
            numbered = s.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'"))
    finally:
        copy.close()
    assert report.ok and (head.seq, head.hash) == (seq, hash_) and numbered == seq
    trail.change_passphrase(PASS, "another good passphrase")
    with trail.db.sessions() as s:
        assert audit.verify(s).ok


def test_the_command_line_says_broken_after_a_cut(trail, monkeypatch, capsys):
    from visitdesk import cli
    from visitdesk.logsetup import stop_logging

    con = _raw(trail)
    _without_triggers(con, "DELETE FROM audit_events WHERE seq > 8")
    con.close()
    monkeypatch.setenv("VISITDESK_PASSPHRASE", PASS)
    try:
        code = cli.main(["--data-dir", str(trail.data_dir), "audit", "verify"])
    finally:
        stop_logging()
    out = capsys.readouterr().out
    assert code == 1 and out.startswith("BROKEN: ") and "the last 2 entries" in out
