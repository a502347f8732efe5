"""Restoring a backup over the open workspace: check it, put it in place, open it again.

The window asks the questions (which file, its passphrase, whether newer records may go) and
hides the records meanwhile; these are the steps. The command line's restore, with no
workspace open, is :func:`visitdesk.services.backup.restore`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from visitdesk.errors import UserError
from visitdesk.services import backup
from visitdesk.services.workspace import Workspace

log = logging.getLogger(__name__)

NEWER_HINT = (
    "To replace the records here even so, tick the box to replace newer records; they are "
    "kept in the backups folder."
)


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


class BackupInPlace(UserError):
    """The backup is in place but did not open with the passphrase given; unlocking with the
    backup's passphrase carries on. ``reason`` says why it did not open."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the backup is in place. {_sentence(reason)}")
        self.reason = reason


def restore_backup(
    ws: Workspace,
    source: Path,
    passphrase: str,
    *,
    force: bool = False,
    before_replacing: Callable[[], None] = lambda: None,
) -> backup.Restored:
    """Put the backup ``source`` in place of the workspace's database and open it again.

    The backup is copied beside the database and proved to open with ``passphrase`` and to be
    whole; unless ``force``, one older than the records here (or from another installation)
    is refused and nothing changes. Only then is ``before_replacing`` called (the window saves
    the open record and locks itself there, so nothing reads the database while it is
    swapped), the workspace locked, the backup put in place and the workspace unlocked with
    ``passphrase``. The replaced database is kept in the backups folder, and the restore is
    noted at the end of the restored audit trail.

    A refusal before the swap leaves everything as it was. After it, a failure leaves the
    workspace locked: :class:`BackupInPlace` if the backup is in place but would not open.
    """
    prepared = backup.prepare_restore(ws.data_dir, Path(source), passphrase)
    try:
        with ws.db.sessions() as session:
            current = backup.CurrentState(exists=True, freshness=backup.freshness(session))
        if not force:
            backup.check_not_newer(prepared.backup, current)
        ws.db.checkpoint()  # the replaced copy, kept in the backups folder, is whole
        before_replacing()
        if not ws.locked:
            ws.lock()
    except backup.NewerData as exc:
        prepared.discard()
        raise UserError(f"{_sentence(exc.detail)} {NEWER_HINT}") from None
    except BaseException:
        prepared.discard()
        raise
    try:
        kept = backup.finish_restore(prepared)
    except UserError as exc:
        raise UserError(
            f"{_sentence(str(exc))} Unlock with your usual passphrase to carry on."
        ) from None
    try:
        ws.unlock(passphrase)
    except UserError as exc:
        raise BackupInPlace(str(exc)) from None
    try:
        backup.record_restore(ws.db, prepared, ws.now())
    except UserError as exc:  # the restore itself is done; the note can wait
        log.warning("the restore could not be noted in the audit trail: %s", exc.__class__.__name__)
    return backup.Restored(prepared.backup, kept)
