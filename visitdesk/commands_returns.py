"""Sub-commands that save the returns: ``export annex-a`` (Ofsted's Annex A Lists 6, 7 and 8)
and ``export ssd`` (the Standard Safeguarding Dataset's visit tables), as CSV files."""

from __future__ import annotations

import argparse
from pathlib import Path

from visitdesk.cli_support import unlocked

PERSONAL_DATA = (
    "These files hold personal data about children: keep them only where your "
    "authority's rules allow."
)


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def saved_line(label: str, folder: Path, tables: dict) -> str:
    """The one line said once a return is saved: what, where, how many rows, and a warning."""
    files = ", ".join(f"{name} {_rows(len(rows))}" for name, (_header, rows) in tables.items())
    return f"Saved the {label} in {folder} ({files}). {PERSONAL_DATA}"


def cmd_export_annex_a(args: argparse.Namespace) -> int:
    from visitdesk.services import returns
    from visitdesk.standards.case import parse_date

    # Checked before the passphrase is asked for.
    as_of = None if args.as_of is None else parse_date(args.as_of, "--as-of")
    out = Path(args.out).expanduser()
    with unlocked(args) as ws:
        returns.check_return_folder(
            ws, out, returns.ANNEX_A_FILES, overwrite=args.force, what=returns.RETURNS["annex_a"]
        )
        tables = returns.annex_a(ws, as_of or ws.today())
        returns.write_return(ws, out, tables, overwrite=args.force, what="annex_a")
    print(saved_line(returns.RETURNS["annex_a"], out, tables))
    return 0


def cmd_export_ssd(args: argparse.Namespace) -> int:
    from visitdesk.services import returns

    out = Path(args.out).expanduser()
    with unlocked(args) as ws:
        returns.check_return_folder(
            ws, out, returns.SSD_FILES, overwrite=args.force, what=returns.RETURNS["ssd"]
        )
        tables = returns.ssd(ws)
        returns.write_return(ws, out, tables, overwrite=args.force, what="ssd")
    print(saved_line(returns.RETURNS["ssd"], out, tables))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="save a return for the authority: Annex A or the SSD")
    export_sub = p.add_subparsers(
        dest="export_command", metavar="RETURN", required=True, parser_class=type(p)
    )
    e = export_sub.add_parser(
        "annex-a",
        help="Ofsted's Annex A Lists 6, 7 and 8 (children in need, child protection, "
        "looked after): the visit columns",
    )
    e.add_argument(
        "--out", required=True, metavar="DIR", help="the folder to save the CSV files in"
    )
    e.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the day the return is made for; it covers the six months before (default: today)",
    )
    e.add_argument("--force", action="store_true", help="replace the files if already there")
    e.set_defaults(func=cmd_export_annex_a)
    e = export_sub.add_parser(
        "ssd", help="the Standard Safeguarding Dataset's visit tables (CIN, CP, looked after)"
    )
    e.add_argument(
        "--out", required=True, metavar="DIR", help="the folder to save the CSV files in"
    )
    e.add_argument("--force", action="store_true", help="replace the files if already there")
    e.set_defaults(func=cmd_export_ssd)
