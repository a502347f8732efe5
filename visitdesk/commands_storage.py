"""Sub-commands that look after the database itself: audit checks, backups and restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from visitdesk import paths
from visitdesk.cli_support import read_passphrase, unlocked
from visitdesk.errors import UserError
from visitdesk.logsetup import setup_logging
from visitdesk.storage.database import (
    DatabaseDamaged,
    clear_damage,
    damaged_message,
    note_damage,
)
from visitdesk.storage.instance import InstanceLock


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Check the database file, then the audit trail; with --team, the team's copies."""
    if args.team:
        return _verify_team(args)
    from visitdesk.services.backup import latest_backup
    from visitdesk.storage import audit

    with unlocked(args, write=False) as ws:
        path = ws.db.path
        # Every page against its HMAC, then SQLite's own check of what the pages hold.
        state = ws.db.full_check()
        if state != "ok":
            note_damage(path, "full check")
            advice = damaged_message(latest_backup(ws.data_dir))
            print("DAMAGED: " + advice.replace("damaged", f"damaged ({state})", 1))
        try:
            with ws.db.sessions() as session:
                report = audit.verify(session)
        except DatabaseDamaged:  # a page the checks passed could not be read after all
            if state == "ok":
                note_damage(path, "reading the audit trail")
            print("BROKEN: the audit trail could not be read because the database is damaged")
            return 1
        if state == "ok":
            clear_damage(path)  # a full check has passed: damage noted earlier is gone
    print(report.text())
    return 0 if report.ok and state == "ok" else 1


def _verify_team(args: argparse.Namespace) -> int:
    from visitdesk.storage import audit

    with unlocked(args, write=False) as ws, ws.db.sessions() as session:
        reports = audit.verify_team(session)
    if not reports:
        print(
            "No other device's audit trail is held here (a manager's installation holds "
            "its team's, from their bundles)."
        )
        return 0
    for report in reports:
        print(report.text())
    return 0 if all(r.ok for r in reports) else 1


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
        done = backup.restore(
            folder, source, read_passphrase(prompt="Passphrase of the backup: "), force=args.force
        )
    print(f"Restored the backup ({done.backup.describe()}).")
    if done.kept is not None:
        print(f"The database it replaced is kept in {done.kept.parent}.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="save an encrypted backup of the whole database")
    p.add_argument("--out", required=True, metavar="FILE", help="where to save the backup")
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", help="put a backup in place of the database (the database it replaces is kept)"
    )
    p.add_argument("file", metavar="FILE", help="the backup file")
    p.add_argument(
        "--force", action="store_true", help="replace the database even if it holds newer records"
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("audit", help="check the audit trail")
    audit_sub = p.add_subparsers(
        dest="audit_command", metavar="ACTION", required=True, parser_class=type(p)
    )
    v = audit_sub.add_parser(
        "verify",
        help="check the database file is undamaged and every "
        "audit entry is intact, in order and complete",
    )
    v.add_argument(
        "--team",
        action="store_true",
        help="check instead the team members' trails received in their bundles "
        "(on a manager's installation)",
    )
    v.set_defaults(func=cmd_audit_verify)
