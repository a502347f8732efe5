"""Sub-commands that look after the database itself: audit checks, backups and restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from visitdesk import paths
from visitdesk.cli_support import read_passphrase, unlocked
from visitdesk.errors import UserError
from visitdesk.logsetup import setup_logging
from visitdesk.storage.instance import InstanceLock


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from visitdesk.storage import audit

    with unlocked(args, write=False) as ws, ws.db.sessions() as session:
        report = audit.verify(session)
    print(report.text())
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from visitdesk.services import backup

    out = Path(args.out).expanduser()
    with unlocked(args) as ws:
        backup.make_backup(ws, out, overwrite=args.force)
    print(f"Saved an encrypted backup to {out}. It opens with the passphrase in use now.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from visitdesk.services import backup

    folder = paths.data_dir(args.data_dir)
    source = Path(args.file).expanduser()
    if not source.exists():
        raise UserError(f"the file {source} could not be found")
    with InstanceLock(folder):
        setup_logging(folder)
        done = backup.restore(folder, source,
                              read_passphrase(prompt="Passphrase of the backup: "),
                              force=args.force)
    print(f"Restored the backup ({done.backup.describe()}).")
    if done.kept is not None:
        print(f"The database it replaced is kept in {done.kept.parent}.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="save an encrypted backup of the whole database")
    p.add_argument("--out", required=True, metavar="FILE", help="where to save the backup")
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="put a backup in place of the database (the database "
                       "it replaces is kept)")
    p.add_argument("file", metavar="FILE", help="the backup file")
    p.add_argument("--force", action="store_true",
                   help="replace the database even if it holds newer records")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("audit", help="check the audit trail")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True,
                                 parser_class=type(p))
    v = audit_sub.add_parser("verify", help="check every entry is intact and in order")
    v.set_defaults(func=cmd_audit_verify)
