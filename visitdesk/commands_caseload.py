"""``visitdesk caseload``: the caseload as the window shows it, and the caseload file to and
from the authority's case system (``caseload import`` and ``caseload export``)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from visitdesk.cli_support import unlocked
from visitdesk.errors import UserError

if TYPE_CHECKING:
    from visitdesk.services.caseload_csv import ImportPlan


def cmd_caseload(args: argparse.Namespace) -> int:
    from visitdesk.services.caseload import work_out
    from visitdesk.standards.case import parse_date

    as_of = None if args.as_of is None else parse_date(args.as_of, "--as-of")
    with unlocked(args, write=False) as ws:
        # The same rows the caseload window shows; only read, never remembered from here.
        rows = work_out(ws, as_of or ws.today(), remember=False)
    if args.json:
        print(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
        return 0
    print(caseload_table(rows))
    return 0


_TABLE_STATUS = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "action": "Needs action",
    "ok": "On track",
    "no_standard": "No standard set",
    "no_plan": "No plan",
}


def caseload_table(rows: list) -> str:
    """The caseload as a plain text table, most urgent first, as the window lists it."""

    def day(value: date | None) -> str:
        return f"{value:%a %-d %b %Y}" if value else "-"

    head = (
        "Status",
        "Child",
        "Plan",
        "Next visit due",
        "Seen alone due",
        "Bedroom due",
        "What needs attention",
    )
    body = [
        (
            _TABLE_STATUS[r.status],
            r.name,
            r.plan,
            day(r.next_due),
            day(r.seen_alone_due),
            day(r.bedroom_due),
            r.attention or "-",
        )
        for r in rows
    ]
    if not body:
        return "No children on this caseload yet."
    widths = [max(len(line[i]) for line in (head, *body)) for i in range(len(head) - 1)]
    lines = []
    for line in (head, *body):
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        lines.append("  ".join((*cells, line[-1])).rstrip())
    return "\n".join(lines)


# --- the caseload file --------------------------------------------------------------------


def _alone(args: argparse.Namespace) -> None:
    if args.as_of is not None:
        raise UserError("--as-of goes with 'visitdesk caseload' on its own")


def _children(n: int) -> str:
    return f"{n} child" if n == 1 else f"{n} children"


def _kept_line(n: int, *, done: bool) -> str:
    verb = ("was" if n == 1 else "were") if done else "would be"
    be = "is" if n == 1 else "are"
    return f"{_children(n)} on this caseload {be} not in the file and {verb} kept"


def preview_text(plan: ImportPlan) -> str:
    """The preview as the command prints it: what is new, what changes, what is kept."""
    lines = [f"{plan.name} ({plan.encoding}), read through the mapping for {plan.system}:"]
    if plan.new:
        lines.append(f"New ({len(plan.new)}):")
        for c in plan.new:
            lines.append(f"  {c.case_reference}  {c.name}  {c.plan} from {c.plan_start:%d/%m/%Y}")
    if plan.updated:
        lines.append(f"Updated ({len(plan.updated)}):")
        for c in plan.updated:
            lines.append(f"  {c.case_reference}  {c.name}: {'; '.join(c.changes)}")
    if plan.unchanged:
        lines.append(f"Unchanged: {_children(len(plan.unchanged))}")
    if plan.kept:
        lines.append(f"Not in the file, kept as they are ({len(plan.kept)}):")
        for c in plan.kept:
            lines.append(f"  {c.case_reference or '(no case reference)'}  {c.name}")
    return "\n".join(lines)


def _counts(plan: ImportPlan, *, done: bool) -> str:
    return (
        f"{len(plan.new)} new, {len(plan.updated)} updated, {len(plan.unchanged)} unchanged; "
        + _kept_line(len(plan.kept), done=done)
    )


def cmd_caseload_import(args: argparse.Namespace) -> int:
    from visitdesk.services import caseload_csv

    _alone(args)
    # Looked at (and its size checked) before the passphrase is asked for.
    data = caseload_csv.read_caseload_file(args.file)
    with unlocked(args, write=not args.dry_run) as ws:
        plan = caseload_csv.preview_import(ws, data, args.file)
        if not args.dry_run:
            caseload_csv.apply_import(ws, plan)
    if args.json:
        print(json.dumps({**plan.to_json(), "applied": not args.dry_run}, ensure_ascii=False))
        return 0
    print(preview_text(plan))
    if args.dry_run:
        print(f"Nothing was changed (--dry-run): {_counts(plan, done=False)}.")
    else:
        print(f"Imported {args.file}: {_counts(plan, done=True)}.")
    return 0


def cmd_caseload_export(args: argparse.Namespace) -> int:
    from visitdesk.services import caseload_csv

    _alone(args)
    out = Path(args.out).expanduser()
    with unlocked(args) as ws:
        system = caseload_csv.mapping_of(ws).title
        result = caseload_csv.export_caseload(ws, out, overwrite=args.force)
    print(f"Saved {out}: {_children(result.children)}, in the columns of the mapping for {system}.")
    if result.left_out:
        print(
            f"{_children(result.left_out)} with no case reference or no plan "
            f"{'was' if result.left_out == 1 else 'were'} left out; give them one in "
            "VisitDesk to include them."
        )
    print("The file holds personal data: keep it where only you can open it.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "caseload",
        help="who is due or overdue a visit, as the caseload window shows it; "
        "import or export the case system's caseload CSV",
        description="With no action: who is due or overdue a visit, as the caseload window "
        "shows it. 'import' and 'export' read and write the caseload CSV in the columns and "
        "codes of your authority's case system.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="the day to work it out for (default: today)"
    )
    p.set_defaults(func=cmd_caseload)
    actions = p.add_subparsers(
        dest="caseload_command", metavar="[ACTION]", parser_class=type(p), required=False
    )

    c = actions.add_parser(
        "import", help="add and update children from the case system's caseload CSV"
    )
    c.add_argument("file", metavar="FILE.csv")
    c.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    # SUPPRESS: "caseload --json import" keeps the --json given before the action.
    c.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    c.set_defaults(func=cmd_caseload_import)

    c = actions.add_parser(
        "export", help="save your caseload as a CSV in the case system's columns and codes"
    )
    c.add_argument("--out", required=True, metavar="FILE.csv")
    c.add_argument("--force", action="store_true", help="replace FILE.csv if it already exists")
    c.set_defaults(func=cmd_caseload_export)
