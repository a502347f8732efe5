"""Sub-command ``chronology``: a child's significant events and plan changes, in date order,
printed or saved as CSV."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from visitdesk.cli_support import unlocked
from visitdesk.errors import UserError

NONE_RECORDED = "No significant events or plan changes recorded for this child."


def _table(entries: list) -> list[str]:
    """The entries as a plain table, its columns as wide as what they hold."""
    from visitdesk.services.chronology import KIND_LABELS

    head = ("Date", "Kind", "Source", "Recorded by", "Event")
    rows = [
        (
            f"{e.day:%d/%m/%Y}",
            KIND_LABELS.get(e.kind, e.kind),
            e.source,
            e.recorded_by or "-",
            e.text,
        )
        for e in entries
    ]
    widths = [max(len(row[i]) for row in (head, *rows)) for i in range(len(head) - 1)]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])

    return [line(head), *(line(row) for row in rows)]


def cmd_chronology(args: argparse.Namespace) -> int:
    from visitdesk.services import chronology as service

    if args.out is None and args.force:
        raise UserError("--force goes with --out FILE (it replaces a file already there)")
    if args.out is not None and args.json:
        raise UserError("give --json to print the chronology, or --out FILE to save it, not both")
    if args.out is not None:
        out = Path(args.out).expanduser()
        with unlocked(args) as ws:
            count = service.export_chronology(ws, args.child, out, overwrite=args.force)
        print(f"Saved the chronology ({service.entries_phrase(count)}) to {out}")
        return 0
    with unlocked(args, write=False) as ws:
        entries = service.chronology(ws, args.child)
    if args.json:
        rows = [
            {
                "day": e.day.isoformat(),
                "kind": e.kind,
                "text": e.text,
                "source": e.source,
                "recorded_by": e.recorded_by,
                "visit_id": e.visit_id,
            }
            for e in entries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not entries:
        print(NONE_RECORDED)
    else:
        print("\n".join(_table(entries)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "chronology",
        help="a child's significant events and plan changes, in date order",
        description="A child's chronology: the significant events their completed visit "
        "records mark, and their plan changes, in date order. Printed, or saved as CSV "
        "with --out.",
    )
    p.add_argument("--child", required=True, metavar="ID", help="the child (see 'children')")
    p.add_argument("--json", action="store_true", help="print the entries as JSON")
    p.add_argument("--out", metavar="FILE.csv", help="save the chronology as CSV here")
    p.add_argument("--force", action="store_true", help="with --out: replace FILE if it exists")
    p.set_defaults(func=cmd_chronology)
