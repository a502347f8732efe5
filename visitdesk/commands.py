"""Sub-commands that work on the database: init, demo, children, visits, audit."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import select

from visitdesk import paths
from visitdesk.errors import PassphraseRequired, UserError
from visitdesk.logsetup import setup_logging
from visitdesk.services.workspace import Workspace, initialise, open_workspace

ENV_PASSPHRASE = "VISITDESK_PASSPHRASE"


def _read_passphrase(*, confirm: bool = False) -> str:
    from_env = os.environ.get(ENV_PASSPHRASE)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise PassphraseRequired(f"passphrase required: set {ENV_PASSPHRASE} or run in a terminal")
    first = getpass.getpass("VisitDesk passphrase: ")
    if confirm and getpass.getpass("Type it again: ") != first:
        raise UserError("the two passphrases do not match; nothing was changed")
    return first


@contextmanager
def unlocked(args: argparse.Namespace) -> Iterator[Workspace]:
    folder = paths.data_dir(args.data_dir)
    if not paths.database_path(folder).exists():
        raise UserError(f"no VisitDesk database in {folder}; set one up with 'visitdesk init'")
    setup_logging(folder)
    ws = open_workspace(folder, _read_passphrase())
    try:
        yield ws
    finally:
        ws.close()


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()


def cmd_init(args: argparse.Namespace) -> int:
    folder = paths.data_dir(args.data_dir)
    if paths.database_path(folder).exists():
        raise UserError(f"a VisitDesk database already exists in {folder}")
    from visitdesk.standards import load_policy

    load_policy(args.policy)
    passphrase = _read_passphrase(confirm=True)
    ws = initialise(folder, passphrase, name=args.name, role=args.role, policy_id=args.policy,
                    team=args.team, region=args.region)
    setup_logging(folder)
    ws.close()
    print(f"VisitDesk is set up in {folder} for {args.name.strip()} ({args.role}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from visitdesk.services import demo

    with unlocked(args) as ws:
        n = demo.fill(ws, children=args.children, seed=args.seed)
    print(f"Added {n} fictional children with a few months of visits.")
    return 0


def cmd_children(args: argparse.Namespace) -> int:
    from visitdesk.services.facts import current_plan
    from visitdesk.storage.models import Child

    with unlocked(args) as ws, ws.db.sessions() as session:
        out = []
        for child in session.scalars(select(Child).order_by(Child.family_name, Child.given_name)):
            plan = current_plan(list(child.plans), ws.today())
            out.append({
                "id": child.id, "name": child.full_name, "case_reference": child.case_reference,
                "date_of_birth": _iso(child.date_of_birth),
                "expected_birth_date": _iso(child.expected_birth_date),
                "plan": plan.plan_type if plan else None,
                "plan_start": _iso(plan.start_date) if plan else None,
                "visits": len(child.visits),
            })
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for row in out:
            print(f"{row['id']}  {row['plan'] or '-':6}  {row['name']}")
    return 0


def cmd_visits(args: argparse.Namespace) -> int:
    from visitdesk.storage.models import Child, Visit

    with unlocked(args) as ws, ws.db.sessions() as session:
        query = select(Visit, Child).join(Child).order_by(Visit.visited_at)
        if args.child:
            if session.get(Child, args.child) is None:
                raise UserError(f"no child with id {args.child}")
            query = query.where(Visit.child_id == args.child)
        out = [{
            "id": v.id, "child_id": c.id, "child_name": c.full_name,
            "visited_at": _iso(v.visited_at), "location": v.location, "seen": v.seen,
            "seen_alone": v.seen_alone, "state": v.state, "revision": v.revision,
            "completed_at": _iso(v.completed_at),
        } for v, c in session.execute(query)]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for row in out:
            print(f"{row['id']}  {row['visited_at']}  {row['state']:10}  {row['child_name']}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from visitdesk.storage import audit

    with unlocked(args) as ws, ws.db.sessions() as session:
        report = audit.verify(session)
    if report.ok:
        print(f"OK: {report.entries} audit entries, chain intact")
        return 0
    print(f"BROKEN: audit entry {report.broken_seq} {report.problem}")
    return 1


def register(sub: argparse._SubParsersAction) -> None:
    from visitdesk.storage.models import REGIONS, ROLES

    p = sub.add_parser("init", help="set up a new installation (asks for a passphrase)")
    p.add_argument("--name", required=True, help="your name as it should appear on records")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--policy", required=True, metavar="ID", help="practice standard id")
    p.add_argument("--team", default="", help="team name")
    p.add_argument("--region", default="england-and-wales", choices=REGIONS)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="add a fictional caseload to try VisitDesk with")
    p.add_argument("--children", type=int, default=25, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("children", help="list the children on this caseload")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_children)

    p = sub.add_parser("visits", help="list visit records")
    p.add_argument("--child", metavar="ID", help="only this child's visits")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_visits)

    p = sub.add_parser("audit", help="check the audit trail")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True,
                                 parser_class=type(p))
    v = audit_sub.add_parser("verify", help="check every entry is intact and in order")
    v.set_defaults(func=cmd_audit_verify)
