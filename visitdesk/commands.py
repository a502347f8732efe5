"""Sub-commands that work on the database: set-up, the caseload, settings, PDFs and sync.

The audit, backup and restore commands are in ``commands_storage``; what every command shares
(the passphrase, the open workspace) is in ``cli_support``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path

from visitdesk import paths
from visitdesk.cli_support import (
    ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
    ENV_PDF_PASSWORD,
    existing_folder,
    read_new_passphrase,
    read_passphrase,
    unlocked,
)
from visitdesk.errors import UserError
from visitdesk.logsetup import setup_logging
from visitdesk.names import clean_name, passphrase_problem, pdf_password_problem, user_words
from visitdesk.services.workspace import NUMBER_SETTINGS, initialise, rename
from visitdesk.storage.instance import InstanceLock


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()


def cmd_init(args: argparse.Namespace) -> int:
    folder = paths.data_dir(args.data_dir)
    if paths.database_path(folder).exists():
        raise UserError(f"a VisitDesk database already exists in {folder}")
    from visitdesk.standards.authority import choose_standards

    # Said before the passphrase is asked for, so nobody types it twice for nothing: both
    # given, neither given, or an unknown id.
    if args.authority is not None and args.policy is not None:
        raise UserError(
            "give --authority or --policy, not both: an authority already "
            "names the standards for each plan type"
        )
    if args.authority is None and args.policy is None:
        raise UserError(
            "choose your authority with --authority ID (see 'visitdesk "
            "authorities'), or one standard with --policy ID"
        )
    choose_standards(args.authority, args.policy)
    name = clean_name(args.name, "name")
    team = clean_name(args.team, "team name", required=False)
    passphrase = read_passphrase(confirm=True)
    problem = passphrase_problem(passphrase, user_words(name, team))
    if problem:
        raise UserError(problem)
    with InstanceLock(folder):
        ws = initialise(
            folder,
            passphrase,
            name=name,
            role=args.role,
            policy_id=args.policy,
            authority_id=args.authority,
            team=team,
            region=args.region,
        )
        setup_logging(folder)
        ws.close()
    print(f"VisitDesk is set up in {folder} for {name} ({args.role}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from visitdesk.services import demo

    with unlocked(args) as ws:
        n = demo.fill(ws, children=args.children, seed=args.seed)
    print(f"Added {n} fictional children with a few months of visits.")
    return 0


def cmd_children(args: argparse.Namespace) -> int:
    from visitdesk.services import views

    with unlocked(args, write=False) as ws:
        out = [
            {
                "id": child.id,
                "name": child.name,
                "case_reference": child.case_reference,
                "date_of_birth": _iso(child.date_of_birth),
                "expected_birth_date": _iso(child.expected_birth_date),
                "plan": child.plan_type,
                "plan_start": _iso(child.plan_start),
                "visits": child.visits,
            }
            for child in views.children(ws)
        ]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for row in out:
            print(f"{row['id']}  {row['plan'] or '-':6}  {row['name']}")
    return 0


def cmd_visits(args: argparse.Namespace) -> int:
    from visitdesk.services import views

    with unlocked(args, write=False) as ws:
        out = [
            {
                "id": v.id,
                "child_id": v.child_id,
                "child_name": v.child_name,
                "visited_at": _iso(v.visited_at),
                "location": v.location,
                "seen": v.seen,
                "seen_alone": v.seen_alone,
                "state": v.state,
                "revision": v.revision,
                "completed_at": _iso(v.completed_at),
                # The id the records of one household visit share (null for a visit to one
                # child), and how many children that visit was to.
                "household_visit": v.household_visit,
                "children_visited": v.children_visited,
            }
            for v in views.visit_list(ws, args.child)
        ]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for row in out:
            line = f"{row['id']}  {row['visited_at']}  {row['state']:10}  {row['child_name']}"
            if row["household_visit"]:
                line += f"  (household visit, {row['children_visited']} children)"
            print(line)
    return 0


# Who this installation belongs to, changed with ``setting name|team VALUE``.
NAME_SETTINGS = {
    "name": "your name as it appears on records and on your card",
    "team": "your team's name, on your card",
}
ALL_SETTINGS = (*NAME_SETTINGS, *NUMBER_SETTINGS)
NEW_CARD_HINT = (
    "Your team sees the change once they have your new card: save it with "
    "'visitdesk card export --out FILE' and give it to them."
)


def _name_setting(args: argparse.Namespace) -> int:
    what = NAME_SETTINGS[args.key]
    if args.value is not None:
        # Checked before the passphrase is asked for; rename checks it again.
        clean_name(
            args.value, "name" if args.key == "name" else "team name", required=args.key == "name"
        )
    with unlocked(args, write=args.value is not None) as ws:
        before = ws.identity
        if args.value is not None:
            rename(ws, **{args.key: args.value})
        who = ws.identity
    value = who.worker_name if args.key == "name" else who.team
    print(f"{args.key} = {value or '(none)'}  ({what})")
    if who != before:
        print(NEW_CARD_HINT)
    return 0


def cmd_setting(args: argparse.Namespace) -> int:
    if args.key in NAME_SETTINGS:
        return _name_setting(args)
    if args.key not in NUMBER_SETTINGS:
        raise UserError(
            f"there is no setting called {args.key!r}; the settings are {', '.join(ALL_SETTINGS)}"
        )
    what, low, high, default = NUMBER_SETTINGS[args.key]
    if args.value is not None:
        try:
            number = int(args.value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise UserError(
                f"{args.key} must be a whole number from {low} to {high}, not {args.value!r}"
            )
    with unlocked(args, write=args.value is not None) as ws:
        if args.value is not None:
            ws.set_setting(args.key, str(number))
            with ws.db.transaction() as session:
                ws.audit(session, "change_setting", "installation", detail=args.key)
        print(f"{args.key} = {ws.setting(args.key, str(default))}  ({what})")
    return 0


def cmd_passphrase_change(args: argparse.Namespace) -> int:
    from visitdesk.services.workspace import change_passphrase, check_new_passphrase

    folder = existing_folder(args)
    with InstanceLock(folder):
        setup_logging(folder)
        old = read_passphrase(prompt="Current passphrase: ")
        new, again = read_new_passphrase()
        check_new_passphrase(old, new, again)
        change_passphrase(folder, old, new)
    print("The passphrase is changed. Backups made before now still open with the old one.")
    return 0


def _pdf_password() -> str:
    """The password to lock a PDF with, refused before anything is rendered if too weak."""
    from_env = os.environ.get(ENV_PDF_PASSWORD)
    if from_env:
        problem = pdf_password_problem(from_env)
        if problem:
            raise UserError(f"{problem} (in {ENV_PDF_PASSWORD}); nothing was written")
        return from_env
    if not sys.stdin.isatty():
        raise UserError(f"PDF password required: set {ENV_PDF_PASSWORD} or run in a terminal")
    first = getpass.getpass("Password for the PDF: ")
    if not first:
        raise UserError("the PDF password must not be empty")
    problem = pdf_password_problem(first)
    if problem:
        raise UserError(f"{problem}; nothing was written")
    if getpass.getpass("Type it again: ") != first:
        raise UserError("the two PDF passwords do not match; nothing was written")
    return first


def _parse_day(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what} must be a date like 2026-11-22, not {text!r}") from None


def cmd_export_pdf(args: argparse.Namespace) -> int:
    from visitdesk.services import export

    if bool(args.visit) == bool(args.child):
        raise UserError("give either --visit ID or --child ID")
    if args.visit and (args.start or args.end):
        raise UserError("--from and --to go with --child")
    start, end = _parse_day(args.start, "--from"), _parse_day(args.end, "--to")
    password = _pdf_password() if args.password else None
    out = Path(args.out).expanduser()
    with unlocked(args) as ws:
        export.check_target(ws, out, overwrite=args.force)
        if args.visit:
            data = export.visit_pdf(ws, args.visit)
            export.export(
                ws,
                out,
                data,
                password=password,
                what="visit",
                entity_id=args.visit,
                overwrite=args.force,
            )
        else:
            data = export.child_pdf(ws, args.child, start, end)
            export.export(
                ws,
                out,
                data,
                password=password,
                what="child",
                entity_id=args.child,
                overwrite=args.force,
            )
    print(f"Saved {out}" + (" (encrypted)" if password else ""))
    return 0


def cmd_card_export(args: argparse.Namespace) -> int:
    from visitdesk.services import syncing

    with unlocked(args) as ws:
        card = syncing.export_card(ws, Path(args.out).expanduser(), overwrite=args.force)
    print(f"Saved this installation's card to {args.out}")
    print(f"Fingerprint: {card.fingerprint}  (read it to the other person to compare)")
    return 0


def cmd_card_import(args: argparse.Namespace) -> int:
    from visitdesk.services import syncing

    with unlocked(args) as ws:
        done = syncing.import_card(ws, Path(args.file).expanduser())
    what = {"member": "Enrolled the device of", "hub": "Will sync through"}.get(
        done.relation, "Joined the team of"
    )
    print(f"{what} {done.name} ({done.team or 'no team'}).")
    print(f"Fingerprint: {done.fingerprint}  (check it matches what {done.name} reads to you)")
    return 0


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from visitdesk.services import syncing

    with unlocked(args) as ws:
        summary = syncing.export_bundle(
            ws,
            Path(args.out).expanduser(),
            to=args.to,
            include_drafts=args.include_drafts,
            overwrite=args.force,
        )
    print(f"Saved bundle {summary.sequence} for {summary.peer_name}: {summary.text()}")
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from visitdesk.services import syncing

    with unlocked(args) as ws:
        summary = syncing.import_bundle(ws, Path(args.file).expanduser())
    if summary.already_imported:
        print(summary.text())
    else:
        print(f"Imported bundle {summary.sequence} from {summary.peer_name}: {summary.text()}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    from visitdesk.services.choices import REGIONS, ROLES

    p = sub.add_parser("init", help="set up a new installation (asks for a passphrase)")
    p.add_argument(
        "--name",
        required=True,
        help="your name as it should appear on records (one line, up to 100 characters)",
    )
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument(
        "--authority",
        metavar="ID",
        help="your authority: its standards judge each plan type (see 'visitdesk authorities')",
    )
    p.add_argument(
        "--policy",
        metavar="ID",
        help="instead of an authority, one practice standard (see 'visitdesk policies')",
    )
    p.add_argument("--team", default="", help="team name")
    p.add_argument(
        "--region",
        default=None,
        choices=REGIONS,
        help="whose bank holidays count (default: the authority's region)",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="add a fictional caseload to try VisitDesk with")
    p.add_argument("--children", type=int, default=25, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(func=cmd_demo)

    # "caseload" (the caseload, its import and export) is in commands_caseload.

    p = sub.add_parser("children", help="list the children on this caseload")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_children)

    p = sub.add_parser("visits", help="list visit records")
    p.add_argument("--child", metavar="ID", help="only this child's visits")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_visits)

    p = sub.add_parser("export-pdf", help="save visit records as a PDF")
    p.add_argument("--visit", metavar="ID", help="one visit record")
    p.add_argument("--child", metavar="ID", help="all of a child's visit records")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="with --child: from this day")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="with --child: up to this day")
    p.add_argument("--out", required=True, metavar="FILE", help="where to save the PDF")
    p.add_argument(
        "--password",
        action="store_true",
        help=f"encrypt the PDF (AES-256); the password comes from {ENV_PDF_PASSWORD} "
        "or is asked for",
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.set_defaults(func=cmd_export_pdf)

    p = sub.add_parser("card", help="enrolment cards: this installation's public keys")
    card_sub = p.add_subparsers(
        dest="card_command", metavar="ACTION", required=True, parser_class=type(p)
    )
    c = card_sub.add_parser("export", help="save this installation's card for the other side")
    c.add_argument("--out", required=True, metavar="FILE")
    c.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    c.set_defaults(func=cmd_card_export)
    c = card_sub.add_parser("import", help="enrol a worker's device, or join a manager's team")
    c.add_argument("file", metavar="FILE")
    c.set_defaults(func=cmd_card_import)

    p = sub.add_parser("bundle", help="signed, encrypted sync bundles")
    bundle_sub = p.add_subparsers(
        dest="bundle_command", metavar="ACTION", required=True, parser_class=type(p)
    )
    b = bundle_sub.add_parser("export", help="save everything the other side has not yet had")
    b.add_argument("--out", required=True, metavar="FILE")
    b.add_argument("--to", metavar="DEVICE", help="manager: which enrolled device (id or name)")
    b.add_argument("--include-drafts", action="store_true", help="worker: send drafts too")
    b.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    b.set_defaults(func=cmd_bundle_export)
    b = bundle_sub.add_parser("import", help="apply a bundle from the other side")
    b.add_argument("file", metavar="FILE")
    b.set_defaults(func=cmd_bundle_import)

    p = sub.add_parser("setting", help="show or change a setting: " + ", ".join(ALL_SETTINGS))
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE", nargs="?", help="the new value (omit to show)")
    p.set_defaults(func=cmd_setting)

    p = sub.add_parser("passphrase", help="the database passphrase")
    pass_sub = p.add_subparsers(
        dest="passphrase_command", metavar="ACTION", required=True, parser_class=type(p)
    )
    c = pass_sub.add_parser(
        "change",
        help=f"change it: the current one from {ENV_PASSPHRASE}, "
        f"the new one from {ENV_NEW_PASSPHRASE} (or asked for)",
    )
    c.set_defaults(func=cmd_passphrase_change)
