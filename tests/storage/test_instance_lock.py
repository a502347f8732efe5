"""One VisitDesk per data folder, held with an OS lock that a killed process gives back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from visitdesk import cli
from visitdesk.logsetup import stop_logging
from visitdesk.storage.instance import AlreadyOpen, InstanceLock

HOLDER = r"""
import sys, time
from pathlib import Path
from visitdesk.storage.instance import InstanceLock
InstanceLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(data_dir):
    """A real second process holding the data folder's lock, as an open VisitDesk would."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)


def _cli(monkeypatch, capsys, *args):
    monkeypatch.setenv("VISITDESK_PASSPHRASE", "correct horse battery")
    try:
        code = cli.main(list(args))
    finally:
        stop_logging()
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_second_instance_is_refused_and_a_killed_one_is_recovered(holder, data_dir):
    with pytest.raises(AlreadyOpen, match="already open with this data folder"):
        InstanceLock(data_dir).acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    # The system released the lock with the process: no stale file to remove by hand.
    assert (data_dir / "visitdesk.lock").exists()
    with InstanceLock(data_dir) as lock:
        assert lock.held
    assert not lock.held


def test_a_writing_command_beside_an_open_visitdesk_gets_one_line(
    make_workspace, monkeypatch, capsys, tmp_path
):
    ws = make_workspace(folder="data")
    folder = ws.data_dir
    ws.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "held"
        before = (folder / "visitdesk.db").read_bytes()
        code, _out, err = _cli(monkeypatch, capsys, "--data-dir", str(folder), "demo")
        assert code == 2 and err.count("\n") == 1
        assert "already open with this data folder" in err and "Traceback" not in err
        assert (folder / "visitdesk.db").read_bytes() == before
        # Reading is fine beside an open window.
        code, out, _err = _cli(monkeypatch, capsys, "--data-dir", str(folder), "children")
        assert code == 0
    finally:
        proc.kill()
        proc.wait(timeout=10)
    code, _out, err = _cli(
        monkeypatch, capsys, "--data-dir", str(folder), "demo", "--children", "2"
    )
    assert code == 0, err


def test_the_lock_file_holds_no_more_than_a_process_number(data_dir):
    with InstanceLock(data_dir):
        assert (data_dir / "visitdesk.lock").read_text().strip() == str(os.getpid())
