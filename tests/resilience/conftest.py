"""Helpers for fault tests: real small or read-only filesystems where the system allows them.

Mounting needs administrator rights (CAP_SYS_ADMIN). Where they are missing the tests that
need a real mount are skipped; each fault also has a test that simulates it inside SQLite, so
it is always covered.
"""

from __future__ import annotations

import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*cmd: str) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@contextmanager
def mounted(point: Path, *cmds: tuple[str, ...]):
    point.mkdir(parents=True, exist_ok=True)
    done = 0
    for cmd in cmds:
        if not _run(*cmd):
            break
        done += 1
    if done == 0:
        pytest.skip("mounting a filesystem is not permitted here")
    try:
        if done < len(cmds):
            pytest.skip("this system does not allow the mount the test needs")
        yield point
    finally:
        # Lazily: a connection the test has not closed yet must not leave the mount behind.
        _run("umount", "-l", str(point))


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB filesystem of its own, to fill up for real."""
    with mounted(
        tmp_path / "small",
        ("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(tmp_path / "small")),
    ) as point:
        yield point


@pytest.fixture
def read_only_view(tmp_path):
    """``(source, view)``: ``view`` shows ``source`` through a read-only bind mount."""
    source, view = tmp_path / "source", tmp_path / "view"
    source.mkdir()
    with mounted(
        view,
        ("mount", "--bind", str(source), str(view)),
        ("mount", "-o", "remount,bind,ro", str(view)),
    ):
        yield source, view
