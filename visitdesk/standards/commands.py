"""The ``policies`` and ``check`` sub-commands: the command line over the standards engine.

``visitdesk policies`` lists the shipped profiles; ``visitdesk check --policy ID CASE.json``
evaluates one child's case file and prints the result as JSON. Bad input raises
:class:`visitdesk.errors.UserError`, which the entry point prints as one line with exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from visitdesk.errors import UserError
from visitdesk.standards.case import parse_case, parse_date
from visitdesk.standards.engine import evaluate
from visitdesk.standards.policy import list_policies, load_policy


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``policies`` and ``check`` to the ``visitdesk`` command."""
    policies = subparsers.add_parser(
        "policies",
        help="list the practice standards VisitDesk can check against",
        description="List the practice standards (policy profiles) shipped with VisitDesk.",
    )
    policies.add_argument("--json", action="store_true", help="print a JSON list")
    policies.set_defaults(func=cmd_policies)

    check = subparsers.add_parser(
        "check",
        help="check one child's case file against a practice standard",
        description=(
            "Check one child's case file (JSON) against a practice standard and print what "
            "is due, what is late and what the records still need, as JSON."
        ),
    )
    check.add_argument("--policy", required=True, metavar="ID", help="profile id (see 'policies')")
    check.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="the day to check as of (default: today)"
    )
    check.add_argument("case", metavar="CASE.json|-", help="the case file, or - to read stdin")
    check.set_defaults(func=cmd_check)


def cmd_policies(args: argparse.Namespace) -> int:
    infos = list_policies()
    if args.json:
        rows = [{"id": p.id, "title": p.title, "source": p.source} for p in infos]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(p.id) for p in infos)
    for p in infos:
        print(f"{p.id:<{width}}  {p.title}")
        print(f"{'':<{width}}  source: {p.source}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    as_of = date.today() if args.as_of is None else parse_date(args.as_of, "--as-of")
    data = read_case_json(args.case)
    child, visits = parse_case(data)
    result = evaluate(policy, child, visits, as_of)
    print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    return 0


def _reject_constant(name: str) -> object:
    # JSON has no NaN or Infinity; Python's reader would otherwise accept them quietly.
    raise ValueError(f"{name} is not allowed in JSON")


def read_case_json(where: str) -> object:
    """The decoded JSON of a case file path, or of standard input for ``-``."""
    if where == "-":
        name = "standard input"
        try:
            text = sys.stdin.buffer.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError("the case on standard input is not UTF-8 text") from None
    else:
        path = Path(where)
        name = path.name
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise UserError(f"case file {where} does not exist") from None
        except IsADirectoryError:
            raise UserError(f"{where} is a folder, not a case file") from None
        except PermissionError:
            raise UserError(f"case file {where} cannot be read (permission denied)") from None
        except OSError as exc:
            raise UserError(f"case file {where} cannot be read ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise UserError(f"case file {name} is not UTF-8 text") from None
    if not text.strip():
        raise UserError(f"the case in {name} is empty")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"the case in {name} is not valid JSON: {exc.msg} at line {exc.lineno} "
            f"column {exc.colno}"
        ) from None
    except ValueError as exc:
        raise UserError(f"the case in {name} is not valid JSON: {exc}") from None
    except RecursionError:
        raise UserError(f"the case in {name} is nested too deeply to read") from None
