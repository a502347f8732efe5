"""On Linux and macOS nobody but the person using VisitDesk can read its data folder.

Driven through the real command line (and the app's start, up to its window), with the
ordinary 022 umask most desktops give, as an older VisitDesk or a careless launcher would.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import threading

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows has no mode bits to check")

PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def ordinary_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _main(monkeypatch, capsys, folder, *args, passphrase=PASS):
    from visitdesk import cli
    from visitdesk.logsetup import stop_logging

    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    monkeypatch.setenv("VISITDESK_PASSPHRASE", passphrase)
    try:
        code = cli.main(["--data-dir", str(folder), *args])
    finally:
        stop_logging()
    out = capsys.readouterr()
    return code, out.out, out.err


def _mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def _modes(folder):
    """Every folder and file under ``folder`` (itself included) with its mode."""
    found = {".": _mode(folder)}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = _mode(path)
    return found


def _assert_private(folder):
    modes = _modes(folder)
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if os.path.isdir(folder / name) else 0o600)
    }
    assert not wrong, wrong
    return modes


def _start_the_app(monkeypatch, capsys, folder):
    """The app's own start: unlock, window, start-up backup in the background, then quit."""
    from PySide6.QtWidgets import QApplication

    from visitdesk.services.workspace import open_workspace
    from visitdesk.ui.dialogs import UnlockDialog
    from visitdesk.ui.main_window import MainWindow

    windows = []
    real_init = MainWindow.__init__

    def keep(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        windows.append(self)

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app installs its own
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(
        UnlockDialog,
        "ask",
        classmethod(lambda cls, data_dir, parent=None: (open_workspace(data_dir, PASS), True)),
    )
    monkeypatch.setattr(MainWindow, "__init__", keep)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # quit at once
    code, _, err = _main(monkeypatch, capsys, folder)
    assert code == 0, err
    for window in windows:
        window.close()
        window.deleteLater()
    return windows


def test_everything_visitdesk_writes_in_its_folder_is_private(tmp_path, monkeypatch, capsys, qapp):
    from visitdesk.services import backup

    folder = tmp_path / "data"
    code, _, err = _main(
        monkeypatch,
        capsys,
        folder,
        "init",
        "--name",
        "Sam Worker",
        "--role",
        "worker",
        "--policy",
        "visiting-policy-2019",
    )
    assert code == 0, err
    modes = _assert_private(folder)
    assert {"visitdesk.db", "logs", "logs/visitdesk.log"} <= set(modes)

    code, _, err = _main(monkeypatch, capsys, folder, "children", passphrase="not it at all")
    assert code == 2 and "try again" in err
    assert _assert_private(folder)["failed-unlocks"] == 0o600

    code, _, err = _main(monkeypatch, capsys, folder, "demo", "--children", "3", "--seed", "2")
    assert code == 0, err
    saved = tmp_path / "elsewhere.vdbackup"
    code, _, err = _main(monkeypatch, capsys, folder, "backup", "--out", str(saved))
    assert code == 0, err
    assert _mode(saved) == 0o600  # a backup is the whole database, wherever it is kept

    windows = _start_the_app(monkeypatch, capsys, folder)
    assert windows, "the app's window opened"
    assert backup.list_backups(folder), "the start-up backup was made"
    modes = _assert_private(folder)
    assert "backups" in modes and any(name.startswith("backups/visitdesk-") for name in modes)
    assert os.umask(0o022) == 0o022  # the command put the umask back for its caller


def test_an_older_installation_is_made_private_when_next_opened(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    code, _, err = _main(
        monkeypatch,
        capsys,
        folder,
        "init",
        "--name",
        "Sam Worker",
        "--role",
        "worker",
        "--policy",
        "visiting-policy-2019",
    )
    assert code == 0, err
    # As a VisitDesk from before this rule left it: readable by everyone.
    (folder / "backups").mkdir(mode=0o755)
    (folder / "backups" / "visitdesk-20250101-090000.vdbackup").write_bytes(b"old backup")
    (folder / "logs" / "visitdesk.log.1").write_text("an old log\n", encoding="utf-8")
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    # Things someone else keeps beside it, which VisitDesk must leave as they are.
    notes = folder / "notes.txt"
    notes.write_text("not VisitDesk's", encoding="utf-8")
    os.chmod(notes, 0o644)
    outside = tmp_path / "outside.txt"
    outside.write_text("reached by a link", encoding="utf-8")
    os.chmod(outside, 0o644)
    (folder / "visitdesk-link").symlink_to(outside)

    code, _, err = _main(monkeypatch, capsys, folder, "children")
    assert code == 0, err
    modes = _modes(folder)
    assert modes.pop("notes.txt") == 0o644 and _mode(outside) == 0o644
    modes.pop("visitdesk-link")
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if (folder / name).is_dir() else 0o600)
    }
    assert not wrong, wrong


def test_every_log_file_is_private_even_after_rotating(tmp_path):
    from visitdesk.logsetup import _PrivateRotatingFileHandler

    os.chmod(tmp_path, 0o700)
    handler = _PrivateRotatingFileHandler(
        tmp_path / "visitdesk.log", maxBytes=200, backupCount=3, encoding="utf-8"
    )
    logger = logging.getLogger("visitdesk.test_permissions")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for n in range(40):
            logger.warning("line %d of a log that rotates often", n)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
        handler.close()
    logs = sorted(p.name for p in tmp_path.iterdir())
    assert logs == ["visitdesk.log", "visitdesk.log.1", "visitdesk.log.2", "visitdesk.log.3"]
    assert {_mode(tmp_path / name) for name in logs} == {0o600}
