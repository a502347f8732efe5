"""Shared fixtures. Every test gets its own data folder; nothing touches the user's real data."""

from __future__ import annotations

import os

# Qt must never look for a display in tests.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("VISITDESK_DATA_DIR", None)
os.environ.pop("VISITDESK_PASSPHRASE", None)

import pytest  # noqa: E402

PASSPHRASE = "correct horse battery"


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    return folder


@pytest.fixture
def make_workspace(tmp_path):
    """Set up a fresh installation; returns a factory so a test can choose role and standard."""
    from visitdesk.services.workspace import initialise

    opened = []

    def make(
        role: str = "worker",
        policy: str = "getting-it-right-2018",
        name: str = "Sam Worker",
        folder: str = "data",
        clock=None,
    ):
        ws = initialise(
            tmp_path / folder, PASSPHRASE, name=name, role=role, policy_id=policy, team="Team North"
        )
        if clock is not None:
            ws.clock = clock
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture
def workspace(make_workspace):
    return make_workspace()
