"""What every database command shares: the passphrase, the data folder and the open workspace.

Commands that write take the data folder's instance lock first, so they refuse to run beside
an open VisitDesk window instead of writing under its feet; reading commands do not need it.
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
from visitdesk.errors import PassphraseRequired, UserError
from visitdesk.logsetup import setup_logging
from visitdesk.services.workspace import Workspace, open_workspace
from visitdesk.storage.database import DatabaseDamaged, damaged_message
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
            f"new passphrase required: set {ENV_NEW_PASSPHRASE} or run in a terminal")
    first = getpass.getpass("New passphrase: ")
    return first, getpass.getpass("Type the new passphrase again: ")


def existing_folder(args: argparse.Namespace) -> Path:
    folder = paths.data_dir(args.data_dir)
    if not paths.database_path(folder).exists():
        raise UserError(f"no VisitDesk database in {folder}; set one up with 'visitdesk init'")
    return folder


@contextmanager
def unlocked(args: argparse.Namespace, *, write: bool = True) -> Iterator[Workspace]:
    """The workspace for a command; a writing command also holds the data folder's lock."""
    folder = existing_folder(args)
    setup_logging(folder)
    lock = InstanceLock(folder)
    if write:
        lock.acquire()
    try:
        ws = open_workspace(folder, read_passphrase())
        try:
            yield ws
        except DatabaseDamaged:
            # Found while reading: name the backup to restore, as opening would have.
            from visitdesk.services.backup import latest_backup

            raise DatabaseDamaged(damaged_message(latest_backup(folder))) from None
        finally:
            ws.close()
    finally:
        lock.release()
