"""Faults give one clear message and lose nothing: a full disk, a read-only data folder, a
damaged database file, a database from a newer VisitDesk, a second VisitDesk."""

from __future__ import annotations

import errno
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, select, text

from visitdesk import cli, paths
from visitdesk.errors import UserError
from visitdesk.logsetup import stop_logging
from visitdesk.services import backup, demo, records
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import initialise, open_workspace
from visitdesk.storage.database import DiskFull, StorageReadOnly, open_database
from visitdesk.storage.models import Child, Visit
from visitdesk.ui import app as app_module
from visitdesk.ui.dialogs import UnlockDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow

PASS = "correct horse battery"
BIG = "The child showed me every room in the house. " * 8000  # about 370 KB


def _draft(ws):
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", ws.today() - timedelta(days=20)),
    )
    at = ws.now().replace(hour=10, minute=0, second=0) - timedelta(days=1)
    return records.start_visit(ws, child, at, purpose="First words")


def _purpose(ws, visit_id):
    with ws.db.sessions() as s:
        return s.get(Visit, visit_id).purpose


def _cli(monkeypatch, capsys, *args, passphrase=PASS):
    monkeypatch.setenv("VISITDESK_PASSPHRASE", passphrase)
    try:
        code = cli.main(list(args))
    finally:
        stop_logging()
    out = capsys.readouterr()
    return code, out.out, out.err


def _on_every_connection(ws, sql):
    """Run ``sql`` on each new connection (the pooled ones are closed first)."""

    def setup(dbapi_con, _record):
        dbapi_con.execute(sql)

    ws.db.engine.dispose()
    event.listen(ws.db.engine, "connect", setup)
    return lambda: (event.remove(ws.db.engine, "connect", setup), ws.db.engine.dispose())


# --- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_refuses_the_save_in_one_line_and_keeps_the_last_save(workspace):
    """Simulated inside SQLite: the database may not grow by one page (max_page_count), which
    SQLite reports exactly as it reports a full disk (SQLITE_FULL)."""
    visit = _draft(workspace)
    with workspace.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    undo = _on_every_connection(workspace, f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull, match="disk is full, so nothing was saved"):
        records.save_draft(workspace, visit, {"purpose": BIG})
    assert _purpose(workspace, visit) == "First words"
    undo()
    records.save_draft(workspace, visit, {"purpose": BIG})
    assert _purpose(workspace, visit) == BIG
    assert workspace.db.integrity() == "ok"


def test_the_visit_form_keeps_the_typing_on_a_full_disk_and_saves_it_later(workspace, qtbot):
    """Simulated as above. What was typed stays on screen and goes in once there is room."""
    visit = _draft(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.open_visit(visit)
    form = win.visit_form
    seconds = [0.0]  # the saver's clock: time passes when the test says so
    form.drafts.clock = lambda: seconds[0]
    with workspace.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    undo = _on_every_connection(workspace, f"PRAGMA max_page_count = {pages}")
    form.narrative["findings"].setPlainText(BIG)
    assert form.save() is False
    assert form.saved_label.text().startswith("Not saved: the disk is full")
    assert form.narrative["findings"].toPlainText() == BIG
    undo()
    # Nobody needs to touch anything: the form keeps trying and saves once there is room.
    # The retry is due after its interval on the saver's clock; its timer is fired here.
    seconds[0] += form.drafts.timing.retry_ms / 1000
    form.drafts.pause_timer.timeout.emit()
    qtbot.waitUntil(lambda: form.saved_label.text().startswith("Saved"), timeout=8000)
    with workspace.db.sessions() as s:
        assert s.get(Visit, visit).findings == BIG


def test_a_really_full_disk(small_disk, passphrase):
    """A real 4 MB filesystem, filled up: saving, a backup and a passphrase change all refuse
    with a message, leave nothing half-written, and work once space is freed."""
    folder = small_disk / "data"
    ws = initialise(
        folder, passphrase, name="Sam Worker", role="worker", policy_id="getting-it-right-2018"
    )
    try:
        visit = _draft(ws)
        filler = small_disk / "filler"
        with open(filler, "wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        with pytest.raises(DiskFull, match="disk is full"):
            records.save_draft(ws, visit, {"purpose": BIG})
        assert _purpose(ws, visit) == "First words"
        with pytest.raises(DiskFull, match="disk is full"):
            backup.startup_backup(ws)
        with pytest.raises(UserError, match="disk is full"):
            ws.change_passphrase(passphrase, "another passphrase")
        assert not ws.locked and _purpose(ws, visit) == "First words"
        leftovers = [p.name for p in folder.rglob("*") if p.name.startswith(".")]
        assert leftovers == []
        filler.unlink()
        records.save_draft(ws, visit, {"purpose": BIG})
        assert _purpose(ws, visit) == BIG and ws.db.integrity() == "ok"
        assert backup.startup_backup(ws).exists()
    finally:
        ws.close()


# --- a read-only data folder ----------------------------------------------------------------


def test_a_read_only_database_refuses_writes_in_one_line(workspace):
    """Simulated inside SQLite (PRAGMA query_only), because an administrator account, which the
    tests may run as, can write to any folder whatever its permissions say."""
    visit = _draft(workspace)
    undo = _on_every_connection(workspace, "PRAGMA query_only = ON")
    with pytest.raises(StorageReadOnly, match="cannot write to its data folder"):
        records.save_draft(workspace, visit, {"purpose": "More words"})
    undo()
    assert _purpose(workspace, visit) == "First words"


def test_a_read_only_folder_at_the_command_line_and_in_the_app(
    read_only_view, monkeypatch, capsys, qapp
):
    """A real read-only bind mount of a working data folder."""
    source, view = read_only_view
    initialise(
        source, PASS, name="Sam Worker", role="worker", policy_id="getting-it-right-2018"
    ).close()
    before = hashlib.sha256((source / "visitdesk.db").read_bytes()).hexdigest()
    for args in (["demo"], ["children"]):
        code, _, err = _cli(monkeypatch, capsys, "--data-dir", str(view), *args)
        assert code == 2 and err.count("\n") == 1, err
        assert "cannot write to its data folder" in err and "Traceback" not in err
    told = []
    monkeypatch.setattr(app_module, "tell", lambda message, critical=False: told.append(message))
    monkeypatch.setattr(
        UnlockDialog, "ask", classmethod(lambda cls, *a, **k: pytest.fail("no dialog expected"))
    )
    assert app_module.run_app(_args(view)) == 2
    assert len(told) == 1 and "cannot write to its data folder" in told[0]
    stop_logging()
    assert hashlib.sha256((source / "visitdesk.db").read_bytes()).hexdigest() == before


def test_a_data_folder_that_cannot_be_written_stops_a_writing_command(
    workspace, monkeypatch, capsys
):
    """Simulated where the lock file is made (the first write a command makes)."""
    folder = workspace.data_dir
    workspace.close()
    real_open = __import__("os").open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("visitdesk.lock"):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("visitdesk.storage.instance.os.open", refuse)
    code, _, err = _cli(monkeypatch, capsys, "--data-dir", str(folder), "demo")
    assert code == 2 and "cannot write to its data folder" in err and err.count("\n") == 1


# --- a damaged database ---------------------------------------------------------------------


def _damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    if how == "truncated":
        path.write_bytes(raw[: len(raw) // 2 + 123])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "page":
        # Spoil the first page of the children table: it opens, but the caseload cannot be read.
        db = open_database(path, PASS, upgrade=False)
        with db.engine.connect() as conn:
            root = conn.exec_driver_sql(
                "SELECT rootpage FROM sqlite_master WHERE name = 'children'"
            ).scalar()
        db.checkpoint()
        db.close()
        raw = path.read_bytes()
        spoilt = bytearray(raw)
        start = (root - 1) * 4096 + 200
        spoilt[start : start + 64] = b"\xff" * 64
        path.write_bytes(bytes(spoilt))


@pytest.fixture
def with_backup(make_workspace):
    ws = make_workspace(folder="data")
    demo.fill(ws, children=12, seed=3)
    made = backup.startup_backup(ws)
    ws.close()
    return ws.data_dir, made


@pytest.mark.parametrize("how", ["truncated", "empty", "page"])
def test_a_damaged_database_names_the_backup_to_restore(with_backup, monkeypatch, capsys, how):
    folder, made = with_backup
    _damage(paths.database_path(folder), how)
    code, _, err = _cli(monkeypatch, capsys, "--data-dir", str(folder), "children")
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "the database is damaged; restore the latest backup with 'visitdesk restore" in err
    assert made.name in err and "File > Restore" in err
    code, out, err = _cli(monkeypatch, capsys, "--data-dir", str(folder), "restore", str(made))
    assert code == 0, err
    code, out, err = _cli(monkeypatch, capsys, "--data-dir", str(folder), "children", "--json")
    assert code == 0 and len(json.loads(out)) == 12


def test_the_unlock_dialog_offers_the_latest_backup_for_a_damaged_database(
    with_backup, qtbot, monkeypatch
):
    folder, made = with_backup
    _damage(paths.database_path(folder), "truncated")
    dialog = UnlockDialog(folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.workspace is None
    assert "database is damaged" in dialog.error.text() and made.name in dialog.error.text()
    assert dialog.restore_button.isVisible()
    asked = []
    monkeypatch.setattr(dialog, "confirm_restore", lambda name: asked.append(name) or True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked == [made.name]
    ws = dialog.workspace
    assert ws is not None
    with ws.db.sessions() as s:
        assert len(list(s.scalars(select(Child)))) == 12
    ws.close()
    kept = list(backup.backups_dir(folder).glob("replaced-*/visitdesk.db"))
    assert len(kept) == 1  # the damaged file is kept, not thrown away


def test_a_damaged_page_found_by_the_start_up_backup_is_reported(with_backup, qtbot):
    folder, _made = with_backup
    _damage(paths.database_path(folder), "page")
    ws = open_workspace(folder, PASS)
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    warned = []
    win.warn = warned.append
    win.start_backup()
    qtbot.waitUntil(lambda: win.backup_result is not None, timeout=10000)
    assert warned and "The database is damaged" in warned[0] and "File > Restore" in warned[0]
    assert len(backup.list_backups(folder)) == 1  # no half-made backup was kept
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    win.close()
    ws.close()


# --- a newer VisitDesk, a second VisitDesk, errors nobody expected ---------------------------


def test_the_app_says_a_newer_visitdesk_made_the_database(workspace, qtbot):
    folder = workspace.data_dir
    with workspace.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    workspace.close()
    dialog = UnlockDialog(folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.workspace is None
    assert "made by a newer VisitDesk" in dialog.error.text()
    assert not dialog.restore_button.isVisible()


def _args(folder):
    import argparse

    return argparse.Namespace(data_dir=str(folder), command=None)


def test_a_second_app_on_the_same_folder_gets_one_message(workspace, qapp, monkeypatch):
    import subprocess
    import sys

    folder = workspace.data_dir
    workspace.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from visitdesk.storage.instance import InstanceLock; "
            "InstanceLock(Path(sys.argv[1])).acquire(); print('held', flush=True); "
            "time.sleep(60)",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        told = []
        monkeypatch.setattr(
            app_module, "tell", lambda message, critical=False: told.append(message)
        )
        monkeypatch.setattr(
            UnlockDialog, "ask", classmethod(lambda cls, *a, **k: pytest.fail("no dialog expected"))
        )
        assert app_module.run_app(_args(folder)) == 2
        assert told == [
            "VisitDesk is already open with this data folder; use that window, "
            "or close it and try again"
        ]
    finally:
        holder.kill()
        holder.wait(timeout=10)
        stop_logging()


def test_an_error_nobody_caught_is_shown_calmly(monkeypatch):
    import sqlcipher3
    from sqlalchemy.exc import OperationalError

    full = OperationalError(
        "INSERT", {}, sqlcipher3.dbapi2.OperationalError("database or disk is full")
    )
    assert app_module.explain(full).startswith("the disk is full")
    assert app_module.explain(KeyError("Ada Brook")) == app_module.CALM
    told = []
    monkeypatch.setattr(app_module, "tell", lambda message, critical=False: told.append(message))
    monkeypatch.setattr("sys.excepthook", None)
    app_module._install_excepthook()
    import sys

    try:
        raise ValueError("something with Ada Brook in it")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert told == [app_module.CALM]


def test_temporary_tables_stay_in_memory(workspace):
    with workspace.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY


def test_database_errors_never_carry_record_content(workspace):
    visit = _draft(workspace)
    with pytest.raises(Exception) as caught, workspace.db.transaction() as s:
        s.execute(
            text(
                "INSERT INTO visits (id, child_id, state, revision, visited_at,"
                " present, status_of_child, not_seen_alone_reason, observations,"
                " purpose, childs_voice, findings, analysis, conclusion,"
                " recommendations, created_by, origin_device, synced_hash, change_seq,"
                " created_at, updated_at) SELECT id, child_id, state, revision,"
                " visited_at, '', '', '', '', :secret, '', '', '', '', '', '', '', '',"
                " 0, created_at, updated_at FROM visits WHERE id = :id"
            ),
            {"secret": "Secret Quillfeather words", "id": visit},
        )
    assert "Quillfeather" not in str(caught.value)
