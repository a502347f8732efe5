"""Sub-commands for handing records off to the authority's case system: the hand-off pack of
an authorised record, the mark that it was entered there, and the reconciliation list of
authorised records not yet entered."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from visitdesk.cli_support import unlocked
from visitdesk.commands import _parse_day
from visitdesk.errors import UserError

PERSONAL_DATA = (
    "These files hold personal data: keep them only where they need to be, and delete "
    "them once the record is in the case system."
)


def cmd_handoff(args: argparse.Namespace) -> int:
    from visitdesk.services import handoff

    with unlocked(args) as ws:
        saved = handoff.write_pack(
            ws, args.visit, Path(args.out).expanduser(), overwrite=args.force
        )
    for path in saved:
        print(f"Saved {path}")
    print(PERSONAL_DATA)
    return 0


def cmd_entered(args: argparse.Namespace) -> int:
    from visitdesk.services import case_entries

    if args.take_back and (args.on is not None or args.by is not None):
        raise UserError("--take-back takes no --on or --by; nothing was changed")
    on = _parse_day(args.on, "--on")
    with unlocked(args) as ws:
        if args.take_back:
            case_entries.take_back(ws, args.visit)
            print("The record is no longer marked as entered in the case system.")
            return 0
        by = ws.identity.worker_name if args.by is None else args.by
        case_entries.mark_entered(ws, args.visit, ws.today() if on is None else on, by)
        entry = case_entries.entry_of(ws, args.visit)
    print(f"{entry.words}." if entry is not None else "Marked.")
    return 0


def _row_json(row) -> dict:  # noqa: ANN001 - a case_entries.ReconRow
    return {
        "visit_id": row.visit_id,
        "child_id": row.child_id,
        "child_name": row.child_name,
        "case_reference": row.case_reference,
        "worker": row.worker,
        "visited_on": row.visited_on.isoformat(),
        "authorised_on": row.authorised_on.isoformat() if row.authorised_on else None,
        "days_waiting": row.days_waiting,
    }


def cmd_reconciliation(args: argparse.Namespace) -> int:
    from visitdesk.services import case_entries

    with unlocked(args, write=False) as ws:
        rows = case_entries.reconciliation(ws)
    if args.json:
        print(json.dumps([_row_json(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("Every authorised record has been entered in the case system.")
        return 0
    for row in rows:
        authorised = f"{row.authorised_on:%d/%m/%Y}" if row.authorised_on else "unknown"
        days = "1 day" if row.days_waiting == 1 else f"{row.days_waiting} days"
        print(
            f"{row.visit_id}  visited {row.visited_on:%d/%m/%Y}  authorised {authorised}  "
            f"waiting {days}  {row.child_name} ({row.case_reference or 'no case reference'})"
            f"  {row.worker}"
        )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "handoff", help="save an authorised record's hand-off pack for the case system"
    )
    p.add_argument("--visit", required=True, metavar="ID", help="the authorised visit record")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to save it in")
    p.add_argument("--force", action="store_true", help="replace the pack's files if there")
    p.set_defaults(func=cmd_handoff)

    p = sub.add_parser("entered", help="mark a record as entered in the case system")
    p.add_argument("--visit", required=True, metavar="ID", help="the authorised visit record")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was entered (default today)")
    p.add_argument("--by", metavar="NAME", help="who entered it (default you)")
    p.add_argument("--take-back", action="store_true", help="the record is not entered after all")
    p.set_defaults(func=cmd_entered)

    p = sub.add_parser(
        "reconciliation", help="authorised records not yet entered in the case system"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_reconciliation)
