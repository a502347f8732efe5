"""What every database command shares: the passphrase, the data folder and the open workspace.

Commands that write take the data folder's instance lock first, so they refuse to run beside
an open VisitDesk window instead of writing under its feet; reading commands do not need it.
Commands that write also refuse a database known to be damaged, and check every page of it
first (SQLCipher's page check, well under a second on a big caseload), so that they
never write onto a damaged file.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from visitdesk import paths
from visitdesk.errors import PassphraseRequired, UserError, WrongPassphrase
from visitdesk.logsetup import setup_logging
from visitdesk.services.workspace import Workspace, failed_unlocks, open_workspace
from visitdesk.storage.database import (
    DatabaseDamaged,
    damaged_message,
    known_damage,
    note_damage,
    open_database,
)
from visitdesk.storage.errors import storage_problem as storage_problem  # the commands use it
from visitdesk.storage.instance import InstanceLock

ENV_PASSPHRASE = "VISITDESK_PASSPHRASE"
ENV_NEW_PASSPHRASE = "VISITDESK_NEW_PASSPHRASE"
ENV_PDF_PASSWORD = "VISITDESK_PDF_PASSWORD"


def read_passphrase(*, confirm: bool = False, prompt: str = "VisitDesk passphrase: ") -> str:
    from_env = os.environ.get(ENV_PASSPHRASE)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise PassphraseRequired(f"passphrase required: set {ENV_PASSPHRASE} or run in a terminal")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise UserError("the two passphrases do not match; nothing was changed")
    return first


def read_new_passphrase() -> tuple[str, str | None]:
    """The new passphrase and, when typed at a prompt, the second typing to compare."""
    from_env = os.environ.get(ENV_NEW_PASSPHRASE)
    if from_env:
        return from_env, None
    if not sys.stdin.isatty():
        raise PassphraseRequired(
            f"new passphrase required: set {ENV_NEW_PASSPHRASE} or run in a terminal"
        )
    first = getpass.getpass("New passphrase: ")
    return first, getpass.getpass("Type the new passphrase again: ")


def existing_folder(args: argparse.Namespace) -> Path:
    folder = paths.data_dir(args.data_dir)
    if not paths.database_path(folder).exists():
        raise UserError(f"no VisitDesk database in {folder}; set one up with 'visitdesk init'")
    return folder


def _damaged(folder: Path) -> DatabaseDamaged:
    # Name the backup to restore, as opening would have.
    from visitdesk.services.backup import latest_backup

    return DatabaseDamaged(damaged_message(latest_backup(folder)))


def _check_before_opening(folder: Path, path: Path, passphrase: str) -> None:
    """Check every page before opening the workspace, which will write to the trail.

    Opening writes the count of failed unlocks into the audit trail; when there is one to
    write, the page check comes first so that nothing is written onto a damaged file.
    """
    try:
        db = open_database(path, passphrase, upgrade=False)
    except WrongPassphrase:
        return  # opening the workspace counts it and says so
    try:
        state = db.page_check()
    finally:
        db.close()
    if state != "ok":
        note_damage(path, "page check")
        raise _damaged(folder)


@contextmanager
def unlocked(args: argparse.Namespace, *, write: bool = True) -> Iterator[Workspace]:
    """The workspace for a command; a writing command also holds the data folder's lock.

    A writing command is refused, with nothing changed, when the database is known to be
    damaged or its page check fails now. Damage found here, or met by the command itself,
    is noted beside the database so that later commands refuse too.
    """
    folder = existing_folder(args)
    setup_logging(folder)
    path = paths.database_path(folder)
    lock = InstanceLock(folder)
    if write:
        lock.acquire()
    try:
        if write:
            # Under the lock no passphrase change can be under way, so its leftovers can go.
            from visitdesk.services.backup import clear_interrupted_work

            clear_interrupted_work(folder)
            if known_damage(path) is not None:
                raise _damaged(folder)
        passphrase = read_passphrase()
        checked = False
        try:
            if write and failed_unlocks(folder):
                _check_before_opening(folder, path, passphrase)
                checked = True
            ws = open_workspace(folder, passphrase)
        except DatabaseDamaged:
            if known_damage(path) is None:
                note_damage(path, "opening")
            raise
        if write and not checked and ws.db.page_check() != "ok":
            ws.close()
            note_damage(path, "page check")
            raise _damaged(folder)
        try:
            yield ws
        except DatabaseDamaged:
            note_damage(path, "command")
            raise _damaged(folder) from None
        finally:
            ws.close()
    finally:
        lock.release()
