"""The ``policies`` and ``check`` sub-commands: the command line over the standards engine.

``visitdesk policies`` lists the shipped profiles; ``visitdesk check --policy ID CASE.json``
evaluates one child's case file and prints the result as JSON. The file is read within the
case file limits, checked against its schema (docs/case-file.schema.json), then read into
facts by ``parse_case``, which refuses what the schema cannot see. Bad input raises
:class:`visitdesk.errors.UserError`, which the entry point prints as one line with exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.standards.case import parse_case, parse_date
from visitdesk.standards.case_schema import validate_case_file
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
            "is due, what is late and what the records still need, as JSON. The case file's "
            "shape is described by docs/case-file.schema.json."
        ),
    )
    check.add_argument("--policy", required=True, metavar="ID", help="profile id (see 'policies')")
    check.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="the day to check as of (default: today)"
    )
    check.add_argument(
        "--writing",
        action="store_true",
        help="add the writing aids' findings: British English spelling (writing.spelling, "
        "naming the field and the word) and the quality prompts (writing.*)",
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
    validate_case_file(data)
    child, visits = parse_case(data, as_of=as_of)
    result = evaluate(policy, child, visits, as_of)
    out = result.to_json()
    if getattr(args, "writing", False):
        # The writing aids are no standard: their findings follow the standards' own.
        from visitdesk.writing.case import writing_findings

        out["findings"] += [f.to_json() for f in writing_findings(data, child, visits, policy.id)]
    _print_json(out)
    return 0


def _print_json(value: object) -> None:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    try:
        print(text)
    except UnicodeEncodeError:
        # A terminal that cannot show every character still gets the same JSON, escaped.
        print(json.dumps(value, indent=2, ensure_ascii=True))


def _shown(text: str) -> str:
    # A path may hold a line break or bytes that are not text; a one-line message may not.
    return "".join(char if char.isprintable() else "?" for char in text)


def _refused_file(refused: limits.FileRefused, where: str) -> UserError:
    where = _shown(where)
    problem = refused.problem
    if problem is limits.FileProblem.MISSING:
        return UserError(f"case file {where} does not exist")
    if problem is limits.FileProblem.FOLDER:
        return UserError(f"{where} is a folder, not a case file")
    if problem is limits.FileProblem.NOT_A_FILE:
        return UserError(
            f"{where} is not an ordinary file; save the case as a file, "
            "or send it on standard input with -"
        )
    if problem is limits.FileProblem.TOO_LARGE:
        return _too_large(f"in {refused.name}")
    if problem is limits.FileProblem.NOT_ALLOWED:
        return UserError(f"case file {where} cannot be read (permission denied)")
    return UserError(f"case file {where} cannot be read ({refused.detail})")


def _too_large(place: str) -> UserError:
    return UserError(
        f"the case {place} is larger than {limits.size_text(limits.MAX_CASE_FILE)}, "
        "the most one child's case file may be; check you chose the right file"
    )


_BOM = b"\xef\xbb\xbf"


def read_case_bytes(where: str) -> tuple[bytes, str]:
    """The bytes of a case file path, or of standard input for ``-``, and where they came
    from for messages ("in case.json", "on standard input").

    No more than the case file limit is ever read, and anything but an ordinary file (a
    folder, a device such as /dev/zero, a pipe) is refused without blocking.
    """
    if where == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise UserError(
                "there is no standard input to read the case from; "
                "give the case file's name instead"
            )
        try:
            data = limits.read_stream_within(stream, limits.MAX_CASE_FILE, what="case file")
        except limits.FileRefused as refused:
            if refused.problem is limits.FileProblem.TOO_LARGE:
                raise _too_large("on standard input") from None
            raise UserError(
                f"the case on standard input cannot be read ({refused.detail})"
            ) from None
        return data, "on standard input"
    try:
        data = limits.read_file_within(where, limits.MAX_CASE_FILE, what="case file")
    except limits.FileRefused as refused:
        raise _refused_file(refused, where) from None
    return data, f"in {_shown(Path(where).name or where)}"


def read_case_json(where: str) -> object:
    """The decoded JSON of a case file path, or of standard input for ``-``.

    Checked against the case file limits (visitdesk/limits.py) before it is parsed, and
    parsed strictly: bad UTF-8, NaN or Infinity, a key given twice, absurd numbers, nesting
    too deep and text that is not valid Unicode are each refused with one line.
    """
    data, place = read_case_bytes(where)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]  # some Windows editors start every UTF-8 file with one
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"the case {place} is not UTF-8 text (at byte {exc.start + 1}); "
            "save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise UserError(f"the case {place} is empty")
    if limits.count_json_values(text) > limits.MAX_CASE_VALUES:
        raise UserError(
            f"the case {place} holds more than {limits.MAX_CASE_VALUES:,} values, "
            "far more than one child's case; check you chose the right file"
        )
    try:
        return limits.parse_json(text)
    except ValueError as exc:
        raise UserError(f"the case {place} is not valid JSON: {exc}") from None
