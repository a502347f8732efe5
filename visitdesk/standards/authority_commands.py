"""The ``authorities`` sub-command: which practice standards each shipped authority uses.

``visitdesk authorities`` lists each authority with the profiles that judge each plan type;
``--json`` prints the same as a JSON list of ``{"id", "name", "region", "plans"}``.
"""

from __future__ import annotations

import argparse
import json

from visitdesk.standards.authority import PLAN_KEYS, list_authorities


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``authorities`` to the ``visitdesk`` command."""
    authorities = subparsers.add_parser(
        "authorities",
        help="list the authorities and the standards they use for each plan type",
        description=(
            "List the authorities shipped with VisitDesk and, for each plan type, the "
            "practice standards (policy profiles) that judge a child on it."
        ),
    )
    authorities.add_argument("--json", action="store_true", help="print a JSON list")
    authorities.set_defaults(func=cmd_authorities)


def cmd_authorities(args: argparse.Namespace) -> int:
    infos = list_authorities()
    if args.json:
        print(json.dumps([a.to_json() for a in infos], indent=2, ensure_ascii=False))
        return 0
    width = max(len(key) for key in PLAN_KEYS) + 1
    for n, a in enumerate(infos):
        if n:
            print()
        print(f"{a.id}  {a.name}")
        for key in PLAN_KEYS:
            ids = a.plans.get(key, ())
            print(f"  {key + ':':<{width}} {', '.join(ids) if ids else 'no standard set'}")
    return 0
