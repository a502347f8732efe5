"""Change tracking for sync: every write stamps the rows it touches with a rising number.

A bundle carries the rows stamped after the last number the other side acknowledged, so a lost
or unacknowledged bundle is simply covered by the next one.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from visitdesk.storage.models import (
    Addendum,
    AuthorisationTask,
    CaseSystemEntry,
    Child,
    PersonalWord,
    Plan,
    Setting,
    Visit,
)

SYNCED = (Child, Plan, Visit, Addendum, AuthorisationTask, PersonalWord, CaseSystemEntry)
COUNTER_KEY = "change_seq"
# Set on a session that applies an imported bundle: those rows came from elsewhere and are
# not this installation's changes to send on.
KEEP_STAMPS = "visitdesk_keep_change_seq"


def current(session: Session) -> int:
    row = session.get(Setting, COUNTER_KEY)
    return int(row.value) if row is not None else 0


def next_stamp(session: Session) -> int:
    """Take the next change number by hand, for rows a bundle brought that this installation
    passes on as its own changes (a worker's dictionary words, on to their other devices)."""
    row = session.get(Setting, COUNTER_KEY)
    if row is None:
        row = Setting(key=COUNTER_KEY, value="0")
        session.add(row)
    stamp = int(row.value) + 1
    row.value = str(stamp)
    return stamp


@event.listens_for(Session, "before_flush")
def _stamp_changes(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(KEEP_STAMPS):
        return
    touched = [obj for obj in session.new if isinstance(obj, SYNCED)]
    touched += [
        obj
        for obj in session.dirty
        if isinstance(obj, SYNCED) and session.is_modified(obj, include_collections=False)
    ]
    if not touched:
        return
    with session.no_autoflush:
        row = session.get(Setting, COUNTER_KEY)
        if row is None:
            row = Setting(key=COUNTER_KEY, value="0")
            session.add(row)
        stamp = int(row.value) + 1
        row.value = str(stamp)
    for obj in touched:
        obj.change_seq = stamp
