"""Sub-command ``sync``: send and receive through the team hub, when there is a signal."""

from __future__ import annotations

import argparse
import json

from visitdesk.cli_support import unlocked


def cmd_sync(args: argparse.Namespace) -> int:
    from visitdesk.services import hub_sync

    with unlocked(args) as ws:
        report = hub_sync.send_and_receive(ws)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(report.text()[:1].upper() + report.text()[1:])
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sync",
        help="send and receive through the team hub",
        description="Send what waits to go to the team hub, and take in what waits here: "
        "records for a manager, decisions for a worker. Exit 0 when done (up to date, or "
        "saying what still waits); 2 with one line when the hub cannot be reached.",
    )
    p.add_argument("--json", action="store_true", help="print what happened as JSON")
    p.set_defaults(func=cmd_sync)
