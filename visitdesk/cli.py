"""The ``visitdesk`` command: no sub-command opens the app; sub-commands print JSON or text.

Every sub-command module offers ``register(subparsers)``, adding its parsers with
``set_defaults(func=handler)``; a handler takes the parsed arguments and returns an exit code.
Bad input raises :class:`visitdesk.errors.UserError`, printed here as one line with exit 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from visitdesk import __version__
from visitdesk.errors import UserError

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as one line and exit 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="visitdesk",
        description="Offline statutory visit records for children's social workers.",
    )
    parser.add_argument("--version", action="version", version=f"VisitDesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for the database and logs "
        "(default: VISITDESK_DATA_DIR, else the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    from visitdesk import (
        commands,
        commands_caseload,
        commands_chronology,
        commands_handoff,
        commands_hub,
        commands_returns,
        commands_storage,
    )
    from visitdesk.standards import authority_commands
    from visitdesk.standards import commands as standards_commands

    standards_commands.register(sub)
    authority_commands.register(sub)
    commands.register(sub)
    commands_storage.register(sub)
    commands_caseload.register(sub)
    commands_handoff.register(sub)
    commands_returns.register(sub)
    commands_chronology.register(sub)
    commands_hub.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:
        # Answer before loading the database layers: scripts ask this often.
        print(f"VisitDesk {__version__}")
        return 0
    # Before anything is written: every file and folder this process makes, in the data folder
    # or outside it (an exported PDF, a backup, a card), is for this user's eyes only, whoever
    # makes it (SQLite, the log, a library). Put back afterwards for a caller in the same process.
    from visitdesk.paths import private_umask

    umask = private_umask()
    try:
        return _run(argv)
    finally:
        os.umask(umask)


def _app_only(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when ``argv`` names no sub-command (at most ``--data-dir``), else None.

    The app then starts without importing every sub-command's module and all they import;
    anything else, a mistake included, goes to the full parser.
    """
    early = _Parser(prog="visitdesk", add_help=False)
    early.add_argument("--data-dir")
    try:
        args, rest = early.parse_known_args(argv)
    except UserError:
        return None
    if rest:
        return None
    args.command = None
    return args


def _run(argv: list[str]) -> int:
    command = "app"
    try:
        app_args = _app_only(argv)
        if app_args is not None:
            from visitdesk.ui.app import run_app

            return run_app(app_args)
        parser = build_parser()
        args = parser.parse_args(argv)
        command = args.command or "app"
        if args.command is None:
            from visitdesk.ui.app import run_app

            return run_app(args)
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"visitdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("visitdesk: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback reaches a user
        from visitdesk.cli_support import storage_problem

        problem = storage_problem(exc)
        if problem is not None:
            log.warning("storage problem: %s", problem)
            print(f"visitdesk: {problem}", file=sys.stderr)
            return problem.exit_code
        from visitdesk.logsetup import describe_failure, logging_to_file

        if logging_to_file():
            log.error("unexpected error in command %s: %s", command, describe_failure(exc))
            print(
                "visitdesk: something went wrong and nothing was changed; the log has details",
                file=sys.stderr,
            )
        else:
            # No log file is open (the command had no data folder): say nothing about a log,
            # and print no traceback frames.
            print(
                "visitdesk: something went wrong and nothing was changed; please report "
                f"the command you ran ({exc.__class__.__name__})",
                file=sys.stderr,
            )
        return 1
